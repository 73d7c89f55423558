"""Reading one page image into blocks: its ruled tables cell by cell, the rest as text blocks.

One ``PageReader`` per process holds the tesseract engines (loading the ``vie`` model costs a second,
so it is done once and reused for every cell and page).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from ..source import Paragraph, Table
from . import prep
from .deps import tessdata
from .grid import Grid, find_grids

_JUNK = re.compile(r"^[_|—]+\s*|\s*[_|—]+$")
MIN_DPI = 100  # below this, diacritics are a few pixels: the reading would be a wrong plan
OSD_MIN_CONF = 1.5


@dataclass
class CellRead:
    text: str
    conf: float  # tesseract's mean word confidence, 0..100 (100 for an empty cell)


@dataclass
class PageResult:
    """What a worker sends back for one page: blocks in reading order with their vertical position."""

    number: int
    blocks: list = field(default_factory=list)  # Paragraph | Table
    # Per table (same order as the tables in ``blocks``): the page-pixel box of each row and the
    # confidence of each cell, for the review beside the scan.
    row_boxes: list[list[tuple[int, int, int, int]]] = field(default_factory=list)
    cell_conf: list[list[list[float]]] = field(default_factory=list)
    words: int = 0
    mean_conf: float = 0.0
    rotated: int = 0
    skew: float = 0.0
    source_dpi: float = 0.0
    problem: str | None = None  # "blank" | "low_dpi" | "unreadable" | "tilted"
    size: tuple[int, int] = (0, 0)
    jpeg: bytes = b""  # the cleaned page, small, for the crops


class PageReader:
    def __init__(self) -> None:
        import cv2
        from tesserocr import OEM, PSM, PyTessBaseAPI

        cv2.setNumThreads(1)  # the pages are already spread over the cores; threads only add memory
        path = tessdata()
        self.psm = PSM
        self.api = PyTessBaseAPI(path=path, lang="vie", psm=PSM.SINGLE_BLOCK, oem=OEM.LSTM_ONLY)
        self.api.SetVariable("preserve_interword_spaces", "0")
        self.osd = PyTessBaseAPI(path=path, lang="osd", psm=PSM.OSD_ONLY)
        self.paper = 255

    def close(self) -> None:
        self.api.End()
        self.osd.End()

    # -- tesseract calls
    def _ocr(self, gray: np.ndarray, psm, paper: int | None = None, pad: int = 12) -> CellRead:
        from PIL import Image

        # Pad with the paper's own tone: a white frame around grey paper reads as letters.
        tone = int(np.median(gray)) if paper is None else paper
        padded = np.pad(gray, pad, constant_values=tone)
        self.api.SetPageSegMode(psm)
        self.api.SetImage(Image.fromarray(padded))
        text = self.api.GetUTF8Text()
        conf = float(self.api.MeanTextConf()) if text.strip() else 100.0
        # Bits of an erased rule read as "_" or "|" at the ends of a line are not text.
        lines = [_JUNK.sub("", " ".join(line.split())).strip() for line in text.splitlines()]
        return CellRead("\n".join(x for x in lines if x), conf)

    def _orientation(self, gray: np.ndarray) -> int:
        """Degrees counter-clockwise that put the text upright (0, 90, 180 or 270)."""
        from PIL import Image

        small = gray[::2, ::2]
        self.osd.SetImage(Image.fromarray(np.ascontiguousarray(small)))
        try:
            found = self.osd.DetectOrientationScript()
        except RuntimeError:
            found = None
        if found and found.get("orient_conf", 0) >= OSD_MIN_CONF:
            return int(found["orient_deg"]) % 360
        if not found:
            return 0
        # Unsure: read a strip both ways up and keep the more confident reading.
        deg = int(found["orient_deg"]) % 360
        if deg == 0:
            return 0
        h = gray.shape[0]
        strip = gray[h // 4: h // 4 + 400]
        turned = prep.quarter_turn(gray, deg)
        strip2 = turned[turned.shape[0] // 4: turned.shape[0] // 4 + 400]
        a = self._ocr(strip, self.psm.AUTO)
        b = self._ocr(strip2, self.psm.AUTO)
        return deg if b.conf > a.conf + 10 else 0

    # -- the page
    def read(self, number: int, image, source_dpi: float) -> PageResult:
        result = PageResult(number, source_dpi=source_dpi)
        gray = prep.grey(image)
        if source_dpi and source_dpi < MIN_DPI:
            result.problem = "low_dpi"
            return result
        ink_share = prep.ink_fraction(gray)
        if ink_share < 0.0005:
            result.problem = "blank"
            return result
        deg = self._orientation(gray)
        if deg:
            # OSD reports how far the page is turned clockwise; turn it back.
            gray = prep.quarter_turn(gray, deg)
            result.rotated = deg
        angle = prep.skew_angle(gray)
        if abs(angle) > prep.MAX_SKEW:
            result.problem = "tilted"
            result.skew = angle
            return result
        if abs(angle) > 0.05:
            gray = prep.rotate(gray, angle)
        result.skew = angle
        gray = prep.despeckle(gray)
        mask = prep.ink(gray)
        grids, rules = find_grids(mask)
        import cv2

        # Erase the rulings (a little wider than found) so no cell reads a line as a letter.
        clean = gray.copy()
        self.paper = int(np.median(gray[::8, ::8]))
        clean[cv2.dilate(rules, np.ones((3, 3), np.uint8)) > 0] = self.paper
        placed: list[tuple[int, object, list, list]] = []
        confs: list[tuple[float, int]] = []
        for grid in grids:
            table, boxes, conf = self._table(clean, grid, confs)
            table.page = number
            placed.append((grid.box[1], table, boxes, conf))
        # Text outside the tables: the bands between them, read as blocks.
        top = 0
        bands = []
        for grid in grids:
            bands.append((top, grid.box[1]))
            top = grid.box[3]
        bands.append((top, clean.shape[0]))
        for y0, y1 in bands:
            if y1 - y0 < 25:
                continue
            band = clean[y0:y1]
            if (band < 128).mean() < 0.0005:
                continue
            read = self._ocr(band, self.psm.AUTO, self.paper)
            for k, line in enumerate(read.text.split("\n")):
                if line.strip():
                    placed.append((y0 + k, Paragraph(line, number), [], []))
                    confs.append((read.conf, len(line.split())))
        placed.sort(key=lambda p: p[0])
        for _, block, boxes, conf in placed:
            result.blocks.append(block)
            if isinstance(block, Table):
                result.row_boxes.append(boxes)
                result.cell_conf.append(conf)
        result.words = sum(n for _, n in confs)
        result.mean_conf = sum(c * n for c, n in confs) / result.words if result.words else 0.0
        if result.words < 3:
            # Ink but no words: handwriting, a drawing, a photo too blurred to read.
            result.problem = "blank" if ink_share < 0.004 else "unreadable"
        elif result.mean_conf < 45:
            result.problem = "unreadable"
        result.size = (clean.shape[1], clean.shape[0])
        ok, buf = cv2.imencode(".jpg", cv2.resize(clean, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA),
                               [cv2.IMWRITE_JPEG_QUALITY, 70])
        result.jpeg = buf.tobytes() if ok else b""
        return result

    def _table(self, clean: np.ndarray, grid: Grid, confs: list) -> tuple[Table, list, list]:
        rows = [["" for _ in range(grid.n_cols)] for _ in range(grid.n_rows)]
        conf = [[100.0 for _ in range(grid.n_cols)] for _ in range(grid.n_rows)]
        spanned: set[tuple[int, int]] = set()
        for cell in grid.cells:
            x0, y0, x1, y1 = cell.box
            crop = clean[max(0, y0): y1, max(0, x0): x1]
            crop = _trim(crop)
            if crop is None:
                read = CellRead("", 100.0)
            else:
                # One short line (a number, "Báo cáo") reads better as a line than as a block.
                small = crop.shape[0] < 75
                psm = self.psm.SINGLE_LINE if small else self.psm.SINGLE_BLOCK
                read = self._ocr(crop, psm, self.paper)
                if small and read.conf < 75 and crop.shape[1] < 400:
                    # A lone number or short word: tesseract is fickle on tiny crops; try other framings.
                    for alt, pad in ((self.psm.SINGLE_WORD, 12), (self.psm.SINGLE_LINE, 30), (self.psm.SINGLE_WORD, 30)):
                        again = self._ocr(crop, alt, self.paper, pad)
                        if again.conf > read.conf:
                            read = again
                if (cell.c0 == 0 and small and crop.shape[1] < 400 and read.conf < _NUMBERING_SURE
                        and not _NUMBERING.match(read.text)):
                    read = self._numbering(crop, read)
                if _QUARTER_TWO.search(read.text):
                    read = self._quarters(crop, psm, read)
                if read.text:
                    confs.append((read.conf, len(read.text.split())))
            for r in range(cell.r0, cell.r1 + 1):
                # Merged down: every covered row names it; merged across: first column only.
                rows[r][cell.c0] = read.text
                conf[r][cell.c0] = read.conf
                for c in range(cell.c0 + 1, cell.c1 + 1):
                    spanned.add((r, c))
        boxes = [(grid.xs[0], grid.ys[r], grid.xs[-1], grid.ys[r + 1]) for r in range(grid.n_rows)]
        return Table(rows, None, spanned), boxes, conf


    def _numbering(self, crop: np.ndarray, read: CellRead) -> CellRead:
        """A short cell of the first column that reads as no number ("HỆ", "+", or "|" dropped as a bit of a
        rule): the numbering column holds numbers and Roman numerals, so read it again with only their
        characters allowed, and keep that reading when it is a clean one."""
        if len(read.text) > 4 or _LETTERS.search(read.text):
            return read  # a word of three letters or more: text, not a misread number
        self.api.SetVariable("tessedit_char_whitelist", _NUMBERING_CHARS)
        try:
            best = None
            for psm, pad in ((self.psm.SINGLE_WORD, 12), (self.psm.SINGLE_LINE, 30)):
                again = self._ocr(crop, psm, self.paper, pad)
                if _NUMBERING.match(again.text) and (best is None or again.conf > best.conf):
                    best = again
        finally:
            self.api.SetVariable("tessedit_char_whitelist", "")
        if best is None or best.conf < _NUMBERING_MIN_CONF:
            return read
        return best

    def _quarters(self, crop: np.ndarray, psm, read: CellRead) -> CellRead:
        """"Quý III" read as "Quý II": at this size the three strokes run together. Read the cell again
        half as large again and take its count of strokes where it finds three."""
        import cv2

        big = cv2.resize(crop, None, fx=1.5, fy=1.5, interpolation=cv2.INTER_CUBIC)
        again = self._ocr(big, psm, self.paper, 18)
        mine = list(_QUARTER_ANY.finditer(read.text))
        theirs = [m.group(2).translate(_STROKES) for m in _QUARTER_ANY.finditer(again.text)]
        if len(mine) != len(theirs):
            return read
        text = read.text
        for m, other in reversed(list(zip(mine, theirs))):
            if m.group(2) == "II" and other == "III":
                text = text[: m.start(2)] + "III" + text[m.end(2):]
        return CellRead(text, read.conf)


# What a numbering cell holds: a number or a Roman numeral (with its full stop), or the column's heading.
_NUMBERING = re.compile(r"^(?:\d{1,3}|[IVXL]{1,5})[.,]?$|^S?TT$")
_NUMBERING_CHARS = "0123456789IVXL."
_NUMBERING_MIN_CONF = 60
_NUMBERING_SURE = 90  # a first reading this confident ("a)", "-") is what the cell holds
_LETTERS = re.compile(r"[^\W\d_]{3,}")
_QUARTER_TWO = re.compile(r"\b[Qq]uý\s+II(?![IiLlH1|])")
_QUARTER_ANY = re.compile(r"\b([Qq]uý)\s+([IiLlH1|]{1,3}|[IiLlH1|]?V)(?=\s*/|\s*\d|\b)")
_STROKES = str.maketrans({"i": "I", "L": "I", "l": "I", "H": "I", "1": "I", "|": "I"})


def _trim(crop: np.ndarray) -> np.ndarray | None:
    """The crop cut to its ink (specks of dust ignored), or None when the cell is empty."""
    if crop.size == 0:
        return None
    dark = crop < 140
    rows = np.flatnonzero(dark.sum(axis=1) >= 2)
    cols = np.flatnonzero(dark.sum(axis=0) >= 2)
    if rows.size < 8 or cols.size < 4 or dark.sum() < 40:
        return None
    tall = rows[-1] - rows[0]
    if cols[-1] - cols[0] <= 8 and tall >= max(50, 0.7 * crop.shape[0]):
        return None  # a sliver of a rule left along the cell's edge, not a "1"
    return crop[max(0, rows[0] - 2): rows[-1] + 3, max(0, cols[0] - 2): cols[-1] + 3]
