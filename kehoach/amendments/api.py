"""amendments api."""
