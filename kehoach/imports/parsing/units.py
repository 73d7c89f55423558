"""Splitting cells that list units, partners or products, and the unit registry."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from kehoach.core.text import canonical_tone, name_key

from .textutil import clean

# How Vietnamese unit names begin (lower-case with diacritics: folding would confuse Bản/Ban, Số/Sở).
UNIT_PREFIXES = sorted(
    (
        "ban|báo|bảo tàng|bộ|bộ chỉ huy|bộ tư lệnh|chi cục|các|công an|công ty|cơ quan|cục|hiệp hội|huyện ủy|"
        "hãng phim|hđnd|học viện|hội|liên hiệp|liên đoàn|mặt trận|nhà hát|nhà thi đấu|nhà văn hóa|"
        "nhà xuất bản|những|phòng|quỹ|sở|thanh tra|thành uỷ|thành ủy|thư viện|toàn thể|trung tâm|trường|"
        "ttxvn|tạp chí|tỉnh uỷ|tỉnh ủy|tổng công ty|tổng cục|tổng lãnh sự quán|ubmttq|ubnd|uỷ ban|viện|vov|"
        "vtv|văn phòng|vụ|đoàn|đài|đơn vị|đại học|đại sứ quán|đảng uỷ|đảng ủy|ủy ban"
    ).split("|"),
    key=len,
    reverse=True,
)
# Common phrases that begin like a unit name but are not one ("Báo cáo" is a report, not a newspaper).
_NOT_UNITS = tuple(
    (
        "báo cáo|hội nghị|hội thảo|hội chợ|hội thi|hội diễn|hội nhập|ban hành|sở hữu|bộ tiêu chí|bộ công cụ|"
        "bộ dữ liệu|bộ sưu tập|các hoạt động|các nhiệm vụ|phòng chống|phòng, chống|phòng ngừa|đoàn kết|"
        "đài tưởng niệm|quỹ đất|các nội dung|các chương trình|các sự kiện|các văn bản|những nội dung"
    ).split("|")
)
# Prefixes that, met inside a name after a plain space, mean a second unit started (no separator).
STRONG_PREFIXES = set(
    (
        "ban|bảo tàng|các|cục|học viện|nhà hát|sở|thanh tra|trung tâm|trường|tổng cục|ubnd|uỷ ban|viện|"
        "văn phòng|vụ|ủy ban"
    ).split("|")
)
_GENERIC_START = {"các", "những", "toàn thể"}
# Words that begin unit names but also end them ("Cục Văn hóa cơ sở, Gia đình và Thư viện"): they never
# start a second unit after a comma or "và" by themselves.
_WEAK_PREFIXES = {"thư viện", "nhà văn hóa", "nhà thi đấu", "quỹ", "phòng"}


@lru_cache(maxsize=65536)
def _lower(text: str) -> str:
    return canonical_tone(
        " ".join(re.sub(r"[^\w]+", " ", unicodedata.normalize("NFC", text).lower()).split())
    )


@lru_cache(maxsize=65536)
def unit_prefix(text: str) -> str | None:
    """The unit-name prefix a piece starts with, if any (``Cục``, ``Trung tâm``, ``Các`` …)."""
    key = _lower(text)
    if any(key == n or key.startswith(n + " ") for n in _NOT_UNITS):
        return None
    for p in UNIT_PREFIXES:
        if key == p or key.startswith(p + " "):
            return p
    return None


def starts_unit(piece: str, registry: UnitRegistry | None = None, splitting: bool = False) -> bool:
    piece = piece.strip()
    if not piece:
        return False
    if registry is not None and registry.match_prefix(piece):
        return True
    p = unit_prefix(piece)
    if p is None or (splitting and p in _WEAK_PREFIXES):
        return False
    # "các ..." after a comma starts a generic group; other prefixes must be capitalised.
    return piece[0].isupper() or p in _GENERIC_START


def capitalise(text: str) -> str:
    text = clean(text)
    return text[:1].upper() + text[1:] if text else text


def _tidy_unit(name: str) -> str:
    name = clean(name).strip(" ,;.-–")
    name = re.sub(r"^(và|cùng|với)\s+", "", name)
    if unit_prefix(name) in _GENERIC_START:
        name = capitalise(name)
    return name


def split_units(cell: str | None, registry: UnitRegistry | None = None) -> list[str]:
    """Split a cell listing units; commas inside names stay ("Vụ Kế hoạch, Tài chính")."""
    return list(_split_units(cell or "", registry))


@lru_cache(maxsize=16384)  # the table splitter asks about the same candidate cells many times
def _split_units(cell: str, registry: UnitRegistry | None) -> tuple[str, ...]:
    text = clean(cell)
    if not text:
        return ()
    text = re.sub(r"\s*\n\s*", " ", text)
    # A semicolon always separates units; a comma only when a unit name starts after it.
    pieces = [
        (p, sep)
        for part in re.split(r"\s*;\s*", text)
        for sep, p in enumerate(re.split(r"\s*,\s*|\s+-\s+", part))
        if p.strip()
    ]
    names: list[str] = []
    for piece, after_comma in pieces:
        joined = f"{names[-1]}, {piece}" if names else piece
        if names and after_comma and registry is not None and registry.starts_known(joined):
            names[-1] = joined  # the registry knows a name with this comma in it
        elif (
            names
            and after_comma
            and not starts_unit(piece, registry, splitting=True)
            and not (registry is not None and registry.match(names[-1]) and registry.match(piece))
        ):
            names[-1] = f"{names[-1]}, {piece}"
        else:
            names.append(piece)
    out: list[str] = []
    for name in names:
        for part in _split_and(name, registry):
            part = _tidy_unit(part)
            if part and _lower(part) not in {"và", "các", "các đơn vị"}:
                out.append(registry.match(part) or part if registry else part)
    return tuple(_dedupe(out))


def _split_and(name: str, registry: UnitRegistry | None) -> list[str]:
    """Split "X và các đơn vị liên quan" / "X và Cục Y" but keep "Bộ Kế hoạch và Đầu tư"."""
    if registry is not None and registry.match(name):
        return [name]
    parts = re.split(r"\s+(?:và|cùng|cùng với|với)\s+", name)
    out = [parts[0]]
    for part in parts[1:]:
        if starts_unit(part, registry, splitting=True) and not (
            registry is not None and registry.match(f"{out[-1]} và {part}")
        ):
            out.append(part)
        else:
            out[-1] = f"{out[-1]} và {part}"
    return out


@lru_cache(maxsize=65536)
def inner_unit_breaks(name: str) -> int:
    """How many capitalised unit prefixes sit inside a name after a plain space (a missed split)."""
    words = name.split()
    count = 0
    for i in range(1, len(words)):
        prev = words[i - 1]
        if prev[-1:] in ",;" or _lower(prev) in {"và", "cùng", "với", "thuộc", "của", "tại", "trực", "các"}:
            continue
        if not words[i][:1].isupper():
            continue
        rest = " ".join(words[i : i + 3])
        p = unit_prefix(rest)
        if p in STRONG_PREFIXES:
            count += 1
    return count


def split_partners(cell: str | None) -> list[str]:
    """Foreign partners: a comma splits only when the next piece starts upper-case."""
    text = clean(cell)
    if not text:
        return []
    out: list[str] = []
    for piece in re.split(r"\s*[,;]\s*", text):
        if not piece:
            continue
        if out and not piece[:1].isupper():
            out[-1] = f"{out[-1]}, {piece}"
        else:
            out.append(piece)
    return _dedupe([p.strip(" .") for p in out if p.strip(" .")])


def split_products(cell: str | None) -> list[str]:
    """Products split on , ; / and capitalised ("Biện pháp, báo cáo" -> two)."""
    text = clean(cell)
    if not text:
        return []
    return _dedupe([capitalise(p.strip(" .-")) for p in re.split(r"\s*[,;/]\s*", text) if p.strip(" .-")])


def _dedupe(items: Iterable[str]) -> list[str]:
    seen, out = set(), []
    for item in items:
        k = name_key(item)
        if k and k not in seen:
            seen.add(k)
            out.append(item)
    return out


class UnitRegistry:
    """Known unit names (and aliases) to match cells against; built by the Django side."""

    def __init__(self, names: Iterable[str], aliases: dict[str, str] | None = None):
        self._by_key: dict[str, str] = {}
        for name in names:
            if clean(name):
                self._by_key.setdefault(name_key(name), clean(name))
        for alias, canonical in (aliases or {}).items():
            if clean(alias) and clean(canonical):
                self._by_key[name_key(alias)] = clean(canonical)
        self._first_words = {k.split()[0] for k in self._by_key}

    def match(self, name: str | None) -> str | None:
        """Canonical name when ``name`` or one of its aliases is known."""
        return self._by_key.get(name_key(name)) if name else None

    def is_known(self, name: str | None) -> bool:
        return self.match(name) is not None

    def match_prefix(self, piece: str) -> bool:
        """True when a known name starts this piece (so a comma before it separates units)."""
        key = name_key(piece)
        if not key or key.split()[0] not in self._first_words or not piece[:1].isupper():
            return False
        return any(key == k or key.startswith(k + " ") for k in self._by_key)

    def starts_known(self, text: str) -> bool:
        """True when a known name begins with ``text`` (so a comma after it is inside that name)."""
        key = name_key(text)
        return bool(key) and any(k == key or k.startswith(key + " ") for k in self._by_key)

    def __len__(self) -> int:
        return len(self._by_key)
