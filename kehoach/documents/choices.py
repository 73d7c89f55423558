"""documents choices."""
