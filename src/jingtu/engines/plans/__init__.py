"""Plan parser engine: action-plan documents → sections, tasks and measures with units, deadlines and targets.

Framework-free (no Django). Public API::

    parse_file(path, *, year=None, district=None) -> Plan      # .txt / .docx / .xlsx
    parse_text(text, *, year=None, district=None) -> Plan
    parse_lines(lines, *, year=None, district=None, source="") -> Plan
    detect_layout(lines) -> "rows" | "cells" | "prose"
    Plan.to_dict() / Plan.to_json()                            # the `jingtu plan parse` JSON contract

See docs/plan-parser.md for layouts, rules and known limits.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from .clean import clean_inline
from .dates import Deadline, deadline_from_cell, find_dates, milestones_in
from .model import ContextBlock, Item, Measure, Plan, Section, Task
from .prose import detect_period, parse_prose
from .read import PlanReadError, read_lines
from .table import TableResult, parse_rows, rows_from_cell_lines, rows_from_tab_rows
from .targets import Target, find_targets
from .units import DistrictRef, district_code, district_of_title, split_units

PARSER_VERSION = "plans-1.0"

__all__ = [
    "PARSER_VERSION",
    "ContextBlock",
    "Deadline",
    "DistrictRef",
    "Item",
    "Measure",
    "Plan",
    "PlanReadError",
    "Section",
    "Target",
    "Task",
    "deadline_from_cell",
    "detect_layout",
    "district_code",
    "find_dates",
    "find_targets",
    "milestones_in",
    "parse_file",
    "parse_lines",
    "parse_text",
    "split_units",
]

_YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年")


def detect_layout(lines: Sequence[str]) -> str:
    """``rows`` (row-per-line, tab-separated cells), ``cells`` (one cell per line, each led by a tab) or
    ``prose``."""
    tab_lines = [ln for ln in lines if "\t" in ln and ln.strip()]
    row_like = [ln for ln in tab_lines if len([c for c in ln.split("\t") if c.strip()]) >= 2]
    cell_like = [ln for ln in tab_lines if ln.startswith("\t") and ln.count("\t") == 1]
    if len(row_like) >= 3 and len(row_like) >= 0.3 * len(tab_lines):
        return "rows"
    if len(cell_like) >= 6 and len(cell_like) >= 0.6 * len(tab_lines):
        return "cells"
    return "prose"


def _title_year(title: str | None) -> int | None:
    if not title:
        return None
    m = _YEAR_RE.search(title)
    return int(m.group(1)) if m else None


def _first_title(lines: Sequence[tuple[int, str]]) -> tuple[str | None, list[ContextBlock]]:
    title: str | None = None
    rest: list[ContextBlock] = []
    for n, raw in lines:
        t = clean_inline(raw)
        if not t:
            continue
        if title is None:
            title = t
        else:
            rest.append(ContextBlock("front matter", t, n))
    return title, rest


def parse_lines(
    lines: Sequence[str], *, year: int | None = None, district: str | None = None, source: str = ""
) -> Plan:
    """Parse a document given as lines. ``year`` overrides the plan year found in the title; ``district`` (GB/T
    2260 code or name) overrides the district found in the title. Never raises on damaged input."""
    lines = [ln.replace("\r", "") for ln in lines]
    layout = detect_layout(lines)
    ctx: str | None = None
    warnings: list[str] = []
    if district is not None:
        ctx = district_code(district)
        if ctx is None:
            raise ValueError(
                f"unknown district {district!r} (give a GB/T 2260 code such as 110101, or a name)"
            )
    plan = Plan(title=None, year=None, issuer=None, layout=layout, source=source)
    if layout in ("rows", "cells"):
        title_lines, rows = (rows_from_tab_rows if layout == "rows" else rows_from_cell_lines)(lines)
        title, front = _first_title(title_lines)
        plan.title = title
        plan.year = year or _title_year(title)
        if ctx is None and title:
            ctx = district_of_title(title)
        ctx_for_resolution = None if ctx == "110000" else ctx
        result: TableResult = parse_rows(
            rows, year=plan.year, district=ctx_for_resolution, one_cell=layout == "cells"
        )
        plan.sections = result.sections
        plan.context = (
            front
            + [ContextBlock("before the table", clean_inline(t), n) for n, t in result.before_header]
            + [ContextBlock("note", t, n) for n, t in result.notes]
        )
        warnings.extend(result.warnings)
        if title and ctx and ctx != "110000":
            plan.issuer = _issuer_from_title(title)
    else:
        head = [clean_inline(ln) for ln in lines[:8]]
        title_guess = next((t for t in head if t), None)
        plan.year = year or _title_year(title_guess if title_guess and "。" not in title_guess else None)
        if ctx is None and title_guess:
            ctx = district_of_title(title_guess)
        ctx_for_resolution = None if ctx == "110000" else ctx
        pr = parse_prose(lines, year=plan.year, district=ctx_for_resolution)
        plan.title, plan.issuer = pr.title, pr.issuer
        if plan.title and plan.year is None:
            plan.year = year or _title_year(plan.title)
        plan.sections = pr.sections
        plan.context = pr.context
        warnings.extend(pr.warnings)
        if plan.issuer is None and plan.title and ctx and ctx != "110000":
            plan.issuer = _issuer_from_title(plan.title)
    plan.district = ctx
    plan.period = detect_period("\n".join(lines[:400]))
    if plan.year is None and year is None:
        warnings.append("plan year unknown: relative deadlines (年底前, 3月底) have no due date; give --year")
    if not plan.measures:
        warnings.append("no measure found")
    plan.warnings = warnings
    return plan


def _issuer_from_title(title: str) -> str | None:
    """The jurisdiction a district plan is issued in, as its title names it (``东城区…`` → ``东城区``)."""
    m = re.match(r"^(?:北京市)?([\u4e00-\u9fff]{1,6}?(?:区|县))", title)
    return m.group(1) if m else None


def parse_text(text: str, *, year: int | None = None, district: str | None = None, source: str = "") -> Plan:
    return parse_lines(text.split("\n"), year=year, district=district, source=source)


def parse_file(path: str | Path, *, year: int | None = None, district: str | None = None) -> Plan:
    """Parse a .txt / .docx / .xlsx plan. Raises :class:`PlanReadError` when the file cannot be read."""
    p = Path(path)
    return parse_lines(read_lines(p), year=year, district=district, source=p.name)
