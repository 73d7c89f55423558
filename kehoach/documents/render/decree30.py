"""A small builder for administrative documents in the Decree 30/2020/NĐ-CP layout (Phụ lục I).

One ``Decree30Document`` is one .docx: the first-page header (boxes 1-5), body paragraphs and headings,
tables, the Nơi nhận/signature block and landscape annexes. Composers in ``composers.py`` drive it.
All sizes follow ``decree30-layout.md``; where the Decree gives a range we pick one value, listed below.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from .specs import Issuer, Signer

FONT = "Times New Roman"

# Page (A4) and margins in mm, inside the Decree ranges (not on their edges: twips rounding).
PAGE_W, PAGE_H = 210, 297
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 20, 20, 30, 17
HEADER_DISTANCE = 10
TEXT_W = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT  # 163
LANDSCAPE_TEXT_W = PAGE_H - MARGIN_LEFT - MARGIN_RIGHT  # 250

# Font sizes in points.
SIZE_ORG = 12  # parent body, issuing body, CỘNG HÒA… line
SIZE_MOTTO = 13  # Độc lập - Tự do - Hạnh phúc
SIZE_NUMBER = 13  # Số: …
SIZE_VV = 12  # V/v … of a công văn
SIZE_DATE = 14
SIZE_KIND = 14
SIZE_BODY = 14
SIZE_SIGN = 13  # authority and title
SIZE_SIGNER_NAME = 14
SIZE_RECIPIENTS_HEAD = 12
SIZE_RECIPIENTS = 11
SIZE_TABLE = 12
SIZE_PAGE_NUMBER = 13

# Header table: the left column holds box 2/3, the right one box 1/4. The table is wider than the text
# block (it reaches 12 mm into the left margin) so the long CỘNG HÒA line fits on one line at 12 pt.
HEADER_LEFT_W, HEADER_RIGHT_W, HEADER_INDENT = 80, 96, -12
# "Độc lập - Tự do - Hạnh phúc" in 13 pt bold Times is about 56 mm wide; its rule matches it.
MOTTO_RULE_W = 57
#: Space between the last header line (issuing body, motto) and the rule under it, in points.
HEADER_RULE_GAP = 4

REPUBLIC = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"

# XML 1.0 cannot hold C0 controls other than tab/newline/CR, lone surrogates or U+FFFE/U+FFFF.
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_LEADING_NUMBERING = re.compile(r"^\s*(?:[IVXLCDM]+|\d+|[a-zđ])[.)]\s+")


def clean_text(value: object, *, strip: bool = True) -> str:
    """Text safe for a .docx/.xlsx: None -> "", NFC, CR/LF -> LF, XML-illegal characters removed."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    text = _ILLEGAL_XML.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return text.strip() if strip else text


def upper_vi(text: object) -> str:
    """Vietnamese capitals (str.upper handles đ -> Đ and the tone marks)."""
    return clean_text(text).upper()


def strip_numbering(text: object) -> str:
    """Drop a leading ``I.``/``1.``/``a)`` so we can number headings ourselves."""
    return _LEADING_NUMBERING.sub("", clean_text(text), count=1)


def join_units(units: object, sep: str = "; ") -> str:
    """Join unit names with ``; ``: names themselves contain commas ("Vụ Kế hoạch, Tài chính"), so a
    comma separator could not be split back into units on re-import; a string is used as written."""
    if units is None:
        return ""
    if isinstance(units, str):
        return clean_text(units)
    return sep.join(t for t in (clean_text(u) for u in units) if t)


def format_percent(value: float | int | None) -> str:
    """``75%``, ``33,5%`` (Vietnamese decimal comma); empty for None."""
    if value is None or value == "":
        return ""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return clean_text(value)
    if number.is_integer():
        return f"{int(number)}%"
    return f"{number:.1f}%".replace(".", ",")


def format_ref(ref: object) -> str:
    return clean_text(ref)


def document_number(number: str | int | None, notation: str) -> str:
    """``Số: 05/BC-HTQT``: numbers below 10 get a leading zero; no number yet leaves a blank to fill."""
    notation = clean_text(notation)
    suffix = f"/{notation}" if notation else ""
    raw = clean_text(number)
    if not raw:
        return f"Số:      {suffix}"
    if raw.isdigit():
        raw = f"{int(raw):02d}"
    return f"Số: {raw}{suffix}"


