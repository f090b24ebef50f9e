"""Units of measurement through ``pint`` (dimension-aware; no hand-written conversion tables).

Lab spellings are normalised before pint parses them: NFKC (µ/μ, full-width '／'), Chinese words (无量纲 -> dimensionless),
and annotations that are not units: a TEQ marker (``ng TEQ/kg``, ``ng-TEQ/kg``, ``ngI-TEQ/kg``) and a dry/wet basis
marker (``mg/kg(干重)``, ``mg/kg dw``) are removed and reported separately. Factors are rounded to 12 significant
digits so that e.g. 1 ng/kg is exactly 1e-6 mg/kg.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pint


class UnitError(ValueError):
    """A unit that cannot be parsed, or two units that cannot be converted into each other."""


@dataclass(frozen=True)
class ParsedUnit:
    """A unit as written, its pint expression, and the annotations removed from it."""

    text: str
    expression: str
    dimensionality: str
    teq: bool = False
    basis: str | None = None  # "dry" | "wet" | None


_WORDS = {
    "无量纲": "dimensionless",
    "无": "dimensionless",
    "pH单位": "dimensionless",
    "ph单位": "dimensionless",
    "ph units": "dimensionless",
    "ph": "dimensionless",
    "-": "dimensionless",
    "铂钴色度单位": "PCU",
    "度": "PCU",
    "个/ml": "CFU/mL",
    "个/l": "CFU/L",
}
_TEQ = re.compile(r"(?i)[\s\-]*(?:i-|who-|who\d{2,4}-)?teq[\s\-]*")
_BASIS = re.compile(
    r"(?i)\s*[(（]?\s*(干重|干基|dry\s*weight|dry|dw|d\.w\.|湿重|湿基|鲜重|wet\s*weight|wet|ww|fw)\s*[)）]?\s*$"
)
_PER_SCALED = re.compile(r"/\s*(\d+(?:\.\d+)?)\s*([A-Za-zµ]+)")
_POWER = re.compile(r"([A-Za-z])([23])\b")
_WET = {"湿重", "湿基", "鲜重", "wet weight", "wet", "ww", "fw"}


@lru_cache(maxsize=1)
def registry() -> pint.UnitRegistry[Any]:
    """The shared pint registry, with counting units for microbiology and water-quality indicators."""
    ureg: pint.UnitRegistry[Any] = pint.UnitRegistry(autoconvert_offset_to_baseunit=True)
    ureg.define("colony_forming_unit = [organism] = CFU")
    ureg.define("most_probable_number = colony_forming_unit = MPN")
    ureg.define("nephelometric_turbidity_unit = [turbidity] = NTU")
    ureg.define("platinum_cobalt_unit = [colour] = PCU")
    return ureg


@lru_cache(maxsize=4096)
def parse_unit(text: str) -> ParsedUnit:
    """Parse a unit as written in a lab file (``mg/kg``, ``µg/kg``, ``ug/kg``, ``ng TEQ/kg``, ``mg/L``, ``无量纲``...)."""
    raw = unicodedata.normalize("NFKC", text).strip()
    if not raw:
        raise UnitError("empty unit")
    s = raw
    basis: str | None = None
    m = _BASIS.search(s)
    if m is not None and m.start() > 0:
        word = m.group(1).lower().replace("  ", " ")
        basis = "wet" if word in _WET else "dry"
        s = s[: m.start()].strip()
    teq = bool(_TEQ.search(s))
    if teq:
        s = _TEQ.sub("", s).strip()
    s = _WORDS.get(s.lower(), s).replace("μ", "µ")
    s = _PER_SCALED.sub(r"/(\1 \2)", s)  # MPN/100mL -> MPN/(100 mL)
    s = _POWER.sub(r"\1**\2", s)  # mg/m3 (m³ after NFKC) -> mg/m**3
    try:
        q = registry().parse_expression(s)
    except (pint.errors.PintError, AttributeError, TypeError, ValueError, SyntaxError) as exc:
        raise UnitError(f"unknown unit {text!r}") from exc
    if not isinstance(q, pint.Quantity):  # a bare number such as "1"
        raise UnitError(f"unknown unit {text!r}")
    return ParsedUnit(text=text, expression=s, dimensionality=str(q.dimensionality), teq=teq, basis=basis)


@lru_cache(maxsize=4096)
def conversion_factor(from_unit: str, to_unit: str) -> float:
    """Factor f with value[to_unit] = f × value[from_unit]; raises :class:`UnitError` when dimensions differ."""
    a = parse_unit(from_unit)
    b = parse_unit(to_unit)
    ureg = registry()
    try:
        f = ureg.parse_expression(a.expression).to(ureg.parse_expression(b.expression).units)
        scale = ureg.parse_expression(b.expression).magnitude
    except pint.errors.DimensionalityError as exc:
        raise UnitError(
            f"{from_unit!r} ({a.dimensionality}) cannot be converted to {to_unit!r} ({b.dimensionality})"
        ) from exc
    return float(f"{float(f.magnitude) / float(scale):.12g}")
