from django.core.paginator import Paginator
from django.shortcuts import render

from . import selectors

# The unit and partner pages list plans' tasks, so they are plans views (kehoach/plans/organization_views.py),
# served under this app's URL names (wired in kehoach/urls.py).


def unit_list(request):
    units = selectors.units_for_list(search=request.GET.get("q", "").strip())
    return render(request, "organizations/unit_list.html", {"units": units})


def partner_list(request):
    partners = selectors.partners_for_list(search=request.GET.get("q", "").strip())
    page = Paginator(partners, 50).get_page(request.GET.get("page"))
    return render(request, "organizations/partner_list.html", {"page": page})
