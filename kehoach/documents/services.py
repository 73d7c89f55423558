"""documents services."""
