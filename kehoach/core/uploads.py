"""Uploaded files: the real type from the bytes, one size limit, safe names.

The limit is the one setting ``KEHOACH_UPLOAD_MAX_BYTES`` (plans, evidence, agreement files alike); the
importer's parser takes it as a parameter from its caller.
"""

from __future__ import annotations

import io
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


# -- Parsing by type (issue 15): the bytes are opened as the type they claim, with limits ------------------

#: Limits on what an upload may expand to; settings may lower or raise them.
LIMITS = {
    "KEHOACH_UPLOAD_MAX_PAGES": 2000,  # pages of a PDF
    "KEHOACH_UPLOAD_MAX_OBJECTS": 200_000,  # indirect objects of a PDF
    "KEHOACH_UPLOAD_MAX_EXPANDED_BYTES": 200 * 1024 * 1024,  # all PDF streams / zip members, decompressed
    "KEHOACH_UPLOAD_MAX_MEMBERS": 5000,  # members of a DOCX/XLSX/ZIP
    "KEHOACH_UPLOAD_MAX_RATIO": 100,  # decompressed / compressed, per zip member above 1 MB
}
#: PDF names that run something when the file is opened or clicked, or carry another file inside.
PDF_ACTIVE = {"JavaScript", "JS", "OpenAction", "AA", "Launch", "EmbeddedFile", "EmbeddedFiles", "RichMedia",
              "SubmitForm", "ImportData", "XFA"}
#: Office parts that are macros or ActiveX controls (a .docm/.xlsm renamed, or an added part).
OFFICE_ACTIVE = ("vbaproject.bin", "/activex/", "vbadata.xml")
ZIP_TYPES = (DOCX, XLSX, "application/zip")
_CHUNK = 1 << 16


def limit(name: str) -> int:
    return int(getattr(settings, name, LIMITS[name]))


class _Refused(Exception):
    """Internal: why an upload is refused (turned into a ValidationError naming the file)."""


