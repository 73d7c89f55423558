"""unitplans selectors."""
