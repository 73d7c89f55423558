"""budgets services."""
