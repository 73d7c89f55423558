"""Borderless PDF tables: rebuild the columns from the x positions of the header's words."""

from __future__ import annotations

import re
from itertools import pairwise

from kehoach.core.text import fold

from .columns import find_roles, heading_coverage, is_task_header
from .flat import _is_group_start
from .textutil import clean

_LINE_TOLERANCE = 3.0  # points: words this close vertically sit on one line


def _lines(words: list[dict]) -> list[list[dict]]:
    lines: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(lines[-1][0]["top"] - w["top"]) <= _LINE_TOLERANCE:
            lines[-1].append(w)
        else:
            lines.append([w])
    return [sorted(line, key=lambda w: w["x0"]) for line in lines]


def _text(line: list[dict]) -> str:
    return " ".join(w["text"] for w in line)


def _columns(lines: list[list[dict]], gap: float) -> list[tuple[float, float, str]]:
    """Heading cells as (x0, x1, text): words whose x ranges touch belong to one cell, whatever their line."""
    cols: list[list] = []
    for w in sorted((w for ln in lines for w in ln), key=lambda w: w["x0"]):
        if cols and w["x0"] <= cols[-1][1] + gap:
            cols[-1][1] = max(cols[-1][1], w["x1"])
            cols[-1][2].append(w)
        else:
            cols.append([w["x0"], w["x1"], [w]])
    return [
        (c[0], c[1], " ".join(x["text"] for x in sorted(c[2], key=lambda w: (w["top"], w["x0"]))))
        for c in cols
    ]


def _header(lines: list[list[dict]], gap: float) -> tuple[int, int, list[tuple[float, float, str]]] | None:
    """Where the header starts and ends, and its columns as (x0, x1, heading text)."""
    for i, line in enumerate(lines):
        if line[0]["text"].lower() not in ("tt", "stt"):
            continue
        # The header ends at the last line that still adds heading words ("ngoài" of "Đối tác nước ngoài").
        j, covered = i + 1, sum(heading_coverage(c[2]) for c in _columns(lines[i : i + 1], gap))
        while j < min(len(lines), i + 6):
            more = sum(heading_coverage(c[2]) for c in _columns(lines[i : j + 1], gap)) - covered
            if more < 0.6 * len(fold(_text(lines[j]))):
                break  # a line that is mostly not heading words is the table's first row
            j, covered = j + 1, covered + more
        columns = _columns(lines[i:j], gap)
        roles = [r for _, r in find_roles(" ".join(c[2] for c in columns))]
        if is_task_header(roles):
            return i, j, columns
    return None


def _gutter(left: float, right: float, body: list[dict]) -> float:
    """The x between two headings that the fewest body words cross: the blank strip between columns."""
    if right <= left:
        return (left + right) / 2
    best_x, best = (left + right) / 2, None
    steps = max(1, int(right - left))
    for k in range(steps + 1):
        x = left + (right - left) * k / steps
        crossed = sum(1 for w in body if w["x0"] < x < w["x1"])
        key = (crossed, abs(x - (left + right) / 2))
        if best is None or key < best:
            best_x, best = x, key
    return best_x


def _column_start(left: float, right: float, body: list[dict]) -> float:
    """In a text dump columns are left-aligned: the next column starts where most word runs start."""
    starts = [w["x0"] for w in body if left < w["x0"] <= right + 2 and w.get("run_start")]
    if not starts:
        return _gutter(left, right, body)
    best = max(set(starts), key=lambda x: (starts.count(x), x))
    return best - 0.5


