"""cooperation services."""
