"""``Decree30Document``: the first-page header, body, signature block and annexes of one .docx."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import nsmap, qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph
from lxml.etree import SubElement

from ..specs import Issuer, Signer
from .base import DocumentBase
from .layout import (
    HEADER_INDENT,
    HEADER_LEFT_W,
    HEADER_RIGHT_W,
    HEADER_RULE_GAP,
    LANDSCAPE_TEXT_W,
    MOTTO,
    MOTTO_RULE_W,
    REPUBLIC,
    SIZE_BODY,
    SIZE_DATE,
    SIZE_KIND,
    SIZE_MOTTO,
    SIZE_NUMBER,
    SIZE_ORG,
    SIZE_RECIPIENTS,
    SIZE_RECIPIENTS_HEAD,
    SIZE_SIGN,
    SIZE_SIGNER_NAME,
    SIZE_VV,
    TEXT_W,
)
from .ooxml import _twips
from .text import clean_text, date_line, upper_vi

W = "{" + nsmap["w"] + "}"  # Clark prefix for the cells' tags, joined once rather than by qn() per element
XML_SPACE = qn("xml:space")
_RUN_BREAKS = re.compile(r"([\t\n])")


@dataclass
class GroupRow:
    """A row of an annex table that spans every column: a group heading of the plan."""

    text: str




class Decree30Document(DocumentBase):
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
        becomes a line break, a tab a tab), written as the XML python-docx's ``add_run`` writes, by lxml
        directly: its run API walks the text a character at a time (1.5 s of a 500 × 200 report)."""
        for part in clean_text(value).split("\n\n"):
            p = SubElement(tc, W + "p")
            ppr = SubElement(p, W + "pPr")
            SubElement(ppr, W + "pStyle").set(W + "val", style_id)
            if center:
                SubElement(ppr, W + "jc").set(W + "val", "center")
            if not part:
                continue
            r = SubElement(p, W + "r")
            if bold:
                SubElement(SubElement(r, W + "rPr"), W + "b")
            for piece in _RUN_BREAKS.split(part):
                if piece == "\n":
                    SubElement(r, W + "br")
                elif piece == "\t":
                    SubElement(r, W + "tab")
                elif piece:
                    t = SubElement(r, W + "t")
                    t.text = piece
                    if len(piece.strip()) < len(piece):
                        t.set(XML_SPACE, "preserve")

    # -- output ------------------------------------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        buf = io.BytesIO()
        self.doc.save(buf)
        return buf.getvalue()
