"""Task tables: which column holds what, group rows, rows continued over a page, decoy tables.

A table is a task table when one of its first rows names a task column and a unit or time column
(``columns.is_task_header``) and it is not a list of targets or indicators (``Chỉ tiêu``, ``Đơn vị
tính``). A second header row under it (``Thời hạn trình`` over one column per approving level;
``Đơn vị thực hiện`` over ``Chủ trì | Phối hợp``) refines the columns below a spanning
heading. Rows are group headings (a row with only a heading: ``I. Nhóm nhiệm vụ …``, ``Năm 2022``),
tasks (a row number), or the rest of the row above (no number: the part of a row carried over a page
break). Group headings nest by their numbering style, as headings do in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kehoach.core.text import fold, name_key

from .build import Context, build_task
from .columns import cell_role, is_target_header, is_task_header
from .model import ParsedTask
from .outline import UPPER_LETTERS, is_upper_text, roman_value
from .source import Table
from .textutil import clean

_HEADER_SEARCH = 30  # a sheet may carry the plan's heading lines above the table
_REF = re.compile(r"^(\d{1,3}(?:\.\d{1,3})*)\.?$")
_GROUP_REF = re.compile(r"^([IVXLC]{1,7}|[A-ZĐ])[.)]?$")
_PLACEHOLDER = re.compile(r"[\s.…\-–x_]*")
_NUMBERING_ROW = re.compile(r"\(?\d{1,2}\)?(?:\s*=.*)?")


@dataclass
class Layout:
    header_at: int  # first header row
    body_at: int  # first row under the header(s)
    roles: list[str | None]  # per column
    header_keys: set[str]  # name keys of the header rows, to skip them when repeated


def _roles(row: list[str]) -> list[str | None]:
    return [cell_role(c or "") for c in row]


def _is_sub_header(row: list[str], header: list[str], roles: list[str | None]) -> bool:
    # A header cell merged down repeats in the row below: that is not sub-header text.
    texts = [clean(c) if k >= len(header) or clean(c) != clean(header[k]) else "" for k, c in enumerate(row)]
    filled = [k for k, t in enumerate(texts) if t]
    if not filled or any(len(texts[k].split()) > 6 for k in filled):
        return False
    ref_col = roles.index("ref") if "ref" in roles else None
    if ref_col is not None and _REF.match(texts[ref_col] or "-"):
        return False
    if ref_col is not None and texts[ref_col]:
        return False
    under_blank = any(not clean(header[k]) for k in filled if k < len(header))
    has_role = any(cell_role(texts[k]) in ("lead", "coordinating", "monitoring") for k in filled)
    return under_blank or has_role


def layout(grid: list[list[str]]) -> Layout | None:
    """The header of a task table, or None (not a task table, or a target table)."""
    for r, row in enumerate(grid[:_HEADER_SEARCH]):
        roles = _roles(row)
        if not is_task_header([x for x in roles if x]):
            continue
        if is_target_header(row):
            return None
        body_at = r + 1
        keys = {name_key(" ".join(row))}
        if body_at < len(grid) and _is_sub_header(grid[body_at], row, roles):
            sub = grid[body_at]
            keys.add(name_key(" ".join(sub)))
            roles = _merge_sub_header(row, sub, roles)
            body_at += 1
        return Layout(r, body_at, roles, keys)
    return None


def _merge_sub_header(header: list[str], sub: list[str], roles: list[str | None]) -> list[str | None]:
    """Columns under a spanning heading take the heading's role, or their own when they name one."""
    out: list[str | None] = []
    parent_role: str | None = None
    parent_split = False
    for k, cell in enumerate(header):
        sub_text = clean(sub[k]) if k < len(sub) else ""
        if sub_text == clean(cell):
            sub_text = ""  # merged down from the header row
        if clean(cell):
            parent_role = roles[k]
            parent_split = bool(sub_text)
        elif not (sub_text and parent_split):
            parent_role = None  # an unheaded column that is not under a spanning heading
        own = cell_role(sub_text) if sub_text else None
        if own in ("lead", "coordinating", "monitoring") or (own and parent_role is None):
            out.append(own)
        else:
            out.append(parent_role if (clean(cell) or sub_text) else None)
    return out


def _style(ref: str) -> str:
    if re.fullmatch(r"[IVXLC]+", ref) and roman_value(ref):
        return "roman"
    if re.fullmatch(r"[A-ZĐ]", ref):
        return "upper"
    if re.fullmatch(r"\d+", ref):
        return "num"
    if re.fullmatch(r"\d+(\.\d+)+", ref):
        return "multi"
    return "plain"


