"""unitplans choices."""
