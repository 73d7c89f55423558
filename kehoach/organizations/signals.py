"""Signals other apps listen to (reporting moves open obligations when a unit gets a successor).

Their receivers are connected in one place: kehoach/site/receivers.py.
"""

from django.dispatch import Signal

# sender=Organization, kwargs: organization, successor, actor
organization_succeeded = Signal()
