"""Uploaded files: the real type from the bytes, one size limit, safe names.

The limit is the one setting ``KEHOACH_UPLOAD_MAX_BYTES`` (plans, evidence, agreement files alike); the
importer's parser takes it as a parameter from its caller.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from pathlib import PurePosixPath, PureWindowsPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PNG, JPEG, GIF = "image/png", "image/jpeg", "image/gif"

#: What each extension must really be.
EXTENSION_TYPES = {".pdf": PDF, ".docx": DOCX, ".xlsx": XLSX, ".png": PNG, ".jpg": JPEG, ".jpeg": JPEG,
                   ".gif": GIF}

SNIFF = {
    PDF: (b"%PDF-",),
    PNG: (b"\x89PNG\r\n\x1a\n",),
    JPEG: (b"\xff\xd8\xff",),
    GIF: (b"GIF87a", b"GIF89a"),
}

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def max_upload_bytes() -> int:
    return settings.KEHOACH_UPLOAD_MAX_BYTES


def megabytes(n: int) -> str:
    """Bytes as the MB the setting means (20 * 1024 * 1024 -> "20"; 1.5 MiB -> "1,5" in Vietnamese)."""
    value = round(n / 1048576, 1)
    return number_format(value, decimal_pos=0 if value == int(value) else 1, use_l10n=True)


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
            return DOCX
        if "xl/workbook.xml" in names:
            return XLSX
    return None


def sniff(upload) -> str | None:
    """The upload's real type (its first bytes, and for a zip its contents); the file is left at the start."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    return sniff_content_type(head, upload)


def extension(name: str) -> str:
    return ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""


def check_size(upload, *, field: str | None = None) -> None:
    """Refuse a file over the upload limit, naming it and the limit."""
    limit = max_upload_bytes()
    if upload.size > limit:
        message = _("Tệp “%(name)s” quá lớn (%(size)s MB); tối đa %(limit)s MB.") % {
            "name": upload.name, "size": megabytes(upload.size), "limit": megabytes(limit)}
        raise ValidationError({field: message} if field else message)


def safe_name(name: str, *, max_length: int = 255) -> str:
    """A file name fit to store and show: no folders, no control characters, NFC, at most ``max_length``
    characters (the extension kept)."""
    name = PureWindowsPath(PurePosixPath(str(name)).name).name
    name = _CONTROL.sub("", unicodedata.normalize("NFC", name)).strip() or "file"
    if len(name) > max_length:
        ext = extension(name)[:16]
        name = name[:max_length - len(ext)] + ext
    return name
