"""Build one :class:`Measure` from its raw parts: deadline, targets, districts, unit resolution."""

from __future__ import annotations

from .clean import clean_inline
from .dates import deadline_from_cell, deadline_from_text
from .model import Item, Measure
from .targets import find_targets
from .units import Assignment, districts_in, resolve_units, split_units


def build_measure(
    text: str,
    *,
    deadline_cell: str | None,
    lead: str = "",
    responsible: str = "",
    cooperating: str = "",
    assignment: Assignment | None = None,
    line: int | None,
    year: int | None,
    district: str | None,
    item: Item | None = None,
    extra: dict[str, str] | None = None,
) -> Measure:
    """``text`` is cleaned already; unit cells are raw (split here). ``deadline_cell`` None: a prose measure,
    whose deadline comes from its text."""
    if deadline_cell is None:
        deadline = deadline_from_text(text, year)
    else:
        deadline = deadline_from_cell(clean_inline(deadline_cell), text, year)
    if assignment is not None:
        leads, resps, coops = assignment.lead, assignment.responsible, assignment.cooperating
    else:
        leads, resps, coops = split_units(lead), split_units(responsible), split_units(cooperating)
    names = [*leads, *resps, *coops]
    resolved = resolve_units(names, district=district, year=year)
    return Measure(
        text=text,
        deadline=deadline,
        lead=list(leads),
        responsible=list(resps),
        cooperating=list(coops),
        districts=districts_in([text, *names]),
        targets=find_targets(text),
        unresolved=resolved.unresolved,
        resolution=resolved.resolution,
        resolution_notes=resolved.notes,
        line=line,
        item=item,
        assignment=assignment.text if assignment is not None else "",
        extra=dict(extra or {}),
    )
