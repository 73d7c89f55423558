"""The one exception the parser lets out: a refusal the user can act on."""

from __future__ import annotations


class ImportRejected(Exception):
    """A file the importer cannot read; ``message`` is shown to the user (Vietnamese).

    ``partial`` is a ``ParsedPlan`` holding the facts read before the refusal (its ``tasks`` may be
    empty), so the user can be offered manual entry with those facts filled in; ``None`` when nothing
    was read (an unreadable or refused file). It is set when the document was read but no task list
    was found in it.
    """

    def __init__(self, code: str, message: str, message_en: str = "", partial=None):
        super().__init__(message_en or message)
        self.code = code
        self.message = message
        self.message_en = message_en or message
        self.partial = partial

    def __str__(self) -> str:
        return f"{self.code}: {self.message_en}"

    def __reduce__(self):  # travels back from the parsing child process intact
        return (type(self), (self.code, self.message, self.message_en, self.partial))


def reject(code: str, message: str, message_en: str) -> ImportRejected:
    return ImportRejected(code, message, message_en)
