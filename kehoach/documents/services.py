"""documents services: generate and store official documents and exports; keep the signature profiles."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kehoach.core.rules import require
from kehoach.core.services import audit_log, snapshot
from kehoach.core.text import fold
from kehoach.core.workflow import locked
from kehoach.organizations.models import Organization
from kehoach.plans.export import plan_to_gold
from kehoach.plans.models import Plan
from kehoach.reporting.models import ReportingPeriod, UnitReport
from kehoach.reporting.selectors import urging_letter_data
from kehoach.reporting.services import urging_record

from . import jobs, selectors
from .choices import PLAN_EXPORT_KINDS, DocumentKind, DocumentStatus, GroupBy
from .models import ConsolidationDraft, GeneratedDocument, SignatureProfile
from .render import composers, sheets

if TYPE_CHECKING:
    from kehoach.accounts.models import User

log = logging.getLogger(__name__)


# -- building the bytes ----------------------------------------------------------------------------------------


def _plan_json(plan: Plan) -> bytes:
    return json.dumps(plan_to_gold(plan), ensure_ascii=False, indent=2).encode("utf-8")


#: Plan exports: kind -> builder(plan) -> bytes. Reporting kinds are added once the reporting app exists.
PLAN_BUILDERS: dict[str, Callable[[Plan], bytes]] = {
    DocumentKind.PLAN_DOCX: lambda plan: composers.plan_document(selectors.plan_spec(plan)),
    DocumentKind.PLAN_XLSX: lambda plan: sheets.plan_tasks_xlsx(selectors.plan_tasks_sheet(plan)),
    DocumentKind.ACTIVITIES_XLSX: lambda plan: sheets.activities_xlsx(selectors.activities_sheet(plan)),
    DocumentKind.PLAN_JSON: _plan_json,
}


def _consolidated(document: GeneratedDocument) -> bytes:
    inputs = selectors.period_inputs(document.plan, document.period_id)
    spec = selectors.consolidated_spec(document.plan, grouping=document.options.get("grouping", GroupBy.GROUP),
                                       inputs=inputs)
    return composers.consolidated_report(spec)


#: Documents that need more than the plan: kind -> builder(document) -> bytes.
def _needs_period(document: GeneratedDocument):
    if document.period is None:
        raise ValidationError(_("Văn bản này cần một kỳ báo cáo."))
    return document.period


def _unit_report(document: GeneratedDocument) -> bytes:
    if document.unit is None:
        raise ValidationError(_("Chưa chọn đơn vị."))
    return composers.unit_report(selectors.period_unit_report_spec(_needs_period(document), document.unit))


DOCUMENT_BUILDERS: dict[str, Callable[[GeneratedDocument], bytes]] = {
    DocumentKind.CONSOLIDATED_REPORT: _consolidated,
    DocumentKind.UNIT_REPORT: _unit_report,
    DocumentKind.URGING_LETTER: lambda d: composers.urging_letter(selectors.period_urging_spec(
        _needs_period(d), rounds=d.options.get("rounds"))),
    DocumentKind.MATRIX_XLSX: lambda d: sheets.period_matrix_xlsx(selectors.period_matrix_sheet(_needs_period(d))),
}


def document_bytes(document: GeneratedDocument) -> bytes:
    """Render the file a document row describes, from the database as it is now."""
    if document.kind in DOCUMENT_BUILDERS:
        return DOCUMENT_BUILDERS[document.kind](document)
    builder = PLAN_BUILDERS.get(document.kind)
    if builder is None:
        raise ValidationError(_("Chưa hỗ trợ tạo loại văn bản “%(kind)s”.") % {"kind": document.get_kind_display()})
    return builder(document.plan)


def _filename(document: GeneratedDocument) -> str:
    # ASCII, short and stable: "ke-hoach-12-plan_docx-v3.docx"; the plan title goes in the Content-Disposition.
    slug = re.sub(r"[^a-z0-9]+", "-", fold(document.plan.title or "").lower()).strip("-")[:40] or "ke-hoach"
    unit = f"-u{document.unit_id}" if document.unit_id else ""
    period = f"-k{document.period_id}" if document.period_id else ""
    return f"{slug}-{document.plan_id}{period}{unit}-{document.kind}-v{document.version}.{document.extension}"


# -- requesting and running a generation -----------------------------------------------------------------------


def _check_may_request(actor, plan: Plan, kind: str, unit: Organization | None, period_id: int | None = None) -> None:
    if actor is None:  # the CLI runs as the system
        return
    require(actor, "documents.export_plan", plan)
    if kind in PLAN_EXPORT_KINDS:
        return
    if kind == DocumentKind.UNIT_REPORT and unit is not None:
        report = UnitReport.objects.filter(period_id=period_id, unit=unit).first() if period_id else None
        if period_id and actor.unit_id != unit.pk:
            # The draft rule: another unit's report is printed only once it was sent.
            require(actor, "documents.read_sent_report", report)
        # A unit prints its own report; the coordinator and leadership any unit's (also one not yet made).
        require(actor, "documents.generate_report", report or UnitReport(unit=unit))
        return
    require(actor, "documents.generate_period_documents")


def document_request(*, actor: User | None, plan: Plan, kind: str, unit: Organization | None = None,
                     period_id: int | None = None, options: dict | None = None,
                     enqueue: bool = True) -> GeneratedDocument:
    """Record a new version of a document to generate and queue the background job that renders it."""
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": _("Loại văn bản không hợp lệ.")})
    _check_may_request(actor, plan, kind, unit, period_id)
    scope = GeneratedDocument.scope_for(plan.pk, period_id, unit.pk if unit else None)
    with transaction.atomic():
        # Lock the plan row so two requests at once cannot take the same version number.
        locked(plan)
        last = GeneratedDocument.objects.filter(kind=kind, scope=scope).aggregate(v=Max("version"))["v"] or 0
        document = GeneratedDocument(kind=kind, plan=plan, unit=unit, period_id=period_id, scope=scope,
                                     version=last + 1, options=options or {},
                                     created_by=actor if getattr(actor, "is_authenticated", False) else None)
        document.full_clean()
        document.save()
        audit_log(actor=actor, action="document_request", obj=document,
                  after=snapshot(document, ["kind", "plan_id", "unit_id", "period_id", "version", "options"]),
                  message=_("Yêu cầu tạo %(kind)s") % {"kind": document.get_kind_display()})
        if enqueue:
            pk = document.pk
            transaction.on_commit(lambda: jobs.generate_document.enqueue(pk))
    return document


def document_generate(*, document_id: int) -> GeneratedDocument:
    """Render and store a queued document (the background job; also called directly by the CLI).

    Claims the row with a conditional update so two workers never render the same document twice.
    """
    claimed = GeneratedDocument.objects.filter(pk=document_id, status=DocumentStatus.QUEUED).update(
        status=DocumentStatus.RUNNING, updated_at=timezone.now())
    document = GeneratedDocument.objects.select_related("plan", "unit").get(pk=document_id)
    if not claimed:
        return document
    try:
        data = document_bytes(document)
    except Exception as exc:  # noqa: BLE001 - any failure is shown on the page instead of a stuck job
        log.exception("document %s failed", document_id)
        message = "; ".join(exc.messages) if isinstance(exc, ValidationError) else _(
            "Không tạo được văn bản (%(error)s).") % {"error": exc.__class__.__name__}
        with transaction.atomic():
            GeneratedDocument.objects.filter(pk=document_id).update(status=DocumentStatus.FAILED, message=message,
                                                                    updated_at=timezone.now())
            document.refresh_from_db()
            audit_log(actor=None, action="document_failed", obj=document, message=message)
        return document
    with transaction.atomic():
        document.filename = _filename(document)
        document.file.save(document.filename, ContentFile(data), save=False)
        document.size = len(data)
        document.status = DocumentStatus.DONE
        document.message = ""
        document.save(update_fields=["file", "filename", "size", "status", "message", "updated_at"])
        audit_log(actor=None, action="document_generated", obj=document,
                  after=snapshot(document, ["status", "filename", "size"]))
    return document


@transaction.atomic
def document_requeue(*, document_id: int) -> None:
    """The generation is to run again (its worker died, or an administrator asked): back to "queued"."""
    document = GeneratedDocument.objects.select_for_update().filter(pk=document_id).exclude(
        status=DocumentStatus.DONE).first()
    if document is None:
        return
    before = {"status": document.status}
    document.status, document.message = DocumentStatus.QUEUED, ""
    document.save(update_fields=["status", "message", "updated_at"])
    audit_log(actor=None, action="document_requeue", obj=document, before=before, after={"status": document.status})


@transaction.atomic
def document_fail(*, document_id: int, message: str) -> None:
    """The generation cannot finish (its worker died for the last time, or it raised): say so on the page."""
    document = GeneratedDocument.objects.select_for_update().filter(pk=document_id).exclude(
        status=DocumentStatus.DONE).first()
    if document is None:
        return
    before = {"status": document.status}
    document.status, document.message = DocumentStatus.FAILED, message
    document.save(update_fields=["status", "message", "updated_at"])
    audit_log(actor=None, action="document_failed", obj=document, before=before, after={"status": document.status},
              message=message)


def document_generate_now(*, actor: User, plan: Plan, kind: str, unit: Organization | None = None,
                          period_id: int | None = None, options: dict | None = None) -> GeneratedDocument:
    """The synchronous path (CLI): record the version and render it at once."""
    document = document_request(actor=actor, plan=plan, kind=kind, unit=unit, period_id=period_id,
                                options=options, enqueue=False)
    return document_generate(document_id=document.pk)


# -- the consolidated report ----------------------------------------------------------------------------------


def consolidation_draft_save(*, actor: User | None, plan: Plan, period_id: int | None = None, grouping: str = GroupBy.GROUP,
                             difficulties: str = "", proposals: str = "", task_texts: dict | None = None,
                             kinh_gui: str | None = None, recipients: str | None = None,
                             signer: SignatureProfile | None = None) -> ConsolidationDraft:
    """Store the coordinator's edited texts for a consolidated report: grouping, difficulties and proposals,
    each task's consolidated wording (by task lineage) and the addressees and Nơi nhận of this document."""
    require(actor, "documents.draft_consolidated")
    fields = ["grouping", "difficulties", "proposals", "task_texts", "kinh_gui", "recipients", "signer_id"]
    with transaction.atomic():
        draft = selectors.consolidation_draft(plan, period_id)
        if draft.pk:
            draft = locked(draft)
        before = snapshot(draft, fields) if draft.pk else None
        draft.grouping, draft.difficulties, draft.proposals = grouping, difficulties.strip(), proposals.strip()
        if task_texts is not None:
            texts = dict(draft.task_texts or {})
            for lineage, text in task_texts.items():
                texts[str(lineage)] = str(text or "").strip()[:20000]
            draft.task_texts = texts
        if kinh_gui is not None:
            draft.kinh_gui = kinh_gui.strip()
        if recipients is not None:
            draft.recipients = recipients.strip()
        if signer is not None and plan.coordinator_id and signer.organization_id != plan.coordinator_id:
            raise ValidationError({"signer": _("Người ký phải thuộc đơn vị đầu mối của kế hoạch.")})
        draft.signer = signer
        draft.updated_by = actor if getattr(actor, "is_authenticated", False) else None
        draft.full_clean()
        draft.save()
        audit_log(actor=actor, action="consolidation_draft_save", obj=draft, before=before,
                  after=snapshot(draft, fields))
    return draft


