"""Imported by the parsing fork server so that each child starts with the readers' libraries loaded."""

import docx  # noqa: F401
import openpyxl  # noqa: F401
import pdfplumber  # noqa: F401
from pdfminer import pdfdocument  # noqa: F401
