"""Parameter tables of the risk engine: exposure/site defaults per land class, chemical parameters, profiles.

Data files live in ``src/jingtu/data/risk/`` (see its ``SOURCE.md``). Every value carries its source and a flag:
V read in a source, B confirmed by back-calculation of GB 36600-2018, R recalled/unverified, I inferred by us
(derivation stated), U user override.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "risk"
EXPOSURE_FILE = DATA_DIR / "exposure_params.csv"
SITE_FILE = DATA_DIR / "site_params.csv"
CHEM_FILE = DATA_DIR / "chem_params.csv"
PROFILE_FILE = DATA_DIR / "profiles.csv"
GB36600_FILE = DATA_DIR / "gb36600_2018.csv"

LandClass = Literal[1, 2]
PROFILES: dict[str, tuple[str, ...]] = {
    "hj25_3": (),
    "gb36600_2018": ("gb36600_2018",),
    "gb36600_2018_intervention": ("gb36600_2018", "gb36600_2018_intervention"),
}
DEFAULT_PROFILE = "hj25_3"

# chemical parameter names (``--chem``) -> column of chem_params.csv
CHEM_NUMERIC: dict[str, str] = {
    "H": "H_dimensionless",
    "Da": "Da_cm2_s",
    "Dw": "Dw_cm2_s",
    "Koc": "Koc_L_kg",
    "Kd": "Kd_L_kg",
    "SFo": "SFo_per_mg_kg_d",
    "IUR": "IUR_per_ug_m3",
    "RfDo": "RfDo_mg_kg_d",
    "RfC": "RfC_mg_m3",
    "ABSgi": "ABSgi",
    "ABSd": "ABSd",
}
CHEM_UNITS: dict[str, str] = {
    "H": "-",
    "Da": "cm2/s",
    "Dw": "cm2/s",
    "Koc": "L/kg",
    "Kd": "L/kg",
    "SFo": "(mg/kg/d)-1",
    "IUR": "(ug/m3)-1",
    "RfDo": "mg/kg/d",
    "RfC": "mg/m3",
    "ABSgi": "-",
    "ABSd": "-",
    "volatile": "yes/no",
}
CHEM_NAMES = (*CHEM_NUMERIC, "volatile")


class RiskInputError(ValueError):
    """Bad parameter name or value; the message names the file/row/field or the parameter."""


# Admissible values of a parameter (column ``domain`` of exposure_params.csv / site_params.csv). Not numbers of the
# standard: ``positive`` marks a divisor of an HJ 25.3 equation (body weight, averaging time, ACR/AHQ, SAF, densities,
# mixing-zone and building dimensions), ``fraction`` a share or volume/mass fraction (0–1), ``positive_fraction``
# a share that divides (SAF, WAF).
DOMAINS: dict[str, tuple[str, str]] = {
    "nonnegative": ("≥ 0", "must be ≥ 0"),
    "positive": ("> 0", "must be > 0 (it divides in the HJ 25.3 equations)"),
    "fraction": ("0–1", "must be between 0 and 1 (a fraction)"),
    "positive_fraction": ("(0, 1]", "must be > 0 and ≤ 1 (a fraction that divides)"),
}


def in_domain(domain: str, v: float) -> bool:
    """Whether ``v`` is admissible for ``domain`` (see :data:`DOMAINS`)."""
    if not math.isfinite(v) or v < 0:
        return False
    if domain == "positive":
        return v > 0
    if domain == "fraction":
        return v <= 1
    if domain == "positive_fraction":
        return 0 < v <= 1
    return True


@dataclass(frozen=True)
class ParamDef:
    """One row of exposure_params.csv / site_params.csv."""

    symbol: str
    name_zh: str
    meaning: str
    unit: str
    domain: str  # key of DOMAINS
    class1: float | None
    class2: float | None
    flag: str
    source: str
    notes: str
    table: str  # "exposure" | "site"

    def default(self, land_class: LandClass) -> float | None:
        return self.class1 if land_class == 1 else self.class2


@dataclass(frozen=True)
class ParamValue:
    """A parameter value as used in one calculation, with provenance."""

    symbol: str
    value: float
    unit: str
    flag: str
    source: str


def _float_or_none(text: str, where: str) -> float | None:
    text = text.strip()
    if text == "":
        return None
    try:
        v = float(text)
    except ValueError:
        raise RiskInputError(f"{where}: not a number: {text!r}") from None
    if not math.isfinite(v):
        raise RiskInputError(f"{where}: not a finite number: {text!r}")
    return v


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@lru_cache(maxsize=1)
def param_defs() -> dict[str, ParamDef]:
    """All exposure and site parameter definitions by symbol (HJ 25.3-2019 Appendix G defaults)."""
    out: dict[str, ParamDef] = {}
    for path, table in ((EXPOSURE_FILE, "exposure"), (SITE_FILE, "site")):
        for i, row in enumerate(_read_csv(path), start=2):
            where = f"{path.name} row {i}"
            sym = row["symbol"].strip()
            if sym in out:
                raise RiskInputError(f"{where}: duplicate symbol {sym}")
            if row["flag"] not in ("V", "B", "R", "I"):
                raise RiskInputError(f"{where} field flag: {row['flag']!r} is not V/B/R/I")
            if row["domain"] not in DOMAINS:
                raise RiskInputError(
                    f"{where} field domain: {row['domain']!r} is not one of {', '.join(DOMAINS)}"
                )
            out[sym] = ParamDef(
                symbol=sym,
                name_zh=row["name_zh"],
                meaning=row["meaning"],
                unit=row["unit"],
                domain=row["domain"],
                class1=_float_or_none(row["class1"], f"{where} field class1"),
                class2=_float_or_none(row["class2"], f"{where} field class2"),
                flag=row["flag"],
                source=row["source"],
                notes=row["notes"],
                table=table,
            )
    return out


@dataclass(frozen=True)
class ProfileRow:
    profile: str
    scope: str  # "param" | "chem"
    cas: str
    land_class: str
    name: str
    value: str
    flag: str
    derivation: str

    def applies(self, land_class: LandClass) -> bool:
        return self.land_class in ("*", str(land_class))


@lru_cache(maxsize=1)
def _profile_rows() -> tuple[ProfileRow, ...]:
    rows = []
    for i, r in enumerate(_read_csv(PROFILE_FILE), start=2):
        if r["scope"] not in ("param", "chem"):
            raise RiskInputError(f"{PROFILE_FILE.name} row {i} field scope: {r['scope']!r}")
        rows.append(ProfileRow(**{k: r[k] for k in ProfileRow.__dataclass_fields__}))
    return tuple(rows)


def profile_rows(profile: str) -> list[ProfileRow]:
    """The rows of profiles.csv that make up ``profile`` (in order of application)."""
    if profile not in PROFILES:
        raise RiskInputError(f"unknown profile {profile!r}; known: {', '.join(PROFILES)}")
    parts = PROFILES[profile]
    return [r for part in parts for r in _profile_rows() if r.profile == part]


def check_value(name: str, v: float) -> float:
    """``v`` if it is admissible for parameter ``name`` (finite, ≥ 0, and within the parameter's domain)."""
    if not math.isfinite(v):
        raise RiskInputError(f"parameter {name}: invalid value {v}")
    if v < 0:
        raise RiskInputError(f"parameter {name}: negative value {v}")
    d = param_defs().get(name)
    if d is not None and not in_domain(d.domain, v):
        raise RiskInputError(f"parameter {name}: {DOMAINS[d.domain][1]}, got {v:g}")
    return v


def parse_value(name: str, text: str) -> float:
    """Parse a user-supplied parameter value (a finite number ≥ 0 within the parameter's domain)."""
    v = _float_or_none(text, f"parameter {name}")
    if v is None:
        raise RiskInputError(f"parameter {name}: empty value")
    return check_value(name, v)


def _check_soil(out: Mapping[str, ParamValue]) -> None:
    """Cross-parameter checks of the soil phases (HJ 25.3-2019 Appendix F): total porosity θ = 1 − ρb/ρs > 0 and
    water-filled porosity θws = ρb·Pws/ρw ≤ θ (the air-filled porosity θas = θ − θws is not negative)."""
    rhob, rhos, pws, rhow = (out[k].value for k in ("rhob", "rhos", "Pws", "rhow"))
    theta = 1 - rhob / rhos
    if theta <= 0:
        raise RiskInputError(f"parameters rhob, rhos: bulk density rhob {rhob:g} must be below particle density "
                             f"rhos {rhos:g} (total porosity 1 − rhob/rhos > 0)")  # fmt: skip
    theta_ws = rhob * pws / rhow
    if theta_ws > theta:
        raise RiskInputError(f"parameters Pws, rhob: water-filled porosity rhob·Pws/rhow = {theta_ws:.3g} exceeds "
                             f"total porosity {theta:.3g}")  # fmt: skip


def parameters(
    land_class: LandClass, profile: str = DEFAULT_PROFILE, overrides: Mapping[str, float] | None = None
) -> dict[str, ParamValue]:
    """Exposure and site parameters for ``land_class``: defaults, then profile rows, then user overrides.

    Child parameters (symbols ending in ``c``) have no class-2 value (adult receptor only, HJ 25.3-2019 clause 7);
    overriding them for class 2 is an error, as is any unknown symbol.
    """
    if land_class not in (1, 2):
        raise RiskInputError(f"land class must be 1 or 2, got {land_class!r}")
    defs = param_defs()
    out: dict[str, ParamValue] = {}
    for sym, d in defs.items():
        v = d.default(land_class)
        if v is not None:
            out[sym] = ParamValue(sym, v, d.unit, d.flag, d.source)
    for r in profile_rows(profile):
        if r.scope == "param" and r.applies(land_class):
            d = defs[r.name]
            out[r.name] = ParamValue(r.name, parse_value(r.name, r.value), d.unit, r.flag,
                                     f"profile {r.profile}: {r.derivation}")  # fmt: skip
    for sym, val in (overrides or {}).items():
        if sym not in defs:
            raise RiskInputError(f"unknown parameter {sym!r}; known: {', '.join(sorted(defs))}")
        if sym not in out:
            raise RiskInputError(
                f"parameter {sym} is not used for land class {land_class} (adult receptor only)"
            )
        out[sym] = ParamValue(sym, check_value(sym, float(val)), defs[sym].unit, "U", "user override")
    _check_soil(out)
    return out


@dataclass(frozen=True)
class Chemical:
    """Physico-chemical and toxicity parameters of one substance (units as chem_params.csv; None = no value)."""

    cas: str
    name_zh: str
    name_en: str
    H: float | None = None
    Da: float | None = None
    Dw: float | None = None
    Koc: float | None = None
    Kd: float | None = None
    SFo: float | None = None
    IUR: float | None = None
    RfDo: float | None = None
    RfC: float | None = None
    ABSgi: float | None = None
    ABSd: float | None = None
    volatile: bool = False
    source_physchem: str = ""
    source_toxicity: str = ""
    flag_toxicity: str = "R"
    notes: str = ""
    changes: tuple[tuple[str, str, str, str], ...] = field(default=())  # (name, value, flag, why)

    def value(self, name: str) -> float | bool | None:
        v: float | bool | None = getattr(self, name)
        return v

    def as_dict(self) -> dict[str, object]:
        d: dict[str, object] = {n: self.value(n) for n in CHEM_NAMES}
        d["units"] = dict(CHEM_UNITS)
        d["source_physchem"] = self.source_physchem
        d["source_toxicity"] = self.source_toxicity
        d["flag_toxicity"] = self.flag_toxicity
        d["changes"] = [{"name": n, "value": v, "flag": f, "derivation": w} for n, v, f, w in self.changes]
        return d


def parse_chem_value(name: str, text: str) -> float | bool | None:
    """Parse a ``--chem NAME=VALUE`` value: numbers ≥ 0, ``volatile`` yes/no, empty = none."""
    if name not in CHEM_NAMES:
        raise RiskInputError(f"unknown chemical parameter {name!r}; known: {', '.join(CHEM_NAMES)}")
    t = text.strip()
    if name == "volatile":
        low = t.lower()
        if low in ("yes", "y", "true", "1"):
            return True
        if low in ("no", "n", "false", "0", ""):
            return False
        raise RiskInputError(f"chemical parameter volatile: expected yes/no, got {text!r}")
    if t == "":
        return None
    v = _float_or_none(t, f"chemical parameter {name}")
    if v is None or v < 0:
        raise RiskInputError(f"chemical parameter {name}: invalid value {text!r}")
    return check_chem_value(name, v)


def check_chem_value(name: str, v: float) -> float:
    """``v`` if admissible for chemical parameter ``name``: ≥ 0; > 0 where it divides (H, Da, Dw, ABSgi — SFd =
    SFo/ABSgi —, RfDo, RfC; HJ 25.3-2019 Appendix B/F); ABSgi and ABSd are fractions ≤ 1."""
    if not math.isfinite(v) or v < 0:
        raise RiskInputError(f"chemical parameter {name}: invalid value {v!r}")
    if name in ("H", "Da", "Dw", "ABSgi", "RfDo", "RfC") and v == 0:
        raise RiskInputError(f"chemical parameter {name}: must be > 0 (use an empty value for none)")
    if name in ("ABSgi", "ABSd") and v > 1:
        raise RiskInputError(f"chemical parameter {name}: must be ≤ 1 (a fraction), got {v:g}")
    return v


@lru_cache(maxsize=1)
def _base_chemicals() -> dict[str, Chemical]:
    out: dict[str, Chemical] = {}
    for i, row in enumerate(_read_csv(CHEM_FILE), start=2):
        where = f"{CHEM_FILE.name} row {i}"
        vals: dict[str, Any] = {}
        for name, col in CHEM_NUMERIC.items():
            vals[name] = _float_or_none(row[col], f"{where} field {col}")
        vol = row["volatile"].strip().upper()
        if vol not in ("Y", "N"):
            raise RiskInputError(f"{where} field volatile: {row['volatile']!r} is not Y/N")
        out[row["cas"]] = Chemical(
            cas=row["cas"],
            name_zh=row["name_zh"],
            name_en=row["name_en"],
            volatile=vol == "Y",
            source_physchem=row["source_physchem"],
            source_toxicity=row["source_toxicity"],
            flag_toxicity=row["flag_toxicity"],
            notes=row["notes"],
            **vals,
        )
    return out


def known_cas() -> list[str]:
    """CAS numbers with chemical parameters in chem_params.csv."""
    return list(_base_chemicals())


def chemical(
    cas: str,
    land_class: LandClass,
    profile: str = DEFAULT_PROFILE,
    overrides: Mapping[str, float | bool | None] | None = None,
) -> Chemical:
    """The chemical parameters of ``cas`` after profile rows and user overrides (flag U)."""
    base = _base_chemicals()
    if cas not in base:
        raise RiskInputError(f"no chemical parameters for CAS {cas!r} in {CHEM_FILE.name}; "
                             f"known: {', '.join(base)}")  # fmt: skip
    chem = base[cas]
    for r in profile_rows(profile):
        if r.scope == "chem" and r.cas == cas and r.applies(land_class):
            v = parse_chem_value(r.name, r.value)
            kw: dict[str, Any] = {
                r.name: v,
                "changes": (*chem.changes, (r.name, r.value, r.flag, r.derivation)),
            }
            chem = replace(chem, **kw)
    for name, v in (overrides or {}).items():
        if name not in CHEM_NAMES:
            raise RiskInputError(f"unknown chemical parameter {name!r}; known: {', '.join(CHEM_NAMES)}")
        if name == "volatile" and not isinstance(v, bool):
            raise RiskInputError("chemical parameter volatile must be yes/no")
        if name != "volatile" and v is not None:
            if isinstance(v, bool):
                raise RiskInputError(f"chemical parameter {name}: invalid value {v!r}")
            check_chem_value(name, float(v))
        kw2: dict[str, Any] = {name: v, "changes": (*chem.changes, (name, str(v), "U", "user override"))}
        chem = replace(chem, **kw2)
    return chem


def chemicals(
    cas_list: Iterable[str] | None, land_class: LandClass, profile: str = DEFAULT_PROFILE
) -> list[Chemical]:
    """Chemical parameter sets for several substances (all of chem_params.csv when ``cas_list`` is None)."""
    return [chemical(c, land_class, profile) for c in (cas_list if cas_list is not None else known_cas())]


@dataclass(frozen=True)
class GBItem:
    """One row of GB 36600-2018 Table 1/2 (mg·kg⁻¹)."""

    table: int
    seq: int
    name_zh: str
    name_en: str
    cas: str
    group: str
    screening: tuple[float, float]
    intervention: tuple[float, float]
    notes: str


@lru_cache(maxsize=1)
def gb36600_items() -> tuple[GBItem, ...]:
    """The 85 items of GB 36600-2018 (screening and intervention values for land classes 1 and 2)."""
    items = []
    for i, r in enumerate(_read_csv(GB36600_FILE), start=2):
        w = f"{GB36600_FILE.name} row {i}"

        def num(col: str, w: str = w, r: dict[str, str] = r) -> float:
            v = _float_or_none(r[col], f"{w} field {col}")
            if v is None:
                raise RiskInputError(f"{w} field {col}: empty")
            return v

        items.append(
            GBItem(
                table=int(r["table"]),
                seq=int(r["seq"]),
                name_zh=r["name_zh"],
                name_en=r["name_en"],
                cas=r["cas"],
                group=r["group"],
                screening=(num("screening_class1"), num("screening_class2")),
                intervention=(num("intervention_class1"), num("intervention_class2")),
                notes=r["notes"],
            )
        )
    return tuple(items)
