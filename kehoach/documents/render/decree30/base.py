"""Styles, page setup and the run/paragraph/table helpers ``Decree30Document`` builds on."""

from __future__ import annotations

from collections.abc import Sequence

from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from .layout import (
    FONT,
    HEADER_DISTANCE,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    PAGE_H,
    PAGE_W,
    SIZE_BODY,
    SIZE_PAGE_NUMBER,
    SIZE_RECIPIENTS,
    SIZE_TABLE,
)
from .ooxml import _border, _set_fonts, _set_size, _twips
from .text import clean_text


class DocumentBase:
    """The machinery under ``Decree30Document``: styles, page setup, low-level helpers."""

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
