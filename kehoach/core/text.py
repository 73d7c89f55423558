"""Vietnamese text normalisation shared by the importer, name matching and search.

Three levels, from strict to loose:
- ``clean``: NFC, collapse whitespace; what we store and show.
- ``name_key``: also case-folded, punctuation-insensitive, one tone placement (hoá = hóa, thuỷ = thủy);
  two unit names with the same key are the same unit.
- ``fold``: also without diacritics (đ -> d); what search compares, so ``hop tac`` finds ``hợp tác``.
"""

from __future__ import annotations

import re
import unicodedata

# Combining tone marks: grave, acute, tilde, hook above, dot below.
TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
# Old-style placement puts the tone on the second vowel of oa/oe/uy at the end of a syllable
# (hoá, khoẻ, thuỷ); the new style puts it on the first (hóa, khỏe, thủy). We store the new style.
# The syllable must end after the mark: "thuận" (u, a, dot below, circumflex, n) is not old style.
_OLD_STYLE_TONE = re.compile(rf"(?<![qQ])([oOuU])([aAeEyY])([{TONE_MARKS}])(?![\w\u0300-\u036f])")
_WHITESPACE = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^\w]+")


def clean(text: str | None) -> str:
    """NFC with single spaces, new-style tone placement; safe on None."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", str(text)).replace("\u00a0", " ").replace("\ufeff", "")
    return _WHITESPACE.sub(" ", canonical_tone(text)).strip()


def canonical_tone(text: str) -> str:
    """Rewrite old-style tone placement (hoá, thuỷ) as new style (hóa, thủy)."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", _OLD_STYLE_TONE.sub(r"\1\3\2", decomposed))


def name_key(text: str | None) -> str:
    """Key under which two spellings of one name compare equal (case, spacing, punctuation, tone placement)."""
    if not text:
        return ""
    text = canonical_tone(unicodedata.normalize("NFC", str(text)).casefold())
    return " ".join(_NON_WORD.sub(" ", text).split())


def fold(text: str | None) -> str:
    """Lower-case text without diacritics, for search that ignores accents."""
    if not text:
        return ""
    text = unicodedata.normalize("NFD", str(text).casefold().replace("đ", "d"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(_NON_WORD.sub(" ", text).split())
