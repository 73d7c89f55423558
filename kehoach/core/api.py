"""core api."""
