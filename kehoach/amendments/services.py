"""amendments services."""
