"""budgets selectors."""