def number_and_notation(number: str | int | None, notation: str) -> str:
    """``05/BC-HTQT`` (or a blank number) for "Kèm theo Báo cáo số …" lines."""
    return document_number(number, notation)[len("Số: "):].strip() if clean_text(number) else (
        f"     /{clean_text(notation)}"
    )


def vn_date(date: dt.date | None, year: int | None = None) -> str:
    """``ngày 05 tháng 02 năm 2026``: day below 10 and months 1-2 with a leading zero (Decree 30);
    ``None`` leaves day and month blank for the clerk to fill in on signing."""
    if date is None:
        return f"ngày      tháng      năm {year or dt.date.today().year}"
    month = f"{date.month:02d}" if date.month < 3 else str(date.month)
    return f"ngày {date.day:02d} tháng {month} năm {date.year}"


def date_line(place: str, date: dt.date | None) -> str:
    """Box 4: ``Hà Nội, ngày 05 tháng 02 năm 2026``."""
    place = clean_text(place)
    text = vn_date(date)
    return f"{place}, {text}" if place else text[0].upper() + text[1:]


@dataclass
class GroupRow:
    """A row of an annex table that spans every column: a group heading of the plan."""

    text: str


def _set_fonts(rpr) -> None:
    """Name Times New Roman for every script slot and drop theme fonts, so neither Word nor
    LibreOffice falls back to Calibri/Cambria for Vietnamese (which Word may treat as complex/east-asian)."""
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        rfonts.attrib.pop(qn(f"w:{attr}"), None)
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        rfonts.set(qn(f"w:{attr}"), FONT)


def _set_size(rpr, size: float) -> None:
    for tag in ("w:sz", "w:szCs"):
        el = rpr.find(qn(tag))
        if el is None:
            el = OxmlElement(tag)
            rpr.append(el)
        el.set(qn("w:val"), str(int(round(size * 2))))


def _border(tag: str, size_eighths: int = 6) -> OxmlElement:
    el = OxmlElement(tag)
    el.set(qn("w:val"), "single")
    el.set(qn("w:sz"), str(size_eighths))
    el.set(qn("w:space"), "0")
    el.set(qn("w:color"), "000000")
    return el


def _twips(mm: float) -> str:
    return str(int(round(mm * 1440 / 25.4)))


