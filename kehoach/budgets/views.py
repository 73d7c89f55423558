"""budgets views."""
