"""What the review page shows beside each task read from a scan: the crop of its table row, and which of
its cells tesseract was unsure of (below ``LOW_CONFIDENCE``)."""

from __future__ import annotations

import io

from ..columns import cell_role
from ..model import ParsedPlan
from ..source import Source, Table
from ..textutil import clean

LOW_CONFIDENCE = 80.0  # tesseract's mean word confidence (0-100) below which a cell is highlighted
CROP_WIDTH = 1400  # px: wide enough to read a row of an A4 landscape table


def _roles(table: Table) -> list[str | None]:
    for row in table.rows[:3]:
        roles = [cell_role(c) if c else None for c in row]
        if sum(r is not None for r in roles) >= 2:
            if roles[0] is None:
                roles[0] = "ref"
            return roles
    return [None] * table.width


def _key(text: str) -> str:
    return clean(text or "").lower()[:40]


def _crop(jpeg: bytes, box: tuple[int, int, int, int], page_size: tuple[int, int]) -> bytes:
    from PIL import Image

    image = Image.open(io.BytesIO(jpeg))
    sx = image.width / page_size[0]
    sy = image.height / page_size[1]
    x0, y0, x1, y1 = box
    margin = 3
    part = image.crop((max(0, int(x0 * sx) - margin), max(0, int(y0 * sy) - margin),
                       min(image.width, int(x1 * sx) + margin), min(image.height, int(y1 * sy) + margin)))
    if part.width > CROP_WIDTH:
        part = part.resize((CROP_WIDTH, max(1, round(part.height * CROP_WIDTH / part.width))))
    out = io.BytesIO()
    part.convert("L").save(out, "JPEG", quality=70)
    return out.getvalue()


def attach(plan: ParsedPlan, src: Source) -> None:
    """Give each task read from a scanned table its row: page, box, unsure fields, and the crop."""
    rows: list[tuple[object, int, Table, list]] = []  # (page result, row index, table, roles)
    for result in src.scan_pages:
        tables = [b for b in result.blocks if isinstance(b, Table)]
        for t, table in enumerate(tables):
            roles = _roles(table)
            for r in range(len(table.rows)):
                rows.append((result, t, table, roles, r))
    used: set[tuple[int, int, int]] = set()
    plan.crops = [None] * len(plan.tasks)
    for k, task in enumerate(plan.tasks):
        title = _key(task.title)
        for result, t, table, roles, r in rows:
            ident = (result.number, t, r)
            if ident in used:
                continue
            cells = table.rows[r]
            if cells[0].strip() != task.ref or not any(title and _key(c)[:20] == title[:20] for c in cells[1:]):
                continue
            used.add(ident)
            box = result.row_boxes[t][r]
            conf = result.cell_conf[t][r]
            low = sorted({roles[c] or f"col{c}" for c, value in enumerate(cells)
                          if value.strip() and conf[c] < LOW_CONFIDENCE})
            task.scan = {"page": result.number, "box": list(box), "low": low,
                         "confidence": round(min((conf[c] for c, v in enumerate(cells) if v.strip()),
                                                 default=100.0), 1)}
            if result.jpeg:
                plan.crops[k] = _crop(result.jpeg, box, result.size)
            break
