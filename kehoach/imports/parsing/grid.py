"""Task rows typed or pasted by a person (a grid, or cells copied from Excel or a Word table).

The same engine as a document's task table reads each row: column headings are recognised with
``columns.cell_role``, unit cells are split and matched with the registry-aware splitter, timeframes
are read by ``core.timeframes``; so a row entered by hand carries the same flags as an imported one.

Nothing is guessed silently: a bad row is reported as a ``Problem`` naming its row (1-based, as the
user counts them) and its column, and the caller writes nothing unless there is none. Pure Python.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from kehoach.core.text import fold, name_key

from .build import Context, build_task, lexicon_from
from .columns import cell_role
from .model import ParsedTask
from .tables import _group_text
from .textutil import clean
from .units import UnitRegistry

# The grid's columns, in the order of the manual-entry page and the XLSX template.
ROLES = ("ref", "group", "title", "lead", "coordinating", "monitoring", "products", "timeframe", "funding", "note")
# A heading per column that the importer's own column logic recognises (the template's header row).
HEADINGS = {
    "ref": "STT",
    "group": "Nhóm nhiệm vụ",
    "title": "Nội dung nhiệm vụ",
    "lead": "Đơn vị chủ trì",
    "coordinating": "Đơn vị phối hợp",
    "monitoring": "Theo dõi, đôn đốc",
    "products": "Sản phẩm",
    "timeframe": "Thời gian thực hiện",
    "funding": "Kinh phí",
    "note": "Ghi chú",
}
MAX_ROWS = 2000
# Longest cell per column the plans app stores whole.
MAX_LENGTH = {"ref": 20, "group": 300, "timeframe": 200}
_GROUP_HEADING = re.compile(r"^(nhom|nhom nhiem vu|linh vuc|phan)$")
_UNIT_ROLES = ("lead", "coordinating", "monitoring")
_GROUP_REF = re.compile(r"^([IVXLC]{1,7}|[A-ZĐ])[.)]?$")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the rows: ``row`` 1-based (0 for the column mapping), ``role`` its column."""

    row: int
    role: str | None
    code: str  # no_title, too_long, duplicate_ref, extra_cells, no_title_column, twice, no_rows, too_many
    detail: str = ""


class GridRejected(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(f"{p.row}:{p.role}:{p.code}" for p in problems))
        self.problems = problems


def split_pasted(text: str) -> list[list[str]]:
    """Tab-separated rows as Excel and Word put them on the clipboard (Excel quotes a cell with line
    breaks); blank rows dropped, trailing blank cells trimmed."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    rows = []
    for cells in csv.reader(io.StringIO(text), delimiter="\t", quotechar='"'):
        cells = [c.strip() for c in cells]
        while cells and not cells[-1]:
            cells.pop()
        if any(cells):
            rows.append(cells)
    return rows


def heading_role(text: str) -> str | None:
    """The grid column a heading names, with the importer's heading words (plus the group column)."""
    if _GROUP_HEADING.match(fold(clean(text))):
        return "group"
    return cell_role(text or "")


def guess_roles(rows: list[list[str]]) -> tuple[list[str | None], bool]:
    """Columns of pasted rows: from their first row when it is a header (it names a task column and
    another), else the grid's usual order. Returns (roles, first row is a header)."""
    width = max((len(r) for r in rows), default=0)
    if rows:
        roles: list[str | None] = []
        for cell in rows[0]:
            role = heading_role(cell)
            roles.append(role if role in ROLES and role not in roles else None)
        if "title" in roles and sum(1 for r in roles if r) >= 2:
            return roles + [None] * (width - len(roles)), True
    default = ["ref", "title", "lead", "coordinating", "products", "timeframe", "note"]
    if rows and not any(_looks_like_ref(r[0]) for r in rows if r):
        default = default[1:]  # no numbering column
    return (default + [None] * width)[:width], False


def _looks_like_ref(text: str) -> bool:
    return bool(re.fullmatch(r"\d{1,3}(\.\d{1,3})*\.?|[IVXLC]{1,7}\.?|[a-zđ]\)", clean(text)))


def _is_group_row(values: dict[str, str]) -> bool:
    """``I. | Nhóm nhiệm vụ …`` with nothing else: a heading over the rows below, not a task."""
    others = [k for k, v in values.items() if v and k not in ("ref", "title")]
    if others or not values.get("title"):
        return False
    ref = values.get("ref", "")
    return bool(_GROUP_REF.match(ref)) or (not ref and values["title"].isupper())


def tasks_from_rows(
    rows: list[list[str]], roles: list[str | None], registry: UnitRegistry | None = None, *, first_row: int = 1
) -> list[ParsedTask]:
    """Rows of cells -> tasks, all or nothing (``GridRejected`` lists every problem found).

    A ``group`` column gives each row its group; without one, a row holding only a Roman or letter
    number and a heading opens a group for the rows below it, as in a plan's appendix.
    """
    problems: list[Problem] = []
    mapped = [r for r in roles if r]
    for role in dict.fromkeys(mapped):
        if mapped.count(role) > 1:
            problems.append(Problem(0, role, "twice"))
    if "title" not in mapped:
        problems.append(Problem(0, "title", "no_title_column"))
    if not rows:
        problems.append(Problem(0, None, "no_rows"))
    if len(rows) > MAX_ROWS:
        problems.append(Problem(0, None, "too_many", str(MAX_ROWS)))
    if problems:
        raise GridRejected(problems)
    cells_of_units = [c for r in rows for k, c in enumerate(r) if k < len(roles) and roles[k] in _UNIT_ROLES]
    ctx = Context(registry, lexicon_from(cells_of_units))
    tasks: list[ParsedTask] = []
    group = ""
    seen: dict[tuple[str, str], int] = {}
    for n, cells in enumerate(rows, start=first_row):
        extra = [c for k, c in enumerate(cells) if k >= len(roles) and clean(c)]
        if extra:
            problems.append(Problem(n, None, "extra_cells", str(len(cells))))
            continue
        # One unit per line in a cell is a list of units; elsewhere a line break is only wrapping.
        values = {role: clean(cells[k].replace("\n", "; " if role in _UNIT_ROLES else " "))
                  for k, role in enumerate(roles) if role and k < len(cells)}
        values = {k: v for k, v in values.items() if v}
        if not values:
            continue
        if "group" not in mapped and _is_group_row(values):
            group = _group_text(values.get("ref", ""), values["title"], [])
            continue
        for role, limit in MAX_LENGTH.items():
            if len(values.get(role, "")) > limit:
                problems.append(Problem(n, role, "too_long", str(limit)))
        if not values.get("title"):
            problems.append(Problem(n, "title", "no_title"))
            continue
        row_group = values.pop("group", "") if "group" in mapped else group
        ref = values.pop("ref", "").rstrip(".") or str(sum(1 for t in tasks if (t.group or "") == row_group) + 1)
        key = (name_key(row_group), ref)
        if key in seen:
            problems.append(Problem(n, "ref", "duplicate_ref", str(seen[key])))
            continue
        seen[key] = n
        source = " | ".join(clean(c.replace("\n", " ")) for c in cells if clean(c))
        tasks.append(build_task([row_group] if row_group else [], ref, values, ctx, [source]))
    if problems:
        raise GridRejected(problems)
    return tasks
