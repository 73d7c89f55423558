from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from kehoach.plans.choices import AssignmentRole
from kehoach.plans.selectors import partner_tasks, unit_tasks

from . import selectors
from .choices import OrgKind
from .models import Organization


def unit_list(request):
    units = selectors.units_for_list(search=request.GET.get("q", "").strip())
    return render(request, "organizations/unit_list.html", {"units": units})


def unit_detail(request, pk: int):
    # The registry is not unit-owned data: every signed-in user may read it.
    unit = get_object_or_404(Organization.objects.select_related("parent"), pk=pk)
    if unit.kind == OrgKind.PARTNER:
        raise Http404
    tasks = unit_tasks(request.user, unit)
    members = selectors.expand_to_units(unit) if unit.kind == OrgKind.GROUP else []
    return render(request, "organizations/unit_detail.html", {
        "unit": unit, "leading": tasks[AssignmentRole.LEAD], "coordinating": tasks[AssignmentRole.COORDINATING],
        "members": members, "aliases": unit.aliases.all(),
    })


def partner_list(request):
    partners = selectors.partners_for_list(search=request.GET.get("q", "").strip())
    page = Paginator(partners, 50).get_page(request.GET.get("page"))
    return render(request, "organizations/partner_list.html", {"page": page})


def partner_detail(request, pk: int):
    partner = get_object_or_404(Organization.objects.select_related("country"), pk=pk, kind=OrgKind.PARTNER)
    return render(request, "organizations/partner_detail.html",
                  {"partner": partner, "tasks": partner_tasks(request.user, partner)})
