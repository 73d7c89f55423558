"""imports api."""
