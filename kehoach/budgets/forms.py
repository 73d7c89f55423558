"""budgets forms."""
