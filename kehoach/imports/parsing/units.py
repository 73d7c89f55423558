"""Splitting cells that list units, partners or products, and the unit registry.

A unit cell is cut into names in three passes:
1. Hard separators: ``;``, line bullets (``- A - B`` in a bulleted cell), and verbs that end a name
   (``… trình Hội đồng nhân dân``, ``… tham mưu thực hiện``).
2. Soft separators, kept inside a name unless a new body's name starts after them: ``,`` and ``và`` /
   ``cùng`` / ``với`` (``Vụ Kế hoạch, Tài chính`` stays one name; ``Sở Tài chính, Sở Xây dựng`` is two).
3. No separator at all: a capitalised unit word after a complete name starts a second name
   (``Bộ Thông tin và Truyền thông Bộ Khoa học và Công nghệ``), as does a generic group word after a
   name the registry or the document itself knows (``Sở Xây dựng cơ quan, đơn vị liên quan``).

"The document knows a name" means the name stands alone between separators somewhere in the same
document; the engine passes those names in as ``lexicon`` (name keys).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from kehoach.core.text import canonical_tone, name_key

from .textutil import clean, vre

# How Vietnamese unit names begin (lower-case with diacritics: folding would confuse Bản/Ban, Số/Sở).
UNIT_PREFIXES = sorted(
    (
        "ban|báo|bảo tàng|bảo hiểm xã hội|bộ|bộ chỉ huy|bộ tư lệnh|chi cục|các|công an|công ty|cơ quan|"
        "cơ sở|cục|hiệp hội|huyện ủy|hãng phim|hđnd|học viện|hội|hội đồng|liên hiệp|liên đoàn|mặt trận|"
        "nhà hát|nhà thi đấu|nhà văn hóa|nhà xuất bản|những|phòng|quỹ|sở|thanh tra|thành uỷ|thành ủy|"
        "thư viện|toàn thể|trung tâm|trung ương|trường|ttxvn|tạp chí|tỉnh uỷ|tỉnh ủy|tổng công ty|"
        "tổng cục|tổng lãnh sự quán|tổ công tác|ubmttq|ubnd|uỷ ban|viện|vov|vtv|văn phòng|vụ|đoàn|đài|"
        "đơn vị|đại học|đại sứ quán|đảng uỷ|đảng ủy|ủy ban|chủ tịch|tư lệnh|thủ trưởng|giám đốc|"
        "doanh nghiệp|địa phương|tòa án|viện kiểm sát|kho bạc|ngân hàng|bệnh viện|ban quản lý"
    ).split("|"),
    key=len,
    reverse=True,
)
# Common phrases that begin like a unit name but are not one ("Báo cáo" is a report, not a newspaper).
_NOT_UNITS = tuple(
    (
        "báo cáo|hội nghị|hội thảo|hội chợ|hội thi|hội diễn|hội nhập|ban hành|sở hữu|bộ tiêu chí|bộ công cụ|"
        "bộ dữ liệu|bộ sưu tập|các hoạt động|các nhiệm vụ|phòng chống|phòng, chống|phòng ngừa|đoàn kết|"
        "đài tưởng niệm|quỹ đất|các nội dung|các chương trình|các sự kiện|các văn bản|những nội dung|"
        "cơ sở dữ liệu|cơ sở vật chất|cơ sở pháp lý|trung ương đảng|các kế hoạch|các đề án"
    ).split("|")
)
# Prefixes that, met inside a name after a plain space, mean a second unit started (no separator).
STRONG_PREFIXES = set(
    (
        "ban|bảo tàng|các|cục|học viện|nhà hát|sở|thanh tra|trung tâm|trường|tổng cục|ubnd|uỷ ban|viện|"
        "văn phòng|vụ|ủy ban|bộ|cơ quan|cơ sở|hội đồng|liên đoàn|mặt trận|đài|công an"
    ).split("|")
)
# Group words: written in lower case after a comma or "và", they still start a unit of their own
# after a named body ("Sở Xây dựng, cơ quan, đơn vị liên quan").
GENERIC_HEADS = ("các", "những", "cơ quan", "đơn vị", "địa phương", "doanh nghiệp", "tổ chức")
# Group words that, glued to the end of a name, begin the next unit (``Sở Nội vụ cơ quan, đơn vị …``).
_TRAILING_HEADS = ("cơ quan", "đơn vị", "tổ chức", "địa phương")
_GENERIC_START = {"các", "những", "toàn thể"}
# Words that begin unit names but also end them ("Cục Văn hóa cơ sở, Gia đình và Thư viện"): they never
# start a second unit after a comma or "và" by themselves.
_WEAK_PREFIXES = {"thư viện", "nhà văn hóa", "nhà thi đấu", "quỹ", "phòng", "trung ương", "địa phương"}
# Words after which a capitalised unit word continues the same name ("Vụ Các vấn đề…", "… thuộc Bộ").
_CONNECTORS = {
    "và",
    "của",
    "thuộc",
    "tại",
    "trực",
    "các",
    "với",
    "cho",
    "về",
    "ở",
    "trong",
    "cùng",
    "-",
    "–",
    "đối",
    "ngoài",
    "nhân",
    "dân",
    "và/hoặc",
    "hoặc",
    "qua",
}
# Verbs that end a unit name: what follows is the unit's job, not its name.
_VERBS = r"trình|tham mưu|chủ trì|phối hợp|đôn đốc|hướng dẫn|theo dõi|triển khai|tổ chức thực hiện|chịu trách nhiệm"
_VERB_CUT = re.compile(rf"\s+(?:{_VERBS})(?:\s|,|$)")
# "trình" inside words: công trình, chương trình … ; "tổ chức" as a unit word is not a verb here.
_TRINH_COMPOUND = {"công", "chương", "quy", "lộ", "giáo", "tiến", "hành", "quá", "lập", "tờ", "đệ", "phương"}
# A cell that is a sentence about the assignment, not a list of names.
_SENTENCE = re.compile(
    r"^(theo|căn cứ|như|tùy|tuỳ|do|đã|giao|được|trên cơ sở)\b|phân công|\b(quyết định|kế hoạch|công văn|"
    r"thông báo|nghị quyết)\s+số\b",
    re.I,
)


_NON_WORD = re.compile(r"[^\w]+")


def _by_first_word(phrases) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for phrase in phrases:
        out.setdefault(phrase.split()[0], []).append(phrase)
    return {k: sorted(v, key=lambda p: (-len(p), p)) for k, v in out.items()}


_PREFIXES_BY_FIRST = _by_first_word(UNIT_PREFIXES)
_NOT_UNITS_BY_FIRST = _by_first_word(_NOT_UNITS)


@lru_cache(maxsize=65536)
def _lower(text: str) -> str:
    return canonical_tone(" ".join(_NON_WORD.sub(" ", unicodedata.normalize("NFC", text).lower()).split()))


def _starts(key: str, phrase: str) -> bool:
    return key == phrase or key.startswith(phrase + " ")


@lru_cache(maxsize=65536)
def unit_prefix(text: str) -> str | None:
    """The unit-name prefix a piece starts with, if any (``Cục``, ``Trung tâm``, ``Các`` …)."""
    key = _lower(text)
    first = key.split(" ", 1)[0]
    if any(_starts(key, n) for n in _NOT_UNITS_BY_FIRST.get(first, ())):
        return None
    for p in _PREFIXES_BY_FIRST.get(first, ()):
        if _starts(key, p):
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


def _generic_head(piece: str) -> str | None:
    key = _lower(piece)
    if any(key == n or key.startswith(n + " ") for n in _NOT_UNITS):
        return None
    for head in GENERIC_HEADS:
        if key == head or key.startswith(head + " "):
            return head
    return None


def is_generic(name: str) -> bool:
    """A group rather than one named body ("Các đơn vị thuộc Bộ", "Cơ quan, đơn vị liên quan",
    "Bộ, ngành, cơ quan")."""
    parts = [p.strip() for p in name.split(",")]
    if _generic_head(parts[0]) is not None or len(parts[0].split()) == 1:
        return True
    return any(_generic_head(p) is not None and p[:1].islower() for p in parts[1:])


def capitalise(text: str) -> str:
    text = clean(text)
    return text[:1].upper() + text[1:] if text else text


def looks_like_sentence(text: str) -> bool:
    """A cell that says how units are assigned instead of naming them ("Theo phân công tại …")."""
    text = clean(text)
    return bool(text) and bool(_SENTENCE.search(text)) and not re.match(r"^(các|những)\s", text, re.I)


def _tidy_unit(name: str) -> str:
    name = clean(name).strip(" ,;.:-–+*•")
    name = re.sub(r"^(và|cùng|với|cùng với|phối hợp với)\s+", "", name)
    name = re.sub(r"\s*\((?:chủ trì|phối hợp|đầu mối)\)$", "", name)
    return capitalise(name)


def _cut_verbs(text: str) -> str:
    """``Sở Xây dựng trình Ủy ban nhân dân tỉnh`` -> ``Sở Xây dựng``."""
    for m in _VERB_CUT.finditer(text):
        before = text[: m.start()].split()
        if not before or before[-1].lower() in _CONNECTORS or before[-1].endswith(","):
            continue
        if m[0].strip(" ,").startswith("trình") and before[-1].lower() in _TRINH_COMPOUND:
            continue
        return text[: m.start()]
    return text


def split_assignment(text: str | None) -> tuple[str, str]:
    """Who leads and who coordinates when one cell or line says both:
    ``X chủ trì, phối hợp với Y; Z`` / ``X chủ trì; Y, Z phối hợp`` / ``X (chủ trì), Y (phối hợp)``
    -> (lead text, coordinating text). Text without ``chủ trì`` is all lead."""
    text = clean(text)
    if re.search(r"\((?:chủ trì|đơn vị chủ trì|phối hợp|đơn vị phối hợp)\)", text):
        lead, coord = [], []
        for piece in re.split(r"(?<=\))\s*[,;]?\s*", text):
            target = coord if re.search(r"\((?:đơn vị )?phối hợp\)", piece) else lead
            target.append(re.sub(r"\s*\([^()]*\)\s*$", "", piece).strip(" ,;."))
        return "; ".join(p for p in lead if p), "; ".join(p for p in coord if p)
    m = re.match(
        r"^(?P<lead>.+?)\s*,?\s+(?:là\s+(?:đơn vị|cơ quan)\s+)?(?:chủ trì|làm đầu mối)\b\s*,?\s*(?P<rest>.*)$",
        text,
    )
    if not m or not starts_unit(m["lead"]) and not m["lead"][:1].isupper():
        return text, ""
    rest = re.sub(r"^(?:và\s+)?(?:phối hợp|cùng)(?:\s+(?:với|cùng))?\s*:?\s*", "", m["rest"])
    if rest == m["rest"] and rest:
        # "X chủ trì; Y, Z phối hợp": the partners come first and say so after.
        after = re.match(r"^[;,]?\s*(?P<units>.+?)\s+(?:cùng\s+)?phối hợp(?:\s+thực hiện)?\s*\.?$", rest)
        rest = after["units"] if after else ""  # "X chủ trì thực hiện": nothing names a partner
    return m["lead"], rest


def split_units(
    cell: str | None, registry: UnitRegistry | None = None, lexicon: frozenset = frozenset()
) -> list[str]:
    """Split a cell listing units; commas inside names stay ("Vụ Kế hoạch, Tài chính")."""
    return list(_split_units(cell or "", registry, lexicon))


def _hard_pieces(text: str) -> list[str]:
    bulleted = bool(re.match(r"^\s*[-–+•*]\s", text))
    text = re.sub(r"\s*\n\s*", "\n", text.strip())
    out: list[str] = []
    for part in re.split(r"\s*;\s*|\n(?=[-–+•*]\s)", text):
        part = part.replace("\n", " ").strip()
        if bulleted:
            # "- Vụ Đất đai - Cục Quy hoạch …": a bullet starts each name.
            out.extend(re.split(vre(r"(?:^|\s+)[-–+•]\s+(?=[{U}])"), part))
        else:
            out.append(re.sub(r"^[-–+•*]\s+", "", part))
    return [_cut_verbs(p.strip(" .")) for p in out if p.strip(" .-–")]


@lru_cache(maxsize=16384)  # the table splitter asks about the same candidate cells many times
def _split_units(
    cell: str, registry: UnitRegistry | None, lexicon: frozenset = frozenset()
) -> tuple[str, ...]:
    text = unicodedata.normalize("NFC", cell or "").strip()
    if not text.strip(" .;,-"):
        return ()
    names: list[str] = []
    for part in _hard_pieces(text):
        start = len(names)
        pieces = [p.strip() for p in re.split(r"\s*,\s*", part) if p.strip()]
        for sep, piece in enumerate(pieces):
            subs = _split_unseparated(piece, registry, lexicon, after_comma=sep > 0)
            if sep + 1 < len(pieces):
                subs = subs[:-1] + _split_trailing_head(subs[-1])
            first, rest = subs[0], subs[1:]
            if len(names) == start or not sep:
                names.append(first)
            else:
                prev = names[-1]
                joined = f"{prev}, {first}"
                if registry is not None and registry.starts_known(joined):
                    names[-1] = joined  # the registry knows a name with this comma in it
                elif registry is not None and registry.match(prev) and registry.match(first):
                    names.append(first)
                elif starts_unit(first, registry, splitting=True) or _new_generic(prev, first):
                    names.append(first)
                else:
                    names[-1] = joined
            names.extend(rest)
    out: list[str] = []
    for name in names:
        for piece in _split_and(name, registry):
            piece = _tidy_unit(piece)
            if piece and _lower(piece) not in {"và", "các", "các đơn vị", "phối hợp"}:
                out.append(registry.match(piece) or piece if registry else piece)
    return tuple(_dedupe(out))


def _split_trailing_head(piece: str) -> list[str]:
    """``Sở Nội vụ cơ quan`` before ``, đơn vị liên quan``: the group word starts the next unit."""
    key = _lower(piece)
    words = piece.split()
    for head in _TRAILING_HEADS:
        n = len(head.split())
        if key.endswith(" " + head) and len(words) - n >= 2 and words[-n][:1].islower():
            before = words[-n - 1]
            if before.lower() not in _CONNECTORS and unit_prefix(" ".join(words[: len(words) - n])):
                return [" ".join(words[: len(words) - n]), " ".join(words[-n:])]
    return [piece]


def _new_generic(prev: str, piece: str) -> bool:
    """After a named body, a lower-case group word starts a unit of its own (``Sở Xây dựng, cơ quan …``);
    after a group it goes on listing the group (``Các cơ quan, đơn vị liên quan``)."""
    head = _generic_head(piece) or ("cơ sở" if _lower(piece).startswith("cơ sở ") else None)
    if head is None or piece[:1].isupper():
        return False
    if re.search(r"(liên quan|khác|các cấp)$", _lower(prev)):
        return True  # a finished group ("… có liên quan") is followed by a new one
    return not is_generic(prev) and len(prev.split()) >= 2


def _split_and(name: str, registry: UnitRegistry | None) -> list[str]:
    """Split "X và các đơn vị liên quan" / "X và Cục Y" but keep "Bộ Kế hoạch và Đầu tư"."""
    if registry is not None and registry.match(name):
        return [name]
    # "cùng cấp" is "of the same level", not "together with"; "đối với" is "for".
    tokens = re.split(r"(\s+(?:và|cùng với|cùng(?!\s+cấp)|(?<!đối )với)\s+)", name)
    out = [tokens[0]]
    for sep, part in zip(tokens[1::2], tokens[2::2], strict=True):
        prev = out[-1]
        if registry is not None and registry.match(f"{prev}{sep}{part}"):
            out[-1] = f"{prev}{sep}{part}"
        elif starts_unit(part, registry, splitting=True) and (
            part[:1].isupper() or _lower(part).startswith(("các ", "những "))
        ):
            out.append(part)
        elif (
            _generic_head(part) and not part[:1].isupper() and (not is_generic(prev) or len(part.split()) > 2)
        ):
            # "Hội Nông dân tỉnh và địa phương" -> two; "Các sở, ngành, địa phương và đơn vị" -> one.
            out.append(part)
        else:
            out[-1] = f"{prev}{sep}{part}"
    return out


def _split_unseparated(
    name: str, registry: UnitRegistry | None, lexicon: frozenset, after_comma: bool = False
) -> list[str]:
    """Cut where a second name starts with no separator at all."""
    words = name.split()
    cuts = []
    for i in range(1, len(words)):
        prev = words[i - 1]
        if prev.lower() in _CONNECTORS or prev[-1:] in ",;(-":
            continue
        rest = " ".join(words[i : i + 4])
        left = " ".join(words[cuts[-1] if cuts else 0 : i])
        if words[i][:1].isupper():
            p = unit_prefix(rest)
            # The word before must not itself start a name ("Vụ Các vấn đề …", "Ban Chỉ đạo …").
            # "Chủ tịch Ủy ban …", "Giám đốc Sở …": a title followed by its body is one name.
            bare = unit_prefix(left) is not None and _lower(left) == unit_prefix(left)
            if (
                p in STRONG_PREFIXES
                and unit_prefix(prev) is None
                and not bare
                and (len(left.split()) >= 2 or after_comma)
            ):
                cuts.append(i)
                continue
            if registry is not None and registry.match(left) and registry.match_prefix(rest):
                cuts.append(i)
                continue
        elif _lower(rest).startswith(("cơ quan ", "đơn vị ")) and (
            name_key(left) in lexicon or (registry is not None and name_key(left) in registry.keys)
        ):
            cuts.append(i)
    if not cuts:
        return [name]
    bounds = [0, *cuts, len(words)]
    return [" ".join(words[a:b]) for a, b in zip(bounds, bounds[1:], strict=False)]


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
        # A prefix that ends the name or its piece ("Văn phòng Bộ", "Thanh tra Bộ,") names whose body it is:
        # a second name needs words of its own after the prefix.
        ends_piece = _lower(rest) == p or words[i][-1:] in ",;"
        if p in STRONG_PREFIXES and not ends_piece:
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
    """Products split on , ; / and capitalised ("Biện pháp, báo cáo" -> two); a slash between digits
    (a date, a document number) or inside a word is not a separator."""
    text = clean(cell)
    if not text:
        return []
    pieces = re.split(r"\s*[,;]\s*|(?<!\d)\s*/\s*(?!\d)", text)
    return _dedupe([capitalise(p.strip(" .-–+•")) for p in pieces if p.strip(" .-–+•")])


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
        # A one-word alias ("Bộ" for the ministry itself) names a body only when it stands alone: as the start
        # of a longer piece it is any ministry, or the end of a name ("Văn phòng Bộ"), never a split point.
        self._prefix_keys = [k for k in self._by_key if " " in k]
        self._first_words = {k.split()[0] for k in self._prefix_keys}
        self.keys = frozenset(self._by_key)

    def names(self) -> list[str]:
        """The canonical names (for the scan reader's spelling check)."""
        return sorted(set(self._by_key.values()))

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
        return any(key == k or key.startswith(k + " ") for k in self._prefix_keys)

    def starts_known(self, text: str) -> bool:
        """True when a known name begins with ``text`` (so a comma after it is inside that name)."""
        key = name_key(text)
        return bool(key) and any(k == key or k.startswith(key + " ") for k in self._by_key)

    def __len__(self) -> int:
        return len(self._by_key)

    def __hash__(self) -> int:
        return hash(self.keys)

    def __eq__(self, other) -> bool:
        return isinstance(other, UnitRegistry) and self._by_key == other._by_key
