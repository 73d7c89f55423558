"""unitplans admin."""
