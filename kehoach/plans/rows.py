"""``TaskRow``: one task as a plan writes it — the currency between the importer, the plans app, amendments
and re-import (instead of dicts with keys each side must remember).

The importer's parsed tasks and the gold JSON shape come in through ``TaskRow.from_mapping``; stored tasks come
out through ``plans.services.task_rows``; ``as_dict`` gives the gold shape back (JSON exports, diffs).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from kehoach.core.text import clean


def _iso_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def _names(value: Any) -> list[str]:
    return [clean(v) for v in (value or []) if clean(v)]


@dataclass(frozen=True)
class Timeframe:
    raw: str = ""
    kind: str = "other"
    start: dt.date | None = None
    end: dt.date | None = None

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any] | None) -> Timeframe:
        data = data or {}
        return cls(raw=clean(data.get("raw")), kind=data.get("kind") or "other",
                   start=_iso_date(data.get("start")), end=_iso_date(data.get("end")))

    def as_dict(self) -> dict[str, Any]:
        return {"raw": self.raw, "kind": self.kind, "start": self.start.isoformat() if self.start else None,
                "end": self.end.isoformat() if self.end else None}


@dataclass(frozen=True)
class TaskRow:
    title: str
    group: str = ""
    ref: str = ""
    lead: list[str] = field(default_factory=list)
    coordinating: list[str] = field(default_factory=list)
    monitoring: list[str] = field(default_factory=list)
    products: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    funding: str = ""
    note: str = ""
    timeframe: Timeframe = field(default_factory=Timeframe)
    # What the review page shows beside a row read from a document.
    source_lines: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> TaskRow:
        """A parsed task (``ParsedTask.to_dict()``), a gold task or a form's row."""
        return cls(
            title=clean(data.get("title")), group=clean(data.get("group")), ref=clean(data.get("ref")),
            lead=_names(data.get("lead")), coordinating=_names(data.get("coordinating")),
            monitoring=_names(data.get("monitoring")), products=_names(data.get("products")),
            partners=_names(data.get("partners")), funding=clean(data.get("funding")), note=clean(data.get("note")),
            timeframe=Timeframe.from_mapping(data.get("timeframe")),
            source_lines=list(data.get("source_lines") or []), flags=list(data.get("flags") or []),
        )

    def changed(self, **fields: Any) -> TaskRow:
        return replace(self, **fields)

    @property
    def unit_names(self) -> list[str]:
        """The names a search over tasks should find it by (units and partners)."""
        return [*self.lead, *self.coordinating, *self.partners]

    def as_dict(self) -> dict[str, Any]:
        """The gold JSON shape (version 2) of the row."""
        return {"group": self.group, "ref": self.ref, "title": self.title, "lead": list(self.lead),
                "coordinating": list(self.coordinating), "monitoring": list(self.monitoring),
                "products": list(self.products), "partners": list(self.partners), "funding": self.funding,
                "note": self.note, "timeframe": self.timeframe.as_dict()}
