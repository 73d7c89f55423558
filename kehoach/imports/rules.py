"""The imports app's rule book (``kehoach.core.rules``): who reads plan documents in, reviews the drafts they
become and sees the scanned rows. The coordinating department (and administrators); the system too for
imports run from the command line or by the worker."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kehoach.core.permissions import is_manager
from kehoach.core.rules import rule
from kehoach.plans.choices import PlanStatus
from kehoach.plans.models import Plan


def may_review_import(user, plan) -> bool:
    """The review page of an imported (or hand-entered) draft: the coordinator, while it is a draft."""
    return is_manager(user) and plan.status == PlanStatus.DRAFT


rule("imports.import_document", is_manager, system=True, refusal=_("Chỉ đơn vị đầu mối mới được nhập kế hoạch."))
rule("imports.review_import", may_review_import, on=Plan, refusal=_("Chỉ đơn vị đầu mối mới được sửa bản nháp."))
rule("imports.see_scan_crop", is_manager, refusal=_("Chỉ đơn vị đầu mối mới được nhập kế hoạch."))
