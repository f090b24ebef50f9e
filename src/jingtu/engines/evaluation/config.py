"""Evaluation configuration: aspects, their weights, indicators and targets, read from a TOML data file."""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "data" / "evaluation" / "weights.toml"
OPS = (">=", "<=")
COMPUTED = ("task_completion",)


class ConfigError(ValueError):
    """The configuration file is malformed; the message names the file and the offending entry."""


@dataclass(frozen=True)
class Indicator:
    """One measured indicator of an aspect: `op` ">=" (higher is better) or "<=" (lower is better)."""

    key: str
    name: str
    unit: str
    op: str
    target: float
    weight: float


@dataclass(frozen=True)
class Aspect:
    """One of the three aspects; either measured by indicators or `computed` from tracked obligations."""

    key: str
    name: str
    name_en: str
    weight: float
    indicators: tuple[Indicator, ...] = ()
    computed: str = ""


@dataclass(frozen=True)
class Config:
    version: str
    source: str
    late_credit: float
    due_soon_days: int
    aspects: tuple[Aspect, ...]

    def aspect(self, key: str) -> Aspect:
        for a in self.aspects:
            if a.key == key:
                return a
        raise KeyError(key)

    @property
    def weights(self) -> dict[str, float]:
        return {a.key: a.weight for a in self.aspects}


def _num(where: str, raw: dict[str, Any], key: str) -> float:
    value = raw.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ConfigError(f"{where}: field {key!r} must be a finite number, got {value!r}")
    return float(value)


def _str(where: str, raw: dict[str, Any], key: str, default: str | None = None) -> str:
    value = raw.get(key, default)
    if not isinstance(value, str) or (default is None and not value):
        raise ConfigError(f"{where}: field {key!r} must be a non-empty string, got {value!r}")
    return value


def parse_config(raw: dict[str, Any], *, origin: str = "<config>") -> Config:
    """Validate a decoded configuration (weights ≥ 0 summing to 1 at each level; ops ">=" / "<=")."""
    aspects: list[Aspect] = []
    for i, a in enumerate(raw.get("aspect", []), start=1):
        where = f"{origin}: aspect #{i}"
        key = _str(where, a, "key")
        indicators: list[Indicator] = []
        for j, ind in enumerate(a.get("indicator", []), start=1):
            iw = f"{where} ({key}) indicator #{j}"
            op = _str(iw, ind, "op")
            if op not in OPS:
                raise ConfigError(f"{iw}: field 'op' must be one of {OPS}, got {op!r}")
            target = _num(iw, ind, "target")
            if target <= 0:
                raise ConfigError(f"{iw}: field 'target' must be > 0, got {target}")
            weight = _num(iw, ind, "weight")
            if weight < 0:
                raise ConfigError(f"{iw}: field 'weight' must be ≥ 0, got {weight}")
            indicators.append(
                Indicator(
                    _str(iw, ind, "key"), _str(iw, ind, "name"), _str(iw, ind, "unit", ""), op, target, weight
                )
            )
        computed = _str(where, a, "computed", "")
        if computed and computed not in COMPUTED:
            raise ConfigError(f"{where}: field 'computed' must be one of {COMPUTED}, got {computed!r}")
        if not computed and not indicators:
            raise ConfigError(f"{where} ({key}): an aspect needs indicators or 'computed'")
        if indicators and abs(sum(x.weight for x in indicators) - 1.0) > 1e-6:
            raise ConfigError(f"{where} ({key}): indicator weights must sum to 1")
        weight = _num(where, a, "weight")
        if weight < 0:
            raise ConfigError(f"{where}: field 'weight' must be ≥ 0, got {weight}")
        aspects.append(
            Aspect(
                key,
                _str(where, a, "name"),
                _str(where, a, "name_en", ""),
                weight,
                tuple(indicators),
                computed,
            )
        )
    if not aspects:
        raise ConfigError(f"{origin}: no [[aspect]] entries")
    if abs(sum(a.weight for a in aspects) - 1.0) > 1e-6:
        raise ConfigError(f"{origin}: aspect weights must sum to 1, got {sum(a.weight for a in aspects)}")
    late = _num(origin, raw, "late_credit")
    if not 0 <= late <= 1:
        raise ConfigError(f"{origin}: field 'late_credit' must be within 0..1, got {late}")
    days = raw.get("due_soon_days")
    if not isinstance(days, int) or isinstance(days, bool) or days < 0:
        raise ConfigError(f"{origin}: field 'due_soon_days' must be a non-negative integer, got {days!r}")
    return Config(_str(origin, raw, "version"), _str(origin, raw, "source"), late, days, tuple(aspects))


@lru_cache(maxsize=8)
def _load(path: str) -> Config:
    p = Path(path)
    try:
        raw = tomllib.loads(p.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{p}: {exc}") from exc
    return parse_config(raw, origin=str(p))


def load_config(path: str | Path | None = None) -> Config:
    """Read the evaluation configuration (default: the shipped local default file)."""
    return _load(str(path or DEFAULT_PATH))
