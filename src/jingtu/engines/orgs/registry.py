"""Loading and validation of the organisation registry (``src/jingtu/data/orgs/registry.toml``) and of the
districts table (``src/jingtu/data/divisions/districts.csv``, GB/T 2260 codes).

The registry file lists municipal units one by one and district units as templates expanded for every district
(``{d}`` = 东城区, ``{s}`` = 东城). Loading validates codes, kinds, levels, districts and parents and raises
``RegistryError`` naming the file, the entry and the field.
"""

from __future__ import annotations

import csv
import tomllib
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .model import LEVELS, Collective, District, HistoricalName, Kind, Unit
from .normalize import clean_name, lookup_key

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
REGISTRY_FILE = DATA_DIR / "orgs" / "registry.toml"
DISTRICTS_FILE = DATA_DIR / "divisions" / "districts.csv"

COLLECTIVE_RULES = frozenset(
    {
        "district-governments",
        "district-kind",
        "streets",
        "towns",
        "streets-towns",
        "departments",
        "all-governments",
        "vague",
    }
)
# Kinds that are not "departments" for the 各部门 / 相关委办局 rule.
NON_DEPARTMENT_KINDS = frozenset(
    {"government", "party-committee", "working-group", "street", "town", "park", "park-committee"}
)


class RegistryError(ValueError):
    """The registry or districts file is malformed; the message names file, entry and field."""


@dataclass(frozen=True)
class NameEntry:
    """One name of one unit in the lookup index."""

    code: str
    how: str  # "name" | "short" | "alias" | "historical"
    from_year: int | None = None
    to_year: int | None = None


@dataclass
class Registry:
    """The loaded registry: units, districts, kinds, collective rules and a name index."""

    units: list[Unit]
    districts: list[District]  # the 16 districts and the functional zone (经开区), in code order
    municipality: District
    kinds: dict[str, Kind]
    collectives: list[Collective]
    version: str
    as_of: str
    _by_code: dict[str, Unit] = field(default_factory=dict, repr=False)
    _index: dict[str, list[NameEntry]] = field(default_factory=dict, repr=False)
    _collective_index: dict[str, Collective] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._by_code = {u.code: u for u in self.units}
        index: dict[str, list[NameEntry]] = defaultdict(list)
        for u in self.units:
            seen: set[str] = set()
            for how, names in (("name", (u.name,)), ("short", u.short_names), ("alias", u.aliases)):
                for n in names:
                    key = lookup_key(clean_name(n))
                    if key not in seen:
                        seen.add(key)
                        index[key].append(NameEntry(u.code, how))
            for hname, y0, y1 in u.historical:
                key = lookup_key(clean_name(hname))
                if key not in seen:
                    seen.add(key)
                    index[key].append(NameEntry(u.code, "historical", y0, y1))
        self._index = dict(index)
        self._collective_index = {lookup_key(clean_name(n)): c for c in self.collectives for n in c.names}

    # -- lookups ------------------------------------------------------------------------------------------
    def get(self, code: str) -> Unit | None:
        return self._by_code.get(code)

    def __getitem__(self, code: str) -> Unit:
        return self._by_code[code]

    def district(self, code: str) -> District | None:
        if code == self.municipality.code:
            return self.municipality
        return next((d for d in self.districts if d.code == code), None)

    def district_by_name(self, name: str) -> District | None:
        """A district (or the zone) by full name, short name or alias: 东城区, 东城, 经开区, 亦庄."""
        for d in self.districts:
            if name in (d.name, d.short_name, *d.aliases):
                return d
        return None

    def names(self, key: str) -> list[NameEntry]:
        return self._index.get(key, [])

    def collective(self, key: str) -> Collective | None:
        return self._collective_index.get(key)

    def units_in(
        self, district: str | None = None, kind: str | None = None, level: str | None = None
    ) -> list[Unit]:
        """Units filtered by district code (``"110000"`` = municipal units), kind and level."""
        out = []
        for u in self.units:
            if district is not None and (u.district or "110000") != district:
                continue
            if kind is not None and u.kind != kind:
                continue
            if level is not None and u.level != level:
                continue
            out.append(u)
        return out

    @property
    def real_districts(self) -> list[District]:
        """The 16 GB/T 2260 districts, without the functional zone."""
        return [d for d in self.districts if d.kind == "district"]

    @property
    def name_count(self) -> int:
        """Number of distinct names (all kinds) over all units."""
        return sum(len(v) for v in self._index.values())


