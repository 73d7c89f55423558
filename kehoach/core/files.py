"""Serving stored files (evidence, generated documents, plan sources) without a 500 when one is missing."""

from __future__ import annotations

import logging

from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)


class MissingFile(Http404):
    """The database names a file the storage no longer has: a 404 page that says so in words."""


def stored_file_response(field_file, *, filename: str, content_type: str | None = None,
                         as_attachment: bool = True) -> FileResponse:
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, IsADirectoryError, ValueError):
        log.error("stored file missing: %s", getattr(field_file, "name", "?"))
        raise MissingFile(_("Không tìm thấy tệp “%(name)s” trên máy chủ: tệp đã bị mất hoặc chưa được khôi phục "
                            "từ bản sao lưu. Hãy báo quản trị hệ thống.") % {"name": filename}) from None
    return FileResponse(handle, as_attachment=as_attachment, filename=filename, content_type=content_type)
