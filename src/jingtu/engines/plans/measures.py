"""Build one :class:`Measure` from its raw parts: deadline, targets, districts, unit resolution."""

from __future__ import annotations

import re

from .clean import clean_inline
from .dates import deadline_from_cell, deadline_from_text
from .model import Item, Measure
from .targets import find_targets
from .units import Assignment, districts_in, resolve_units, split_units

_SEPARATORS = re.compile(r"[\s、，,；;。.：:/]+")
_PLACEHOLDER = re.compile(r"^(?:—+|－+|-+|/|无|暂无)$")


def _covered(cell: str, units: list[str]) -> bool:
    """Every piece of the cell (between separators) is found in the unit names (role words may be dropped)."""
    joined = "".join(units)
    for piece in _SEPARATORS.split(clean_inline(cell)):
        p = re.sub(r"^（|）$", "", piece)
        p = re.sub(r"(?:等(?:其他)?(?:相关|有关)?(?:部门|单位)?|牵头|负责|配合|参与|落实)+$", "", p)
        if p and not _PLACEHOLDER.match(p) and p not in joined:
            return False
    return True


def _looks_like_prose(cell: str) -> bool:
    """A sentence, not a list of units: a full stop, or a piece over 30 characters.

    30: above the longest name in the organisation registry (25 characters, 北京市委生态文明建设委员会土壤污染综合防控工作小组).
    """
    c = clean_inline(cell)
    return "。" in c or any(len(p) > 30 for p in _SEPARATORS.split(c))


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
    if deadline_cell is None and assignment is not None and assignment.deadline:
        deadline = deadline_from_cell(
            clean_inline(assignment.deadline), text, year
        )  # 完成时限：… in the parenthesis
    elif deadline_cell is None:
        deadline = deadline_from_text(text, year)
    else:
        deadline = deadline_from_cell(clean_inline(deadline_cell), text, year)
    if assignment is not None:
        leads, resps, coops = assignment.lead, assignment.responsible, assignment.cooperating
    else:
        leads, resps, coops = split_units(lead), split_units(responsible), split_units(cooperating)
    names = [*leads, *resps, *coops]
    extra = dict(extra or {})
    if assignment is None:
        for role, cell, units in (
            ("lead", lead, leads),
            ("responsible", responsible, resps),
            ("cooperating", cooperating, coops),
        ):
            if not _covered(cell, units) or _looks_like_prose(cell):
                # the splitter dropped text, or a sentence landed in a unit column: keep the cell as written
                extra[f"{role}_as_written"] = clean_inline(cell)
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
        extra=extra,
    )
