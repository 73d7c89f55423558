"""cooperation selectors."""
