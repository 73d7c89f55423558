"""Reading generated .docx files back the way a reader (or Word) resolves them; used by the tests."""

from __future__ import annotations

import io

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Length
from docx.table import Table
from docx.text.paragraph import Paragraph


def open_docx(data: bytes):
    return Document(io.BytesIO(data))


def _style_chain(paragraph):
    style = paragraph.style
    while style is not None:
        yield style
        style = style.base_style


def effective_size(run, paragraph) -> float | None:
    """Run size in points: the run's own, else its paragraph style chain's."""
    if run.font.size is not None:
        return run.font.size.pt
    for style in _style_chain(paragraph):
        if style.font.size is not None:
            return style.font.size.pt
    return None


def effective_bold(run, paragraph) -> bool:
    if run.font.bold is not None:
        return run.font.bold
    for style in _style_chain(paragraph):
        if style.font.bold is not None:
            return style.font.bold
    return False


def effective_font(run, paragraph) -> str | None:
    if run.font.name is not None:
        return run.font.name
    for style in _style_chain(paragraph):
        if style.font.name is not None:
            return style.font.name
    return None


def all_paragraphs(doc):
    """Body paragraphs and those inside tables, in document order."""
    body = doc.element.body
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            yield Paragraph(child, doc)
        elif child.tag == qn("w:tbl"):
            for p in child.iter(qn("w:p")):
                yield Paragraph(p, Table(child, doc))


def find_paragraph(doc, text: str):
    for p in all_paragraphs(doc):
        if p.text.strip() == text:
            return p
    raise AssertionError(f"no paragraph {text!r}")


def paragraph_starting(doc, prefix: str):
    for p in all_paragraphs(doc):
        if p.text.strip().startswith(prefix):
            return p
    raise AssertionError(f"no paragraph starting {prefix!r}")


def mm(length: Length | None) -> float:
    return 0.0 if length is None else length.mm


def full_text(doc) -> str:
    return "\n".join(p.text for p in all_paragraphs(doc))


def table_rows(table):
    """(is_header, spans_all, texts) per ``w:tr`` without python-docx's quadratic cell grid."""
    out = []
    for tr in table._tbl.findall(qn("w:tr")):
        trpr = tr.find(qn("w:trPr"))
        header = trpr is not None and trpr.find(qn("w:tblHeader")) is not None
        tcs = tr.findall(qn("w:tc"))
        span = any(tc.find(qn("w:tcPr") + "/" + qn("w:gridSpan")) is not None for tc in tcs)
        texts = ["".join(t.text or "" for t in tc.iter(qn("w:t"))) for tc in tcs]
        out.append((header, span, texts))
    return out
