"""Opting a published plan in to (or out of) the public progress page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kehoach.core.rules import require
from kehoach.core.services import audit_log
from kehoach.core.workflow import locked

from ..cache import plan_data_changed
from ..choices import PlanStatus
from ..models import Plan

if TYPE_CHECKING:
    from kehoach.accounts.models import User


@transaction.atomic
def plan_make_public(*, plan: Plan, actor: User, public: bool = True) -> Plan:
    """Show (or stop showing) a published plan's progress on /cong-khai/, signed out."""
    require(actor, "plans.make_public", plan)
    plan = locked(plan)
    if public and plan.status != PlanStatus.PUBLISHED:
        raise ValidationError(_("Chỉ công khai được kế hoạch đã ban hành vào hệ thống."))
    if bool(plan.public_at) == public:
        raise ValidationError(_("Kế hoạch đã được công khai.") if public else _("Kế hoạch chưa được công khai."))
    before = {"public_at": plan.public_at}
    plan.public_at = timezone.now() if public else None
    plan.full_clean(exclude=["source_file"])
    plan.save(update_fields=["public_at", "updated_at"])
    audit_log(actor=actor, action="plan.make_public" if public else "plan.make_private", obj=plan, before=before,
              after={"public_at": plan.public_at})
    plan_data_changed(plan.pk)
    return plan