def _read_all(upload) -> bytes:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def _pdf_names(value, depth=0):
    """Every name (key and name value) in a PDF object, without resolving references."""
    from pdfminer.psparser import PSLiteral

    if depth > 50:
        raise _Refused(_("cấu trúc lồng nhau quá sâu"))
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _pdf_names(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            yield from _pdf_names(item, depth + 1)
    elif isinstance(value, PSLiteral):
        yield value.name if isinstance(value.name, str) else value.name.decode("latin-1", "replace")


def _inflated_size(raw: bytes, budget: int) -> int:
    """How many bytes a Flate stream expands to, stopping (and refusing) past ``budget``."""
    import zlib

    inflater = zlib.decompressobj()
    size, data = 0, raw
    try:
        while data:
            out = inflater.decompress(data, _CHUNK)
            size += len(out)
            if size > budget:
                raise _Refused(_("nội dung giải nén vượt giới hạn"))
            data = inflater.unconsumed_tail
    except zlib.error:
        pass  # a broken stream is the reader's problem, not a bomb
    return size


def _check_pdf(data: bytes) -> None:
    """Open the PDF with pdfminer: page and object counts bounded, every stream's decompressed size bounded,
    no JavaScript, automatic action, launch, embedded file or form submission anywhere."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import PDFStream, resolve1

    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
    except Exception:  # noqa: BLE001 - pdfminer raises many types; any means "not a PDF we can open"
        raise _Refused(_("không mở được tệp PDF")) from None
    budget, objects = limit("KEHOACH_UPLOAD_MAX_EXPANDED_BYTES"), 0
    seen = set()
    try:
        pages = resolve1(resolve1(document.catalog.get("Pages")).get("Count", 0))
        if not isinstance(pages, int) or pages > limit("KEHOACH_UPLOAD_MAX_PAGES"):
            raise _Refused(_("quá nhiều trang"))
        for name in _pdf_names(document.catalog):
            if name in PDF_ACTIVE:
                raise _Refused(_("có nội dung tự chạy (%(name)s)") % {"name": name})
        for xref in document.xrefs:
            for objid in xref.get_objids():
                if objid in seen:
                    continue
                seen.add(objid)
                objects += 1
                if objects > limit("KEHOACH_UPLOAD_MAX_OBJECTS"):
                    raise _Refused(_("quá nhiều đối tượng"))
                try:
                    obj = document.getobj(objid)
                except Exception:  # noqa: BLE001 - a dangling entry of the cross-reference table
                    continue
                attrs = obj.attrs if isinstance(obj, PDFStream) else obj
                for name in _pdf_names(attrs):
                    if name in PDF_ACTIVE:
                        raise _Refused(_("có nội dung tự chạy (%(name)s)") % {"name": name})
                if isinstance(obj, PDFStream):
                    filters = obj.get_filters()
                    raw = obj.rawdata if obj.rawdata is not None else b""
                    names = [f[0].name if hasattr(f[0], "name") else str(f[0]) for f in filters]
                    budget -= _inflated_size(raw, budget) if "FlateDecode" in names or "Fl" in names else len(raw)
                    if budget < 0:
                        raise _Refused(_("nội dung giải nén vượt giới hạn"))
    except _Refused:
        raise
    except Exception:  # noqa: BLE001 - a structure pdfminer cannot walk is refused, not served
        raise _Refused(_("cấu trúc PDF không đọc được")) from None


def _check_zip(upload, kind: str) -> None:
    """Members bounded in number, names and expanded size (read for real, not as declared), each member's
    compression ratio bounded, no macro or ActiveX part; an Office file must carry its content types."""
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError):
        raise _Refused(_("không mở được tệp nén")) from None
    with archive:
        members = archive.infolist()
        if len(members) > limit("KEHOACH_UPLOAD_MAX_MEMBERS"):
            raise _Refused(_("quá nhiều tệp bên trong"))
        names = {m.filename for m in members}
        if kind in (DOCX, XLSX) and "[Content_Types].xml" not in names:
            raise _Refused(_("thiếu phần khai báo của tệp Office"))
        budget, ratio = limit("KEHOACH_UPLOAD_MAX_EXPANDED_BYTES"), limit("KEHOACH_UPLOAD_MAX_RATIO")
        for member in members:
            name = member.filename.replace("\\", "/")
            if name.startswith("/") or ".." in name.split("/") or ":" in name:
                raise _Refused(_("có tệp bên trong mang đường dẫn không an toàn"))
            if any(part in ("/" + name.lower()) for part in OFFICE_ACTIVE):
                raise _Refused(_("có macro hoặc điều khiển ActiveX"))
            if member.file_size > 1024 * 1024 and member.file_size > ratio * max(member.compress_size, 1):
                raise _Refused(_("tỉ lệ nén bất thường (nghi tệp nén bom)"))
            size = 0
            try:
                with archive.open(member) as stream:
                    while chunk := stream.read(_CHUNK):
                        size += len(chunk)
                        if size > budget or (size > 1024 * 1024 and size > ratio * max(member.compress_size, 1)):
                            raise _Refused(_("nội dung giải nén vượt giới hạn"))
            except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError):
                raise _Refused(_("tệp nén bị hỏng hoặc được mã hóa")) from None
            budget -= size
    upload.seek(0)


# Where each image format ends: nothing may follow (a file that is also a zip, PDF or script is refused).
_IMAGE_END = {PNG: b"IEND\xaeB`\x82", JPEG: b"\xff\xd9", GIF: b";"}


def _check_polyglot(data: bytes, kind: str, upload) -> None:
    """The bytes are one type only: a non-zip that is also a zip (an archive appended), a non-PDF with a PDF
    header in the first kilobyte (readers look there), an image with bytes after its end."""
    if kind not in ZIP_TYPES:
        upload.seek(0)
        is_zip = zipfile.is_zipfile(upload)
        upload.seek(0)
        if is_zip or b"PK\x05\x06" in data[-65_557:]:
            raise _Refused(_("đồng thời là một tệp nén"))
    if kind != PDF and b"%PDF-" in data[:1024]:
        raise _Refused(_("đồng thời là một tệp PDF"))
    end = _IMAGE_END.get(kind)
    if end is not None and not data.rstrip(b"\x00\r\n").endswith(end):
        raise _Refused(_("có dữ liệu lạ sau phần ảnh"))


def inspected_type(upload, *, field: str | None = None) -> str | None:
    """The upload's real type, after opening it as that type: ``None`` if the bytes are no accepted type;
    ValidationError (naming the file, the field if given) if it is one but unsafe — active content, a bomb,
    beyond the limits, or a polyglot."""
    kind = sniff(upload)
    if kind is None:
        return None
    try:
        data = _read_all(upload)
        _check_polyglot(data, kind, upload)
        if kind == PDF:
            _check_pdf(data)
        elif kind in ZIP_TYPES:
            _check_zip(upload, kind)
    except _Refused as why:
        message = _("Tệp “%(name)s” bị từ chối: %(reason)s.") % {"name": safe_name(upload.name), "reason": why}
        raise ValidationError({field: message} if field else message) from None
    finally:
        upload.seek(0)
    return kind
