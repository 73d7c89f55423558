# PLACEHOLDER until the importer branch lands (replaced by the real parsing package on merge).
class ImportRejected(Exception):
    def __init__(self, code, message, message_en=""):
        super().__init__(message_en or message)
        self.code, self.message, self.message_en = code, message, message_en or message


class UnitRegistry:
    def __init__(self, names, aliases=None):
        self.names = list(names)


ParsedPlan = object


def parse_document(data, filename, **kwargs):
    raise ImportRejected("unavailable", "Bộ đọc văn bản chưa sẵn sàng.")


def parse_timeframe(text):
    return {"raw": text, "kind": "other", "start": None, "end": None}
