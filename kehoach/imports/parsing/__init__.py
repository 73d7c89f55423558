"""Plan document parsing: reads a plan (TXT/MD/PDF/DOCX/XLSX) and returns its facts and task rows.

Pure Python, no Django: the web app and the CLI both call ``parse_document``. The reader -> engine
interface (what a reader, including the scan reader, must produce) is documented in ``source.py``.
"""

from .engine import parse_document, parse_source
from .errors import ImportRejected
from .limits import DEFAULT_LIMITS, Limits
from .model import ParsedPlan, ParsedTask
from .source import Paragraph, Source, Table
from .units import UnitRegistry

__all__ = [
    "DEFAULT_LIMITS",
    "ImportRejected",
    "Limits",
    "Paragraph",
    "ParsedPlan",
    "ParsedTask",
    "Source",
    "Table",
    "UnitRegistry",
    "parse_document",
    "parse_source",
]
