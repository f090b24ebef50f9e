"""Soil standards with screening and intervention values: GB 36600-2018 (construction land) and GB 15618-2018
(agricultural land).

GB 36600-2018 §3.4/§3.5: screening value (筛选值) and intervention value (管制值) per land class (第一类用地 class 1,
第二类用地 class 2), tables 1 and 2, mg/kg. Table 1 note ①: a content above the screening value but at or below the
local soil background value is not managed as a contaminated plot (arsenic; cobalt and vanadium in table 2).
GB 15618-2018 §5: screening values by soil pH band (pH ≤ 5.5, 5.5 < pH ≤ 6.5, 6.5 < pH ≤ 7.5, pH > 7.5) and land
use (水田 paddy, 其他 other; 果园 orchard for copper) in tables 1–2; intervention values by pH band in table 3.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache

from .catalog import DATA_DIR, CatalogError, data_version, load_catalog, read_data_csv

GB36600_FILE = DATA_DIR / "gb36600_2018.csv"
GB15618_FILE = DATA_DIR / "gb15618_2018.csv"
GB15618_PH_EDGES = (5.5, 6.5, 7.5)
GB15618_BANDS = ("pH≤5.5", "5.5<pH≤6.5", "6.5<pH≤7.5", "pH>7.5")
LAND_USES = ("paddy", "other", "orchard")
LAND_USE_ZH = {"paddy": "水田", "other": "其他", "orchard": "果园"}


@dataclass(frozen=True)
class SoilLimit:
    """Screening / intervention value of one analyte (mg/kg unless ``unit`` says otherwise).

    ``background_rule``: the screening value carries GB 36600-2018 table note ① (background value rule).
    ``clause`` names the standard, table and item the numbers come from.
    """

    analyte_id: str
    name_zh: str
    name_en: str
    screening: float | None
    intervention: float | None
    unit: str
    clause: str
    background_rule: bool = False
    ph_band: str | None = None
    land_use: str | None = None
    note: str = ""


@dataclass(frozen=True)
class SoilStandard:
    """A soil standard for one land class / land use. ``limits[analyte_id][band]`` (a single band when the standard
    does not depend on pH). Build with :func:`gb36600` or :func:`gb15618`."""

    key: str
    code: str
    label: str
    version: str
    unit: str
    limits: Mapping[str, tuple[SoilLimit | None, ...]]
    ph_edges: tuple[float, ...] = ()
    band_labels: tuple[str, ...] = ("",)
    land_class: int | None = None
    land_use: str | None = None
    matrix: str = "soil"
    ph_dependent_ids: frozenset[str] = field(default_factory=frozenset)

    @property
    def n_bands(self) -> int:
        return len(self.band_labels)

    def band_index(self, ph: float | None) -> int | None:
        """Index of the pH band (GB 15618-2018 tables 1–3: lower bound exclusive, upper inclusive)."""
        if not self.ph_edges:
            return 0
        if ph is None or math.isnan(ph):
            return None
        for i, edge in enumerate(self.ph_edges):
            if ph <= edge:
                return i
        return len(self.ph_edges)

    def needs_ph(self, analyte_id: str) -> bool:
        return analyte_id in self.ph_dependent_ids

    def limit(self, analyte_id: str, ph: float | None = None) -> SoilLimit | None:
        """The limit for ``analyte_id`` at soil ``ph`` (None: no limit, or a pH-dependent limit without pH)."""
        bands = self.limits.get(analyte_id)
        if bands is None:
            return None
        if not self.needs_ph(analyte_id):
            return bands[0]
        idx = self.band_index(ph)
        return None if idx is None else bands[idx]


def _num(text: str, where: str) -> float | None:
    if text == "":
        return None
    try:
        v = float(text)
    except ValueError as exc:
        raise CatalogError(f"{where}: {text!r} is not a number") from exc
    if not v >= 0:
        raise CatalogError(f"{where}: {text!r} is negative")
    return v


@lru_cache(maxsize=4)
def gb36600(land_class: int) -> SoilStandard:
    """GB 36600-2018 for 第一类用地 (``land_class=1``) or 第二类用地 (``land_class=2``); values in mg/kg (tables 1–2)."""
    if land_class not in (1, 2):
        raise ValueError("land_class must be 1 or 2 (GB 36600-2018 §3.3: 第一类用地 / 第二类用地)")
    catalog = load_catalog()
    limits: dict[str, tuple[SoilLimit | None, ...]] = {}
    for line, row in read_data_csv(GB36600_FILE):
        where = f"{GB36600_FILE.name}:{line}"
        aid = row["analyte_id"]
        if aid not in catalog:
            raise CatalogError(f"{where}: analyte_id {aid} not in the catalogue")
        if aid in limits:
            raise CatalogError(f"{where}: duplicate analyte_id {aid}")
        rule = f"class{land_class}" in row["background_rule"].split(";")
        limits[aid] = (
            SoilLimit(
                analyte_id=aid,
                name_zh=row["name_zh"],
                name_en=row["name_en"],
                screening=_num(row[f"screening_class{land_class}"], where),
                intervention=_num(row[f"intervention_class{land_class}"], where),
                unit=row["unit"],
                clause=f"GB 36600-2018 表{row['table']} 第{row['seq']}项",
                background_rule=rule,
                note=row["note"],
            ),
        )
    zh = "第一类用地" if land_class == 1 else "第二类用地"
    return SoilStandard(
        key="gb36600",
        code="GB 36600-2018",
        label=f"GB 36600-2018 {zh} / class-{land_class} land",
        version=data_version(GB36600_FILE),
        unit="mg/kg",
        limits=limits,
        land_class=land_class,
    )


@lru_cache(maxsize=4)
def gb15618(land_use: str) -> SoilStandard:
    """GB 15618-2018 for land use ``paddy`` (水田), ``other`` (其他) or ``orchard`` (果园); values in mg/kg.

    Row selection per analyte: rows of the land use itself, else ``other`` (orchard is "other" land for every item
    but copper; for copper "other" means every farmland but orchard, paddy included), else ``all``. Intervention
    values (table 3) apply to every land use."""
    if land_use not in LAND_USES:
        raise ValueError(f"land_use must be one of {LAND_USES}")
    catalog = load_catalog()
    screening: dict[str, dict[str, list[tuple[int, float, str]]]] = {}
    intervention: dict[str, list[tuple[int, float, str]]] = {}
    names: dict[str, str] = {}
    for line, row in read_data_csv(GB15618_FILE):
        where = f"{GB15618_FILE.name}:{line}"
        aid = row["analyte_id"]
        if aid not in catalog:
            raise CatalogError(f"{where}: analyte_id {aid} not in the catalogue")
        names[aid] = row["name_zh"]
        value = _num(row["value"], where)
        assert value is not None
        lo, hi = _num(row["ph_min_exclusive"], where), _num(row["ph_max_inclusive"], where)
        bands = _bands_covered(lo, hi, where)
        clause = f"GB 15618-2018 表{row['table']}"
        entries = [(b, value, clause) for b in bands]
        if row["kind"] == "screening":
            screening.setdefault(aid, {}).setdefault(row["land_use"], []).extend(entries)
        elif row["kind"] == "intervention":
            intervention.setdefault(aid, []).extend(entries)
        else:
            raise CatalogError(f"{where}: kind {row['kind']!r}")
    limits: dict[str, tuple[SoilLimit | None, ...]] = {}
    ph_dep: set[str] = set()
    for aid, by_use in screening.items():
        chosen_use = next(u for u in (land_use, "other", "all") if u in by_use)
        s_vals = _per_band(by_use[chosen_use], f"{aid} {chosen_use}")
        i_vals = _per_band(intervention[aid], f"{aid} intervention") if aid in intervention else [None] * 4
        a = catalog[aid]
        row_limits: list[SoilLimit | None] = []
        for b in range(4):
            s, i = s_vals[b], i_vals[b]
            clause = s[1] if s else ""
            if i is not None:
                clause += "、表3"
            row_limits.append(
                SoilLimit(
                    analyte_id=aid,
                    name_zh=names[aid],
                    name_en=a.name_en,
                    screening=s[0] if s else None,
                    intervention=i[0] if i else None,
                    unit="mg/kg",
                    clause=clause,
                    ph_band=GB15618_BANDS[b],
                    land_use=chosen_use if chosen_use != "all" else land_use,
                )
            )
        if len({(x.screening, x.intervention) for x in row_limits if x is not None}) > 1:
            ph_dep.add(aid)
        else:
            row_limits = [None if x is None else replace(x, ph_band=None) for x in row_limits]
        limits[aid] = tuple(row_limits)
    return SoilStandard(
        key="gb15618",
        code="GB 15618-2018",
        label=f"GB 15618-2018 {LAND_USE_ZH[land_use]} / {land_use} land",
        version=data_version(GB15618_FILE),
        unit="mg/kg",
        limits=limits,
        ph_edges=GB15618_PH_EDGES,
        band_labels=GB15618_BANDS,
        land_use=land_use,
        ph_dependent_ids=frozenset(ph_dep),
    )


def _bands_covered(lo: float | None, hi: float | None, where: str) -> list[int]:
    edges = (None, *GB15618_PH_EDGES, None)
    out = []
    for b in range(4):
        b_lo, b_hi = edges[b], edges[b + 1]
        inside_lo = lo is None or (b_lo is not None and b_lo >= lo)
        inside_hi = hi is None or (b_hi is not None and b_hi <= hi)
        if inside_lo and inside_hi:
            out.append(b)
    if not out:
        raise CatalogError(f"{where}: pH range ({lo}, {hi}] matches no GB 15618 band")
    return out


def _per_band(entries: list[tuple[int, float, str]], what: str) -> list[tuple[float, str] | None]:
    out: list[tuple[float, str] | None] = [None] * 4
    for b, v, clause in entries:
        if out[b] is not None:
            raise CatalogError(f"GB 15618 data: two values for {what} band {GB15618_BANDS[b]}")
        out[b] = (v, clause)
    return out
