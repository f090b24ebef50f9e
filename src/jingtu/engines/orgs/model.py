"""Data model of the organisation registry (framework-free).

A *unit* is one government body (or a group standing for "all streets of a district"). Codes are stable:
``<district code>.<slug>`` with district codes from GB/T 2260 (``110000`` for the municipality, ``110171`` the
Jingtu pseudo-code of 北京经济技术开发区, see ``docs/organisations.md``).
"""

from __future__ import annotations

from dataclasses import dataclass

LEVELS: tuple[str, ...] = ("municipal", "district", "street", "town", "park")

# (name, from_year, to_year); a year of None means "not recorded" (open-ended).
HistoricalName = tuple[str, int | None, int | None]


@dataclass(frozen=True)
class District:
    """A county-level district of Beijing (GB/T 2260 code) or a functional zone (经开区, pseudo-code)."""

    code: str
    name: str  # 东城区
    short_name: str  # 东城
    name_en: str
    kind: str  # "municipality" | "district" | "functional_zone"
    parent: str | None
    aliases: tuple[str, ...] = ()
    former_names: tuple[HistoricalName, ...] = ()
    source: str = ""


@dataclass(frozen=True)
class Unit:
    """One registry entry.

    ``short_names`` and ``aliases`` are current names; names shared by every district (``区生态环境局``) are
    resolved with a district context. ``historical`` names carry the years in which they were in use.
    """

    code: str
    name: str
    short_names: tuple[str, ...]
    level: str
    district: str | None
    kind: str
    aliases: tuple[str, ...] = ()
    historical: tuple[HistoricalName, ...] = ()
    parent: str | None = None
    group: bool = False  # stands for an unenumerated set (all streets of a district …)
    verified: bool = True  # False: structure certain, exact official name not checked per unit
    note: str = ""

    @property
    def all_current_names(self) -> tuple[str, ...]:
        return (self.name, *self.short_names, *self.aliases)


@dataclass(frozen=True)
class Kind:
    """A functional kind of unit; ``function`` holds the stems used in 「X部门」 references."""

    code: str
    zh: str
    en: str
    function: tuple[str, ...] = ()


@dataclass(frozen=True)
class Collective:
    """A collective name rule from the registry file (各区政府 → the 16 district governments …)."""

    rule: str
    names: tuple[str, ...]
    kind: str | None = None
    subset: bool = False


@dataclass(frozen=True)
class Resolution:
    """What ``resolve`` says about one name as written in a document."""

    text: str  # the cleaned name as written
    units: tuple[str, ...]  # registry unit codes (empty when unresolved)
    collective: bool  # the name denotes a set
    resolved: bool
    note: str = ""  # e.g. "historical name (2016) of 市生态环境局", "not in registry"
