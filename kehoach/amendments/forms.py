"""amendments forms."""
