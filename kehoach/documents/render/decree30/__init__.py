"""A small builder for administrative documents in the Decree 30/2020/NĐ-CP layout (Phụ lục I).

One ``Decree30Document`` is one .docx: the first-page header (boxes 1-5), body paragraphs and headings,
tables, the Nơi nhận/signature block and landscape annexes. Composers in ``composers.py`` drive it.
All sizes follow ``decree30-layout.md``; where the Decree gives a range we pick one value, listed in ``layout``.

The package: ``layout`` (figures), ``text`` (how text is written), ``ooxml`` (low-level XML), ``base``
(styles, page setup, helpers) and ``document`` (the builder). Its names are re-exported here.
"""

from .document import Decree30Document, GroupRow
from .layout import (
    FONT,
    HEADER_DISTANCE,
    HEADER_INDENT,
    HEADER_LEFT_W,
    HEADER_RIGHT_W,
    HEADER_RULE_GAP,
    LANDSCAPE_TEXT_W,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    MOTTO,
    MOTTO_RULE_W,
    PAGE_H,
    PAGE_W,
    REPUBLIC,
    SIZE_BODY,
    SIZE_DATE,
    SIZE_KIND,
    SIZE_MOTTO,
    SIZE_NUMBER,
    SIZE_ORG,
    SIZE_PAGE_NUMBER,
    SIZE_RECIPIENTS,
    SIZE_RECIPIENTS_HEAD,
    SIZE_SIGN,
    SIZE_SIGNER_NAME,
    SIZE_TABLE,
    SIZE_VV,
    TEXT_W,
)
from .text import (
    clean_text,
    date_line,
    document_number,
    format_percent,
    format_ref,
    join_units,
    number_and_notation,
    strip_numbering,
    upper_vi,
    vn_date,
)

__all__ = ["Decree30Document", "FONT", "GroupRow", "HEADER_DISTANCE", "HEADER_INDENT", "HEADER_LEFT_W", "HEADER_RIGHT_W", "HEADER_RULE_GAP", "LANDSCAPE_TEXT_W", "MARGIN_BOTTOM", "MARGIN_LEFT", "MARGIN_RIGHT", "MARGIN_TOP", "MOTTO", "MOTTO_RULE_W", "PAGE_H", "PAGE_W", "REPUBLIC", "SIZE_BODY", "SIZE_DATE", "SIZE_KIND", "SIZE_MOTTO", "SIZE_NUMBER", "SIZE_ORG", "SIZE_PAGE_NUMBER", "SIZE_RECIPIENTS", "SIZE_RECIPIENTS_HEAD", "SIZE_SIGN", "SIZE_SIGNER_NAME", "SIZE_TABLE", "SIZE_VV", "TEXT_W", "clean_text", "date_line", "document_number", "format_percent", "format_ref", "join_units", "number_and_notation", "strip_numbering", "upper_vi", "vn_date"]
