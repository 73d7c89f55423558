"""Evidence files attached to a report's task entries."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kehoach.core.rules import require
from kehoach.core.services import audit_log
from kehoach.core.uploads import check_size, extension, inspected_type, safe_name

from ..models import Evidence, TaskReportEntry
from .reports import REPORT_FLOW

if TYPE_CHECKING:
    from kehoach.accounts.models import User

#: Evidence may be a PDF, an Office document or a picture; its bytes must say the same.
EXTENSIONS = {".pdf", ".docx", ".xlsx", ".png", ".jpg", ".jpeg", ".gif"}


@transaction.atomic
def evidence_add(*, entry: TaskReportEntry, actor: User, upload) -> Evidence:
    report = REPORT_FLOW.lock(entry.report)
    require(actor, "reporting.edit_report", report)
    name = safe_name(upload.name)
    check_size(upload)
    kind = inspected_type(upload) if extension(name) in EXTENSIONS else None  # opened as its type, with limits
    if kind is None:
        raise ValidationError(_("Tệp “%(name)s” không đúng định dạng cho phép (PDF, DOCX, XLSX, ảnh PNG/JPEG/GIF).")
                              % {"name": name})
    evidence = Evidence(entry=entry, file=upload, original_name=name, content_type=kind, size=upload.size,
                        uploaded_by=actor)
    evidence.full_clean()
    evidence.save()
    report.version += 1
    report.updated_by = actor
    report.save(update_fields=["version", "updated_by", "updated_at"])
    audit_log(actor=actor, action="reporting.evidence_add", obj=evidence,
              after={"name": name, "size": upload.size, "type": kind})
    return evidence


@transaction.atomic
def evidence_remove(*, evidence: Evidence, actor: User) -> Evidence:
    report = REPORT_FLOW.lock(evidence.entry.report)
    require(actor, "reporting.edit_report", report)
    evidence.is_archived = True  # no hard delete: the file stays for the audit trail
    evidence.save(update_fields=["is_archived"])
    audit_log(actor=actor, action="reporting.evidence_remove", obj=evidence, before={"is_archived": False},
              after={"is_archived": True})
    return evidence
