"""Demo data, dated from the day the demo runs: last year's period closed with its history, and an open
period due in about three weeks with a realistic mix of report states, task 1 ("Các đơn vị thuộc Bộ", 37
units) among them, so the shared task's roll-up shows several states. Idempotent."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from kehoach.accounts.demo import DEMO_PASSWORD, demo_password_hash
from kehoach.accounts.models import User
from kehoach.core.text import name_key
from kehoach.organizations.models import Organization

from . import services
from .choices import EntryStatus, ReportState
from .models import ReportingPeriod, UnitReport

PASSWORD = DEMO_PASSWORD
# short code, unit name, what the demo does with its report this year, and what it did last year
UNITS = [
    ("dsvh", "Cục Di sản văn hóa", "accepted", "accepted"),
    ("bq", "Cục Bản quyền tác giả", "accepted", "accepted"),
    ("dl", "Cục Du lịch Quốc gia Việt Nam", "submitted", "accepted"),
    ("bc", "Cục Báo chí", "returned", "late"),
    ("ttdn", "Cục Thông tin cơ sở và Thông tin đối ngoại", "approved", "accepted"),
    ("tdtt", "Cục Thể dục thể thao Việt Nam", "late", "late"),
    ("mtna", "Cục Mỹ thuật, Nhiếp ảnh và Triển lãm", "none", "none"),
]
# What the demo prints for each fate (the demo speaks Vietnamese, like the UI by default).
FATE_LABELS = {
    "accepted": "đã tiếp nhận", "submitted": "đã gửi, chờ tiếp nhận", "returned": "bị trả lại",
    "approved": "lãnh đạo đơn vị đã duyệt, chưa gửi", "late": "đang soạn, chậm", "none": "chưa báo cáo",
}
STATUSES = [EntryStatus.IN_PROGRESS, EntryStatus.COMPLETED, EntryStatus.LATE, EntryStatus.NOT_STARTED,
            EntryStatus.ADJUSTMENT]
# The open period is due this many days after the demo runs: never overdue on any date.
DAYS_TO_DEADLINE = 21


def demo_years(today: dt.date) -> tuple[int, int]:
    """(open year, closed year): the report on a year is written late in that year or early in the next."""
    open_year = today.year if today.month >= 7 else today.year - 1
    return open_year, open_year - 1


def _user(username: str, role: str, unit: Organization, first: str) -> User:
    user, created = User.objects.get_or_create(
        username=username, defaults={"role": role, "unit": unit, "full_name": f"{first} {unit.short_name or ''}",
                                     "email": f"{username}@example.gov.vn"})
    if created:
        user.set_password_hash(demo_password_hash(PASSWORD))
        user.save()
    return user


def _fill(report: UnitReport, focal: User, shift: int = 0) -> None:
    entries = {}
    for i, entry in enumerate(report.entries.select_related("task")):
        status = STATUSES[(i + shift) % len(STATUSES)]
        entries[entry.id] = {
            "status": status, "percent": {"completed": 100, "not_started": 0}.get(status, 40 + 10 * (i % 5)),
            "results": "" if status == "not_started" else
            f"Đã triển khai nội dung nhiệm vụ {entry.task.ref}: tổ chức {2 + i % 3} hội nghị, ký kết "
            f"{1 + i % 2} văn bản hợp tác và báo cáo kết quả.",
            "evidence_number": f"{10 + i}/BC-{report.unit.document_code or 'DV'}" if status == "completed" else "",
            "proposals": "Đề nghị lùi thời hạn sang năm sau" if status == "adjustment" else "",
            # What the unit offers for the public progress page (approved when the coordinator accepts).
            "public_summary": "" if status == "not_started" else
            f"{report.unit.name} đã triển khai nhiệm vụ {entry.task.ref}; kết quả được cập nhật theo kỳ báo cáo.",
        }
    report.refresh_from_db()
    services.report_save_draft(report=report, actor=focal, version=report.version,
                               data={"summary": "Đơn vị đã triển khai các nhiệm vụ được giao."}, entries=entries)


def _run(period, people, coordinator, fates: dict, *, shift: int = 0, sent_on: dt.date | None = None) -> None:
    for unit, focal, head in people:
        fate = fates[unit.pk]
        report = UnitReport.objects.filter(period=period, unit=unit).first()
        if report is None or fate == "none" or report.state != ReportState.DRAFT:
            continue
        _fill(report, focal, shift)
        if fate == "late" and sent_on is None:
            continue  # drafted, not yet approved: the unit is behind
        services.report_approve(report=report, actor=head)
        if fate == "approved":
            continue
        report = services.report_submit(report=report, actor=focal)
        if sent_on is not None:
            # Last year's history: when each report actually arrived (on time, or a week late).
            day = sent_on + dt.timedelta(days=7 if fate == "late" else -3)
            moment = timezone.make_aware(dt.datetime.combine(day, dt.time(9)))
            UnitReport.objects.filter(pk=report.pk).update(first_submitted_at=moment, submitted_at=moment)
        if coordinator and (fate == "accepted" or (fate == "late" and sent_on is not None)):
            services.report_accept(report=report, actor=coordinator)
        elif fate == "returned" and coordinator:
            services.report_return(report=report, actor=coordinator,
                                   reason="Đề nghị bổ sung minh chứng cho các nhiệm vụ báo cáo hoàn thành.")


def _inputs(period, people) -> None:
    """Two units write what they contributed to tasks they coordinate (shown under the lead's entry)."""
    texts = ["Đã cử cán bộ tham gia đoàn công tác và góp ý dự thảo văn kiện hợp tác.",
             "Đã cung cấp số liệu, tài liệu chuyên ngành phục vụ đàm phán."]
    for (unit, focal, _head), text in zip(people[:2], texts, strict=False):
        ob = period.obligations.filter(unit=unit, role="coordinating").select_related("task") \
            .order_by("task__position").first()
        if ob is not None:
            services.coordinator_input_save(period=period, task=ob.task, actor=focal, text=text)


@transaction.atomic
def populate(*, stdout, plans, today: dt.date) -> None:
    plan = plans[0]
    coordinator = User.objects.filter(role="coordinator").order_by("id").first()
    open_year, closed_year = demo_years(today)
    people, lines = [], []
    for short, unit_name, fate, past in UNITS:
        unit = Organization.objects.filter(name_key=name_key(unit_name)).first()
        if unit is None:
            continue
        focal = _user(f"daumoi_{short}", "focal_point", unit, "Đầu mối")
        head = _user(f"truong_{short}", "unit_head", unit, "Lãnh đạo")
        people.append((unit, focal, head, fate, past))
        lines.append(f"  {focal.username} / {head.username} — {unit.name} ({FATE_LABELS[fate]})")
    trio = [(u, f, h) for u, f, h, _x, _y in people]

    closed = ReportingPeriod.objects.filter(plan=plan, kind="yearly", year=closed_year).first()
    if closed is None:
        deadline = dt.date(closed_year, 11, 30)
        closed = services.period_open_yearly(plan=plan, year=closed_year, actor=None, deadline=deadline,
                                             opens_on=dt.date(closed_year, 10, 1))
        _run(closed, trio, coordinator, {u.pk: past for u, _f, _h, _x, past in people}, shift=1, sent_on=deadline)
        _inputs(closed, trio)
        if coordinator:
            services.period_close(period=closed, actor=coordinator)

    period = ReportingPeriod.objects.filter(plan=plan, kind="yearly", year=open_year).first()
    if period is None:
        deadline = today + dt.timedelta(days=DAYS_TO_DEADLINE)
        period = services.period_open_yearly(plan=plan, year=open_year, actor=None, deadline=deadline,
                                             opens_on=today - dt.timedelta(days=30))
        _run(period, trio, coordinator, {u.pk: fate for u, _f, _h, fate, _y in people})
        _inputs(period, trio)
    stdout.write(f"Kỳ báo cáo: {period.label} — hạn {period.deadline:%d/%m/%Y} (/reporting/periods/{period.pk}/)")
    stdout.write(f"Kỳ trước (đã đóng): {closed.label} (/reporting/periods/{closed.pk}/)")
    stdout.write(f"Tài khoản đơn vị (mật khẩu {PASSWORD}):")
    for line in lines:
        stdout.write(line)
