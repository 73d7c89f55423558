"""The optional OCR dependencies (``pip install 'kehoach[ocr]'``) and Debian's tesseract language data.

Nothing is downloaded at run time: ``tesserocr`` brings the engine, the ``vie`` and ``osd`` models come
from the system package ``tesseract-ocr-vie`` (or ``$TESSDATA_PREFIX``).
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from ..errors import ImportRejected

_TESSDATA = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
)


def missing_extra(what: str) -> ImportRejected:
    return ImportRejected(
        "ocr_unavailable",
        "Tệp là bản quét (ảnh, không có lớp chữ) — máy chủ chưa cài phần nhận dạng ký tự (OCR): "
        f"cần cài gói mở rộng “kehoach[ocr]” (pip install 'kehoach[ocr]') và tesseract-ocr-vie ({what}).",
        f"The file is a scan; OCR is not installed on the server: install the extra 'kehoach[ocr]' "
        f"(pip install 'kehoach[ocr]') and tesseract-ocr-vie ({what}).",
    )


@lru_cache(maxsize=1)
def tessdata() -> str | None:
    """The folder holding vie.traineddata, or None."""
    candidates = [os.environ.get("TESSDATA_PREFIX", "")] + list(_TESSDATA)
    for folder in candidates:
        if folder and (Path(folder) / "vie.traineddata").is_file():
            return str(Path(folder)) + "/"
    return None


def problem() -> str | None:
    """What is missing for OCR, or None when a scan can be read."""
    try:
        import cv2  # noqa: F401
        import numpy  # noqa: F401
        import tesserocr  # noqa: F401
    except ImportError as exc:
        return f"thiếu {exc.name or 'tesserocr/opencv'}"
    if tessdata() is None:
        return "thiếu dữ liệu tiếng Việt vie.traineddata"
    return None


def available() -> bool:
    return problem() is None


def require() -> None:
    why = problem()
    if why:
        raise missing_extra(why)
