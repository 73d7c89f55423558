"""Demo data: the current year's period of the first plan with a realistic mix of report states."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from kehoach.accounts.models import User
from kehoach.core.text import name_key
from kehoach.organizations.models import Organization

from . import services
from .choices import EntryStatus, ReportState
from .models import ReportingPeriod, UnitReport

PASSWORD = "kehoach2025"
# short code, unit name, what the demo does with its report
UNITS = [
    ("dsvh", "Cục Di sản văn hóa", "accepted"),
    ("bq", "Cục Bản quyền tác giả", "accepted"),
    ("dl", "Cục Du lịch Quốc gia Việt Nam", "submitted"),
    ("bc", "Cục Báo chí", "returned"),
    ("ttdn", "Cục Thông tin cơ sở và Thông tin đối ngoại", "approved"),
    ("tdtt", "Cục Thể dục thể thao Việt Nam", "late"),
    ("mtna", "Cục Mỹ thuật, Nhiếp ảnh và Triển lãm", "none"),
]
# What the demo prints for each fate (the demo speaks Vietnamese, like the UI by default).
FATE_LABELS = {
    "accepted": "đã tiếp nhận", "submitted": "đã gửi, chờ tiếp nhận", "returned": "bị trả lại",
    "approved": "lãnh đạo đơn vị đã duyệt, chưa gửi", "late": "đang soạn, chậm", "none": "chưa báo cáo",
}
STATUSES = [EntryStatus.IN_PROGRESS, EntryStatus.COMPLETED, EntryStatus.LATE, EntryStatus.NOT_STARTED,
            EntryStatus.ADJUSTMENT]


def _user(username: str, role: str, unit: Organization, first: str) -> User:
    user, created = User.objects.get_or_create(
        username=username, defaults={"role": role, "unit": unit, "first_name": first, "last_name": unit.short_name
                                     or "", "email": f"{username}@example.gov.vn"})
    if created:
        user.set_password(PASSWORD)
        user.save()
    return user


def _fill(report: UnitReport, focal: User) -> None:
    entries = {}
    for i, entry in enumerate(report.entries.select_related("task")):
        status = STATUSES[i % len(STATUSES)]
        entries[entry.id] = {
            "status": status, "percent": {"completed": 100, "not_started": 0}.get(status, 40 + 10 * (i % 5)),
            "results": "" if status == "not_started" else f"Đã triển khai nội dung nhiệm vụ {entry.task.ref}.",
            "evidence_number": f"{10 + i}/BC-{report.unit.document_code or 'DV'}" if status == "completed" else "",
            "proposals": "Đề nghị lùi thời hạn sang năm sau" if status == "adjustment" else "",
            # What the unit offers for the public progress page (approved when the coordinator accepts).
            "public_summary": "" if status == "not_started" else
            f"{report.unit.name} đã triển khai nhiệm vụ {entry.task.ref}; kết quả được cập nhật theo kỳ báo cáo.",
        }
    report.refresh_from_db()
    services.report_save_draft(report=report, actor=focal, version=report.version,
                               data={"summary": "Đơn vị đã triển khai các nhiệm vụ được giao."}, entries=entries)


@transaction.atomic
def populate(*, stdout, plans, today: dt.date) -> None:
    plan = plans[0]
    coordinator = User.objects.filter(role="coordinator").order_by("id").first()
    period = ReportingPeriod.objects.filter(plan=plan, kind="yearly", year=today.year).first()
    created = period is None
    if created:
        period = services.period_open_yearly(plan=plan, year=today.year, actor=None,
                                             opens_on=min(today, dt.date(today.year, 10, 15)))
    lines = []
    for short, unit_name, fate in UNITS:
        unit = Organization.objects.filter(name_key=name_key(unit_name)).first()
        if unit is None:
            continue
        focal = _user(f"daumoi_{short}", "focal_point", unit, "Đầu mối")
        head = _user(f"truong_{short}", "unit_head", unit, "Lãnh đạo")
        lines.append(f"  {focal.username} / {head.username} — {unit.name} ({FATE_LABELS[fate]})")
        report = UnitReport.objects.filter(period=period, unit=unit).first()
        if not created or report is None or fate == "none" or report.state != ReportState.DRAFT:
            continue
        _fill(report, focal)
        if fate == "late":
            continue  # drafted, not yet approved: the unit is behind
        services.report_approve(report=report, actor=head)
        if fate == "approved":
            continue
        services.report_submit(report=report, actor=focal)
        if fate == "accepted" and coordinator:
            services.report_accept(report=report, actor=coordinator)
        elif fate == "returned" and coordinator:
            services.report_return(report=report, actor=coordinator,
                                   reason="Đề nghị bổ sung minh chứng cho các nhiệm vụ báo cáo hoàn thành.")
    stdout.write(f"Kỳ báo cáo: {period.label} — hạn {period.deadline:%d/%m/%Y} (/reporting/periods/{period.pk}/)")
    stdout.write(f"Tài khoản đơn vị (mật khẩu {PASSWORD}):")
    for line in lines:
        stdout.write(line)
