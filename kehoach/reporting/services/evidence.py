"""Evidence files attached to a report's task entries."""

from __future__ import annotations

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kehoach.core.permissions import require
from kehoach.core.services import audit_log

from ..models import Evidence, TaskReportEntry
from .permissions import can_edit
from .reports import _locked_report

SNIFF = {
    "application/pdf": (b"%PDF-",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/gif": (b"GIF87a", b"GIF89a"),
}
EXTENSIONS = {".pdf", ".docx", ".xlsx", ".png", ".jpg", ".jpeg", ".gif"}


def sniff_content_type(head: bytes, data_file) -> str | None:
    """The file's real type from its bytes: PDF, PNG, JPEG, GIF, or an Office Open XML (DOCX/XLSX) zip."""
    for kind, magics in SNIFF.items():
        if any(head.startswith(m) for m in magics):
            return kind
    if head.startswith(b"PK\x03\x04"):
        try:
            data_file.seek(0)
            names = set(zipfile.ZipFile(data_file).namelist())
        except zipfile.BadZipFile:
            return None
        finally:
            data_file.seek(0)
        if "word/document.xml" in names:
            return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        if "xl/workbook.xml" in names:
            return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return None


@transaction.atomic
def evidence_add(*, entry: TaskReportEntry, actor, upload) -> Evidence:
    report = _locked_report(entry.report)
    require(can_edit(actor, report), _("Bạn không được sửa báo cáo này."))
    name = str(upload.name)
    limit = settings.KEHOACH_UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(_("Tệp “%(name)s” quá lớn (%(size)s MB); tối đa %(limit)s MB.")
                              % {"name": name, "size": round(upload.size / 1048576, 1),
                                 "limit": round(limit / 1048576, 1)})
    ext = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    upload.seek(0)
    head = upload.read(16)
    kind = sniff_content_type(head, upload) if ext in EXTENSIONS else None
    if kind is None:
        raise ValidationError(_("Tệp “%(name)s” không đúng định dạng cho phép (PDF, DOCX, XLSX, ảnh PNG/JPEG/GIF).")
                              % {"name": name})
    upload.seek(0)
    evidence = Evidence(entry=entry, file=upload, original_name=name[:255], content_type=kind, size=upload.size,
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
def evidence_remove(*, evidence: Evidence, actor) -> Evidence:
    report = _locked_report(evidence.entry.report)
    require(can_edit(actor, report), _("Bạn không được sửa báo cáo này."))
    evidence.is_archived = True  # no hard delete: the file stays for the audit trail
    evidence.save(update_fields=["is_archived"])
    audit_log(actor=actor, action="reporting.evidence_remove", obj=evidence, before={"is_archived": False},
              after={"is_archived": True})
    return evidence