class Decree30Document:
    """Builder for one document. Typical use::

        doc = Decree30Document(title="Báo cáo …")
        doc.header(issuer, number_line, place, date, kind="BÁO CÁO", subject="Tình hình …")
        doc.heading("I. TÌNH HÌNH CHUNG"); doc.paragraph("…")
        doc.signature(signer, recipients)
        doc.annex("Phụ lục", "DANH MỤC …", "(Kèm theo …)", columns, rows)
        data = doc.to_bytes()
    """

    def __init__(self, title: str = "", author: str = "") -> None:
        self.doc = Document()
        self._setup_styles()
        section = self.doc.sections[0]
        self._page_setup(section, landscape=False)
        self._page_number_header(section)
        props = self.doc.core_properties
        props.title = clean_text(title)[:250]
        props.author = clean_text(author)[:250]
        props.language = "vi-VN"

    # -- setup -----------------------------------------------------------------------------------------

    def _setup_styles(self) -> None:
        styles = self.doc.styles
        defaults = styles.element.find(qn("w:docDefaults"))
        if defaults is not None:
            rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
            if rpr is not None:
                _set_fonts(rpr)
                lang = rpr.find(qn("w:lang"))
                if lang is None:
                    lang = OxmlElement("w:lang")
                    rpr.append(lang)
                lang.set(qn("w:val"), "vi-VN")
        normal = styles["Normal"]
        normal.font.name = FONT
        normal.font.size = Pt(SIZE_BODY)
        _set_fonts(normal.element.get_or_add_rPr())
        pf = normal.paragraph_format
        pf.space_before = Pt(0)
        pf.space_after = Pt(0)
        pf.line_spacing = 1.0

        def add(name: str, size: float, *, bold=False, align=None, indent=None, before=0.0, after=0.0,
                line=1.0, keep=False):
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = normal
            style.font.name = FONT
            style.font.size = Pt(size)
            style.font.bold = bold
            _set_fonts(style.element.get_or_add_rPr())
            f = style.paragraph_format
            f.space_before = Pt(before)
            f.space_after = Pt(after)
            f.line_spacing = line
            f.alignment = align
            f.widow_control = True
            if indent is not None:
                f.first_line_indent = Mm(indent)
            if keep:
                f.keep_with_next = True
            return style

        # Body: 14 pt justified, first line 12.7 mm, 6 pt after, 1.15 lines (Decree: single to 1.5).
        self.s_body = add("KH Body", SIZE_BODY, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=12.7, after=6, line=1.15)
        self.s_heading = add("KH Heading", SIZE_BODY, bold=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=12.7,
                             after=6, line=1.15, keep=True)
        self.s_table = add("KH Table", SIZE_TABLE, align=WD_ALIGN_PARAGRAPH.LEFT, before=2, after=2)
        self.s_table_head = add("KH Table Head", SIZE_TABLE, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER,
                                before=2, after=2)
        self.s_center = add("KH Center", SIZE_BODY, align=WD_ALIGN_PARAGRAPH.CENTER)
        self.s_recipients = add("KH Recipients", SIZE_RECIPIENTS, align=WD_ALIGN_PARAGRAPH.LEFT)

    def _page_setup(self, section, *, landscape: bool) -> None:
        if landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = Mm(PAGE_H), Mm(PAGE_W)
        else:
            section.orientation = WD_ORIENT.PORTRAIT
            section.page_width, section.page_height = Mm(PAGE_W), Mm(PAGE_H)
        section.top_margin = Mm(MARGIN_TOP)
        section.bottom_margin = Mm(MARGIN_BOTTOM)
        section.left_margin = Mm(MARGIN_LEFT)
        section.right_margin = Mm(MARGIN_RIGHT)
        section.header_distance = Mm(HEADER_DISTANCE)
        section.footer_distance = Mm(HEADER_DISTANCE)

    def _page_number_header(self, section) -> None:
        """Page number centred in the top margin from page 2 on: the first page gets its own (empty)
        header, every other page a PAGE field."""
        section.different_first_page_header_footer = True
        header = section.header
        header.is_linked_to_previous = False
        p = header.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None), ("text", "2"), ("end", None)):
            run = p.add_run()
            self._font(run, SIZE_PAGE_NUMBER)
            if kind == "instr":
                el = OxmlElement("w:instrText")
                el.set(qn("xml:space"), "preserve")
                el.text = text
            elif kind == "text":
                el = OxmlElement("w:t")
                el.text = text
            else:
                el = OxmlElement("w:fldChar")
                el.set(qn("w:fldCharType"), kind)
            run._r.append(el)
        first = section.first_page_header
        first.is_linked_to_previous = False

    # -- low-level helpers -------------------------------------------------------------------------------

    @staticmethod
    def _font(run, size: float | None = None, *, bold: bool | None = None, italic: bool | None = None,
              fonts: bool = True) -> None:
        """Size/bold/italic on a run; ``fonts`` also names Times New Roman on the run itself (header blocks
        and signature). Body runs inherit it from their style, which keeps big reports small and fast."""
        if fonts:
            _set_fonts(run._r.get_or_add_rPr())
        if size is not None:
            run.font.size = Pt(size)
        if bold is not None:
            run.font.bold = bold
        if italic is not None:
            run.font.italic = italic

    def _text(self, paragraph: Paragraph, text: object, size: float | None = None, *, bold=None, italic=None):
        run = paragraph.add_run(clean_text(text, strip=False))
        self._font(run, size, bold=bold, italic=italic)
        return run

    def _line(self, container, text: object, size: float, *, bold=None, italic=None,
              align=WD_ALIGN_PARAGRAPH.CENTER, first: bool = False) -> Paragraph:
        """A single-spaced paragraph without indent (header blocks, signature)."""
        p = container.paragraphs[0] if first else container.add_paragraph()
        p.alignment = align
        pf = p.paragraph_format
        pf.first_line_indent = Mm(0)
        pf.space_before = Pt(0)
        pf.space_after = Pt(0)
        pf.line_spacing = 1.0
        if clean_text(text):
            self._text(p, text, size, bold=bold, italic=italic)
        return p

    def _rule(self, container, width_mm: float, avail_mm: float, *, space_after: float = 0,
              space_before: float = 2) -> Paragraph:
        """A centred horizontal rule: an empty 1 pt paragraph with a top border, indented so the border
        is ``width_mm`` long. A border (not underscores) keeps the length exact in every viewer."""
        p = container.add_paragraph()
        side = max((avail_mm - width_mm) / 2, 0)
        pf = p.paragraph_format
        pf.left_indent = Mm(side)
        pf.right_indent = Mm(side)
        pf.first_line_indent = Mm(0)
        pf.space_before = Pt(space_before)
        pf.space_after = Pt(space_after)
        pf.line_spacing = 1.0
        ppr = p._p.get_or_add_pPr()
        # A 1 pt paragraph mark, so the empty line's glyph box never reaches up into the text above.
        mark = OxmlElement("w:rPr")
        _set_size(mark, 1)
        ppr.append(mark)
        bdr = OxmlElement("w:pBdr")
        bdr.append(_border("w:top", 6))
        # pBdr must precede spacing/ind in CT_PPr's sequence.
        anchor = ppr.find(qn("w:spacing"))
        if anchor is None:
            anchor = ppr.find(qn("w:ind"))
        if anchor is not None:
            anchor.addprevious(bdr)
        else:
            ppr.append(bdr)
        return p

    def _borderless_table(self, widths_mm: Sequence[float], indent_mm: float = 0):
        table = self.doc.add_table(rows=1, cols=len(widths_mm))
        self._table_geometry(table, widths_mm, indent_mm, borders=False, cell_margin_mm=1.0)
        return table

    def _table_geometry(self, table, widths_mm: Sequence[float], indent_mm: float, *, borders: bool,
                        cell_margin_mm: float) -> None:
        tbl = table._tbl
        tblPr = tbl.tblPr
        table.autofit = False
        for tag in ("w:tblW", "w:tblInd", "w:tblBorders", "w:tblLayout", "w:tblCellMar"):
            old = tblPr.find(qn(tag))
            if old is not None:
                tblPr.remove(old)
        tblW = OxmlElement("w:tblW")
        tblW.set(qn("w:w"), _twips(sum(widths_mm)))
        tblW.set(qn("w:type"), "dxa")
        tblInd = OxmlElement("w:tblInd")
        tblInd.set(qn("w:w"), _twips(indent_mm))
        tblInd.set(qn("w:type"), "dxa")
        tblBorders = OxmlElement("w:tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            if borders:
                tblBorders.append(_border(f"w:{side}", 4))
            else:
                el = OxmlElement(f"w:{side}")
                el.set(qn("w:val"), "nil")
                tblBorders.append(el)
        tblLayout = OxmlElement("w:tblLayout")
        tblLayout.set(qn("w:type"), "fixed")
        mar = OxmlElement("w:tblCellMar")
        for side in ("left", "right"):
            el = OxmlElement(f"w:{side}")
            el.set(qn("w:w"), _twips(cell_margin_mm))
            el.set(qn("w:type"), "dxa")
            mar.append(el)
        # Keep CT_TblPr's element order: tblStyle?, …, tblW, jc?, …, tblInd, tblBorders, shd?, tblLayout, tblCellMar.
        for el in (tblW, tblInd, tblBorders, tblLayout, mar):
            tblPr.append(el)
        look = tblPr.find(qn("w:tblLook"))
        if look is not None:
            tblPr.remove(look)
            tblPr.append(look)
        grid = tbl.tblGrid
        for col, w in zip(grid.findall(qn("w:gridCol")), widths_mm, strict=False):
            col.set(qn("w:w"), _twips(w))
        for row in table.rows:
            for cell, w in zip(row.cells, widths_mm, strict=False):
                cell.width = Mm(w)

    def _avail(self, cell_width_mm: float) -> float:
        return cell_width_mm - 2.0  # minus the 1 mm cell margins

    # -- first page ----------------------------------------------------------------------------------------

    def header(self, issuer: Issuer, number_line: str, date: dt.date | None, *, kind: str = "",
               subject: str = "", vv: str = "", attached_to: str = "", numbered: bool = True) -> None:
        """Boxes 1-5: two borderless columns (issuer / national title), the number and date on one row,
        then either the V/v summary under the number (công văn) or the kind and subject centred.
        ``numbered=False`` drops the number/date row: a plan issued with a decision carries the decision's
        number and date in its ``attached_to`` line instead."""
        left_w, right_w = HEADER_LEFT_W, HEADER_RIGHT_W
        table = self._borderless_table((left_w, right_w), HEADER_INDENT)
        if numbered:
            table.add_row()
        self._table_geometry(table, (left_w, right_w), HEADER_INDENT, borders=False, cell_margin_mm=1.0)
        top_left, top_right = table.rows[0].cells

        parent = upper_vi(issuer.parent_name)
        name = upper_vi(issuer.name)
        first = True
        if parent:
            self._line(top_left, parent, SIZE_ORG, bold=False, first=True)
            first = False
        self._line(top_left, name, SIZE_ORG, bold=True, first=first)
        # Rule under the issuing body: about 40 % of its text, 15-35 mm.
        longest = max((len(line) for line in name.split("\n")), default=0)
        est = min(longest * SIZE_ORG * 0.26, self._avail(left_w))  # ~0.74 em per bold capital, in mm
        # 4 pt clear of the name: Vietnamese capitals carry marks below the line (Ợ, Ạ, Ệ) that a 2 pt gap
        # lets the rule touch.
        self._rule(top_left, max(15.0, min(35.0, est * 0.4)), self._avail(left_w), space_before=HEADER_RULE_GAP)

        self._line(top_right, REPUBLIC, SIZE_ORG, bold=True, first=True)
        self._line(top_right, MOTTO, SIZE_MOTTO, bold=True)
        self._rule(top_right, MOTTO_RULE_W, self._avail(right_w), space_before=HEADER_RULE_GAP)

        if numbered:
            bottom_left, bottom_right = table.rows[1].cells
            p = self._line(bottom_left, number_line, SIZE_NUMBER, first=True)
            p.paragraph_format.space_before = Pt(6)
            if vv:
                vp = self._line(bottom_left, vv, SIZE_VV)
                vp.paragraph_format.space_before = Pt(2)
            dp = self._line(bottom_right, date_line(issuer.place, date), SIZE_DATE, italic=True, first=True)
            dp.paragraph_format.space_before = Pt(6)
        for row in table.rows:
            for cell in row.cells:
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP

        if kind:
            p = self._line(self.doc, upper_vi(kind), SIZE_KIND, bold=True)
            p.paragraph_format.space_before = Pt(18)
            p.paragraph_format.keep_with_next = True
            for line in clean_text(subject).split("\n"):
                if line.strip():
                    sp = self._line(self.doc, line.strip(), SIZE_KIND, bold=True)
                    sp.paragraph_format.keep_with_next = True
            if attached_to:
                self._line(self.doc, attached_to, SIZE_KIND, italic=True)
            self._rule(self.doc, 30, TEXT_W, space_after=12, space_before=5)
        else:
            spacer = self._line(self.doc, "", SIZE_BODY)
            spacer.paragraph_format.space_after = Pt(6)

    def kinh_gui(self, recipients: Iterable[str]) -> None:
        """Box 9a: ``Kính gửi: X.`` on one line, or several recipients one per line as ``- X;``."""
        names = [t for t in (clean_text(r) for r in recipients) if t]
        if not names:
            return
        if len(names) == 1:
            p = self._line(self.doc, "", SIZE_BODY)
            self._text(p, "Kính gửi: ", SIZE_BODY)
            self._text(p, names[0].rstrip(".;") + ".", SIZE_BODY)
            p.paragraph_format.space_after = Pt(12)
            return
        p = self._line(self.doc, "Kính gửi:", SIZE_BODY, align=WD_ALIGN_PARAGRAPH.LEFT)
        p.paragraph_format.left_indent = Mm(25)
        p.paragraph_format.keep_with_next = True
        for i, name in enumerate(names):
            end = "." if i == len(names) - 1 else ";"
            q = self._line(self.doc, f"- {name.rstrip('.;')}{end}", SIZE_BODY, align=WD_ALIGN_PARAGRAPH.LEFT)
            q.paragraph_format.left_indent = Mm(45)
            q.paragraph_format.first_line_indent = Mm(-3)
        q.paragraph_format.space_after = Pt(12)

    # -- body ------------------------------------------------------------------------------------------------

    def _styled(self, style) -> Paragraph:
        """A body paragraph with ``style`` set by id: python-docx's by-object lookup scans every style
        and made a 500-task report twice as slow."""
        p = self.doc.add_paragraph()
        p._p.get_or_add_pPr().style = style.style_id
        return p

    def paragraph(self, text: object = "", *, bold: bool = False, italic: bool = False,
                  runs: Sequence[tuple[str, dict]] | None = None) -> Paragraph:
        """A justified body paragraph (14 pt, first line indented, 6 pt after); ``runs`` mixes styles."""
        p = self._styled(self.s_body)
        if runs:
            for part, fmt in runs:
                run = p.add_run(clean_text(part, strip=False))
                self._font(run, bold=fmt.get("bold"), italic=fmt.get("italic"), fonts=False)
        else:
            run = p.add_run(clean_text(text))
            self._font(run, bold=bold or None, italic=italic or None, fonts=False)
        return p

    def paragraphs(self, texts: Iterable[object], *, empty: str = "") -> int:
        """Body paragraphs, one per non-empty text; ``empty`` is written instead when there are none."""
        count = 0
        for text in texts:
            for line in clean_text(text).split("\n\n"):
                if line.strip():
                    self.paragraph(line.strip())
                    count += 1
        if not count and empty:
            self.paragraph(empty)
        return count

    def heading(self, text: object) -> Paragraph:
        """A bold section heading (``I. TÌNH HÌNH CHUNG``, ``1. Về …``) kept with what follows."""
        p = self._styled(self.s_heading)
        p.add_run(clean_text(text))
        return p

    def closing(self, text: str) -> Paragraph:
        return self.paragraph(text)

    # -- signature -----------------------------------------------------------------------------------------

    def signature(self, signer: Signer | None, recipients: Iterable[str] = (), *, archive: str = "") -> None:
        """Nơi nhận (left, 12 pt bold italic then 11 pt lines) beside the signature block (right): the
        authority and title in bold capitals, room for the signature, the name in bold."""
        names = [t.rstrip(".;") for t in (clean_text(r) for r in recipients) if t]
        if archive and not any(n.lower().startswith("lưu") for n in names):
            names.append(archive.rstrip(".;"))
        if signer is None and not names:
            return
        left_w, right_w = 78, 85
        spacer = self._line(self.doc, "", SIZE_BODY)
        spacer.paragraph_format.keep_with_next = True
        table = self._borderless_table((left_w, right_w))
        # Keep the block on one page with the end of the text where possible.
        trPr = table.rows[0]._tr.get_or_add_trPr()
        trPr.append(OxmlElement("w:cantSplit"))
        left, right = table.rows[0].cells
        if names:
            p = self._line(left, "Nơi nhận:", SIZE_RECIPIENTS_HEAD, bold=True, italic=True,
                           align=WD_ALIGN_PARAGRAPH.LEFT, first=True)
            p.paragraph_format.space_before = Pt(2)
            for i, name in enumerate(names):
                end = "." if i == len(names) - 1 else ";"
                q = self._line(left, f"- {name}{end}", SIZE_RECIPIENTS, align=WD_ALIGN_PARAGRAPH.LEFT)
                q._p.get_or_add_pPr().style = self.s_recipients.style_id
        first = True
        if signer is not None:
            for line in (signer.authority, signer.title):
                if clean_text(line):
                    self._line(right, upper_vi(line), SIZE_SIGN, bold=True, first=first)
                    first = False
            name_p = self._line(right, clean_text(signer.name), SIZE_SIGNER_NAME, bold=True, first=first)
            # Room for the handwritten or image signature and the seal.
            name_p.paragraph_format.space_before = Pt(72)

    # -- annexes -------------------------------------------------------------------------------------------

    def annex(self, label: str, title: str, subtitle: str, columns: Sequence[tuple[str, float]],
              rows: Iterable[Sequence[object] | GroupRow], *, center_cols: Sequence[int] = (0,)) -> None:
        """A landscape section with its own title block (``Phụ lục`` 14 bold, title in bold capitals,
        italic ``(Kèm theo …)``) and a bordered table whose header row repeats on every page. Page numbers
        restart, so the annex is numbered on its own. ``columns`` are (header, width in mm)."""
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        self._page_setup(section, landscape=True)
        section.different_first_page_header_footer = True
        sectPr = section._sectPr
        pg = sectPr.find(qn("w:pgNumType"))
        if pg is None:
            pg = OxmlElement("w:pgNumType")
            # pgNumType comes after pgMar/paperSrc/pgBorders and before cols.
            cols = sectPr.find(qn("w:cols"))
            if cols is not None:
                cols.addprevious(pg)
            else:
                sectPr.append(pg)
        pg.set(qn("w:start"), "1")

        first = self._line(self.doc, label, 14, bold=True)
        first.paragraph_format.keep_with_next = True
        for line in upper_vi(title).split("\n"):
            if line.strip():
                p = self._line(self.doc, line.strip(), SIZE_KIND, bold=True)
                p.paragraph_format.keep_with_next = True
        if subtitle:
            p = self._line(self.doc, subtitle, SIZE_KIND, italic=True)
            p.paragraph_format.keep_with_next = True
        self._rule(self.doc, 30, LANDSCAPE_TEXT_W, space_after=10, space_before=5)
        self.grid_table(columns, rows, center_cols=center_cols)

    def grid_table(self, columns: Sequence[tuple[str, float]], rows: Iterable[Sequence[object] | GroupRow],
                   *, center_cols: Sequence[int] = (0,)) -> int:
        """A bordered 12 pt table; the header row is marked to repeat on each page. Rows are built as raw
        XML because python-docx's row/cell accessors are quadratic in the row count. Returns data rows."""
        widths = [w for _, w in columns]
        table = self.doc.add_table(rows=1, cols=len(columns))
        self._table_geometry(table, widths, 0, borders=True, cell_margin_mm=1.5)
        tbl = table._tbl
        header_tr = table.rows[0]._tr
        trPr = header_tr.get_or_add_trPr()
        trPr.append(OxmlElement("w:cantSplit"))
        trPr.append(OxmlElement("w:tblHeader"))
        for cell, (text, _) in zip(table.rows[0].cells, columns, strict=False):
            p = cell.paragraphs[0]
            p.style = self.s_table_head
            self._text(p, text)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        style_id = self.s_table.style_id
        total = _twips(sum(widths))
        tw = [_twips(w) for w in widths]
        centered = set(center_cols)
        count = 0
        for row in rows:
            tr = OxmlElement("w:tr")
            if isinstance(row, GroupRow):
                tc = self._tc(total, span=len(widths))
                self._cell_text(tc, row.text, style_id, bold=True)
                tr.append(tc)
            else:
                cells = list(row)[: len(widths)] + [""] * max(0, len(widths) - len(row))
                if sum(len(clean_text(v)) for v in cells) < 1200:
                    # Keep ordinary rows whole; a giant row must be allowed to break or it would be cut off.
                    trPr = OxmlElement("w:trPr")
                    trPr.append(OxmlElement("w:cantSplit"))
                    tr.append(trPr)
                for i, value in enumerate(cells):
                    tc = self._tc(tw[i])
                    self._cell_text(tc, value, style_id, center=i in centered)
                    tr.append(tc)
                count += 1
            tbl.append(tr)
        return count

    @staticmethod
    def _tc(width_twips: str, span: int = 1):
        tc = OxmlElement("w:tc")
        tcPr = OxmlElement("w:tcPr")
        tcW = OxmlElement("w:tcW")
        tcW.set(qn("w:w"), width_twips)
        tcW.set(qn("w:type"), "dxa")
        tcPr.append(tcW)
        if span > 1:
            gs = OxmlElement("w:gridSpan")
            gs.set(qn("w:val"), str(span))
            tcPr.append(gs)
        tc.append(tcPr)
        return tc

    @staticmethod
    def _cell_text(tc, value: object, style_id: str, *, bold: bool = False, center: bool = False) -> None:
        """Paragraphs of one cell (a blank line in the text starts a new paragraph; a single newline
        becomes a line break)."""
        text = clean_text(value)
        parts = [part for part in text.split("\n\n")] or [""]
        for part in parts:
            p = OxmlElement("w:p")
            tc.append(p)
            para = Paragraph(p, None)
            ppr = p.get_or_add_pPr()
            ppr.style = style_id
            if center:
                para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            if part:
                run = para.add_run(part)
                if bold:
                    run.font.bold = True

    # -- output ------------------------------------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        buf = io.BytesIO()
        self.doc.save(buf)
        return buf.getvalue()
