"""Ruled tables on a page image: ruling lines by morphology, then the cell grid with its merged cells.

The rows and columns of the grid are every horizontal and vertical rule position in the table; a cell
merged across columns is one whose vertical rule is missing along its height (and likewise down), so
merged cells come out of a union-find over the elementary cells. Rulings are erased before cells are
read: a line touching the glyphs is the commonest cause of wrong characters in a cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

RULE_MIN = 70  # px at 300 dpi (6 mm): shorter straight runs are strokes of letters or underlines
MERGE_GAP = 14  # px: rules closer than this are one (a double line, or a thick stroke)


@dataclass
class Cell:
    r0: int
    c0: int
    r1: int  # inclusive
    c1: int
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 in page pixels (inside the rules)


@dataclass
class Grid:
    box: tuple[int, int, int, int]
    ys: list[int]
    xs: list[int]
    cells: list[Cell] = field(default_factory=list)
    erase: list[tuple[int, int, int, int]] = field(default_factory=list)  # short rules to erase

    @property
    def n_rows(self) -> int:
        return len(self.ys) - 1

    @property
    def n_cols(self) -> int:
        return len(self.xs) - 1


def rule_masks(ink: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    import cv2

    horizontal = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (RULE_MIN, 1)))
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, RULE_MIN)))
    # Bridge the small gaps toner drop-outs leave in a rule.
    horizontal = cv2.dilate(horizontal, cv2.getStructuringElement(cv2.MORPH_RECT, (9, 3)))
    vertical = cv2.dilate(vertical, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 9)))
    return horizontal, vertical


def _positions(profile: np.ndarray, threshold: float) -> list[int]:
    """Centres of the runs where ``profile`` is at least ``threshold``, runs closer than MERGE_GAP joined."""
    on = np.flatnonzero(profile >= threshold)
    if on.size == 0:
        return []
    out: list[list[int]] = [[int(on[0]), int(on[0])]]
    for p in on[1:]:
        if p - out[-1][1] <= MERGE_GAP:
            out[-1][1] = int(p)
        else:
            out.append([int(p), int(p)])
    return [(a + b) // 2 for a, b in out]


def _covered(mask: np.ndarray, horizontal: bool, at: int, lo: int, hi: int, need: float = 0.6) -> bool:
    """Whether a rule runs at ``at`` over most of ``lo``..``hi``."""
    band = 6
    if hi - lo < 4:
        return True
    if horizontal:
        strip = mask[max(0, at - band): at + band + 1, lo:hi]
        hits = strip.max(axis=0) > 0
    else:
        strip = mask[lo:hi, max(0, at - band): at + band + 1]
        hits = strip.max(axis=1) > 0
    return bool(hits.mean() >= need)


def find_grids(ink: np.ndarray) -> tuple[list[Grid], np.ndarray]:
    """The ruled tables on a page (top to bottom) and the mask of all rulings (to erase them)."""
    import cv2

    horizontal, vertical = rule_masks(ink)
    # Short vertical runs: a rule between two header cells is only as tall as the header row when the
    # row below spans the table (a group heading), too short for the rule search but still a boundary.
    short = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, 25)))
    short = cv2.dilate(short, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 5)))
    rules = cv2.bitwise_or(horizontal, vertical)
    joined = cv2.dilate(rules, cv2.getStructuringElement(cv2.MORPH_RECT, (15, 15)))
    count, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    grids: list[Grid] = []
    for k in range(1, count):
        x, y, w, h, _ = stats[k]
        if w < 200 or h < 80:
            continue
        hs = horizontal[y: y + h, x: x + w]
        vs = vertical[y: y + h, x: x + w]
        # A rule position is where a line covers a good part of the table's width (or height): the
        # shortest real rule is one narrow column's, about 1/25 of the table.
        ys = _positions((hs > 0).sum(axis=1), max(RULE_MIN, w / 30))
        xs = _positions((vs > 0).sum(axis=0), max(RULE_MIN, h / 40) if h > 3 * RULE_MIN else RULE_MIN * 0.8)
        if len(ys) < 2 or len(xs) < 2:
            continue
        ys = [int(y + v) for v in ys]
        xs = [int(x + v) for v in xs]
        grid = Grid((int(x), int(y), int(x + w), int(y + h)), ys, xs)
        _cells(grid, horizontal, vertical, short)
        if grid.n_rows >= 1 and grid.n_cols >= 2:
            grids.append(grid)
    grids.sort(key=lambda g: g.box[1])
    # Erase the short rules found as cell boundaries too (only there: elsewhere they are letters).
    for g in grids:
        for x0, y0, x1, y1 in g.erase:
            rules[y0:y1, x0:x1] |= short[y0:y1, x0:x1]
    return grids, rules


def _cells(grid: Grid, horizontal: np.ndarray, vertical: np.ndarray, short: np.ndarray) -> None:
    rows, cols = grid.n_rows, grid.n_cols
    parent = list(range(rows * cols))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    ys, xs = grid.ys, grid.xs
    for r in range(rows):
        for c in range(cols):
            # A short rule must run the cell's full height: a letter crossing the column line does not.
            if c + 1 < cols:
                if _covered(vertical, False, xs[c + 1], ys[r] + 6, ys[r + 1] - 6):
                    pass
                elif _covered(short, False, xs[c + 1], ys[r] + 2, ys[r + 1] - 2, 0.95):
                    grid.erase.append((max(0, xs[c + 1] - 6), ys[r], xs[c + 1] + 7, ys[r + 1]))
                else:
                    union(r * cols + c, r * cols + c + 1)
            # Down, a rule a third present is a rule broken (a seal, toner drop-out); a merged cell has none.
            if r + 1 < rows and not _covered(horizontal, True, ys[r + 1], xs[c] + 6, xs[c + 1] - 6, 0.35):
                union(r * cols + c, (r + 1) * cols + c)
    groups: dict[int, list[tuple[int, int]]] = {}
    for r in range(rows):
        for c in range(cols):
            groups.setdefault(find(r * cols + c), []).append((r, c))
    inset = 5
    for members in groups.values():
        r0 = min(r for r, _ in members)
        r1 = max(r for r, _ in members)
        c0 = min(c for _, c in members)
        c1 = max(c for _, c in members)
        box = (xs[c0] + inset, ys[r0] + inset, xs[c1 + 1] - inset, ys[r1 + 1] - inset)
        grid.cells.append(Cell(r0, c0, r1, c1, box))
    grid.cells.sort(key=lambda cell: (cell.r0, cell.c0))
