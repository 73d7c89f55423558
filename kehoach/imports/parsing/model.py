"""What the parser returns: a plan's facts and its task rows, in the gold JSON shape plus extras."""

from __future__ import annotations

from dataclasses import dataclass, field

FLAGS = ("unknown_unit", "no_lead", "unparsed_timeframe", "maybe_two_rows", "no_title")


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
    timeframe: dict = field(default_factory=lambda: {"raw": None, "kind": None, "start": None, "end": None})
    source_lines: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    unknown_names: list[str] = field(default_factory=list)
    # The raw cell text per column, kept so a row continued after a page break can be finished.
    cells: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    def to_gold(self) -> dict:
        return {
            "group": self.group,
            "ref": self.ref,
            "title": self.title,
            "lead": list(self.lead),
            "coordinating": list(self.coordinating),
            "products": list(self.products),
            "partners": list(self.partners),
            "funding": self.funding,
            "note": self.note,
            "timeframe": dict(self.timeframe),
        }

    def to_dict(self) -> dict:
        return {
            **self.to_gold(),
            "source_lines": list(self.source_lines),
            "flags": list(self.flags),
            "unknown_names": list(self.unknown_names),
        }


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

    def _document(self) -> dict:
        return {
            "kind": self.kind,
            "issuer": self.issuer,
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
            "number": self.number,
            "issued_on": self.issued_on,
            "signer_title": self.signer_title,
            "report_schedule": [dict(r) for r in self.report_schedule],
            "finance_unit": self.finance_unit,
            "format": self.format,
            "warnings": list(self.warnings),
        }
        return {"document": document, "tasks": [t.to_dict() for t in self.tasks]}
