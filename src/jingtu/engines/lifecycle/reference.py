"""Reference data of the lifecycle engine: clauses, policy settings, GB 50137 land-use classes.

Everything is read from ``src/jingtu/data/lifecycle/`` (see its ``SOURCE.md``); no number or citation is buried in
code. Loaders are cached: the files are read once per process.
"""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "lifecycle"
CLAUSES_FILE = DATA_DIR / "clauses.toml"
CONFIG_FILE = DATA_DIR / "config.toml"
LANDUSE_FILE = DATA_DIR / "gb50137_landuse.csv"
SCORING_FILE = DATA_DIR / "priority_scoring.toml"

CLAUSE_STATUSES = ("verified", "text_verified", "unverified")


class ReferenceDataError(ValueError):
    """A reference data file is malformed; the message names the file, the entry and the field."""


# --------------------------------------------------------------------------------------------------- clauses


@dataclass(frozen=True)
class Clause:
    """One cited legal or policy clause.

    ``status``: ``verified`` (text and article number checked in a stored copy), ``text_verified`` (text checked,
    number not), ``unverified`` (from memory, or a local policy setting).
    """

    id: str
    zh: str
    en: str
    status: str
    evidence: str

    @property
    def verified(self) -> bool:
        return self.status == "verified"


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ReferenceDataError(f"{path}: {exc}") from exc


@cache
def clauses() -> dict[str, Clause]:
    """All clauses of ``clauses.toml`` by id."""
    data = _read_toml(CLAUSES_FILE)
    out: dict[str, Clause] = {}
    for cid, entry in data.items():
        if not isinstance(entry, dict):
            raise ReferenceDataError(f"{CLAUSES_FILE}: entry {cid!r} is not a table")
        for field in ("zh", "en", "status", "evidence"):
            if not isinstance(entry.get(field), str) or not entry[field]:
                raise ReferenceDataError(f"{CLAUSES_FILE}: entry {cid!r}: field {field!r} missing or empty")
        if entry["status"] not in CLAUSE_STATUSES:
            raise ReferenceDataError(
                f"{CLAUSES_FILE}: entry {cid!r}: field 'status' must be one of {CLAUSE_STATUSES}"
            )
        out[cid] = Clause(cid, entry["zh"], entry["en"], entry["status"], entry["evidence"])
    return out


def clause(cid: str) -> Clause:
    """The clause with id ``cid``; ``KeyError`` names the id if it is not in ``clauses.toml``."""
    try:
        return clauses()[cid]
    except KeyError:
        raise KeyError(f"clause {cid!r} is not defined in {CLAUSES_FILE}") from None


def cite(*cids: str) -> str:
    """Chinese citation of one or more clauses joined by '；', each marked when its number is not verified."""
    parts = []
    for cid in cids:
        c = clause(cid)
        mark = "" if c.verified else ("〔条号未核实〕" if c.status == "text_verified" else "〔未核实〕")
        parts.append(c.zh + mark)
    return "；".join(parts)


# --------------------------------------------------------------------------------------------------- config


@dataclass(frozen=True)
class LifecycleConfig:
    """Policy settings (``config.toml``); each names its clause there.

    ``sequencing_distance_m`` in metres; ``post_review_months`` in months; ``priority_update_months`` maps a GB/T 2260
    district code (or ``"default"``) to the months (1-12) whose last day is an update due date.
    """

    min_review_experts: int
    dormant_years: int
    sequencing_distance_m: float
    post_review_months: int
    priority_update_months: dict[str, tuple[int, ...]]

    def update_months(self, district: str) -> tuple[int, ...]:
        return self.priority_update_months.get(district, self.priority_update_months["default"])


def _int(data: dict[str, Any], section: str, key: str, path: Path) -> int:
    value = data.get(section, {}).get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ReferenceDataError(f"{path}: [{section}] field {key!r} must be a non-negative integer")
    return value


def parse_config(data: dict[str, Any], path: Path = CONFIG_FILE) -> LifecycleConfig:
    """Validate a config mapping (as read from TOML) into a :class:`LifecycleConfig`."""
    distance = data.get("sequencing", {}).get("distance_m")
    if not isinstance(distance, int | float) or isinstance(distance, bool) or distance <= 0:
        raise ReferenceDataError(f"{path}: [sequencing] field 'distance_m' must be a positive number")
    raw_months = data.get("priority_list", {}).get("update_months")
    if not isinstance(raw_months, dict) or "default" not in raw_months:
        raise ReferenceDataError(f"{path}: [priority_list.update_months] needs a 'default' entry")
    months: dict[str, tuple[int, ...]] = {}
    for district, value in raw_months.items():
        if (
            not isinstance(value, list)
            or not value
            or not all(isinstance(m, int) and 1 <= m <= 12 for m in value)
            or len(set(value)) != len(value)
        ):
            raise ReferenceDataError(
                f"{path}: [priority_list.update_months] entry {district!r} must be a list of distinct months 1-12"
            )
        months[str(district)] = tuple(sorted(value))
    return LifecycleConfig(
        min_review_experts=_int(data, "review", "min_experts", path),
        dormant_years=_int(data, "dormant", "years", path),
        sequencing_distance_m=float(distance),
        post_review_months=_int(data, "post_management", "re_review_months", path),
        priority_update_months=months,
    )


@cache
def default_config() -> LifecycleConfig:
    """The settings of ``config.toml``."""
    return parse_config(_read_toml(CONFIG_FILE), CONFIG_FILE)


# --------------------------------------------------------------------------------------------------- land use


@dataclass(frozen=True)
class LandUseClass:
    """One GB 50137-2011 urban construction-land class.

    ``gb36600_class``: ``"1"``, ``"2"`` or ``"1_or_2"`` (G1 parks: class 1 only for community and children's parks;
    bare A3: class 1 only for A33) per GB 36600-2018 §3.4/§3.5. ``sensitive``: part of "一住两公" (R or A).
    """

    code: str
    name_zh: str
    name_en: str
    level: str
    parent: str | None
    gb36600_class: str
    sensitive: bool
    note: str


@cache
def land_use_classes() -> dict[str, LandUseClass]:
    """The GB 50137 table of ``gb50137_landuse.csv`` by code."""
    out: dict[str, LandUseClass] = {}
    with LANDUSE_FILE.open(encoding="utf-8", newline="") as fh:
        for lineno, row in enumerate(csv.DictReader(fh), start=2):
            code = (row.get("code") or "").strip()
            if not code:
                raise ReferenceDataError(f"{LANDUSE_FILE}: row {lineno}: field 'code' is empty")
            cls = row.get("gb36600_class", "")
            if cls not in ("1", "2", "1_or_2"):
                raise ReferenceDataError(f"{LANDUSE_FILE}: row {lineno}: field 'gb36600_class' is {cls!r}")
            yzlg = row.get("yi_zhu_liang_gong", "")
            if yzlg not in ("yes", "no"):
                raise ReferenceDataError(
                    f"{LANDUSE_FILE}: row {lineno}: field 'yi_zhu_liang_gong' is {yzlg!r}"
                )
            parent = (row.get("parent") or "").strip() or None
            if parent is not None and parent not in out:
                raise ReferenceDataError(f"{LANDUSE_FILE}: row {lineno}: parent {parent!r} not defined above")
            out[code] = LandUseClass(
                code=code,
                name_zh=row["name_zh"],
                name_en=row["name_en"],
                level=row["level"],
                parent=parent,
                gb36600_class=cls,
                sensitive=yzlg == "yes",
                note=row.get("note") or "",
            )
    return out
