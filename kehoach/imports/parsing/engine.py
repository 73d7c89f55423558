"""parse_document: bytes in, ParsedPlan out; every failure is an ImportRejected.

The pipeline:
1. ``readers`` turn the file into a ``Source``: paragraphs and tables in reading order (``source.py``).
2. ``cleanup`` drops page furniture and repairs web-copy artefacts; ``outline`` nests the lines by
   their numbering, with tables as leaves, so each table's introducing heading is known.
3. Tasks come from the first layout that yields any, by evidence in the document:
   - task tables (``tables``): Word/Excel tables, ruled or rebuilt PDF tables, Markdown/TSV tables;
   - a task table flattened into text (``flat``: PDF text dumps), or laid out with spaces
     (``pdfcolumns``: ``pdftotext -layout``);
   - tasks written as body sections with labelled unit/time lines (``sections``).
4. ``facts`` reads the document's own facts from the prose.

The parse runs in a child process under resource limits (``sandbox``); set ``sandbox=False`` to run it
in this process (tests of internals, profiling).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from kehoach.core.text import fold, name_key

from .build import Context, lexicon_from
from .cleanup import prepare
from .errors import ImportRejected
from .facts import extract_facts
from .flat import bigram_counts, case_counts, find_text_tables, split_rows
from .limits import DEFAULT_LIMITS, Limits
from .model import ParsedPlan, ParsedTask
from .outline import Node, build_outline
from .pdfcolumns import grid_from_words, layout_words, looks_laid_out
from .readers import read_source
from .sections import is_decoy, label_of, tasks_from_outline
from .source import Source, Table
from .tables import heading_like, join_continued, layout, tasks_from_table, unit_cells
from .textutil import clean
from .units import UnitRegistry

Progress = Callable[[int, int], None]
_TEMPLATE = re.compile(r"\b(mau bao cao|mau so|de cuong bao cao|bieu mau|mau bieu)\b")


def parse_document(
    data: bytes,
    filename: str,
    *,
    registry: UnitRegistry | None = None,
    progress: Progress | None = None,
    max_bytes: int | None = None,
    limits: Limits | None = None,
    sandbox: bool = True,
) -> ParsedPlan:
    limits = limits or DEFAULT_LIMITS
    if max_bytes is not None:
        limits = Limits(**{**limits.__dict__, "max_bytes": max_bytes})
    if not isinstance(data, (bytes, bytearray)):
        raise ImportRejected("empty", "Không có dữ liệu tệp.", "No file data.")
    if not data.strip():
        raise ImportRejected("empty", "Tệp rỗng — không có nội dung để nhập.", "The file is empty.")
    if len(data) > limits.max_bytes:
        raise ImportRejected(
            "too_large",
            f"Tệp quá lớn ({_size(len(data))}) — giới hạn là {_size(limits.max_bytes)}.",
            f"The file is larger than the {limits.max_bytes} byte limit.",
        )
    from .ocr import budget

    limits = budget(bytes(data), filename or "", limits)  # a scan gets time for each page it reads
    if sandbox:
        from .sandbox import run_limited

        return run_limited(
            parse_guarded, bytes(data), filename or "", registry, limits=limits, progress=progress
        )
    return parse_guarded(bytes(data), filename or "", registry, limits, progress)


def parse_guarded(
    data: bytes,
    filename: str,
    registry: UnitRegistry | None,
    limits: Limits,
    progress: Progress | None = None,
) -> ParsedPlan:
    """The parse with its last guard: callers only ever see ImportRejected."""
    try:
        return _parse(data, filename, registry, progress, limits)
    except ImportRejected:
        raise
    except RecursionError:
        raise ImportRejected(
            "unsupported_format",
            "Cấu trúc tệp quá phức tạp, không đọc được.",
            "The file structure is too deeply nested.",
        ) from None
    except MemoryError:
        raise ImportRejected(
            "too_complex",
            "Tệp cần quá nhiều bộ nhớ để đọc — từ chối nhập (hãy tách tệp hoặc lưu lại ở định dạng khác).",
            "Reading the file needs more memory than allowed; refused.",
        ) from None
    except Exception as exc:  # the last guard
        raise ImportRejected(
            "unreadable",
            "Không đọc được nội dung tệp (lỗi không xác định).",
            f"Unexpected error while reading the file: {type(exc).__name__}: {exc}",
        ) from None


def _size(n: int) -> str:
    return f"{n / 1048576:.1f} MB" if n >= 1048576 else f"{max(1, n // 1024)} KB"


def _fact_lines(items) -> list[str]:
    out: list[str] = []
    for _, item in items:
        if isinstance(item, Table):
            # Layout tables (issuer/number/date, signature) carry document facts too; the rule lines
            # keep a heading from running on into the table.
            out.append("___")
            for row in item.rows:
                for cell in row:
                    out.extend(cell.split("\n"))
            out.append("___")
        else:
            out.append(item)
    return out


def _table_runs(items) -> list[list[tuple[int, Table]]]:
    """Tables that follow one another with only blank lines between (one table over several pages)."""
    runs: list[list[tuple[int, Table]]] = []
    current: list[tuple[int, Table]] = []
    for index, item in items:
        if isinstance(item, Table):
            current.append((index, item))
        elif clean(item):
            if current:
                runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def _table_nodes(root: Node) -> dict[int, Node]:
    return {n.index: n for n in root.walk() if n.style == "table"}


def _intro(node: Node | None) -> list[str]:
    """The headings that introduce a table: its parent item when that is a heading of the task list."""
    parent = node.parent if node is not None else None
    if parent is None or parent.style in ("root", "appendix", "article") or parent.is_section:
        return []
    if parent.style in ("dash", "plus", "star", "bullet") or not heading_like(parent.text) or parent.body:
        return []
    path = [parent.label]
    for anc in parent.ancestors():
        if anc.is_section or anc.style in ("dash", "plus", "star", "bullet"):
            continue
        path.insert(0, anc.label)
    return path


def _lexicon(items, tables: list[Table]) -> frozenset:
    cells = unit_cells(tables)
    for _, item in items:
        if isinstance(item, str) and ":" in item:
            lab = label_of(re.sub(r"^[-–+*•]\s*", "", item))
            if lab and set(lab[0]) & {"lead", "coordinating", "monitoring"}:
                cells.append(lab[1])
    return lexicon_from(cells)


def _parse(data: bytes, filename: str, registry, progress, limits: Limits) -> ParsedPlan:
    src = read_source(data, filename, progress, limits)
    # A scan's progress is its pages (the slow part); the rows after them take a moment.
    return parse_source(src, registry=registry, progress=None if src.scan_pages else progress)


def parse_source(
    src: Source, *, registry: UnitRegistry | None = None, progress: Progress | None = None
) -> ParsedPlan:
    """The engine on a reader's output (``source.py``): for readers outside this package, such as the
    scan reader, which run their own limits. Raises ImportRejected like ``parse_document``."""
    if src.scan_pages:
        # OCR text: numbering and tone marks corrected against the document, the registry, the vocabulary.
        from .ocr.correct import correct_source

        correct_source(src, registry.names() if registry is not None else None)
    items = prepare(src)
    root = build_outline(items)
    plan = ParsedPlan(format=src.format, warnings=list(src.warnings))
    tables = [t for _, t in items if isinstance(t, Table)]
    ctx = Context(registry, _lexicon(items, tables))

    tasks = _tasks_from_tables(items, root, ctx, progress)
    lines = [x for _, x in items if isinstance(x, str)]
    if not tasks and src.format in ("txt", "md", "scan"):
        tasks = _tasks_from_text(lines, ctx, progress)
    if not tasks:
        tasks = tasks_from_outline(root, ctx)
    _disambiguate(tasks)
    extract_facts(_fact_lines(items), plan, root)
    if not tasks:
        raise ImportRejected(
            "no_task_table",
            "Không tìm thấy danh sách nhiệm vụ (bảng nhiệm vụ, hoặc các mục có dòng “Đơn vị chủ trì”/"
            "“Thời gian thực hiện”) — có thể nhập tay với các thông tin đã đọc được.",
            "No task list found (a task table, or items with lead-unit or time lines).",
            partial=plan,
        )
    plan.tasks = _unique_keys(tasks, plan)
    if src.scan_pages:
        from .ocr.review import attach

        attach(plan, src)
    return plan


def _sections_of(node: Node | None) -> list[str]:
    return [a.label for a in node.ancestors() if a.is_section] if node is not None else []


def _tasks_from_tables(items, root: Node, ctx: Context, progress) -> list[ParsedTask]:
    nodes = _table_nodes(root)
    parts: list[tuple[Table, Node | None, bool]] = []
    for run in _table_runs(items):
        node = nodes.get(run[0][0])
        around = list(node.ancestors()) if node is not None else []
        if any(_TEMPLATE.search(fold(a.text)) for a in around):
            continue  # a report form to fill in, not the plan's tasks
        in_decoy = any(is_decoy(a) for a in around)
        for table in join_continued([t for _, t in run]):
            if layout(table.rows) is not None:
                parts.append((table, node, in_decoy))
    # A table inside "Tổ chức thực hiện" (each unit's duties) counts only when no other does.
    if any(not decoy for _, _, decoy in parts):
        parts = [p for p in parts if not p[2]]
    if not parts:
        return []
    intros = [_intro(node) for _, node, _ in parts]
    # A heading outside the table is its group when several task tables each have one.
    use_intros = len({tuple(i) for i in intros if i}) >= 2
    tasks: list[ParsedTask] = []
    for (table, node, _), intro in zip(parts, intros, strict=True):
        found = tasks_from_table(table, ctx, intro if use_intros else [], progress)
        for task in found:
            task.sections = _sections_of(node)
        tasks.extend(found)
    return tasks


def _disambiguate(tasks: list[ParsedTask]) -> None:
    """Two tasks with one (group, ref): put the document section each sits in above its groups."""
    for _ in range(3):
        keys: dict[tuple[str, str], list[ParsedTask]] = {}
        for t in tasks:
            keys.setdefault((name_key(t.group), t.ref), []).append(t)
        clashes = [ts for ts in keys.values() if len(ts) > 1 and any(t.sections for t in ts)]
        if not clashes:
            return
        for ts in clashes:
            if len({tuple(t.sections[:1]) for t in ts}) < 2:
                continue  # the sections do not tell them apart
            for t in ts:
                if t.sections:
                    section = t.sections.pop(0)
                    t.group_path = [section, *t.group_path]
                    t.group = t.group or section


def _tasks_from_text(lines: list[str], ctx: Context, progress) -> list[ParsedTask]:
    from .build import build_task

    if looks_laid_out(lines):
        # A column-aligned dump: place words by their character column, as for a PDF.
        grid = grid_from_words(layout_words("\n".join(lines)), gap=1.5)
        tasks = tasks_from_table(Table(grid), ctx, [], progress) if grid else []
        if tasks:
            return tasks
    lines = [clean(x) for x in lines]
    tables = find_text_tables(lines)
    if not tables:
        return []
    bigrams = bigram_counts(lines)
    cases = case_counts(lines)
    use_intros = len({t.intro for t in tables if t.intro}) >= 2
    tasks: list[ParsedTask] = []
    for table in tables:
        outer = [table.intro] if use_intros and table.intro else []
        cells = split_rows(table.rows, table.roles, bigrams, ctx.registry, cases, progress)
        for row, values in zip(table.rows, cells, strict=True):
            path = outer + ([row.group] if row.group else [])
            tasks.append(build_task(path, row.ref, values, ctx, row.source_lines))
    return tasks


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
