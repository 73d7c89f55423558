"""Writes to plans, their versions and tasks. UI, API and CLI all come through here.

One module per seam: ``rows`` (task rows <-> tasks, name resolution), ``lifecycle`` (draft, names,
publication, facts, archive), ``versions`` (a published plan's next version), ``tasks`` (task
corrections), ``tracking`` (deadline, people, extensions). The names are re-exported here, so ``from kehoach.plans.services import ...`` keeps working.
"""

from .lifecycle import (
    plan_archive,
    plan_create_from_parsed,
    plan_map_name,
    plan_publish,
    plan_update_facts,
    unresolved_names,
)
from .public import plan_make_public
from .rows import (
    PLAN_AUDIT_FIELDS,
    TASK_AUDIT_FIELDS,
    _create_tasks,
    _Resolver,
    match_lineages,
    split_names,
    task_rows,
    task_snapshot,
)
from .tasks import task_correct, task_set_archived
from .tracking import (
    EXTENSION_FLOW,
    extension_approve,
    extension_refuse,
    extension_request,
    extension_withdraw,
    task_set_tracking,
)
from .versions import plan_new_version

__all__ = [
    "PLAN_AUDIT_FIELDS", "TASK_AUDIT_FIELDS", "_Resolver", "_create_tasks", "match_lineages",
    "plan_archive", "plan_create_from_parsed", "plan_make_public", "plan_map_name", "plan_new_version", "plan_publish",
    "plan_update_facts", "split_names", "task_correct", "task_rows", "task_set_archived", "task_snapshot",
    "unresolved_names", "EXTENSION_FLOW", "extension_approve", "extension_refuse", "extension_request",
    "extension_withdraw", "task_set_tracking",
]