class _Groups:
    """The open group headings, nested by numbering style in order of first appearance."""

    def __init__(self, outer: list[str]):
        self.outer = list(outer)
        self.stack: list[tuple[str, str, str]] = []  # (style, number, text)

    def open(self, text: str) -> None:
        number, style = _heading_number(text)
        styles = [s for s, _, _ in self.stack]
        if style == "roman" and len(number) == 1 and "upper" in styles:
            # "C." after "B." is a letter, not the Roman hundred.
            last = self.stack[styles.index("upper")][1]
            if (
                last in UPPER_LETTERS
                and number in UPPER_LETTERS[UPPER_LETTERS.index(last) + 1 : UPPER_LETTERS.index(last) + 3]
            ):
                style = "upper"
        if style in styles:
            del self.stack[styles.index(style) :]
        self.stack.append((style, number, text))

    @property
    def path(self) -> list[str]:
        return self.outer + [t for _, _, t in self.stack]


def _values(texts: list[str], roles: list[str | None]) -> dict[str, str]:
    """One text per role; a role spread over several columns (one column per approving level under ``Thời gian
    trình``) takes the last filled one for a time, all of them otherwise."""
    values: dict[str, list[str]] = {}
    for k, role in enumerate(roles):
        if role and role != "ref" and k < len(texts):
            values.setdefault(role, [])
            if texts[k]:
                values[role].append(texts[k])
    out = {}
    for role, parts in values.items():
        if role == "timeframe":
            out[role] = parts[-1] if parts else ""
        else:
            out[role] = (
                "; ".join(dict.fromkeys(parts))
                if role in ("lead", "coordinating", "monitoring")
                else " ".join(parts)
            )
    return out


def join_continued(tables: list[Table]) -> list[Table]:
    """A table broken over pages comes as one table per page: join those of the same width whose next
    part repeats the header or has none."""
    out: list[Table] = []
    for table in tables:
        if out and out[-1].width == table.width and layout(out[-1].rows) is not None:
            head = layout(out[-1].rows)
            own = layout(table.rows)
            rows = [list(r) for r in table.rows]
            if own is not None:
                if {name_key(" ".join(r)) for r in table.rows[: own.body_at]} - head.header_keys:
                    out.append(Table([list(r) for r in table.rows], table.page, set(table.spanned)))
                    continue
                rows = rows[own.body_at :]
            base = len(out[-1].rows)
            shift = own.body_at if own is not None else 0
            out[-1].spanned |= {(r - shift + base, c) for r, c in table.spanned if r >= shift}
            out[-1].breaks.add(base)
            out[-1].rows.extend(rows)
            continue
        out.append(Table([list(r) for r in table.rows], table.page, set(table.spanned)))
    return out


def _row_spans(table: Table, r: int) -> bool:
    """A row whose first cell spans (nearly) the whole width: a heading row."""
    covered = sum(1 for c in range(1, table.width) if (r, c) in table.spanned)
    return table.width > 2 and covered >= table.width - 2


