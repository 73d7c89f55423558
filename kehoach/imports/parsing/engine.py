"""parse_document: bytes in, ParsedPlan out; every failure is an ImportRejected.

The pipeline: ``readers`` turns the file into prose lines and cell grids (Word/Excel tables, ruled PDF
tables, PDF or text tables rebuilt from word positions, Markdown and tab-separated tables); a grid
whose header names a task column and a unit or time column becomes tasks here. Without one, ``flat``
finds the task table in the flattened text and cuts its rows into cells. ``facts`` reads the prose.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from kehoach.core.text import name_key

from .columns import cell_role, is_task_header
from .errors import ImportRejected
from .facts import extract_facts
from .flat import bigram_counts, case_counts, find_text_tables, split_rows
from .model import ParsedPlan, ParsedTask
from .pdfcolumns import grid_from_words, layout_words, looks_laid_out
from .readers import Source, read_source, text_grids
from .textutil import clean
from .timeframe import parse_timeframe
from .units import UnitRegistry, split_partners, split_products, split_units, starts_unit

Progress = Callable[[int, int], None]
_ROMAN = re.compile(r"^([IVXLC]{1,6}|[A-ZĐ])[.)]?$")
_HEADER_SEARCH = 30  # a sheet may carry the plan's heading lines above the table
_REF = re.compile(r"^(\d{1,3}(?:\.\d{1,3})*)\.?$")


def parse_document(
    data: bytes,
    filename: str,
    *,
    registry: UnitRegistry | None = None,
    progress: Progress | None = None,
    max_bytes: int = 20 * 1024 * 1024,
) -> ParsedPlan:
    if not isinstance(data, (bytes, bytearray)):
        raise ImportRejected("empty", "Không có dữ liệu tệp.", "No file data.")
    if not data.strip():
        raise ImportRejected("empty", "Tệp rỗng — không có nội dung để nhập.", "The file is empty.")
    if len(data) > max_bytes:
        raise ImportRejected(
            "too_large",
            f"Tệp quá lớn ({_size(len(data))}) — giới hạn là {_size(max_bytes)}.",
            f"The file is larger than the {max_bytes} byte limit.",
        )
    try:
        return _parse(bytes(data), filename or "", registry, progress)
    except ImportRejected:
        raise
    except RecursionError:
        raise ImportRejected(
            "unsupported_format",
            "Cấu trúc tệp quá phức tạp, không đọc được.",
            "The file structure is too deeply nested.",
        ) from None
    except Exception as exc:  # the last guard: callers only ever see ImportRejected
        raise ImportRejected(
            "unreadable",
            "Không đọc được nội dung tệp (lỗi không xác định).",
            f"Unexpected error while reading the file: {type(exc).__name__}: {exc}",
        ) from None


def _size(n: int) -> str:
    return f"{n / 1048576:.1f} MB" if n >= 1048576 else f"{max(1, n // 1024)} KB"


def _parse(
    data: bytes, filename: str, registry: UnitRegistry | None, progress: Progress | None
) -> ParsedPlan:
    src: Source = read_source(data, filename, progress)
    plan = ParsedPlan(format=src.format)
    lines = src.lines
    grids = list(src.grids)
    if src.format in ("txt", "md"):
        lines, embedded = text_grids(lines)
        grids.extend(embedded)
        if not embedded and looks_laid_out(lines):
            # A column-aligned dump: place words by their character column, as for a PDF.
            laid_out = grid_from_words(layout_words("\n".join(lines)), gap=1.5)
            grids.extend([laid_out] if laid_out else [])
    tasks: list[ParsedTask] = []
    for grid in _join_continued(grids):
        tasks.extend(_tasks_from_grid(grid, registry, progress))
    if not tasks:
        tasks = _tasks_from_text(lines, registry, progress)
    if not tasks:
        raise ImportRejected(
            "no_task_table",
            "Không tìm thấy bảng nhiệm vụ (cần cột nhiệm vụ và cột đơn vị chủ trì hoặc thời gian).",
            "No task table found (needs a task column and a unit or time column).",
        )
    plan.tasks = _unique_keys(tasks, plan)
    extract_facts(lines, plan)
    return plan


def _join_continued(grids: list[list[list[str]]]) -> list[list[list[str]]]:
    """A table broken over pages (PDF) comes as one grid per page: glue those of the same width."""
    out: list[list[list[str]]] = []
    for grid in grids:
        width = max((len(r) for r in grid), default=0)
        if out and out[-1] and width == max(len(r) for r in out[-1]) and _header_key(out[-1]):
            same_header = _header_key(grid) == _header_key(out[-1])
            rest = [list(r) for r in (grid[1:] if same_header else grid)]
            if rest and out[-1] and not (rest[0][0] or "").strip():
                # The first row on the new page without a number finishes the row cut by the break.
                first = rest.pop(0)
                last = out[-1][-1]
                for k, cell in enumerate(first):
                    if cell and k < len(last):
                        last[k] = f"{last[k]}\n{cell}" if last[k] else cell
            out[-1].extend(rest)
            continue
        out.append([list(r) for r in grid])
    return out


def _header_key(grid: list[list[str]]) -> str:
    for row in grid[:_HEADER_SEARCH]:
        if is_task_header([r for r in (cell_role(c or "") for c in row) if r]):
            return name_key(" ".join(c or "" for c in row))
    return ""


def _tasks_from_text(lines: list[str], registry, progress) -> list[ParsedTask]:
    lines = [clean(x) for x in lines]
    tables = find_text_tables(lines)
    if not tables:
        return []
    bigrams = bigram_counts(lines)
    cases = case_counts(lines)
    tasks: list[ParsedTask] = []
    for table in tables:
        cells = split_rows(table.rows, table.roles, bigrams, registry, cases, progress)
        for row, values in zip(table.rows, cells, strict=True):
            tasks.append(build_task(row.group, row.ref, values, registry, row.source_lines))
    return tasks


def _tasks_from_grid(grid: list[list[str]], registry, progress) -> list[ParsedTask]:
    header_at, roles = None, []
    for r, row in enumerate(grid[:_HEADER_SEARCH]):
        cand = [cell_role(c) for c in row]
        if is_task_header([x for x in cand if x]):
            header_at, roles = r, cand
            break
    if header_at is None:
        return []
    seen: set[str] = set()
    for k, role in enumerate(roles):
        if role in seen:
            roles[k] = None
        elif role:
            seen.add(role)
    header_key = name_key(" ".join(grid[header_at]))
    ref_col = roles.index("ref") if "ref" in roles else None
    tasks: list[ParsedTask] = []
    group: str | None = None
    total = len(grid) - header_at - 1
    for n, row in enumerate(grid[header_at + 1 :]):
        if progress:
            progress(n + 1, total)
        texts = [clean(c.replace("\n", " ")) if c else "" for c in row]
        if not any(texts) or name_key(" ".join(row)) == header_key:
            continue
        if all(re.fullmatch(r"\(?\d{1,2}\)?", t) for t in texts if t):
            continue  # the "(1) (2) (3)" numbering row under a header
        values = {role: texts[k] for k, role in enumerate(roles) if role and role != "ref" and k < len(texts)}
        ref = texts[ref_col] if ref_col is not None and ref_col < len(texts) else ""
        body = [v for r, v in values.items() if r != "title" and v]
        distinct = list(dict.fromkeys(t for t in texts if t))
        m = _REF.match(ref)
        title = values.get("title", "")
        if not m and tasks and not (_ROMAN.match(ref) or ref) and (not title or title[:1].islower()):
            _append(tasks[-1], values, registry, texts)  # a row continued on the next page
            continue
        if not body and not m and len(distinct) <= 2:
            group = clean(" ".join(distinct))
            continue
        ref_value = m[1] if m else str(sum(1 for t in tasks if t.group == group) + 1)
        tasks.append(build_task(group, ref_value, values, registry, [" | ".join(texts)]))
        tasks[-1].cells = values
    return tasks


def _append(task: ParsedTask, values: dict[str, str], registry, texts: list[str]) -> None:
    cells = dict(task.cells)
    for role, v in values.items():
        if v:
            cells[role] = f"{cells.get(role, '')} {v}".strip()
    rebuilt = build_task(task.group, task.ref, cells, registry, task.source_lines + [" | ".join(texts)])
    rebuilt.cells = cells
    task.__dict__.update(rebuilt.__dict__)


def _units_only(text: str, registry) -> list[str] | None:
    """The units a notes cell names, or None when it is prose."""
    if not text or re.search(r"[.:]\s|^[-–+•]", text):
        return None
    units = split_units(text, registry)
    if units and all(starts_unit(u, registry) and len(u.split()) >= 2 for u in units):
        return units
    return None


def build_task(group, ref, values: dict[str, str], registry: UnitRegistry | None, source_lines) -> ParsedTask:
    title = clean(values.get("title"))
    note = clean(values.get("note")) or None
    lead = split_units(values.get("lead"), registry)
    if not lead and "lead" not in values and note:
        units = _units_only(note, registry)
        if units:
            lead, note = units, None
    task = ParsedTask(
        group=clean(group) or None,
        ref=str(ref),
        title=title,
        lead=lead,
        coordinating=split_units(values.get("coordinating"), registry),
        products=split_products(values.get("products")),
        partners=split_partners(values.get("partners")),
        funding=clean(values.get("funding")) or None,
        note=note,
        timeframe=parse_timeframe(values.get("timeframe")),
        source_lines=list(source_lines),
    )
    if not task.lead:
        task.flags.append("no_lead")
    if not task.title:
        task.flags.append("no_title")
    if task.timeframe["raw"] and task.timeframe["kind"] == "other":
        task.flags.append("unparsed_timeframe")
    # A numbered sentence inside a long title, or a very long title, often hides a missed row start.
    if len(title.split()) > 300 or (len(title) > 200 and re.search(r"\s\d{1,2}\.\s+[A-ZĐÀ-Ỹ]", title)):
        task.flags.append("maybe_two_rows")
    if registry is not None:
        task.unknown_names = [u for u in task.lead + task.coordinating if not registry.is_known(u)]
        if task.unknown_names:
            task.flags.append("unknown_unit")
    return task


def _unique_keys(tasks: list[ParsedTask], plan: ParsedPlan) -> list[ParsedTask]:
    seen: set[tuple[str, str]] = set()
    for t in tasks:
        key = (name_key(t.group), t.ref)
        if key in seen:
            plan.warnings.append(f"Trùng số thứ tự {t.ref} trong nhóm “{t.group or ''}”.")
            k = 2
            while (name_key(t.group), f"{t.ref}-{k}") in seen:
                k += 1
            t.ref = f"{t.ref}-{k}"
            key = (name_key(t.group), t.ref)
        seen.add(key)
    return tasks
