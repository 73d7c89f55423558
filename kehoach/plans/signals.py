"""Signals other apps listen to (reporting re-points open periods when a plan gets a new version)."""

from django.dispatch import Signal

# sender=Plan, kwargs: plan, version, actor
plan_version_changed = Signal()