def consolidated_request(*, actor: User, plan: Plan, period_id: int | None = None, grouping: str | None = None,
                         enqueue: bool = True) -> GeneratedDocument:
    """Queue a new version of the consolidated report (grouping: as asked, else the draft's)."""
    grouping = grouping or selectors.consolidation_draft(plan, period_id).grouping
    if grouping not in GroupBy.values:
        raise ValidationError({"grouping": _("Cách trình bày không hợp lệ.")})
    return document_request(actor=actor, plan=plan, kind=DocumentKind.CONSOLIDATED_REPORT, period_id=period_id,
                            options={"grouping": grouping}, enqueue=enqueue)


def period_document_request(*, actor: User, period, kind: str, unit: Organization | None = None,
                            grouping: str | None = None, enqueue: bool = True) -> GeneratedDocument:
    """Queue a period document: the consolidated report, a unit's report, the urging letter or the matrix."""
    if kind == DocumentKind.CONSOLIDATED_REPORT:
        return consolidated_request(actor=actor, plan=period.plan, period_id=period.pk, grouping=grouping,
                                    enqueue=enqueue)
    if kind not in (DocumentKind.UNIT_REPORT, DocumentKind.URGING_LETTER, DocumentKind.MATRIX_XLSX):
        raise ValidationError({"kind": _("Loại văn bản không hợp lệ.")})
    if kind == DocumentKind.UNIT_REPORT and unit is None:
        raise ValidationError({"unit": _("Chưa chọn đơn vị.")})
    options = None
    if kind == DocumentKind.URGING_LETTER:
        # Each letter is one more urging of the units it names: the count is stored, so "lần N" is real.
        owed = [u["unit_id"] for u in urging_letter_data(period)["units"]]
        options = {"rounds": {str(k): v for k, v in urging_record(period=period, unit_ids=owed, actor=actor).items()}}
    return document_request(actor=actor, plan=period.plan, kind=kind, period_id=period.pk,
                            unit=unit if kind == DocumentKind.UNIT_REPORT else None, enqueue=enqueue,
                            options=options)


