"""Rows of the task tables, written in Python: a plan page shows up to a page of them and the template engine
spent ~3 ms a row (nested loops, includes, filters); the markup is the one the templates wrote, escaped."""

from __future__ import annotations

from functools import cache

from django import template
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kehoach.core.templatetags.kehoach import pct_step, percent_bar_class
from kehoach.plans.choices import TaskClass, TaskProgress

register = template.Library()


@cache
def _url_prefix(name: str) -> str:
    """`/organizations/` for `organizations:unit_detail`: reversed once, not once a row."""
    return reverse(name, args=[0])[:-2]


def _url(name: str, pk: int) -> str:
    return f"{_url_prefix(name)}{pk}/"


def _chars(text: str, n: int) -> str:
    """Truncator's cut, paid only by the texts that are longer (most titles are not)."""
    return text if len(text) <= n else Truncator(text).chars(n)


@cache
def _progress_labels(language: str) -> dict:
    return {value: str(label) for value, label in TaskProgress.choices}


def _units(task, role: str) -> str:
    items = []
    for a in task.assignments.all():
        if a.role != role:
            continue
        if a.organization_id:
            items.append(format_html('<li><a href="{}{}/">{}</a></li>', _url_prefix("organizations:unit_detail"),
                                     a.organization_id, a.raw_name))
        else:
            items.append(format_html("<li>{}</li>", a.raw_name))
    return '<ul class="unit-list small">' + "".join(items) + "</ul>"


def _coordinating(task) -> str:
    """The coordinating units, and below them the units named to follow up and urge (if any)."""
    html = _units(task, "coordinating")
    if any(a.role == "monitoring" for a in task.assignments.all()):
        html += format_html('<div class="small text-muted">{}</div>', _("Theo dõi, đôn đốc:")) + _units(task, "monitoring")
    return html


def _partners(task) -> str:
    links = []
    for p in task.partner_links.all():
        links.append(format_html('<a href="{}{}/">{}</a>', _url_prefix("organizations:partner_detail"),
                                 p.organization_id, p.raw_name)
                     if p.organization_id else escape(p.raw_name))
    html = ", ".join(links)
    if task.funding:
        html += format_html('<div class="text-muted">{}</div>', _chars(task.funding, 160))
    return html


# The badge each status class wears (Bootstrap's text-bg colours; no inline style under the CSP).
CLASS_BADGES = {"done_on_time": "text-bg-success", "done_late": "text-bg-warning", "in_time": "text-bg-primary",
                "overdue": "text-bg-danger", "not_due": "text-bg-light", "no_deadline": "text-bg-secondary"}


@cache
def _class_labels(language: str) -> dict:
    return {value: str(label) for value, label in TaskClass.choices}


@register.simple_tag
def class_badge(task) -> str:
    value = task.task_class
    label = _class_labels(get_language())[value]
    extended = format_html(' <span class="badge text-bg-info">{}</span>', _("đã gia hạn")) if task.is_extended else ""
    return format_html('<div><span class="badge {}" data-class="{}">{}</span>{}</div>', CLASS_BADGES[value], value,
                       label, extended)


def _deadline(task) -> str:
    deadline = task.deadline
    if deadline is None:
        return ""
    return format_html('<div class="text-muted">{} {}</div>', _("Hạn:"), deadline.strftime("%d/%m/%Y"))


def _progress(task) -> str:
    # Not get_progress_display(): Django rebuilds the field's choices dict on every call.
    html = escape(_progress_labels(get_language()).get(task.progress, task.progress))
    if task.progress_percent:
        html += format_html('<div class="progress progress-thin"><div class="progress-bar {} w-pct-{}"></div></div>',
                            percent_bar_class(task.progress_percent), pct_step(task.progress_percent))
    return html + class_badge(task)


@register.simple_tag
def task_row(task) -> str:
    """One row of a plan's task table (links, units, products, partners prefetched)."""
    note = format_html('<div class="small text-muted">{}</div>', _chars(task.note, 200)) if task.note else ""
    products = "; ".join(escape(p.name) for p in task.products.all())
    return format_html(
        '<tr><td data-label="{}">{}</td><td data-label="{}"><a href="{}">{}</a>{}</td>'
        '<td data-label="{}">{}</td><td data-label="{}">{}</td><td class="small" data-label="{}">{}</td>'
        '<td class="small" data-label="{}">{}</td><td class="small" data-label="{}">{}</td>'
        '<td class="small text-nowrap" data-label="{}">{}</td></tr>',
        _("TT"), task.ref, _("Nhiệm vụ"), _url("plans:task_detail", task.pk), _chars(task.title, 400), note,
        _("Đơn vị chủ trì"), mark_safe(_units(task, "lead")),
        _("Đơn vị phối hợp"), mark_safe(_coordinating(task)),
        _("Sản phẩm/Kết quả"), mark_safe(products), _("Thời gian thực hiện"),
        format_html("{}{}", task.timeframe_raw, mark_safe(_deadline(task))),
        _("Đối tác / Kinh phí"), mark_safe(_partners(task)), _("Tình trạng"), mark_safe(_progress(task)),
    )


@register.simple_tag
def task_list_row(task) -> str:
    """One row of the task list across plans (plan, units and deadline; assignments prefetched)."""
    plan = task.plan
    return format_html(
        '<tr><td class="small"><a href="{}">{}</a></td><td>{}</td><td><a href="{}">{}</a></td><td>{}</td>'
        '<td>{}</td><td class="small text-nowrap">{}{}</td><td class="small text-nowrap">{}</td></tr>',
        _url("plans:plan_detail", plan.pk), plan.number or _chars(plan.full_title, 50), task.ref,
        _url("plans:task_detail", task.pk), _chars(task.title, 200), mark_safe(_units(task, "lead")),
        mark_safe(_coordinating(task)), task.timeframe_raw, mark_safe(_deadline(task)),
        mark_safe(_progress(task)),
    )
