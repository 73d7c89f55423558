"""unitplans services."""