def grid_from_words(pages_words: list[list[dict]], gap: float = 4.0) -> list[list[str]] | None:
    """One grid (header row first) for a borderless task table spread over pages, or None.

    ``gap`` is the widest space between two words of one heading cell (points in a PDF, characters
    in a ``pdftotext -layout`` text).
    """
    rows: list[list[list[str]]] = []  # each cell as its lines
    current: list[list[str]] | None = None
    group: list[list[str]] | None = None
    pages = [_lines(words) for words in pages_words]
    heads = [_header(lines, gap) for lines in pages]
    first_head = next((h for h in heads if h is not None), None)
    if first_head is None:
        return None
    header = [c[2] for c in first_head[2]]
    # Every header occurrence sets the columns for the lines under it. Headers at the same positions
    # (a PDF's repeated header) pool their body words to find the blank strips between columns;
    # a text dump may shift the columns from page to page.
    spans: list[tuple[int, int, int, tuple]] = []  # page, first body line, header length, signature
    pooled: dict[tuple, list[dict]] = {}
    layouts: dict[tuple, list] = {}
    for p, lines in enumerate(pages):
        starts = [
            (idx, h)
            for idx, ln in enumerate(lines)
            if ln[0]["text"].lower() in ("tt", "stt")
            for h in [_header(lines[idx:], gap)]
            if h is not None and h[0] == 0 and len(h[2]) == len(header)
        ]
        for n, (idx, h) in enumerate(starts):
            sig = tuple(round(c[0]) for c in h[2])
            end = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
            spans.append((p, idx, h[1], sig))
            pooled.setdefault(sig, []).extend(w for ln in lines[idx + h[1] : end] for w in ln)
            layouts[sig] = h[2]
    split = _column_start if gap < 2 else _gutter
    bounds_by_sig = {
        sig: [split(a[1], b[0], pooled[sig]) for a, b in pairwise(cols)] for sig, cols in layouts.items()
    }
    header_at = {(p, idx): (length, sig) for p, idx, length, sig in spans}
    bounds: list[float] = []
    for p, lines in enumerate(pages):
        skip_to = 0
        for idx, line in enumerate(lines):
            if idx < skip_to:
                continue
            text = _text(line)
            if (p, idx) in header_at:
                length, sig = header_at[p, idx]
                bounds, skip_to = bounds_by_sig[sig], idx + length
                continue
            if not bounds:
                continue
            cells: list[list[str]] = [[] for _ in range(len(bounds) + 1)]
            for w in line:
                cells[sum(1 for b in bounds if (w["x0"] + w["x1"]) / 2 > b)].append(w["text"])
            ref = " ".join(cells[0])
            if re.fullmatch(r"\d{1,3}", text):
                continue  # a page number
            if re.fullmatch(r"\d{1,3}(?:\.\d{1,3})*\.?", ref):
                current, group = [[" ".join(c)] if c else [] for c in cells], None
                rows.append(current)
            elif _is_group_start(text) and (current is not None or not rows):
                group, current = [[text]] + [[] for _ in bounds], None
                rows.append(group)
            elif group is not None:
                group[0].append(text)  # a group heading on two lines
            elif current is not None:
                for k, c in enumerate(cells):
                    if c:
                        current[k].append(" ".join(c))
    if not rows:
        return None
    return [header] + [[clean(" ".join(c)) for c in row] for row in rows]


def layout_words(text: str) -> list[list[dict]]:
    """Words of a column-aligned text dump (``pdftotext -layout``) with character positions, per page."""
    pages = []
    for page in text.split("\f"):
        words = []
        for n, line in enumerate(page.splitlines()):
            expanded = line.expandtabs(8)
            for m in re.finditer(r"\S+", expanded):
                run_start = m.start() == 0 or expanded[max(0, m.start() - 2) : m.start()] == "  "
                words.append(
                    {
                        "text": m[0],
                        "x0": float(m.start()),
                        "x1": float(m.end()),
                        "top": n * 10.0,
                        "run_start": run_start,
                    }
                )
        pages.append(words)
    return pages


def looks_laid_out(lines: list[str]) -> bool:
    """True when the table header keeps its columns apart with runs of spaces."""
    for line in lines:
        s = line.strip()
        if s.split()[:1] and s.split()[0].lower() in ("tt", "stt") and len(re.findall(r"\S\s{2,}\S", s)) >= 2:
            return True
    return False
