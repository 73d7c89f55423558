"""documents api."""
