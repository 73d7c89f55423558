"""documents selectors: the documents a user may see, and the periods and units whose documents they may ask for.

The specs the renderers draw (plan, consolidated report, unit report, urging letter, matrix) are built in
``documents/specs/``; their names are re-exported here for callers that know them as selectors.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from kehoach.core import visibility
from kehoach.core.rules import may
from kehoach.core.selectors import get_object_or_404
from kehoach.organizations.models import Organization
from kehoach.plans.models import Plan
from kehoach.plans.selectors import plans_visible_to
from kehoach.reporting.models import Obligation
from kehoach.reporting.selectors import period_get as reporting_period_get
from kehoach.reporting.selectors import reports_visible_to

from .choices import PLAN_EXPORT_KINDS, DocumentKind
from .models import GeneratedDocument, SignatureProfile
from .specs.addressees import plan_addressees, recipients_for  # noqa: F401  (re-exported)
from .specs.period import (  # noqa: F401  (re-exported)
    PeriodFacts,
    consolidation_draft,
    merged_texts,
    period_facts,
    period_inputs,
    period_matrix_sheet,
    period_owed,
    period_report_inputs,
    period_unit_report_spec,
    period_urging_spec,
    plan_default_addressees,
    task_sources,
)
from .specs.plan import (  # noqa: F401  (re-exported)
    DEFAULT_RECIPIENTS,
    ROLE_LABELS,
    PeriodInputs,
    UnitInputs,
    activities_sheet,
    consolidated_spec,
    issuer_for,
    plan_spec,
    plan_task_rows,
    plan_tasks_sheet,
    signer_for,
    task_row,
    unit_report_spec,
    unit_tasks_in_plan,
    urging_spec,
)

if TYPE_CHECKING:
    from kehoach.accounts.models import User


def signature_profiles() -> QuerySet[SignatureProfile]:
    return SignatureProfile.objects.select_related("organization").order_by("organization__name")


@visibility.register("documents.generateddocument")
def documents_visible_to(user: User) -> QuerySet[GeneratedDocument]:
    """Plan exports for anyone who may see the plan; a unit's report for that unit, the coordinator and
    leadership; period-wide documents (consolidated report, urging letter, matrix) for the last two only.

    Another unit's report print follows the draft rule: only a print made once the report had been sent (and
    is visible to the user); a print the unit made of its draft stays the unit's."""
    qs = GeneratedDocument.objects.filter(plan__in=plans_visible_to(user))
    own_unit = Q(kind=DocumentKind.UNIT_REPORT, unit_id=user.unit_id) if user.unit_id else Q(pk__in=[])
    if may(user, "documents.read_every_unit"):
        sent_before = reports_visible_to(user).filter(period_id=OuterRef("period_id"), unit_id=OuterRef("unit_id"),
                                                      first_submitted_at__lte=OuterRef("created_at"))
        return qs.filter(~Q(kind=DocumentKind.UNIT_REPORT) | own_unit | Q(period__isnull=True)
                         | Q(Exists(sent_before)))
    return qs.filter(Q(kind__in=PLAN_EXPORT_KINDS) | own_unit)


def document_get(user: User, pk) -> GeneratedDocument:
    return get_object_or_404(documents_visible_to(user).select_related("plan", "unit", "created_by"), pk=pk)


def plan_documents(user: User, plan: Plan, *, limit: int = 10) -> list[GeneratedDocument]:
    """The latest documents of a plan the user may see (one query)."""
    return list(documents_visible_to(user).filter(plan=plan).select_related("created_by")[:limit])


def period_get(user: User, pk):
    """A period the user may see (the reporting app's rule: units only where they owe something), else 404."""
    period = reporting_period_get(user, pk)
    return period


def unit_for_report_get(user: User, period, unit_pk) -> Organization:
    """A unit whose report in ``period`` the user may read: their own unit, or any for the coordinator and
    leadership; a unit with nothing to report in the period is 404 too."""
    may_see_all = may(user, "documents.read_every_unit")
    try:
        unit_pk = int(unit_pk)
    except (TypeError, ValueError):
        raise Http404 from None
    if not may_see_all and unit_pk != user.unit_id:
        raise Http404
    if not Obligation.objects.filter(period=period, unit_id=unit_pk).exists():
        raise Http404
    if unit_pk != user.unit_id and not reports_visible_to(user).filter(period=period, unit_id=unit_pk).exists():
        raise Http404  # another unit's report that was never sent is that unit's draft
    return Organization.objects.select_related("parent").get(pk=unit_pk)


def period_units_for(user: User, period) -> list[Organization]:
    """Units with something to report in the period whose report the user may read (one query)."""
    unit_ids = Obligation.objects.filter(period=period).values("unit_id")
    qs = Organization.objects.filter(pk__in=unit_ids)
    if not may(user, "documents.read_every_unit"):
        qs = qs.filter(pk=user.unit_id) if user.unit_id else qs.none()
    else:  # other units only once their report was sent (the draft rule)
        sent = reports_visible_to(user).filter(period=period).values("unit_id")
        qs = qs.filter(Q(pk__in=sent) | Q(pk=user.unit_id) if user.unit_id else Q(pk__in=sent))
    return list(qs.order_by("position", "name"))
