"""The navigation a signed-in user sees, by role."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import pgettext_lazy

from kehoach.core.rules import actions_for

# (url name, label, who sees it: None = everyone signed in, else a user predicate). The "menu" context: a menu
# item names a section (Tasks, Units), where the same word elsewhere names one thing (Task, Unit).
NAVIGATION = [
    ("plans:plan_list", pgettext_lazy("menu", "Kế hoạch"), None),
    ("plans:task_list", pgettext_lazy("menu", "Nhiệm vụ"), None),
    ("plans:my_tasks", pgettext_lazy("menu", "Việc của tôi"), lambda u: u.role != "viewer"),
    ("reporting:home", pgettext_lazy("menu", "Báo cáo"), lambda u: not u.role == "viewer"),
    ("amendments:list", pgettext_lazy("menu", "Điều chỉnh"), lambda u: not u.role == "viewer"),
    ("unitplans:list", pgettext_lazy("menu", "Kế hoạch năm"), lambda u: u.sees_all_units or u.is_unit_member),
    ("budgets:home", pgettext_lazy("menu", "Kinh phí"), lambda u: u.sees_all_units or u.is_unit_member),
    ("cooperation:home", pgettext_lazy("menu", "Hợp tác quốc tế"), None),
    ("cooperation:calendar", pgettext_lazy("menu", "Lịch"), None),
    ("organizations:unit_list", pgettext_lazy("menu", "Đơn vị"), None),
    ("documents:list", pgettext_lazy("menu", "Văn bản"), lambda u: u.sees_all_units or u.is_unit_member),
    ("imports:upload", pgettext_lazy("menu", "Nhập văn bản"), lambda u: u.can_manage_plans),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    if not hasattr(request, "_nav_items"):  # once a request, however many templates render with it
        request._nav_items = _items(request, user)
    return {"nav_items": request._nav_items}


def _items(request, user) -> list[dict]:
    items = []
    for url_name, label, allowed in NAVIGATION:
        if allowed is not None and not allowed(user):
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue  # the app has not published that page yet
        items.append({"url": url, "label": label, "active": False})
    # The longest matching address is the current section (/plans/tasks/ is "Nhiệm vụ", not "Kế hoạch").
    matching = [i for i in items if request.path.startswith(i["url"])]
    if matching:
        max(matching, key=lambda i: len(i["url"]))["active"] = True
    return items


def rulebook(request):
    """``may``: the object-less rules for the signed-in user (``{% if may.plans.import_plan %}``)."""
    return {"may": actions_for(getattr(request, "user", None))}
