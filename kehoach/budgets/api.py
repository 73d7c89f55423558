"""budgets api."""
