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


def _columns(lines: list[list[dict]]) -> list[tuple[float, float, str]]:
    """Heading cells as (x0, x1, text): words whose x ranges touch belong to one cell, whatever their line."""
    cols: list[list] = []
    for w in sorted((w for ln in lines for w in ln), key=lambda w: w["x0"]):
        if cols and w["x0"] <= cols[-1][1] + 4:
            cols[-1][1] = max(cols[-1][1], w["x1"])
            cols[-1][2].append(w)
        else:
            cols.append([w["x0"], w["x1"], [w]])
    return [
        (c[0], c[1], " ".join(x["text"] for x in sorted(c[2], key=lambda w: (w["top"], w["x0"]))))
        for c in cols
    ]


def _header(lines: list[list[dict]]) -> tuple[int, int, list[tuple[float, float, str]]] | None:
    """Where the header starts and ends, and its columns as (x0, x1, heading text)."""
    for i, line in enumerate(lines):
        if line[0]["text"].lower() not in ("tt", "stt"):
            continue
        # The header ends at the last line that still adds heading words ("ngoài" of "Đối tác nước ngoài").
        j, covered = i + 1, sum(heading_coverage(c[2]) for c in _columns(lines[i : i + 1]))
        while j < min(len(lines), i + 6):
            more = sum(heading_coverage(c[2]) for c in _columns(lines[i : j + 1])) - covered
            if more < 0.6 * len(fold(_text(lines[j]))):
                break  # a line that is mostly not heading words is the table's first row
            j, covered = j + 1, covered + more
        columns = _columns(lines[i:j])
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


def grid_from_words(pages_words: list[list[dict]]) -> list[list[str]] | None:
    """One grid (header row first) for a borderless task table spread over pages, or None."""
    rows: list[list[list[str]]] = []  # each cell as its lines
    current: list[list[str]] | None = None
    group: list[list[str]] | None = None
    pages = [_lines(words) for words in pages_words]
    heads = [_header(lines) for lines in pages]
    first = next((h for h in heads if h is not None), None)
    if first is None:
        return None
    columns = first[2]
    header = [c[2] for c in columns]
    body = [
        w for lines, h in zip(pages, heads, strict=True) for ln in lines[(h[1] if h else 0) :] for w in ln
    ]
    bounds = [_gutter(a[1], b[0], body) for a, b in pairwise(columns)]
    started = False
    for lines, head in zip(pages, heads, strict=True):
        if head is None and not started:
            continue
        started = True
        skip_to = head[1] if head else 0
        for idx, line in enumerate(lines):
            if idx < skip_to:
                continue
            text = _text(line)
            if line[0]["text"].lower() in ("tt", "stt"):
                again = _header(lines[idx:])
                if again is not None and again[0] == 0:
                    skip_to = idx + again[1]  # the header repeated inside the page
                    continue
            cells: list[list[str]] = [[] for _ in range(len(bounds) + 1)]
            for w in line:
                cells[sum(1 for b in bounds if (w["x0"] + w["x1"]) / 2 > b)].append(w["text"])
            first = " ".join(cells[0])
            if re.fullmatch(r"\d{1,3}", text):
                continue  # a page number
            if re.fullmatch(r"\d{1,3}(?:\.\d{1,3})*\.?", first):
                current, group = [[" ".join(c)] if c else [] for c in cells], None
                rows.append(current)
            elif _is_group_start(text) and current is not None or (_is_group_start(text) and not rows):
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
