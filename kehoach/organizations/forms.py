"""organizations forms."""
