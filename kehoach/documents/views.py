"""documents views."""
