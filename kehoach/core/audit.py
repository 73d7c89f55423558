"""The audit trail made readable: the registry of action names and how an entry is shown.

Every ``audit_log(action=...)`` names an action registered here with a Vietnamese label (English in the
catalogue). The history pages show the label, the changed fields by their ``verbose_name``, values as the
UI shows them (choice labels, names of related objects, dates dd/mm/yyyy HH:MM in Asia/Ho_Chi_Minh) and the
actor's full name — never codes. Under tests (``KEHOACH_AUDIT_STRICT``) an unregistered action is an error,
so every service a test runs proves its action is registered.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .selectors import AUDIT_VISIBILITY

# code -> label. Keep them short, in the past tense of what the person did. The "audit action" context
# keeps them apart from the same Vietnamese words on buttons ("Gửi báo cáo": Submit report / Submitted the report).
ACTIONS: dict[str, Promise] = {
    # plans
    "plan.import": pgettext_lazy("audit action", "Nhập kế hoạch từ văn bản"),
    "plan.map_name": pgettext_lazy("audit action", "Gắn tên trong văn bản với đơn vị"),
    "plan.publish": pgettext_lazy("audit action", "Ban hành kế hoạch vào hệ thống"),
    "plan.archive": pgettext_lazy("audit action", "Lưu trữ kế hoạch"),
    "plan.update": pgettext_lazy("audit action", "Sửa thông tin kế hoạch"),
    "plan.new_version": pgettext_lazy("audit action", "Tạo phiên bản mới của kế hoạch"),
    "plan.reimport_applied": pgettext_lazy("audit action", "Áp dụng bản nhập lại"),
    "plan.make_public": pgettext_lazy("audit action", "Công khai tiến độ kế hoạch"),
    "plan.make_private": pgettext_lazy("audit action", "Thôi công khai tiến độ kế hoạch"),
    "task.correct": pgettext_lazy("audit action", "Sửa nhiệm vụ"),
    "task.archive": pgettext_lazy("audit action", "Lưu trữ nhiệm vụ"),
    "task.restore": pgettext_lazy("audit action", "Khôi phục nhiệm vụ"),
    "task.seeks_sponsorship": pgettext_lazy("audit action", "Đánh dấu kêu gọi tài trợ"),
    "plan.create_manual": pgettext_lazy("audit action", "Tạo kế hoạch thủ công"),
    "task.tracking": pgettext_lazy("audit action", "Cập nhật người phụ trách, thời hạn và văn bản giao nhiệm vụ"),
    "task.extension_request": pgettext_lazy("audit action", "Đề nghị gia hạn nhiệm vụ"),
    "task.extension_approve": pgettext_lazy("audit action", "Đồng ý gia hạn nhiệm vụ"),
    "task.extension_refuse": pgettext_lazy("audit action", "Không đồng ý gia hạn nhiệm vụ"),
    "task.extension_withdraw": pgettext_lazy("audit action", "Rút đề nghị gia hạn nhiệm vụ"),
    # working days
    "workdays.adjustment_set": pgettext_lazy("audit action", "Điều chỉnh lịch ngày làm việc"),
    "workdays.adjustment_withdraw": pgettext_lazy("audit action", "Bỏ điều chỉnh lịch ngày làm việc"),
    # imports
    "import.upload": pgettext_lazy("audit action", "Tải lên văn bản để nhập"),
    "import.requeue": pgettext_lazy("audit action", "Chạy lại việc nhập"),
    "import.failed": pgettext_lazy("audit action", "Nhập văn bản không thành công"),
    # organizations
    "organization.create": pgettext_lazy("audit action", "Tạo đơn vị"),
    "organization.create_from_import": pgettext_lazy("audit action", "Tạo đơn vị từ văn bản nhập"),
    "organization.update": pgettext_lazy("audit action", "Sửa thông tin đơn vị"),
    "partner.create_from_import": pgettext_lazy("audit action", "Tạo đối tác từ văn bản nhập"),
    # reporting
    "reporting.period_open": pgettext_lazy("audit action", "Mở kỳ báo cáo"),
    "reporting.period_close": pgettext_lazy("audit action", "Đóng kỳ báo cáo"),
    "reporting.period_repoint": pgettext_lazy("audit action", "Chuyển kỳ báo cáo sang phiên bản mới"),
    "reporting.report_save": pgettext_lazy("audit action", "Lưu nháp báo cáo"),
    "reporting.report_draft": pgettext_lazy("audit action", "Đưa báo cáo về bản nháp"),
    "reporting.report_approved": pgettext_lazy("audit action", "Lãnh đạo đơn vị duyệt báo cáo"),
    "reporting.report_submitted": pgettext_lazy("audit action", "Gửi báo cáo"),
    "reporting.report_accepted": pgettext_lazy("audit action", "Tiếp nhận báo cáo"),
    "reporting.report_returned": pgettext_lazy("audit action", "Trả lại báo cáo"),
    "reporting.input_save": pgettext_lazy("audit action", "Lưu thông tin phối hợp"),
    "reporting.evidence_add": pgettext_lazy("audit action", "Đính kèm minh chứng"),
    "reporting.evidence_remove": pgettext_lazy("audit action", "Gỡ minh chứng"),
    "reporting.task_progress": pgettext_lazy("audit action", "Cập nhật tiến độ nhiệm vụ"),
    "reporting.urging_letter": pgettext_lazy("audit action", "Tạo công văn đôn đốc"),
    "organization.successor": pgettext_lazy("audit action", "Đặt đơn vị kế thừa"),
    "organization.group_members": pgettext_lazy("audit action", "Cập nhật thành viên nhóm đơn vị"),
    "reporting.urging": pgettext_lazy("audit action", "Ghi nhận lần đôn đốc đơn vị"),
    "reporting.report_extension": pgettext_lazy("audit action", "Gia hạn gửi báo cáo cho đơn vị"),
    "reporting.period_successor": pgettext_lazy("audit action", "Chuyển nghĩa vụ báo cáo sang đơn vị kế thừa"),
    "reporting.period_decree09": pgettext_lazy("audit action", "Đặt thông số kỳ báo cáo theo Nghị định 09"),
    # amendments
    "amendment.create": pgettext_lazy("audit action", "Tạo đề xuất điều chỉnh"),
    "amendment.update": pgettext_lazy("audit action", "Sửa đề xuất điều chỉnh"),
    "amendment.item_add": pgettext_lazy("audit action", "Thêm nội dung điều chỉnh"),
    "amendment.item_remove": pgettext_lazy("audit action", "Bỏ nội dung điều chỉnh"),
    "amendment.submit": pgettext_lazy("audit action", "Gửi đề xuất điều chỉnh"),
    "amendment.forward": pgettext_lazy("audit action", "Trình Lãnh đạo Bộ đề xuất điều chỉnh"),
    "amendment.return": pgettext_lazy("audit action", "Trả lại đề xuất điều chỉnh"),
    "amendment.comment": pgettext_lazy("audit action", "Góp ý đề xuất điều chỉnh"),
    "amendment.reject": pgettext_lazy("audit action", "Không phê duyệt đề xuất điều chỉnh"),
    "amendment.approve": pgettext_lazy("audit action", "Phê duyệt đề xuất điều chỉnh"),
    "amendment.rebase": pgettext_lazy("audit action", "Cập nhật đề xuất theo phiên bản mới"),
    # unit year plans
    "unitplan.create": pgettext_lazy("audit action", "Tạo kế hoạch năm của đơn vị"),
    "unitplan.item_add": pgettext_lazy("audit action", "Thêm nội dung kế hoạch năm"),
    "unitplan.item_update": pgettext_lazy("audit action", "Sửa nội dung kế hoạch năm"),
    "unitplan.item_remove": pgettext_lazy("audit action", "Bỏ nội dung kế hoạch năm"),
    "unitplan.submit": pgettext_lazy("audit action", "Gửi kế hoạch năm"),
    "unitplan.approve": pgettext_lazy("audit action", "Phê duyệt kế hoạch năm"),
    "unitplan.return": pgettext_lazy("audit action", "Trả lại kế hoạch năm"),
    # budgets
    "budget_line.create": pgettext_lazy("audit action", "Tạo dòng dự toán"),
    "budget_line.update": pgettext_lazy("audit action", "Sửa dòng dự toán"),
    "budget_line.submit": pgettext_lazy("audit action", "Gửi dự toán thẩm định"),
    "budget_line.return": pgettext_lazy("audit action", "Trả lại dự toán"),
    "budget_line.appraise": pgettext_lazy("audit action", "Thẩm định dự toán"),
    "budget_line.archive": pgettext_lazy("audit action", "Lưu trữ dòng dự toán"),
    "budget_spend.record": pgettext_lazy("audit action", "Ghi nhận số đã chi"),
    # cooperation
    "activity.create_from_plan": pgettext_lazy("audit action", "Tạo hoạt động hợp tác từ kế hoạch"),
    "activity.sync": pgettext_lazy("audit action", "Đồng bộ hoạt động hợp tác với kế hoạch"),
    "activity.archive": pgettext_lazy("audit action", "Lưu trữ hoạt động hợp tác"),
    "activity.status": pgettext_lazy("audit action", "Cập nhật tình trạng hoạt động hợp tác"),
    "agreement.create": pgettext_lazy("audit action", "Tạo văn kiện hợp tác"),
    "agreement.update": pgettext_lazy("audit action", "Sửa văn kiện hợp tác"),
    "agreement.archive": pgettext_lazy("audit action", "Lưu trữ văn kiện hợp tác"),
    "event.create": pgettext_lazy("audit action", "Tạo sự kiện"),
    "event.update": pgettext_lazy("audit action", "Sửa sự kiện"),
    "event.archive": pgettext_lazy("audit action", "Lưu trữ sự kiện"),
    # documents
    "document_request": pgettext_lazy("audit action", "Yêu cầu tạo văn bản"),
    "document_requeue": pgettext_lazy("audit action", "Tạo lại văn bản"),
    "document_generated": pgettext_lazy("audit action", "Đã tạo văn bản"),
    "document_failed": pgettext_lazy("audit action", "Tạo văn bản không thành công"),
    "signature_profile_set": pgettext_lazy("audit action", "Cập nhật người ký văn bản"),
    "consolidation_draft_save": pgettext_lazy("audit action", "Lưu dự thảo báo cáo tổng hợp"),
    # accounts and security
    "accounts.token_create": pgettext_lazy("audit action", "Tạo khóa truy cập API"),
    "api_token_revoked": pgettext_lazy("audit action", "Thu hồi khóa truy cập API"),
    "feed_token_rotated": pgettext_lazy("audit action", "Đổi đường dẫn lịch"),
    "login": pgettext_lazy("audit action", "Đăng nhập"),
    "logout": pgettext_lazy("audit action", "Đăng xuất"),
    "login_failed": pgettext_lazy("audit action", "Đăng nhập không thành công"),
    "login_locked_out": pgettext_lazy("audit action", "Tạm khóa đăng nhập"),
    "login_unlocked": pgettext_lazy("audit action", "Mở khóa đăng nhập"),
    "password_changed": pgettext_lazy("audit action", "Đổi mật khẩu"),
    "otp_verified": pgettext_lazy("audit action", "Xác thực hai lớp thành công"),
    "otp_failed": pgettext_lazy("audit action", "Xác thực hai lớp không thành công"),
    "totp_enabled": pgettext_lazy("audit action", "Bật xác thực hai lớp"),
    "totp_enable_failed": pgettext_lazy("audit action", "Bật xác thực hai lớp không thành công"),
    "totp_disabled": pgettext_lazy("audit action", "Tắt xác thực hai lớp"),
    "totp_disable_failed": pgettext_lazy("audit action", "Tắt xác thực hai lớp không thành công"),
    # background jobs
    "job_retry": pgettext_lazy("audit action", "Chạy lại việc nền"),
    "job_retried": pgettext_lazy("audit action", "Việc nền được chạy lại"),
    "job_lost": pgettext_lazy("audit action", "Việc nền bị gián đoạn"),
}

# Keys some services write that are not model fields (or whose field lives elsewhere).
EXTRA_FIELD_LABELS: dict[str, Promise] = {
    "name": _("tên"),
    "organization": _("đơn vị"),
    "comment": _("góp ý"),
    "text": _("nội dung"),
    "tasks": _("số nhiệm vụ"),
    "version": pgettext_lazy("plan version", "phiên bản"),
    "partners": _("đối tác"),
    "units": _("đơn vị"),
    "size": _("dung lượng"),
    "file": _("tệp"),
    "public_at": _("công khai từ"),
    "items": _("số nội dung"),
    "type": _("loại tệp"),
    "replaced": _("thay khóa cũ"),
    "attempts": _("số lần chạy"),
    "task": _("việc"),
    "year": _("năm"),
    "deadline": _("hạn"),
}
# Keys that name another object by its id without being a field of the entry's model.
EXTRA_RELATED = {"organization": ("organizations", "organization")}
# Keys that mean nothing to a reader (internal bookkeeping): never shown.
HIDDEN_KEYS = {"id", "search_text", "name_key", "version_lock", "lineage", "source_sha256", "source_lines",
               "import_flags", "import_warnings", "is_current", "due_sort"}

SYSTEM_ACTOR = _("Hệ thống (tự động)")


def register_action(code: str, label: Promise) -> None:
    """For an app that adds actions at import time (prefer listing them in ACTIONS)."""
    ACTIONS[code] = label


def is_registered(code: str) -> bool:
    return code in ACTIONS


def check_action(code: str) -> None:
    """Raise for an unregistered action when strict (tests); production keeps writing and shows a label."""
    if code not in ACTIONS and getattr(settings, "KEHOACH_AUDIT_STRICT", False):
        raise LookupError(f"audit action {code!r} is not registered in kehoach/core/audit.py ACTIONS")


def action_label(code: str) -> str:
    label = ACTIONS.get(code)
    return str(label) if label is not None else str(_("Thao tác khác"))


def action_choices() -> list[tuple[str, str]]:
    """(code, label) sorted by label, for the audit filter."""
    return sorted(((code, str(label)) for code, label in ACTIONS.items()), key=lambda c: c[1].lower())


def model_label(content_type) -> str:
    """`Báo cáo của đơn vị`, not `reporting.unitreport`."""
    model = content_type.model_class() if content_type else None
    return str(model._meta.verbose_name).capitalize() if model else str(_("Đối tượng khác"))


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class AuditRow:
    entry: Any
    when: str
    actor: str
    action: str
    object_type: str
    message: str
    changes: list[Change] = field(default_factory=list)
    trail_url: str = ""  # the object's own history page, when its app has one


def _own_field(model, key: str):
    for f in model._meta.get_fields():
        if getattr(f, "concrete", False) and key in (f.name, getattr(f, "attname", None)):
            return f
    return None


def _field_for(model, key: str):
    """The model's field for ``key``; else a field of that name on another model of the same app (an entry
    on a year plan records its items' fields, an amendment its items')."""
    if model is None:
        return None
    found = _own_field(model, key)
    if found is None and key not in EXTRA_FIELD_LABELS:
        for other in model._meta.app_config.get_models():
            if other is not model and (found := _own_field(other, key)) is not None:
                break
    return found


def format_when(value) -> str:
    """dd/mm/yyyy HH:MM in the installation's time zone (once: no separate time column)."""
    if isinstance(value, str):
        day = parse_date(value) if len(value) == 10 else None
        if day:
            return day.strftime("%d/%m/%Y")
        parsed = parse_datetime(value)
        if parsed is None:
            day = parse_date(value)
            return day.strftime("%d/%m/%Y") if day else value
        value = parsed
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


