"""Plan document parsing: reads a plan (TXT/MD/PDF/DOCX/XLSX) and returns its facts and task rows.

Pure Python, no Django: the web app and the CLI both call ``parse_document``.
"""

from .engine import parse_document
from .errors import ImportRejected
from .model import ParsedPlan, ParsedTask
from .units import UnitRegistry

__all__ = ["ImportRejected", "ParsedPlan", "ParsedTask", "UnitRegistry", "parse_document"]
