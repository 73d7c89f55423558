"""amendments views."""
