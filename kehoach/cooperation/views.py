"""cooperation views."""
