"""Text helpers for output strings.

``kehoach.core.text.clean`` also rewrites tone placement, and its pattern misfires on syllables with two
marks ("thuật" -> "thụât"); the parser must keep names exactly as written, so it only normalises
Unicode and spacing here and leaves tone handling to ``name_key`` comparisons.
"""

from __future__ import annotations

import re
import unicodedata

_WS = re.compile(r"[\s\u00a0\u2000-\u200b\u3000]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff\u200c-\u200f\u2028-\u202e]")


def clean(text: str | None) -> str:
    """NFC, no control characters, single spaces, stripped; safe on None."""
    if not text:
        return ""
    text = _CONTROL.sub(" ", unicodedata.normalize("NFC", str(text)))
    return _WS.sub(" ", text).strip()


def clean_line(text: str) -> str:
    """Like clean() for one line of a document."""
    return clean(text.replace("\n", " "))


def is_upper_start(word: str) -> bool:
    ch = word[:1]
    return ch.isupper() or ch.isdigit()


# Regex character classes for Vietnamese capital and small letters (a range such as À-Ỹ would also take
# in the small letters that Unicode places between the capitals).
UPPER = "A-ZÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝĂĐĨŨƠƯẠẢẤẦẨẪẬẮẰẲẴẶẸẺẼẾỀỂỄỆỈỊỌỎỐỒỔỖỘỚỜỞỠỢỤỦỨỪỬỮỰỲỴỶỸ"
LOWER = "a-zàáâãèéêìíòóôõùúýăđĩũơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"


def vre(pattern: str) -> str:
    """A regex with ``{U}`` / ``{L}`` standing for the capital / small letter classes."""
    return pattern.replace("{U}", UPPER).replace("{L}", LOWER)
