"""accounts api."""
