"""Resolve unit names as written in plan documents to registry units.

Order of rules (first that applies wins):

1. collective names from the registry file (各区政府, 各街道（地区）, 相关部门 …), expanded with the context;
2. functional references 「[各|相关][市|区]X部门」 (生态环境部门, 农业农村、园林绿化部门 after splitting);
3. 各区X / 相关区X: the X units of all 16 districts (各区生态环境局);
4. a name or historical name of a unit; names shared by every district (区生态环境局) need a district context;
5. a district name as prefix (东城区住建委 → 区住建委 in 东城); a bare district name (通州区) → its government;
6. the same with a parenthetical removed (区城市管理委（交通委） in a district where they are separate bodies).

Anything else is reported unresolved with the reason; nothing is guessed.
"""

from __future__ import annotations

import re

from .model import Collective, Resolution, Unit
from .normalize import clean_name, lookup_key
from .registry import NON_DEPARTMENT_KINDS, NameEntry, Registry, load_registry

_FUNCTIONAL_RE = re.compile(r"^(各|相关|有关|各相关|各有关)?(市|区)?(?:级)?(.+?)(?:行政主管|主管|职能)?部门$")
_MUNICIPAL = "110000"


def _years(y0: int | None, y1: int | None) -> str:
    if y0 is None and y1 is None:
        return "years not recorded"
    return f"{y0 or '…'}–{y1 or '…'}"


def _check_context(reg: Registry, district: str | None) -> str | None:
    if district is None or district == _MUNICIPAL:
        return None
    if reg.district(district) is None:
        known = ", ".join(d.code for d in reg.districts)
        raise ValueError(f"unknown district code {district!r} (known: {_MUNICIPAL}, {known})")
    return district


def _district_label(reg: Registry, code: str | None) -> str:
    if code is None:
        return "北京市"
    d = reg.district(code)
    return d.name if d else code


def _expand(reg: Registry, coll: Collective, text: str, ctx: str | None) -> Resolution:
    subset = "; 相关/有关: the document means some of these" if coll.subset else ""
    where = _district_label(reg, ctx)
    units: list[Unit]
    if coll.rule == "vague":
        return Resolution(text, (), True, False, "vague collective name; not expanded")
    if coll.rule == "district-governments":
        units = [reg[f"{d.code}.gov"] for d in reg.real_districts]
        what = "the 16 district governments (经开区管委会 not included)"
    elif coll.rule == "district-kind":
        units = [u for u in reg.units if u.kind == coll.kind and u.level == "district"]
        what = f"the {coll.kind} units of the districts"
    elif coll.rule == "all-governments":
        units = [reg[f"{_MUNICIPAL}.gov"]] + [reg[f"{d.code}.gov"] for d in reg.real_districts]
        what = "the municipal and the 16 district governments"
    elif coll.rule in ("streets", "towns", "streets-towns"):
        kinds = {"streets": ("street",), "towns": ("town",), "streets-towns": ("street", "town")}[coll.rule]
        units = [u for u in reg.units if u.kind in kinds and (ctx is None or u.district == ctx)]
        zh = {"streets": "streets", "towns": "towns", "streets-towns": "streets and towns"}[coll.rule]
        if not units:
            return Resolution(text, (), True, False, f"{where} has no {zh} in the registry")
        groups = sum(u.group for u in units)
        what = f"{len(units) - groups} enumerated {zh} of {where}"
        if groups:
            what += f" and {groups} district group unit(s) (members not enumerated)"
    elif coll.rule == "departments":
        units = [
            u
            for u in reg.units
            if (u.district or _MUNICIPAL) == (ctx or _MUNICIPAL)
            and u.kind not in NON_DEPARTMENT_KINDS
            and not u.group
        ]
        what = f"all departments of {where}"
    else:  # pragma: no cover - rules are validated at load time
        raise AssertionError(coll.rule)
    return Resolution(text, tuple(u.code for u in units), True, bool(units), f"collective: {what}{subset}")


def _functional(reg: Registry, text: str, key: str, ctx: str | None) -> Resolution | None:
    m = _FUNCTIONAL_RE.match(key)
    if not m:
        return None
    prefix, level, stem = m.group(1), m.group(2), m.group(3)
    kind = next((k for k in reg.kinds.values() if stem in k.function), None)
    if kind is None:
        return None
    if level == "市":
        units = [u for u in reg.units if u.kind == kind.code and u.district is None]
    elif ctx is not None:
        units = [u for u in reg.units if u.kind == kind.code and u.district == ctx]
    elif level == "区":
        units = [u for u in reg.units if u.kind == kind.code and u.level == "district"]
    else:
        units = [u for u in reg.units if u.kind == kind.code and not u.group]
    note = f"functional reference to the {kind.en} authorities ({kind.zh}) of {_district_label(reg, ctx)}"
    if prefix and "相关" in prefix or prefix and "有关" in prefix:
        note += "; 相关/有关: the document means some of these"
    if not units:
        return Resolution(text, (), True, False, note + ": none in the registry")
    return Resolution(text, tuple(u.code for u in units), True, True, note)


