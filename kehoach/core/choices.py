"""core choices."""
