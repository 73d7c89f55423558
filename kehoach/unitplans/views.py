"""unitplans views."""
