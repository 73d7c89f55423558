"""cooperation api."""
