"""What the parser returns: a plan's facts and its task rows, in the gold JSON shape (version 2) plus extras.

``to_gold()`` prints exactly the shape of ``shared/gold/README.md`` version 2. ``to_dict()`` adds what the
review page needs: per task ``source_lines``, ``flags`` (what to check and why), ``unknown_names`` and
``not_unit_text`` (cell text that is a sentence, not unit names); per document the signer's title, the
report schedule, the finance unit, the format and warnings.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Flags a task can carry, each a reason for a person to look at the row.
FLAGS = (
    "unknown_unit",  # a unit name the registry does not know
    "no_lead",  # no lead unit read
    "unparsed_timeframe",  # a timeframe kept as text
    "maybe_two_rows",  # a long title that may hide a second row
    "no_title",
    "not_a_unit",  # a unit cell held a sentence ("Theo phân công tại …"), kept as text
    "shared_block",  # the unit/time lines were written once for several items
)


@dataclass
class ParsedTask:
    group: str | None
    ref: str
    title: str
    lead: list[str] = field(default_factory=list)
    coordinating: list[str] = field(default_factory=list)
    products: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    funding: str | None = None
    note: str | None = None
    timeframe: dict = field(
        default_factory=lambda: {"raw": None, "kind": "other", "start": None, "end": None}
    )
    monitoring: list[str] = field(default_factory=list)
    group_path: list[str] = field(default_factory=list)
    source_lines: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    unknown_names: list[str] = field(default_factory=list)
    not_unit_text: list[str] = field(default_factory=list)
    # The raw cell text per column, kept so a row continued after a page break can be finished.
    cells: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    # The document sections around the task, nearest first: used only when two tasks would share a key.
    sections: list[str] = field(default_factory=list, repr=False, compare=False)
    # Read from a scan: {"page", "box" (page pixels at 300 dpi), "low" (fields read with low confidence),
    # "confidence"}; None for text documents.
    scan: dict | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.group and not self.group_path:
            self.group_path = [self.group]

    def to_gold(self) -> dict:
        return {
            "group": self.group,
            "group_path": list(self.group_path) if self.group else [],
            "ref": self.ref,
            "title": self.title,
            "lead": list(self.lead),
            "coordinating": list(self.coordinating),
            "monitoring": list(self.monitoring),
            "products": list(self.products),
            "partners": list(self.partners),
            "funding": self.funding,
            "note": self.note,
            "timeframe": dict(self.timeframe),
        }

    def to_dict(self) -> dict:
        out = {
            **self.to_gold(),
            "source_lines": list(self.source_lines),
            "flags": list(self.flags),
            "unknown_names": list(self.unknown_names),
            "not_unit_text": list(self.not_unit_text),
        }
        if self.scan:
            out["scan"] = dict(self.scan)
        return out


@dataclass
class ParsedPlan:
    kind: str = "plan"
    issuer: str | None = None
    title: str | None = None
    period: dict | None = None
    legal_bases: list[dict] = field(default_factory=list)
    signer: str | None = None
    coordinator: str | None = None
    report_due: str | None = None
    number: str | None = None
    issued_on: str | None = None
    signer_title: str | None = None
    report_schedule: list[dict] = field(default_factory=list)
    finance_unit: str | None = None
    format: str = "txt"
    warnings: list[str] = field(default_factory=list)
    tasks: list[ParsedTask] = field(default_factory=list)
    # A scan: per task (same order), the JPEG crop of its table row, or None; not part of to_dict().
    crops: list = field(default_factory=list, repr=False, compare=False)

    def _document(self) -> dict:
        return {
            "kind": self.kind,
            "issuer": self.issuer,
            "number": self.number,
            "date": self.issued_on,
            "title": self.title,
            "period": dict(self.period) if self.period else None,
            "legal_bases": [dict(b) for b in self.legal_bases],
            "signer": self.signer,
            "coordinator": self.coordinator,
            "report_due": self.report_due,
        }

    def to_gold(self) -> dict:
        return {"document": self._document(), "tasks": [t.to_gold() for t in self.tasks]}

    def to_dict(self) -> dict:
        document = {
            **self._document(),
            "issued_on": self.issued_on,  # the name the plans app reads; same as "date"
            "signer_title": self.signer_title,
            "report_schedule": [dict(r) for r in self.report_schedule],
            "finance_unit": self.finance_unit,
            "format": self.format,
            "warnings": list(self.warnings),
        }
        return {"document": document, "tasks": [t.to_dict() for t in self.tasks]}
