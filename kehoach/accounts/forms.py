"""accounts forms."""