class _Names:
    """Names of related objects referenced by the page's entries, fetched once per model (constant queries)."""

    def __init__(self):
        self.wanted: dict[type[models.Model], set] = defaultdict(set)
        self.names: dict[tuple[type[models.Model], str], str] = {}

    def want(self, model, value) -> None:
        if value not in (None, ""):
            for v in value if isinstance(value, list) else [value]:
                self.wanted[model].add(str(v))

    def load(self) -> None:
        for model, keys in self.wanted.items():
            pks = [k for k in keys if k]
            try:
                found = model._default_manager.filter(pk__in=pks)
                self.names.update({(model, str(obj.pk)): _display_name(obj) for obj in found})
            except (ValueError, TypeError):
                continue

    def get(self, model, value) -> str:
        if value in (None, ""):
            return "—"
        values = value if isinstance(value, list) else [value]
        return ", ".join(self.names.get((model, str(v)), str(_("(đã xoá hoặc không còn)"))) for v in values)


def _display_name(obj) -> str:
    if hasattr(obj, "get_full_name"):
        return obj.get_full_name() or obj.get_username()
    return str(obj)


def _display(f, value, names: _Names, related=None) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if related is not None:
        return names.get(related, value)
    if f is not None:
        if f.choices:
            labels = {str(k): v for k, v in f.flatchoices}
            values = value if isinstance(value, list) else [value]
            return ", ".join(str(labels.get(str(v), v)) for v in values)
        if isinstance(f, models.BooleanField):
            return str(_("Có") if value else _("Không"))
        if isinstance(f, models.DateTimeField | models.DateField):
            return format_when(value)
        if isinstance(f, models.DecimalField | models.FloatField):
            try:
                return number_format(float(value), use_l10n=True, force_grouping=True)
            except (TypeError, ValueError):
                return str(value)
    if isinstance(value, bool):
        return str(_("Có") if value else _("Không"))
    if isinstance(value, str) and len(value) >= 10 and value[4:5] == "-" and value[7:8] == "-":
        return format_when(value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)


