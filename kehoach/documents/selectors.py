"""documents selectors."""
