"""cooperation admin."""
