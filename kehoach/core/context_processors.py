"""The navigation a signed-in user sees, by role."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# (url name, label, who sees it: None = everyone signed in, else a user predicate)
NAVIGATION = [
    ("plans:plan_list", _("Kế hoạch"), None),
    ("plans:task_list", _("Nhiệm vụ"), None),
    ("plans:my_tasks", _("Việc của tôi"), lambda u: u.role != "viewer"),
    ("reporting:home", _("Báo cáo"), lambda u: not u.role == "viewer"),
    ("amendments:list", _("Điều chỉnh"), lambda u: not u.role == "viewer"),
    ("unitplans:list", _("Kế hoạch năm"), lambda u: u.sees_all_units or u.is_unit_member),
    ("budgets:home", _("Kinh phí"), lambda u: u.sees_all_units or u.is_unit_member),
    ("cooperation:home", _("Hợp tác quốc tế"), None),
    ("cooperation:calendar", _("Lịch"), None),
    ("organizations:unit_list", _("Đơn vị"), None),
    ("documents:list", _("Văn bản"), lambda u: u.sees_all_units or u.is_unit_member),
    ("imports:upload", _("Nhập văn bản"), lambda u: u.can_manage_plans),
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
