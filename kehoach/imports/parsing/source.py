"""What a reader hands the engine: the document's paragraphs and tables, in reading order.

This module is the whole interface between readers (TXT/MD, PDF, DOCX, XLSX, and the scan reader of
issue 14) and the engine. A reader returns one ``Source``:

- ``Source.format``: ``"txt" | "md" | "pdf" | "docx" | "xlsx"`` (a scan reader may use ``"scan"``).
- ``Source.blocks``: ``Paragraph`` and ``Table`` objects in the order a person reads them, so the engine
  knows which paragraph or heading introduces a table (``a) Nhiệm vụ về …`` then its table).
  - ``Paragraph(text)``: one line of prose as laid out (a PDF line, a DOCX paragraph, a text line).
    Empty strings are allowed and mean a blank line (paragraph break) in text formats.
  - ``Table(rows)``: rows of cell strings, ``"\\n"`` between the lines inside a cell; every row has the
    same length. A cell merged *across* columns keeps its text in its first column and ``""`` in the
    columns it covers, and those covered positions are listed in ``Table.spanned`` as ``(row, col)``.
    A cell merged *down* repeats its text in every row it covers (each row then names its unit).
    ``Table.page`` is the 1-based page the table starts on (``None`` for formats without pages);
    a table that runs over several pages may come as one ``Table`` per page, the engine joins them.
- ``Source.pages``: the page count (``0`` when the format has no pages).

Readers never interpret the content (no task detection, no facts); they only keep order and cells.
A reader outside this package hands its ``Source`` to ``engine.parse_source`` (it runs its own limits).
For format ``"scan"`` (and ``"txt"``/``"md"``), paragraphs that hold a table flattened into lines are read
as a table too, so OCR output without recognised cell boundaries still gives tasks.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Paragraph:
    text: str
    page: int | None = None


@dataclass
class Table:
    rows: list[list[str]]
    page: int | None = None
    spanned: set[tuple[int, int]] = field(default_factory=set)
    # Set by the engine when it joins a table's pages: the rows that begin a new page.
    breaks: set[int] = field(default_factory=set, repr=False)

    def __post_init__(self) -> None:
        width = max((len(r) for r in self.rows), default=0)
        self.rows = [[("" if c is None else str(c)) for c in r] + [""] * (width - len(r)) for r in self.rows]

    @property
    def width(self) -> int:
        return len(self.rows[0]) if self.rows else 0


Block = Paragraph | Table


@dataclass
class Source:
    format: str
    blocks: list[Block] = field(default_factory=list)
    pages: int = 0
    # Notes for the person reviewing (a skipped blank page of a scan); they become the plan's warnings.
    warnings: list[str] = field(default_factory=list)
    # Scanned pages: the OCR reader's per-page results (page image, row boxes, cell confidence).
    scan_pages: list = field(default_factory=list, repr=False)

    def add_line(self, text: str, page: int | None = None) -> None:
        self.blocks.append(Paragraph(text, page))

    def add_table(self, rows: list[list[str]], page: int | None = None, spanned=None) -> None:
        if rows:
            self.blocks.append(Table(rows, page, set(spanned or ())))

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    @property
    def grids(self) -> list[list[list[str]]]:
        return [t.rows for t in self.tables]

    @property
    def lines(self) -> list[str]:
        """All text as lines: paragraphs, and table cells between rule lines (for the document's facts,
        which layout tables such as the issuer/number header and the signature block carry too)."""
        out: list[str] = []
        for block in self.blocks:
            if isinstance(block, Paragraph):
                out.append(block.text)
                continue
            out.append("___")
            for row in block.rows:
                for cell in row:
                    out.extend(cell.split("\n"))
            out.append("___")
        return out
