"""unitplans forms."""
