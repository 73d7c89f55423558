"""amendments models."""
