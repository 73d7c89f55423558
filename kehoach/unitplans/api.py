"""unitplans api."""
