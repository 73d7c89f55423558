"""cooperation forms."""
