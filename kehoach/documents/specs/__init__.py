"""Specs for the renderers, built from the database: ``plan`` (a plan's documents) and ``period``
(what a reporting period adds)."""
