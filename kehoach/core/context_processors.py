"""The navigation a signed-in user sees, by the rule book."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import pgettext_lazy

from kehoach.core.rules import actions_for, may

# (url name, label, who sees it: None = everyone signed in, else the name of a rule in the rule book, most of
# them declared in kehoach/site/rules.py). The "menu" context: a menu item names a section (Tasks, Units),
# where the same word elsewhere names one thing (Task, Unit).
NAVIGATION = [
    ("plans:plan_list", pgettext_lazy("menu", "Kế hoạch"), None),
    ("plans:task_list", pgettext_lazy("menu", "Nhiệm vụ"), None),
    ("plans:my_tasks", pgettext_lazy("menu", "Việc của tôi"), "site.menu_my_tasks"),
    ("reporting:home", pgettext_lazy("menu", "Báo cáo"), "site.menu_reporting"),
    ("amendments:list", pgettext_lazy("menu", "Điều chỉnh"), "site.menu_amendments"),
    ("unitplans:list", pgettext_lazy("menu", "Kế hoạch năm"), "site.menu_unitplans"),
    ("budgets:home", pgettext_lazy("menu", "Kinh phí"), "site.menu_budgets"),
    ("cooperation:home", pgettext_lazy("menu", "Hợp tác quốc tế"), None),
    ("cooperation:calendar", pgettext_lazy("menu", "Lịch"), None),
    ("organizations:unit_list", pgettext_lazy("menu", "Đơn vị"), None),
    ("documents:list", pgettext_lazy("menu", "Văn bản"), "site.menu_documents"),
    ("imports:upload", pgettext_lazy("menu", "Nhập văn bản"), "imports.import_document"),
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
    for url_name, label, rule_name in NAVIGATION:
        if rule_name is not None and not may(user, rule_name):
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
