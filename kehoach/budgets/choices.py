"""budgets choices."""
