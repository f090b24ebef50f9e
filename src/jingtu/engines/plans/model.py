"""Output model of the plan parser and its JSON form (the ``jingtu plan parse`` contract of issue 6).

Contract keys, in this order: ``{"title", "year", "issuer", "sections": [{"number", "title", "tasks":
[{"number", "title", "measures": [{"text", "deadline": {"text", "due", "milestones"}, "lead", "responsible",
"cooperating", "districts", "targets": [{"indicator", "op", "value", "unit"}], "unresolved"}]}]}]}``.
Extra keys sit beside them (``resolution``, ``line``, ``layout`` …) and are documented in docs/plan-parser.md.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from .dates import Deadline
from .targets import Target
from .units import DistrictRef


@dataclass(frozen=True)
class Item:
    """A numbered item of a prose plan (``1.科学使用农业投入品``) a measure belongs to."""

    number: int
    title: str


@dataclass
class Measure:
    text: str
    deadline: Deadline
    lead: list[str] = field(default_factory=list)
    responsible: list[str] = field(default_factory=list)
    cooperating: list[str] = field(default_factory=list)
    districts: list[DistrictRef] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)
    resolution: dict[str, list[str]] = field(default_factory=dict)
    resolution_notes: dict[str, str] = field(default_factory=dict)
    line: int | None = None  # 1-based line of the input where the measure starts
    item: Item | None = None
    assignment: str = ""  # prose: the assignment parenthesis as written (removed from ``text``)
    extra: dict[str, str] = field(default_factory=dict)  # cells of unrecognised columns, by header

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "text": self.text,
            "deadline": {
                "text": self.deadline.text,
                "due": self.deadline.due.isoformat() if self.deadline.due else None,
                "milestones": [m.isoformat() for m in self.deadline.milestones],
            },
            "lead": list(self.lead),
            "responsible": list(self.responsible),
            "cooperating": list(self.cooperating),
            "districts": [
                {"code": r.code, "name": r.name, "as_written": r.as_written} for r in self.districts
            ],
            "targets": [
                {"indicator": t.indicator, "op": t.op, "value": t.value, "unit": t.unit} for t in self.targets
            ],
            "unresolved": list(self.unresolved),
            "resolution": {k: list(v) for k, v in self.resolution.items()},
        }
        if self.resolution_notes:
            d["resolution_notes"] = dict(self.resolution_notes)
        if self.item is not None:
            d["item"] = {"number": self.item.number, "title": self.item.title}
        if self.assignment:
            d["assignment"] = self.assignment
        if self.extra:
            d["extra"] = dict(self.extra)
        d["line"] = self.line
        return d


@dataclass
class Task:
    number: int | None
    title: str
    measures: list[Measure] = field(default_factory=list)
    inferred: bool = False  # heading missing in the source; number inferred from the numbering
    line: int | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "number": self.number,
            "title": self.title,
            "measures": [m.to_dict() for m in self.measures],
        }
        if self.inferred:
            d["inferred"] = True
        d["line"] = self.line
        return d


@dataclass
class Section:
    number: str
    title: str
    tasks: list[Task] = field(default_factory=list)
    chapter: str = ""
    intro: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)  # prose: the numbered item headings (1.…) as written
    inferred: bool = False
    line: int | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "number": self.number,
            "title": self.title,
            "tasks": [t.to_dict() for t in self.tasks],
        }
        if self.chapter:
            d["chapter"] = self.chapter
        if self.intro:
            d["intro"] = list(self.intro)
        if self.items:
            d["items"] = list(self.items)
        if self.inferred:
            d["inferred"] = True
        d["line"] = self.line
        return d

    @property
    def measures(self) -> list[Measure]:
        return [m for t in self.tasks for m in t.measures]


@dataclass(frozen=True)
class ContextBlock:
    """Text that is not an obligation (preface, review of the last period, guiding ideas), kept verbatim."""

    heading: str
    text: str
    line: int | None = None


@dataclass
class Plan:
    title: str | None
    year: int | None
    issuer: str | None
    sections: list[Section] = field(default_factory=list)
    layout: str = ""
    district: str | None = None  # GB/T 2260 code used as context for resolution (None: municipal)
    period: tuple[int, int] | None = None  # five-year plan period (十四五 → 2021–2025)
    context: list[ContextBlock] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    source: str = ""

    @property
    def measures(self) -> list[Measure]:
        return [m for s in self.sections for m in s.measures]

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "year": self.year,
            "issuer": self.issuer,
            "sections": [s.to_dict() for s in self.sections],
            "layout": self.layout,
            "district": self.district,
            "period": list(self.period) if self.period else None,
            "context": [{"heading": c.heading, "text": c.text, "line": c.line} for c in self.context],
            "warnings": list(self.warnings),
            "source": self.source,
            "measure_count": len(self.measures),
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)
