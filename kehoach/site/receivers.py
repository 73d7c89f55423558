"""Who hears of an event a lower app announces, listed in one place.

Plans may not import the apps above it, so it only sends `plans.signals.plan_version_changed`; the receivers
are connected here, in the order they run.
"""

from kehoach.cooperation.services import on_plan_version_changed
from kehoach.organizations.signals import organization_succeeded
from kehoach.plans.signals import plan_version_changed
from kehoach.reporting.services import organization_succeeded_handler, plan_version_changed_handler

# Open reporting periods follow the new version (draft entries move to the new task rows).
plan_version_changed.connect(plan_version_changed_handler, dispatch_uid="reporting_repoint")
# Cooperation activities created from tasks follow the new version's rows.
plan_version_changed.connect(on_plan_version_changed, dispatch_uid="cooperation.sync_activities")
# A unit closed with a successor: open periods move its obligations to the successor.
organization_succeeded.connect(organization_succeeded_handler, dispatch_uid="reporting_successor")
