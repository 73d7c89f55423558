"""Writes to budgets: units draft and submit estimate lines, finance appraises, spending is recorded."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kehoach.core.rules import may, require
from kehoach.core.services import audit_log, snapshot
from kehoach.core.workflow import Transition, Workflow
from kehoach.plans.models import Task

from .choices import BudgetStatus, Currency
from .models import BudgetLine, BudgetSpend

if TYPE_CHECKING:
    from kehoach.accounts.models import User

LINE_FIELDS = ["unit_id", "year", "plan_id", "task_id", "activity_id", "title", "source", "currency",
               "exchange_rate", "amount", "amount_vnd", "status", "approved_amount", "approved_vnd",
               "appraisal_comment", "appraised_by_id", "note", "is_archived"]
CENT = Decimal("0.01")


_VI_GROUPED = re.compile(r"\d{1,3}(\.\d{3})+(,\d+)?")  # 1.500.000 or 1.500.000,5 (Vietnamese)
_EN_GROUPED = re.compile(r"\d{1,3}(,\d{3})+(\.\d+)?")  # 1,500,000.5


def normalise_number(text: str) -> str:
    """How people write amounts here → a Decimal literal: `1.500.000` → 1500000, `2500,5` → 2500.5."""
    text = re.sub(r"[\s\u00a0]", "", str(text))
    sign, digits = (text[0], text[1:]) if text[:1] in "+-" and text else ("", text)
    if _VI_GROUPED.fullmatch(digits):
        digits = digits.replace(".", "").replace(",", ".")
    elif _EN_GROUPED.fullmatch(digits):
        digits = digits.replace(",", "")
    elif digits.count(",") == 1 and "." not in digits:
        digits = digits.replace(",", ".")
    return sign + digits


#: What the money columns hold (20 digits, 2 after the point) and the rate column (18, 6).
MONEY_LIMIT, MONEY_PLACES = Decimal(10) ** 18, 2
RATE_LIMIT, RATE_PLACES = Decimal(10) ** 12, 6


def _money(value: Any, field: str, label: str, *, limit: Decimal = MONEY_LIMIT, places: int = MONEY_PLACES
           ) -> Decimal:
    """A non-negative Decimal the column can hold exactly, or a ValidationError naming the field."""
    if value is None or value == "":
        raise ValidationError({field: _("Chưa nhập %(label)s.") % {"label": label}})
    try:
        amount = value if isinstance(value, Decimal) else Decimal(normalise_number(value))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("%(label)s phải là một số, không phải “%(value)s”.")
                               % {"label": label, "value": value}}) from None
    if not amount.is_finite():
        raise ValidationError({field: _("%(label)s phải là một số.") % {"label": label}})
    if amount < 0:
        raise ValidationError({field: _("%(label)s không được âm.") % {"label": label}})
    if amount >= limit:
        raise ValidationError({field: _("%(label)s quá lớn (tối đa %(digits)s chữ số phần nguyên).")
                               % {"label": label, "digits": len(str(limit)) - 1}})
    if amount != amount.quantize(Decimal(1).scaleb(-places)):
        raise ValidationError({field: _("%(label)s chỉ được có tối đa %(places)s chữ số thập phân.")
                               % {"label": label, "places": places}})
    return amount


def _rate(currency: str, rate: Any) -> Decimal:
    if currency == Currency.VND:
        return Decimal(1)
    if rate in (None, ""):
        raise ValidationError({"exchange_rate": _("Ngoại tệ %(currency)s cần tỷ giá quy đổi sang VND.")
                               % {"currency": currency}})
    value = _money(rate, "exchange_rate", _("Tỷ giá"), limit=RATE_LIMIT, places=RATE_PLACES)
    if value == 0:
        raise ValidationError({"exchange_rate": _("Tỷ giá phải lớn hơn 0.")})
    return value


def to_vnd(amount: Decimal, rate: Decimal) -> Decimal:
    return (amount * rate).quantize(CENT)


def _wrong_state(line: BudgetLine, transition: Transition) -> ValidationError:
    if transition.name == "submit":
        return ValidationError(_("Dòng dự toán này đã được gửi thẩm định."))
    return ValidationError(_("Chỉ thẩm định được dòng dự toán đã gửi (hiện: %(status)s).")
                           % {"status": line.get_status_display()})


#: A line's way: the unit sends it, finance appraises it (an approved amount) or returns it with reasons.
BUDGET_FLOW = Workflow(BudgetLine, "status", [
    Transition("submit", source=(BudgetStatus.DRAFT, BudgetStatus.RETURNED), target=BudgetStatus.SUBMITTED,
               rule="budgets.submit_line", audit="budget_line.submit"),
    Transition("appraise", source=BudgetStatus.SUBMITTED, target=BudgetStatus.APPRAISED, rule="budgets.appraise",
               audit="budget_line.appraise", reason_field=""),
    Transition("return", source=BudgetStatus.SUBMITTED, target=BudgetStatus.RETURNED, rule="budgets.appraise",
               audit="budget_line.return", reason_required=True, reason_field="",
               reason_error_field="appraisal_comment", reason_message=gettext_lazy("Cần ghi lý do trả lại.")),
], audit_fields=LINE_FIELDS, select_related=("unit",), state_error=_wrong_state)


@transaction.atomic
def budget_line_save(*, actor: User, data: dict[str, Any], line: BudgetLine | None = None) -> BudgetLine:
    """Create or edit a draft (or returned) budget line."""
    unit = data.get("unit") or (line.unit if line else None)
    any_unit = may(actor, "budgets.file_for_any_unit")
    if not any_unit and actor.is_unit_member:
        unit = actor.unit  # units file only for themselves
    if unit is None and any_unit:
        raise ValidationError({"unit": _("Chưa chọn đơn vị lập dự toán.")})
    require(actor, "budgets.file_line", unit)
    if line is not None:
        require(actor, "budgets.edit_line", line)
        if not line.is_editable:
            raise ValidationError(_("Dòng dự toán đã gửi thẩm định, không sửa được."))
    currency = data.get("currency") or Currency.VND
    if currency not in Currency.values:
        raise ValidationError({"currency": _("Loại tiền “%(c)s” không được hỗ trợ.") % {"c": currency}})
    amount = _money(data.get("amount"), "amount", _("Số dự toán")).quantize(CENT)
    rate = _rate(currency, data.get("exchange_rate"))
    before = snapshot(line, LINE_FIELDS) if line else None
    line = line or BudgetLine(created_by=actor if getattr(actor, "pk", None) else None)
    task: Task | None = data.get("task")
    activity = data.get("activity")
    assert unit is not None  # only a unit member has no unit named, and it files for its own
    line.unit = unit
    line.year = data.get("year")  # type: ignore[assignment]  # a missing year is refused by full_clean below
    line.task, line.activity = task, activity
    line.plan = data.get("plan") or (task.plan if task else None) or (activity.plan if activity else None)
    line.title = (data.get("title") or (task.title if task else "") or (activity.title if activity else ""))[:500]
    line.source = data.get("source") or line.source
    line.currency, line.exchange_rate, line.amount = currency, rate, amount
    line.amount_vnd = to_vnd(amount, rate)
    if line.amount_vnd >= MONEY_LIMIT:
        raise ValidationError({"amount": _("Số dự toán quy đổi ra VND quá lớn.")})
    line.note = data.get("note", line.note) or ""
    if line.status == BudgetStatus.RETURNED:
        line.status = BudgetStatus.DRAFT
    line.full_clean()
    line.save()
    audit_log(actor=actor, action="budget_line.update" if before else "budget_line.create", obj=line,
              before=before, after=snapshot(line, LINE_FIELDS))
    return line


@transaction.atomic
def budget_line_submit(*, line: BudgetLine, actor: User) -> BudgetLine:
    require(actor, "budgets.submit_line", line)  # who, then the state
    if not line.is_editable:
        raise ValidationError(_("Dòng dự toán này đã được gửi thẩm định."))
    # The caller's own line moves (as before the flow): it is not re-read under a lock.
    return BUDGET_FLOW.apply(line, "submit", actor=actor, lock=False, message="")


@transaction.atomic
def budget_line_appraise(*, line: BudgetLine, actor: User, approved_amount: Any, comment: str = "",
                         returned: bool = False) -> BudgetLine:
    """Finance (Vụ Kế hoạch, Tài chính) appraises a submitted line: an approved amount, or a return with reasons."""
    require(actor, "budgets.appraise", line)
    if line.status != BudgetStatus.SUBMITTED:
        raise _wrong_state(line, BUDGET_FLOW["appraise"])
    extra: dict[str, Any] = {"appraisal_comment": (comment or "").strip(), "appraised_by": actor,
                             "appraised_at": timezone.now()}
    if returned:
        extra.update(approved_amount=None, approved_vnd=None)
    else:
        approved = _money(approved_amount, "approved_amount", _("Số được thẩm định")).quantize(CENT)
        extra.update(approved_amount=approved, approved_vnd=to_vnd(approved, line.exchange_rate))
    return BUDGET_FLOW.apply(line, "return" if returned else "appraise", actor=actor, reason=comment, extra=extra,
                             lock=False, message="")


@transaction.atomic
def budget_line_archive(*, line: BudgetLine, actor: User) -> BudgetLine:
    require(actor, "budgets.archive_line", line)
    before = snapshot(line, LINE_FIELDS)
    line.is_archived = True
    line.save(update_fields=["is_archived", "updated_at"])
    audit_log(actor=actor, action="budget_line.archive", obj=line, before=before, after=snapshot(line, LINE_FIELDS))
    return line


@transaction.atomic
def budget_spend_record(*, line: BudgetLine, actor: User, year: int, amount: Any, period_label: str = "",
                        note: str = "") -> BudgetSpend:
    """Record money spent on a line in a reporting period (in the line's currency and rate)."""
    require(actor, "budgets.report_spending", line)
    value = _money(amount, "amount", _("Số đã chi")).quantize(CENT)
    spend = BudgetSpend(line=line, year=year, period_label=(period_label or "")[:60], amount=value,
                        amount_vnd=to_vnd(value, line.exchange_rate), note=note or "",
                        reported_by=actor if getattr(actor, "pk", None) else None)
    spend.full_clean()
    spend.save()
    audit_log(actor=actor, action="budget_spend.record", obj=line, after=snapshot(spend))
    return spend


@transaction.atomic
def task_set_seeks_sponsorship(*, task: Task, actor: User, value: bool) -> Task:
    """Put a task on (or take it off) the list of projects calling for sponsorship."""
    require(actor, "budgets.toggle_sponsorship", task)
    before = {"seeks_sponsorship": task.seeks_sponsorship}
    if task.seeks_sponsorship != value:
        task.seeks_sponsorship = value
        task.save(update_fields=["seeks_sponsorship", "updated_at"])
        audit_log(actor=actor, action="task.seeks_sponsorship", obj=task, before=before,
                  after={"seeks_sponsorship": value})
    return task
