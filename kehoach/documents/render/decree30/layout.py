"""Page, font and size figures of the Decree 30/2020 layout (see decree30-layout.md)."""

from __future__ import annotations

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
