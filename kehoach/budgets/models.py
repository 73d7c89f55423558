"""budgets models."""
