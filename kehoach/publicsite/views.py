"""Signed-out pages: the list of public plans, one plan's progress, its Atom feed and open-data files."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST

from kehoach.core.feedback import service_errors
from kehoach.plans import selectors as plan_selectors
from kehoach.plans import services as plan_services
from kehoach.plans.choices import TaskProgress

from . import exports, selectors

# Short browser caching on top of the per-plan data cache (not "public": the page carries a CSRF cookie).
public_cache = cache_control(max_age=300)


@login_not_required
@require_GET
@public_cache
def plan_list(request):
    return render(request, "publicsite/plan_list.html", {"items": selectors.public_plan_list()})


@login_not_required
@require_GET
@public_cache
def plan_detail(request, pk: int):
    plan = selectors.public_plan_get(pk)
    return render(request, "publicsite/plan_detail.html", {"plan": plan, "data": selectors.public_plan_data(plan),
                                                           "statuses": dict(TaskProgress.choices)})


@login_not_required
@require_GET
@public_cache
def plan_feed(request, pk: int):
    """Accepted updates (the approved public summaries), newest first, as Atom."""
    plan = selectors.public_plan_get(pk)
    link = request.build_absolute_uri(reverse("public:plan", args=[plan.pk]))
    feed = Atom1Feed(title=plan.full_title, link=link, description=_("Cập nhật tiến độ đã được tiếp nhận"),
                     language=request.LANGUAGE_CODE, feed_url=request.build_absolute_uri())
    for update in selectors.public_updates(plan):
        feed.add_item(title=f"{update.ref}. {update.title}"[:200], link=f"{link}#task-{update.lineage}",
                      description=update.text, author_name=update.unit, pubdate=update.accepted_at,
                      unique_id=f"{link}#{update.lineage}-{update.accepted_at.isoformat()}")
    return HttpResponse(feed.writeString("utf-8"), content_type="application/atom+xml; charset=utf-8")


def _download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_not_required
@require_GET
@public_cache
def plan_export(request, pk: int, fmt: str):
    plan = selectors.public_plan_get(pk)
    data = selectors.public_plan_data(plan)
    name = f"ke-hoach-{plan.pk}"
    if fmt == "csv":
        return _download(exports.plan_csv(data), "text/csv; charset=utf-8", f"{name}.csv")
    if fmt == "xlsx":
        return _download(exports.plan_xlsx(plan, data),
                         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", f"{name}.xlsx")
    if fmt == "json":
        return HttpResponse(exports.plan_json(plan, data), content_type="application/json; charset=utf-8")
    raise Http404


@login_not_required
def english_alias(request, rest: str = ""):
    """/public/… is the same page as /cong-khai/…"""
    return redirect(f"/cong-khai/{rest}", permanent=True)


@require_POST
def plan_toggle(request, pk: int):
    """Leadership opts a published plan in (or out) from the plan page."""
    plan = plan_selectors.plan_get(request.user, pk)
    public = request.POST.get("public") == "1"
    with service_errors(request, permission=True):
        plan_services.plan_make_public(plan=plan, actor=request.user, public=public)
        messages.success(request, _("Đã công khai tiến độ kế hoạch.") if public
                         else _("Đã thôi công khai tiến độ kế hoạch."))
    return redirect(plan)
