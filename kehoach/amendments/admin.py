"""amendments admin."""
