"""cooperation choices."""
