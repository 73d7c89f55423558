"""Signals other apps listen to (reporting re-points open periods when a plan gets a new version).

Their receivers are connected in one place: kehoach/site/receivers.py.
"""

from django.dispatch import Signal

# sender=Plan, kwargs: plan, version, actor
plan_version_changed = Signal()
