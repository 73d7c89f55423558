"""Tidying a Source before it is read: page furniture, web-copy artefacts, glued numbering.

- Page furniture: in paged formats, a short line that comes back on most pages (a running header such
  as ``CÔNG BÁO/Số 120/Ngày 10-03-2026 45``, digits ignored) and bare page numbers are not content.
- Copies of web pages keep link markers (``[Link: https://…]``, ``[JavaScript: …]``) and sometimes put
  the link's text before the sentence it came from (``12/2021/NĐ-CP [Link: …] Nghị định sửa đổi Nghị định số ngày …``):
  the marker goes, and the link text goes back into the gap it left.
- Text copies glue an item's number to the line before (``… tiến bộ 1.1.``, ``3. Giải quyết … 3.1. Rà
  soát``) or a label to the line before (``… địa phương -Thời gian thực hiện: …``): they are split
  again when the number is the first child of the line's own number, or the label is a known label.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from .columns import label_roles
from .source import Paragraph, Source, Table
from .textutil import clean, vre

_MARKER = re.compile(r"\s*\[(?:Link|JavaScript|ID)\s*:[^\]]*\]\s*", re.I)
_PAGE_NUMBER = re.compile(r"^\s*(?:trang\s+)?[-–]?\s*\d{1,4}\s*[-–]?\s*$", re.I)
_LEAD_NUMBER = re.compile(r"^((?:\d{1,2}\.)+|[IVXLC]{1,6}\.)\s")
_LABELS_IN_PARENS = re.compile(r"\s*\((?P<inner>[^()]{3,300}:[^()]*)\)\s*[.;]?\s*$")
_INLINE_LABEL = re.compile(r"(?<=[.;])\s+(?=([^:;.]{2,40}):)")
_GLUED_LABEL = re.compile(vre(r"\s+[-–*]\s*(?=([{U}][^:;.]{2,40}):)"))


def _page_edges(src: Source) -> dict[int, set[int]]:
    """Per page, the positions (block indexes) of its first and last three lines: where running
    headers, footers and page numbers sit."""
    by_page: dict[int, list[int]] = defaultdict(list)
    for k, block in enumerate(src.blocks):
        if isinstance(block, Paragraph) and block.page is not None and clean(block.text):
            by_page[block.page].append(k)
    return {page: set(ks[:3] + ks[-3:]) for page, ks in by_page.items()}


def _furniture(src: Source, edges: dict[int, set[int]]) -> set[str]:
    """Keys of lines that come back at the top or bottom of most pages (running headers and footers)."""
    pages: dict[str, set[int]] = defaultdict(set)
    for page, ks in edges.items():
        for k in ks:
            text = clean(src.blocks[k].text)
            if len(text) <= 90:
                pages[re.sub(r"\d+", "#", text)].add(page)
    if src.pages < 3:
        return set()
    need = max(3, src.pages // 2)
    return {k for k, v in pages.items() if len(v) >= need and re.search(r"[^\W\d_]{2}", k)}


def _relocate_anchor(text: str) -> str:
    """``12/2021/NĐ-CP [Link: …] Nghị định sửa đổi Nghị định số ngày 01/02/2021 …`` -> the number back in place."""
    m = _MARKER.search(text)
    if not m:
        return text
    anchor, rest = clean(text[: m.start()]), _MARKER.sub(" ", text[m.end() :])
    rest = clean(rest)
    if not anchor or len(anchor.split()) > 12:
        return clean(_MARKER.sub(" ", text))
    gap = re.search(r"\bsố\s+(?=ngày\s+\d)", rest)
    if gap and re.match(r"\d", anchor):
        return clean(rest[: gap.end()] + anchor + " " + rest[gap.end() :])
    # A date with nothing naming what it dates: the link text (a document) stood before it.
    for g in re.finditer(r"(\S+)\s+(?=ngày\s+\d{1,2}/\d{1,2}/\d{4})", rest):
        if not re.search(r"\d", g[1]):
            return clean(rest[: g.end()] + anchor + " " + rest[g.end() :])
    return clean(anchor + " " + rest)


def _split_glued(text: str) -> list[str]:
    """Split a line where a copy glued the next item's number or label onto it."""
    out: list[str] = []
    lead = _LEAD_NUMBER.match(text)
    if lead:
        prefix = lead[1]
        child = (prefix if prefix[0].isdigit() else "") + "1."
        pat = re.compile(r"\s(" + re.escape(child) + vre(r")(?=\s+[{U}]|\s*$)"))
        m = pat.search(text, lead.end())
        if not m and prefix[0].isdigit():
            # "1.1. Tổ chức …; 1.2. Nâng cao …": the next item glued on after the end of a sentence.
            parts = prefix.rstrip(".").split(".")
            sibling = ".".join(parts[:-1] + [str(int(parts[-1]) + 1)]) + "."
            m = re.compile(r"(?<=[.;:])\s(" + re.escape(sibling) + vre(r")(?=\s+[{U}])")).search(
                text, lead.end()
            )
        if m:
            head, tail = text[: m.start()].rstrip(), text[m.start() :].strip()
            return [head, *_split_glued(tail)]
    # A line that ends with an item's number ("… và tiến bộ 1.1."): a printed copy wrapped the glued line.
    tail = re.search(r"\s(\d{1,2}(?:\.\d{1,2})+\.)$", text)
    if tail and len(text) > len(tail[1]) + 3 and not re.search(r"(?:số|điểm|mục|khoản|tiết)\s+\S+$", text[: tail.start()]):
        return [text[: tail.start()].rstrip(), tail[1]]
    letter = re.match(r"^([a-zđ])\)\s", text)
    if letter:
        from .outline import LOWER_LETTERS

        k = LOWER_LETTERS.index(letter[1]) if letter[1] in LOWER_LETTERS else -1
        for nxt in LOWER_LETTERS[k + 1 : k + 3] if k >= 0 else []:
            m = re.compile(r"(?<=[.;:])\s(" + nxt + vre(r"\))(?=\s+[{U}])")).search(text, 3)
            if m:
                return [text[: m.start()].rstrip(), *_split_glued(text[m.start() :].strip())]
    for m in _GLUED_LABEL.finditer(text):
        if label_roles(m[1]):
            return [text[: m.start()].rstrip(), *_split_glued("- " + text[m.end() :].lstrip())]
    # "a) Tổ chức hội nghị (Đơn vị chủ trì: X; thời gian: Quý II/2026)." -> the labels on lines of their own.
    m = _LABELS_IN_PARENS.search(text)
    if m and text[: m.start()].strip():
        parts = [p.strip() for p in re.split(r"\s*;\s*", m["inner"]) if p.strip()]
        if parts and all(":" in p and label_roles(p.split(":", 1)[0]) for p in parts):
            return [text[: m.start()].rstrip(), *("- " + p[:1].upper() + p[1:] for p in parts)]
    # "Đơn vị chủ trì: A; đơn vị phối hợp: B; thời gian: C." -> one label a line.
    if ":" in text:
        for m in _INLINE_LABEL.finditer(text):
            before = text[: m.start()]
            if re.fullmatch(
                r"\s*(?:[-–+*•]\s*)?(?:\d{1,2}(?:\.\d{1,2})*\.?|[a-zđA-ZĐ]\)|[IVXLC]+\.)\s*", before
            ):
                continue  # the dot of the item's own number ("3. Thời gian thực hiện: …")
            roles = label_roles(m[1]) or []
            # A unit or time label after a sentence starts a line of its own ("… giá trị. Chủ trì: X").
            if roles and (":" in before or set(roles) & {"lead", "coordinating", "timeframe", "monitoring"}):
                bullet = "- " if re.match(r"^[-–+*•]\s", text) else ""
                rest = text[m.end() :].lstrip()
                return [before.rstrip(), *_split_glued(bullet + rest[:1].upper() + rest[1:])]
    out.append(text)
    return out


def clean_cell(text: str) -> str:
    return _relocate_anchor(text) if "[" in text else text


def prepare(src: Source) -> list[tuple[int, str | Table]]:
    """The blocks as (position, line or table) in order, tidied."""
    edges = _page_edges(src)
    at_edge = set().union(*edges.values()) if edges else set()
    furniture = _furniture(src, edges)
    items: list[tuple[int, str | Table]] = []
    for position, block in enumerate(src.blocks):
        if isinstance(block, Table):
            rows = [[clean_cell(c) for c in row] for row in block.rows]
            items.append((len(items), Table(rows, block.page, set(block.spanned))))
            continue
        text = block.text
        key = re.sub(r"\d+", "#", clean(text))
        if position in at_edge and (key in furniture or _PAGE_NUMBER.match(text)):
            continue
        if "[" in text:
            text = _MARKER.sub(" ", text)
        pieces = _split_glued(text.strip()) if text.strip() else [""]
        # One piece keeps the line as it was: a column-aligned dump needs its leading spaces.
        for piece in pieces if len(pieces) > 1 else [text]:
            items.append((len(items), piece))
    return items


def repeated_lines(lines: list[str]) -> Counter:
    return Counter(clean(x) for x in lines if clean(x))
