"""unitplans models."""
