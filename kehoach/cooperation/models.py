"""cooperation models."""