# ---- loading -----------------------------------------------------------------------------------------------
def _str_tuple(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RegistryError(f"{where}: expected a list of strings, got {value!r}")
    return tuple(value)


def _hist(value: Any, where: str, fill: Mapping[str, str]) -> tuple[HistoricalName, ...]:
    if value is None:
        return ()
    out: list[HistoricalName] = []
    if not isinstance(value, list):
        raise RegistryError(f"{where}: expected a list of [name, from, to]")
    for i, item in enumerate(value):
        if (
            not isinstance(item, list)
            or len(item) != 3
            or not isinstance(item[0], str)
            or not all(isinstance(y, int) for y in item[1:])
        ):
            raise RegistryError(
                f"{where}[{i}]: expected [name, from_year, to_year] (0 = not recorded), got {item!r}"
            )
        y0, y1 = item[1] or None, item[2] or None
        if y0 is not None and y1 is not None and y0 > y1:
            raise RegistryError(f"{where}[{i}]: from_year {y0} after to_year {y1}")
        out.append((item[0].format_map(fill), y0, y1))
    return tuple(out)


def load_districts(path: Path = DISTRICTS_FILE) -> tuple[District, list[District]]:
    """Read the districts table; returns (municipality, districts incl. the functional zone)."""
    municipality: District | None = None
    districts: list[District] = []
    required = [
        "code",
        "name",
        "short_name",
        "name_en",
        "kind",
        "parent",
        "aliases",
        "former_names",
        "source",
    ]
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            raise RegistryError(f"{path}: missing columns {missing}")
        for row_no, row in enumerate(reader, start=2):
            where = f"{path}, row {row_no}"
            code = row["code"].strip()
            if not (len(code) == 6 and code.isdigit() and code.startswith("11")):
                raise RegistryError(f"{where}, field code: {code!r} is not a 6-digit Beijing code")
            if row["kind"] not in ("municipality", "district", "functional_zone"):
                raise RegistryError(f"{where}, field kind: unknown {row['kind']!r}")
            former: list[HistoricalName] = []
            for item in filter(None, row["former_names"].split(";")):
                parts = item.split(":")
                if len(parts) != 3:
                    raise RegistryError(f"{where}, field former_names: {item!r} is not name:from:to")
                former.append(
                    (parts[0], int(parts[1]) if parts[1] else None, int(parts[2]) if parts[2] else None)
                )
            d = District(
                code=code,
                name=row["name"],
                short_name=row["short_name"],
                name_en=row["name_en"],
                kind=row["kind"],
                parent=row["parent"] or None,
                aliases=tuple(filter(None, row["aliases"].split(";"))),
                former_names=tuple(former),
                source=row["source"],
            )
            if d.kind == "municipality":
                municipality = d
            else:
                districts.append(d)
    if municipality is None:
        raise RegistryError(f"{path}: no municipality row")
    return municipality, sorted(districts, key=lambda d: d.code)


def _unit_from(
    entry: Mapping[str, Any], where: str, fill: Mapping[str, str] | None = None, **overrides: Any
) -> Unit:
    f: Mapping[str, str] = fill or {}

    def fmt(s: str) -> str:
        return s.format_map(f) if f else s

    for key in ("name", "kind"):
        if not isinstance(entry.get(key), str):
            raise RegistryError(f"{where}, field {key}: missing or not a string")
    values: dict[str, Any] = dict(
        code=entry.get("code"),
        name=fmt(entry["name"]),
        short_names=tuple(
            fmt(s) for s in _str_tuple(entry.get("short_names"), f"{where}, field short_names")
        ),
        level=entry.get("level"),
        district=entry.get("district"),
        kind=entry["kind"],
        aliases=tuple(fmt(s) for s in _str_tuple(entry.get("aliases"), f"{where}, field aliases")),
        historical=_hist(entry.get("historical"), f"{where}, field historical", f),
        parent=fmt(entry["parent"]) if isinstance(entry.get("parent"), str) else None,
        group=bool(entry.get("group", False)),
        verified=bool(entry.get("verified", True)),
        note=str(entry.get("note", "")),
    )
    values.update({k: v for k, v in overrides.items() if v is not None})
    if not isinstance(values["code"], str) or not values["code"]:
        raise RegistryError(f"{where}, field code: missing")
    return Unit(**values)


def parse_registry(
    data: Mapping[str, Any],
    municipality: District,
    districts: Sequence[District],
    source: str = str(REGISTRY_FILE),
) -> Registry:
    """Build a ``Registry`` from the parsed TOML mapping and the districts table; validates everything."""
    kinds: dict[str, Kind] = {}
    for code, spec in (data.get("kinds") or {}).items():
        kinds[code] = Kind(
            code,
            spec.get("zh", ""),
            spec.get("en", ""),
            _str_tuple(spec.get("function"), f"{source}, kinds.{code}, field function"),
        )
    district_codes = {d.code for d in districts}
    units: list[Unit] = []

    for i, entry in enumerate(data.get("unit") or []):
        where = f"{source}, unit #{i + 1} ({entry.get('code', '?')})"
        units.append(_unit_from(entry, where, level=entry.get("level", "municipal")))

    for i, tpl in enumerate(data.get("district_unit") or []):
        where = f"{source}, district_unit #{i + 1} ({tpl.get('suffix', '?')})"
        suffix = tpl.get("suffix")
        if not isinstance(suffix, str) or not suffix:
            raise RegistryError(f"{where}, field suffix: missing")
        only = set(_str_tuple(tpl.get("only"), f"{where}, field only"))
        excluded = set(_str_tuple(tpl.get("except"), f"{where}, field except"))
        for bad in (only | excluded) - district_codes:
            raise RegistryError(f"{where}, field only/except: unknown district {bad!r}")
        for d in districts:
            if d.kind != "district" or (only and d.code not in only) or d.code in excluded:
                continue
            fill = {"d": d.name, "s": d.short_name, "code": d.code}
            units.append(
                _unit_from(
                    tpl,
                    f"{where} for {d.code}",
                    fill,
                    code=f"{d.code}.{suffix}",
                    district=d.code,
                    level=tpl.get("level", "district"),
                )
            )

    for i, block in enumerate(data.get("street") or []):
        where = f"{source}, street #{i + 1}"
        dcode = block.get("district")
        if dcode not in district_codes:
            raise RegistryError(f"{where}, field district: unknown {dcode!r}")
        for j, pair in enumerate(block.get("names") or []):
            if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) for p in pair)):
                raise RegistryError(f"{where}, names[{j}]: expected [slug, name]")
            slug, name = pair
            short = name.removesuffix("街道")
            units.append(
                Unit(
                    code=f"{dcode}.st.{slug}",
                    name=f"{name}办事处",
                    short_names=(name, f"{short}街道办事处", f"{short}街道办"),
                    level="street",
                    district=dcode,
                    kind="street",
                    parent=f"{dcode}.gov",
                )
            )

    collectives: list[Collective] = []
    for i, c in enumerate(data.get("collective") or []):
        where = f"{source}, collective #{i + 1}"
        rule = c.get("rule")
        if rule not in COLLECTIVE_RULES:
            raise RegistryError(f"{where}, field rule: unknown {rule!r} (known: {sorted(COLLECTIVE_RULES)})")
        if rule == "district-kind" and c.get("kind") not in kinds:
            raise RegistryError(f"{where}, field kind: unknown {c.get('kind')!r}")
        collectives.append(
            Collective(
                rule,
                _str_tuple(c.get("names"), f"{where}, field names"),
                c.get("kind"),
                bool(c.get("subset", False)),
            )
        )

    seen: set[str] = set()
    for u in units:
        where = f"{source}, unit {u.code}"
        if u.code in seen:
            raise RegistryError(f"{where}, field code: duplicate")
        seen.add(u.code)
        if u.kind not in kinds:
            raise RegistryError(f"{where}, field kind: unknown {u.kind!r}")
        if u.level not in LEVELS:
            raise RegistryError(f"{where}, field level: {u.level!r} not in {LEVELS}")
        if u.district is not None and u.district not in district_codes:
            raise RegistryError(f"{where}, field district: unknown {u.district!r}")
        if (u.district or municipality.code) != u.code.split(".")[0]:
            raise RegistryError(f"{where}, field code: prefix does not match district {u.district!r}")
    for u in units:
        if u.parent is not None and u.parent not in seen:
            raise RegistryError(f"{source}, unit {u.code}, field parent: unknown {u.parent!r}")

    meta = data.get("meta") or {}
    return Registry(
        units=units,
        districts=list(districts),
        municipality=municipality,
        kinds=kinds,
        collectives=collectives,
        version=str(meta.get("version", "")),
        as_of=str(meta.get("as_of", "")),
    )


@lru_cache(maxsize=1)
def load_registry() -> Registry:
    """The shipped registry (cached)."""
    municipality, districts = load_districts(DISTRICTS_FILE)
    with REGISTRY_FILE.open("rb") as fh:
        try:
            data = tomllib.load(fh)
        except tomllib.TOMLDecodeError as exc:
            raise RegistryError(f"{REGISTRY_FILE}: {exc}") from exc
    return parse_registry(data, municipality, districts)
