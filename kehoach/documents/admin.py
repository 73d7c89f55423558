"""documents admin."""
