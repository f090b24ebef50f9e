"""Alert lists per district and per department: what is overdue and which gate blocked what."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from .rules import Department, Severity, Violation


@dataclass(frozen=True)
class AlertList:
    """Violations of one district and/or department, split into ``blocked`` (gates) and ``overdue`` (due date
    passed) and ``other`` (warnings not yet due, notes). Each list is ordered by due date, then plot."""

    district: str | None
    department: Department | None
    blocked: tuple[Violation, ...] = field(default_factory=tuple)
    overdue: tuple[Violation, ...] = field(default_factory=tuple)
    other: tuple[Violation, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, object]:
        return {
            "district": self.district,
            "department": self.department.value if self.department else None,
            "blocked": [v.to_dict() for v in self.blocked],
            "overdue": [v.to_dict() for v in self.overdue],
            "other": [v.to_dict() for v in self.other],
        }


def _key(v: Violation) -> tuple[date, str, str]:
    return (v.due_date or date.max, v.plot, v.rule_id)


def _split(vs: list[Violation], today: date) -> tuple[tuple[Violation, ...], ...]:
    blocked = [v for v in vs if v.severity is Severity.BLOCK]
    overdue = [
        v for v in vs if v.severity is not Severity.BLOCK and v.due_date is not None and v.due_date < today
    ]
    other = [v for v in vs if v not in blocked and v not in overdue]
    return tuple(sorted(blocked, key=_key)), tuple(sorted(overdue, key=_key)), tuple(sorted(other, key=_key))


def alert_lists(
    violations: Iterable[Violation], today: date, *, by_district: bool = True, by_department: bool = True
) -> list[AlertList]:
    """Group violations into alert lists keyed by district and/or department (None = all), sorted by key."""
    groups: dict[tuple[str | None, Department | None], list[Violation]] = {}
    for v in violations:
        key = (v.district if by_district else None, v.department if by_department else None)
        groups.setdefault(key, []).append(v)
    out = []
    for (district, dept), vs in sorted(groups.items(), key=lambda kv: (kv[0][0] or "", kv[0][1] or "")):
        blocked, overdue, other = _split(vs, today)
        out.append(AlertList(district, dept, blocked, overdue, other))
    return out
