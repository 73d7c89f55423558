"""The document as an outline: numbered headings and items nested by their numbering styles.

Vietnamese administrative documents number their parts in a fixed order of styles (``A.`` > ``I.`` >
``1.`` > ``1.1.`` > ``a)`` > ``-`` > ``+``), but a document may skip levels, so the nesting is learnt as
the document goes: a style not yet open starts a level below the current one, a style already open
closes the levels under it. A number only counts when it continues its sequence (``2.`` after ``1.``,
``b)`` after ``a)``, or the first of a new level), so a wrapped line that happens to begin with
``2045.`` stays text. Unnumbered lines are the body of the item above them. Tables are leaves in the
outline, so the heading or paragraph that introduces a table is known.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .source import Table
from .textutil import clean

ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
# Vietnamese lettering skips f, j, w, z in principle; documents still use f) after e).
LOWER_LETTERS = "a b c d đ e f g h i k l m n o p q r s t u v x y".split()
UPPER_LETTERS = [x.upper() for x in LOWER_LETTERS]

_ARTICLE = re.compile(r"^(Điều)\s+(\d{1,3})\s*[.:]\s*(.*)$")
_MULTI = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){1,3})\.?(?:\s+(.*))?$")
_NUM = re.compile(r"^(\d{1,2})\s*[.)](?:\s+(.*)|$)")
_ROMAN = re.compile(r"^([IVXLC]{1,7})\s*[.)/](?:\s+(.*)|$)")
_UPPER = re.compile(r"^([A-ZĐ])\s*[.)](?:\s+(.*)|$)")
_LOWER = re.compile(r"^([a-zđ])\s*\)(?:\s*(.*)|$)")
_BULLET = re.compile(r"^([-–—+•*·])\s*(.*)$")
_APPENDIX = re.compile(r"^(PHỤ\s+LỤC|Phụ\s+lục)\b")
_PLAN_HEADING = re.compile(r"^(KẾ HOẠCH|CHƯƠNG TRÌNH|ĐỀ ÁN|DANH MỤC)(\s|$)")
_BULLET_STYLES = ("dash", "plus", "star", "bullet")


def roman_value(text: str) -> int | None:
    if not text or not re.fullmatch(r"[IVXLC]+", text):
        return None
    total, prev = 0, 0
    for ch in reversed(text):
        v = ROMAN_VALUES[ch]
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total if _to_roman(total) == text else None


def _to_roman(n: int) -> str:
    out = ""
    for value, numeral in (
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while n >= value:
            out, n = out + numeral, n - value
    return out


def is_upper_text(text: str) -> bool:
    """Mostly capital letters: a document section heading ("II. NỘI DUNG THỰC HIỆN")."""
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 3 and sum(ch.isupper() for ch in letters) >= 0.8 * len(letters)


@dataclass
class Node:
    style: str  # root, article, upper, roman, num, multi, lower, dash, plus, star, bullet, appendix, table
    number: str
    text: str  # the heading line after its number (tables: "")
    index: int = -1  # position in the flattened blocks
    body: list[str] = field(default_factory=list)  # unnumbered lines under the heading, in order
    body_at: list[int] = field(default_factory=list, repr=False)  # their positions
    children: list[Node] = field(default_factory=list)
    parent: Node | None = field(default=None, repr=False)
    table: Table | None = field(default=None, repr=False)

    @property
    def label(self) -> str:
        """The heading as written, numbering included ("1. Công tác …", "a) …", "I. …")."""
        if self.style in ("root", "table", "appendix"):
            return self.text
        if self.style in ("dash", "plus", "star", "bullet"):
            return self.text
        sep = ")" if self.style == "lower" else "."
        return f"{self.number}{sep} {self.text}".strip()

    @property
    def full_text(self) -> str:
        return clean(" ".join([self.text, *self.body]))

    def content(self) -> list[str | Node]:
        """Body lines and children in reading order."""
        items = [(i, t) for i, t in zip(self.body_at, self.body, strict=True)] + [
            (c.index, c) for c in self.children
        ]
        return [x for _, x in sorted(items, key=lambda p: p[0])]

    def text_all(self, with_label: bool = False) -> str:
        """The heading, its body and everything under it, as one text (sub-items with their numbers)."""
        if with_label:
            head = f"{self.number} {self.text}" if self.style in ("dash", "plus", "bullet") else self.label
        else:
            head = self.text
        parts = [head]
        for item in self.content():
            if isinstance(item, Node):
                if item.style != "table":
                    parts.append(item.text_all(with_label=True))
            else:
                parts.append(item)
        return clean(" ".join(p for p in parts if p))

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def ancestors(self):
        node = self.parent
        while node is not None and node.style != "root":
            yield node
            node = node.parent

    @property
    def is_section(self) -> bool:
        """A document section, not a heading of the task list: an upper-case Roman or lettered part,
        an appendix, an article of a decision."""
        return self.style in ("appendix", "article") or (
            self.style in ("roman", "upper") and is_upper_text(self.text)
        )


def _next_letter(letters: list[str], prev: str | None) -> set[str]:
    if prev is None:
        return {letters[0]}
    if prev in letters:
        k = letters.index(prev)
        return set(letters[k + 1 : k + 3])  # allow one skipped letter (đ, f)
    return set()


class _Parser:
    def __init__(self) -> None:
        self.root = Node("root", "", "")
        self.stack: list[Node] = [self.root]
        self.last: dict[int, dict[str, str]] = {}  # per open node id: style -> last number seen

    def _open_styles(self) -> list[str]:
        return [n.style for n in self.stack]

    def _continues(self, style: str, number: str) -> bool:
        """Is this number the next in its style's sequence, or the first of a new level?"""
        styles = self._open_styles()
        if style in styles:
            k = styles.index(style)
            prev = self.stack[k].number
        else:
            prev = None
        if style == "num":
            n = int(number)
            # A skipped number happens ("2." then "4."); a year at a line start ("2045. …") does not fit.
            return n == 1 or (prev is not None and int(prev) < n <= int(prev) + 2)
        if style == "multi":
            parts = [int(p) for p in number.split(".")]
            if prev is None:
                return parts[-1] == 1 or self._multi_under_num(parts)
            pp = [int(p) for p in prev.split(".")]
            if len(parts) == len(pp):
                return (
                    parts[:-1] == pp[:-1]
                    and parts[-1] == pp[-1] + 1
                    or (parts[-1] == 1 and parts[:-2] == pp[:-2] and parts[-2] == pp[-2] + 1)
                )
            return parts[-1] == 1
        if style == "roman":
            v = roman_value(number)
            if v is None:
                return False
            return v == 1 or (prev is not None and roman_value(prev) == v - 1)
        if style == "upper":
            return number in _next_letter(UPPER_LETTERS, prev)
        if style == "lower":
            return number in _next_letter(LOWER_LETTERS, prev)
        if style == "article":
            n = int(number)
            return n == 1 or (prev is not None and n == int(prev) + 1)
        return True

    def _multi_under_num(self, parts: list[int]) -> bool:
        for node in reversed(self.stack):
            if node.style == "num":
                return parts[0] == int(node.number)
        return False

    def _classify(self, text: str) -> tuple[str, str, str] | None:
        m = _ARTICLE.match(text)
        if m:
            return "article", m[2], m[3]
        m = _MULTI.match(text)
        if m:
            return "multi", m[1], m[2] or ""
        m = _NUM.match(text)
        if m:
            return "num", m[1], m[2] or ""
        m = _ROMAN.match(text)
        if m and roman_value(m[1]) is not None:
            # "C." after "B." is a letter; "I." with no open lettering is Roman.
            letter = _UPPER.match(text)
            if letter and "upper" in self._open_styles() and self._continues("upper", letter[1]):
                return "upper", letter[1], letter[2] or ""
            return "roman", m[1], m[2] or ""
        m = _UPPER.match(text)
        if m:
            return "upper", m[1], m[2] or ""
        m = _LOWER.match(text)
        if m:
            return "lower", m[1], m[2] or ""
        m = _BULLET.match(text)
        if m and m[2]:
            style = {"+": "plus", "*": "star", "•": "bullet", "·": "bullet"}.get(m[1], "dash")
            return style, m[1], m[2]
        return None

    def add_line(self, text: str, index: int) -> None:
        text = clean(text)
        if not text:
            return
        if (_APPENDIX.match(text) and (is_upper_text(text[:40]) or len(text.split()) <= 3)) or (
            _PLAN_HEADING.match(text) and is_upper_text(text[:60])
        ):
            self._open(Node("appendix", "", text, index), level=1)
            return
        kind = self._classify(text)
        if kind is not None:
            style, number, rest = kind
            if style in ("dash", "plus", "star", "bullet") or self._continues(style, number):
                self._open(Node(style, number, rest, index))
                return
        node = self.stack[-1]
        if (
            node.style != "root"
            and not node.body
            and not node.children
            and node.text
            and text[:1].islower()
            and not re.search(r"[.:;!?]$", node.text)
        ):
            node.text = f"{node.text} {text}"  # the heading or item wrapped onto the next line
            return
        node.body.append(text)
        node.body_at.append(index)

    def add_table(self, table: Table, index: int) -> None:
        node = Node("table", "", "", index, table=table)
        node.parent = self.stack[-1]
        self.stack[-1].children.append(node)

    def _open(self, node: Node, level: int | None = None) -> None:
        styles = self._open_styles()
        if level is not None:
            del self.stack[level:]
        elif node.style in _BULLET_STYLES:
            # Bullets belong to the innermost numbered item: a dash list earlier in the document
            # (the decision's "Nơi nhận") is not where a later dash goes.
            last_numbered = max(k for k, s in enumerate(styles) if s not in _BULLET_STYLES)
            if node.style in styles[last_numbered + 1 :]:
                del self.stack[styles.index(node.style, last_numbered + 1) :]
        elif node.style in styles:
            del self.stack[styles.index(node.style) :]
        else:
            while len(self.stack) > 1 and self.stack[-1].style in _BULLET_STYLES:
                self.stack.pop()  # a numbered heading never sits under a bullet
        node.parent = self.stack[-1]
        self.stack[-1].children.append(node)
        self.stack.append(node)


def build_outline(items: list[tuple[int, str | Table]]) -> Node:
    """``items``: (position, line text or Table) in reading order."""
    parser = _Parser()
    for index, item in items:
        if isinstance(item, Table):
            parser.add_table(item, index)
        else:
            parser.add_line(item, index)
    return parser.root
