"""amendments selectors."""
