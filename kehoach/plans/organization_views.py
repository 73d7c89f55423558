"""The registry's unit and partner pages: the plans' tasks each unit leads or coordinates, each partner joins.

They live in plans (organizations sits below plans and may not import it) under the URL names
``organizations:unit_detail`` and ``organizations:partner_detail``, wired in kehoach/urls.py.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import mark_safe

from kehoach.core.fragments import FRAGMENT_SECONDS, render_fragment, view_key
from kehoach.core.pagination import page_of
from kehoach.organizations.choices import OrgKind
from kehoach.organizations.models import Organization
from kehoach.organizations.selectors import expand_to_units

from .cache import kept_for_portfolio
from .choices import AssignmentRole
from .selectors import partner_tasks, plan_visibility_scope, unit_tasks


def unit_detail(request, pk: int):
    # The registry is not unit-owned data: every signed-in user may read it.
    unit = get_object_or_404(Organization.objects.select_related("parent"), pk=pk)
    if unit.kind == OrgKind.PARTNER:
        raise Http404
    members = expand_to_units(unit) if unit.kind == OrgKind.GROUP else []

    def task_tables() -> str:
        tasks = unit_tasks(request.user, unit)
        # The busiest unit leads and coordinates tens of thousands of tasks: a page of each.
        return str(render_fragment(request, "plans/_unit_task_tables.html", {
            "leading": page_of(tasks[AssignmentRole.LEAD][0], request, param="lead_page",
                               count=tasks[AssignmentRole.LEAD][1]),
            "coordinating": page_of(tasks[AssignmentRole.COORDINATING][0], request, param="coord_page",
                                    count=tasks[AssignmentRole.COORDINATING][1])}))

    # The two tables and their counts are the same for everyone of one visibility scope, and read far more
    # than any plan changes: kept under the portfolio's stamp, like the task list.
    key = (plan_visibility_scope(request.user), unit.pk, *view_key(request))
    tables = kept_for_portfolio("unit-task-tables", key, task_tables, seconds=FRAGMENT_SECONDS)
    return render(request, "plans/unit_detail.html", {
        "unit": unit, "members": members, "aliases": unit.aliases.all(), "task_tables": mark_safe(tables)})


def partner_detail(request, pk: int):
    partner = get_object_or_404(Organization.objects.select_related("country"), pk=pk, kind=OrgKind.PARTNER)
    return render(request, "plans/partner_detail.html",
                  {"partner": partner, "tasks": page_of(partner_tasks(request.user, partner), request)})
