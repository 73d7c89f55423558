"""amendments choices."""
