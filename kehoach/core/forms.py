"""core forms."""
