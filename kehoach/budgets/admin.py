"""budgets admin."""
