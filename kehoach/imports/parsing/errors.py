"""The one exception the parser lets out: a refusal the user can act on."""

from __future__ import annotations


class ImportRejected(Exception):
    """A file the importer cannot read; ``message`` is shown to the user (Vietnamese)."""

    def __init__(self, code: str, message: str, message_en: str = ""):
        super().__init__(message_en or message)
        self.code = code
        self.message = message
        self.message_en = message_en or message

    def __str__(self) -> str:
        return f"{self.code}: {self.message_en}"


def reject(code: str, message: str, message_en: str) -> ImportRejected:
    return ImportRejected(code, message, message_en)