def _pick(
    reg: Registry, key: str, entries: list[NameEntry], ctx: str | None, year: int | None
) -> tuple[list[NameEntry], str]:
    """Narrow the entries of one name to the unit meant in context; returns (entries, reason if none fit).

    A name beginning with 区 (区生态环境局) denotes "the district's own" unit and only matches in the district
    given as context; a name carrying the district in it (东城公安分局) matches anywhere.
    """
    codes = {e.code for e in entries}
    contextual = key.startswith("区")
    municipal = [e for e in entries if reg[e.code].district is None]
    if ctx is not None:
        local = [e for e in entries if reg[e.code].district == ctx]
        if local:
            entries = local
        elif municipal:
            entries = municipal
        elif len(codes) == 1 and not contextual:
            pass
        else:
            return [], f"no unit of this name in {_district_label(reg, ctx)} ({len(codes)} elsewhere)"
    else:
        if municipal:
            entries = municipal
        elif contextual:
            return [], f"district-level name needs a district context ({len(codes)} candidate unit(s))"
    codes = {e.code for e in entries}
    if len(codes) > 1 and year is not None:
        in_use = [e for e in entries if (e.from_year or 0) <= year <= (e.to_year or 9999)]
        if in_use:
            entries = in_use
    return entries, ""


def _direct(reg: Registry, text: str, key: str, ctx: str | None, year: int | None) -> Resolution | None:
    entries = reg.names(key)
    if not entries:
        return None
    chosen, reason = _pick(reg, key, entries, ctx, year)
    if not chosen:
        return Resolution(text, (), False, False, reason)
    codes = sorted({e.code for e in chosen})
    if len(codes) > 1:
        where = "without district context" if ctx is None else f"in {_district_label(reg, ctx)}"
        return Resolution(text, (), False, False, f"ambiguous {where}: {len(codes)} units share this name")
    entry = chosen[0]
    unit = reg[entry.code]
    note = ""
    if entry.how == "historical":
        note = f"historical name ({_years(entry.from_year, entry.to_year)}) of {unit.name}"
        if year is not None and not ((entry.from_year or 0) <= year <= (entry.to_year or 9999)):
            note += f"; not in use in {year}"
    if not unit.verified:
        note = (note + "; " if note else "") + "registry entry not verified against an official list"
    if unit.group:
        return Resolution(text, (unit.code,), True, True, (note + "; " if note else "") + "group unit")
    return Resolution(text, (unit.code,), False, True, note)


def _by_district_prefix(
    reg: Registry, text: str, key: str, ctx: str | None, year: int | None
) -> Resolution | None:
    for d in sorted(reg.districts, key=lambda d: -len(d.name)):
        names = sorted({d.name, d.short_name, *d.aliases}, key=len, reverse=True)
        for dn in names:
            if key == dn:
                gov = reg[f"{d.code}.gov"]
                return Resolution(text, (gov.code,), False, True, f"district name read as {gov.name}")
            if key.startswith(dn) and len(key) > len(dn):
                rest = key[len(dn) :]
                for candidate in (rest, "区" + rest):
                    res = _direct(reg, text, candidate, d.code, year)
                    if res is not None and res.resolved:
                        unit = reg[res.units[0]]
                        if unit.district != d.code:
                            continue
                        note = f"district {d.name} taken from the name"
                        return Resolution(
                            text, res.units, res.collective, True, f"{note}; {res.note}" if res.note else note
                        )
    return None


def _resolve_key(reg: Registry, text: str, key: str, ctx: str | None, year: int | None) -> Resolution | None:
    coll = reg.collective(key)
    if coll is not None:
        return _expand(reg, coll, text, ctx)
    res = _functional(reg, text, key, ctx)
    if res is not None:
        return res
    m = re.match(r"^(各|相关|有关|各相关|各有关)区(.+)$", key)
    if m and m.group(2) not in ("政府",):
        units = sorted({e.code for e in reg.names("区" + m.group(2)) if reg[e.code].level == "district"})
        if units:
            note = f"collective: the {len(units)} district units named 区{m.group(2)}"
            if "关" in m.group(1):
                note += "; 相关/有关: the document means some of these"
            return Resolution(text, tuple(units), True, True, note)
    direct = _direct(reg, text, key, ctx, year)
    if direct is not None and direct.resolved:
        return direct
    prefixed = _by_district_prefix(reg, text, key, ctx, year)
    if prefixed is not None:
        return prefixed
    return direct


def resolve(name: str, *, district: str | None = None, year: int | None = None) -> Resolution:
    """Resolve one unit name as written to registry unit codes.

    ``district`` is the GB/T 2260 code giving context (``"110101"`` for a 东城区 plan; ``"110000"`` or None for
    a municipal plan). ``year`` is the plan year; it picks between historical names and annotates names used
    outside their validity years. Raises ``ValueError`` for an unknown district code.
    """
    reg = load_registry()
    ctx = _check_context(reg, district)
    text = clean_name(name)
    if not text:
        return Resolution(text, (), False, False, "empty name")
    key = lookup_key(text)
    res = _resolve_key(reg, text, key, ctx, year)
    if res is not None and (res.resolved or res.collective):
        return res
    if "（" in key:
        bare = re.sub(r"（[^（）]*）", "", key)
        if bare and bare != key:
            inner = _resolve_key(reg, text, bare, ctx, year)
            if inner is not None and inner.resolved:
                note = "parenthetical ignored"
                return Resolution(
                    text, inner.units, inner.collective, True, f"{note}; {inner.note}" if inner.note else note
                )
    if res is not None:
        return res
    return Resolution(text, (), False, False, "not in registry")