def _label(f, key: str) -> str:
    if f is not None and getattr(f, "verbose_name", None):
        return str(f.verbose_name)
    if key in EXTRA_FIELD_LABELS:
        return str(EXTRA_FIELD_LABELS[key])
    return str(_("Nội dung khác"))


def _trail_url(entry) -> str:
    ct = entry.content_type
    if f"{ct.app_label}.{ct.model}" not in AUDIT_VISIBILITY:
        return ""
    return reverse("core:audit_trail", args=[ct.app_label, ct.model, entry.object_id])


def audit_rows(entries) -> list[AuditRow]:
    """The page's entries ready to show: labels, readable values, the actor's name."""
    entries = list(entries)
    names = _Names()
    prepared = []
    for entry in entries:
        model = entry.content_type.model_class() if entry.content_type_id else None
        pairs = []
        for key, old, new in entry.changed_fields():
            if key in HIDDEN_KEYS:
                continue
            f = _field_for(model, key)
            related = f.related_model if f is not None and f.is_relation else None
            if f is None and key in EXTRA_RELATED:
                related = apps.get_model(*EXTRA_RELATED[key])
            if related is not None:
                names.want(related, old)
                names.want(related, new)
            pairs.append((key, f, related, old, new))
        prepared.append((entry, model, pairs))
    names.load()
    rows = []
    for entry, _model, pairs in prepared:
        actor = entry.actor
        who = (actor.get_full_name() or actor.get_username()) if actor else (
            entry.actor_name if entry.actor_name and entry.actor_name != "system" else str(SYSTEM_ACTOR))
        rows.append(AuditRow(
            entry=entry, when=format_when(entry.created_at), actor=who, action=action_label(entry.action),
            object_type=model_label(entry.content_type), message=entry.message,
            changes=[change for key, f, related, old, new in pairs
                     if (change := Change(_label(f, key), _display(f, old, names, related),
                                          _display(f, new, names, related))).old != change.new],
            trail_url=_trail_url(entry),
        ))
    return rows