def tasks_from_table(table: Table, ctx: Context, outer_groups: list[str], progress=None) -> list[ParsedTask]:
    lay = layout(table.rows)
    if lay is None:
        return []
    roles = lay.roles
    ref_col = roles.index("ref") if "ref" in roles else None
    groups = _Groups(outer_groups)
    tasks: list[ParsedTask] = []
    rows = table.rows
    total = len(rows) - lay.body_at
    for n, r in enumerate(range(lay.body_at, len(rows))):
        if progress:
            progress(n + 1, total)
        row = rows[r]
        texts = [clean(c.replace("\n", " ")) if c else "" for c in row]
        if not any(texts) or name_key(" ".join(row)) in lay.header_keys:
            continue
        if all(_NUMBERING_ROW.fullmatch(t) for t in texts if t):
            continue  # the "(1) (2) (3)" numbering row under a header
        values = _values(texts, roles)
        ref = texts[ref_col] if ref_col is not None else ""
        title = values.get("title", "")
        m = _REF.match(ref)
        others = [v for role, v in values.items() if role != "title" and v]
        # Columns without a role (a column numbering the rows after another document) say nothing about the row.
        distinct = list(dict.fromkeys(t for k, t in enumerate(texts) if t and k < len(roles) and roles[k]))
        if r in table.breaks and not ref and tasks and not _row_spans(table, r):
            _append(tasks[-1], values, ctx, texts)  # the part of a row carried over to the next page
            continue
        if ref and not m and _GROUP_REF.match(ref) and _next_ref(rows, r + 1, ref_col) == "1" and title:
            # "I | Đợt 1 | Tháng 4/2026": a heading row with its own time; numbering restarts under it.
            groups.open(_group_text(ref, title, distinct))
            continue
        if _is_group_row(table, r, ref, title, others, distinct, rows, ref_col):
            text = _group_text(ref, title, distinct)
            groups.open(text)
            continue
        if (
            not m
            and tasks
            and (not ref or ref_col is None)
            and (not title or title[:1].islower() or not others)
        ):
            _append(tasks[-1], values, ctx, texts)  # a row continued from the page before
            continue
        if _PLACEHOLDER.fullmatch(title) and not others:
            continue  # an empty row of a form to fill in
        ref_value = (
            m[1] if m else (ref.rstrip(".") or str(sum(1 for t in tasks if t.group_path == groups.path) + 1))
        )
        task = build_task(groups.path, ref_value, values, ctx, [" | ".join(t for t in texts if t)])
        task.cells = values
        tasks.append(task)
    if not any(_PLACEHOLDER.fullmatch(t.title) is None for t in tasks):
        return []  # a form (report template) with no task written in it
    return tasks


def _heading_number(text: str) -> tuple[str, str]:
    m = re.match(r"^([IVXLC]{1,7}|[A-ZĐ]|\d{1,2}(?:\.\d{1,2})*)[.)]\s", text)
    return (m[1], _style(m[1])) if m else ("", "plain")


def _is_group_row(
    table: Table, r: int, ref: str, title: str, others: list[str], distinct: list[str], rows, ref_col
) -> bool:
    if others:
        return False
    text = title or (distinct[0] if distinct else "")
    if text[:1].islower():
        return False  # the rest of a sentence carried over a page break, not a heading
    if _row_spans(table, r) and distinct:
        return True
    if not distinct or len(distinct) > 2:
        return False
    if _REF.match(ref):
        # "1 | Nhóm nhiệm vụ …" with nothing else is a heading when the rows below number 1.1, 1.2 …
        num = _REF.match(ref)[1]
        nxt = _next_ref(rows, r + 1, ref_col)
        return nxt is not None and nxt.startswith(num + ".")
    return True


def _next_ref(rows, start: int, ref_col) -> str | None:
    if ref_col is None:
        return None
    for row in rows[start : start + 4]:
        m = _REF.match(clean(row[ref_col]) if ref_col < len(row) else "")
        if m:
            return m[1]
    return None


def _group_text(ref: str, title: str, distinct: list[str]) -> str:
    text = title or " ".join(t for t in distinct if t != ref)
    ref = ref.strip()
    if not text:
        return clean(ref)  # the heading fills the first cell of a merged row
    if ref and not text.startswith(ref):
        sep = "" if ref[-1:] in ".)" else "."
        return clean(f"{ref}{sep} {text}")
    return clean(text or ref)


def _append(task: ParsedTask, values: dict[str, str], ctx: Context, texts: list[str]) -> None:
    cells = dict(task.cells)
    for role, v in values.items():
        if v:
            cells[role] = f"{cells.get(role, '')} {v}".strip()
    rebuilt = build_task(
        task.group_path, task.ref, cells, ctx, task.source_lines + [" | ".join(t for t in texts if t)]
    )
    rebuilt.cells = cells
    task.__dict__.update(rebuilt.__dict__)


def is_task_table(table: Table) -> bool:
    return layout(table.rows) is not None


def unit_cells(tables: list[Table]) -> list[str]:
    """Every lead/coordinating/monitoring cell of the task tables (to learn the document's names)."""
    out = []
    for table in tables:
        lay = layout(table.rows)
        if lay is None:
            continue
        cols = [k for k, r in enumerate(lay.roles) if r in ("lead", "coordinating", "monitoring")]
        for row in table.rows[lay.body_at :]:
            out.extend(row[k] for k in cols if k < len(row) and row[k])
    return out


def heading_like(text: str) -> bool:
    """A short line that can introduce a table as its group (``a) Nhiệm vụ về …``, ``1. Năm 2026``)."""
    text = clean(text)
    return (
        0 < len(text.split()) <= 40
        and not is_upper_text(text)
        and not fold(text).startswith(("kem theo", "ban hanh kem"))
    )
