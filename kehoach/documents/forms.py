"""documents forms."""