# -- signature profiles ----------------------------------------------------------------------------------------


AUTHORITY_MARKS = ("TM.", "KT.", "TL.", "TUQ.", "Q.")


def check_authority(authority: str, title: str) -> None:
    """Decree 30's signing marks: an authority line starts with TM., KT., TL., TUQ. or Q.; a deputy (Phó …)
    signs on behalf of the head, so his block starts with "KT."."""
    authority, title = " ".join(authority.split()), " ".join(title.split())
    if authority and not authority.upper().startswith(AUTHORITY_MARKS):
        raise ValidationError({"authority": _("Thẩm quyền ký phải bắt đầu bằng TM., KT., TL., TUQ. hoặc Q. (đã "
                                              "nhập “%(value)s”).") % {"value": authority}})
    if title.upper().startswith("PHÓ") and not authority.upper().startswith("KT."):
        raise ValidationError({"authority": _("Cấp phó ký thay cấp trưởng: thẩm quyền ký phải bắt đầu bằng “KT.” "
                                              "(ví dụ KT. CỤC TRƯỞNG).")})


def signature_profile_set(*, actor: User | None, organization: Organization, authority: str = "", title: str = "",
                          name: str = "", is_default: bool = True) -> SignatureProfile:
    """Set who signs the documents an organisation issues (coordinator only): the default signer is replaced;
    ``is_default=False`` adds another signer (a deputy, an acting head) to pick per document."""
    require(actor, "documents.edit_signers")
    check_authority(authority, title)
    with transaction.atomic():
        profile = None
        if is_default:
            profile = SignatureProfile.objects.select_for_update().filter(organization=organization,
                                                                          is_default=True).first()
        before = snapshot(profile, ["authority", "title", "name"]) if profile else None
        profile = profile or SignatureProfile(organization=organization, is_default=is_default)
        profile.authority, profile.title, profile.name = authority.strip(), title.strip(), name.strip()
        profile.full_clean()
        profile.save()
        audit_log(actor=actor, action="signature_profile_set", obj=profile, before=before,
                  after=snapshot(profile, ["authority", "title", "name"]))
    return profile


# -- the urging letter ---------------------------------------------------------------------------------------


def urging_letter_bytes(*, period: ReportingPeriod, actor: User | None, today: dt.date | None = None) -> bytes:
    """The urging letter (công văn đôn đốc) to the late units; the same spec the documents app stores."""
    require(actor, "reporting.write_urging", period)
    owed = [u["unit_id"] for u in urging_letter_data(period)["units"]]
    rounds = urging_record(period=period, unit_ids=owed, actor=actor)
    spec = selectors.period_urging_spec(period, today=today or timezone.localdate(), rounds=rounds)
    content = composers.urging_letter(spec)
    if actor is not None:
        audit_log(actor=actor, action="reporting.urging_letter", obj=period,
                  message=", ".join(u.name for u in spec.units))
    return content
