"""Low-level WordprocessingML helpers (fonts, sizes, borders, twips)."""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from .layout import FONT


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
