"""Soil background values for the GB 36600-2018 table 1 note ① rule: a content above the screening value but at or
below the local soil background value is not managed as a contaminated plot (background values: GB 36600-2018
Appendix A, or regional surveys). Values are held in mg/kg; lookup picks the most specific entry
(district + soil type, then district, then soil type, then a general value)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .catalog import CatalogError, load_catalog, read_data_csv
from .units import UnitError, conversion_factor


@dataclass(frozen=True)
class BackgroundValue:
    analyte_id: str
    value: float  # mg/kg
    district: str | None = None
    soil_type: str | None = None
    source: str = ""


class BackgroundValues:
    """A set of background values; empty by default (no value shipped, see docs/standards.md)."""

    def __init__(self, values: Iterable[BackgroundValue] = ()) -> None:
        self._index: dict[tuple[str, str | None, str | None], BackgroundValue] = {}
        for v in values:
            key = (v.analyte_id, v.district or None, v.soil_type or None)
            if key in self._index:
                raise CatalogError(f"two background values for {key}")
            self._index[key] = v

    def __len__(self) -> int:
        return len(self._index)

    def __bool__(self) -> bool:
        return bool(self._index)

    def lookup(
        self, analyte_id: str, district: str | None = None, soil_type: str | None = None
    ) -> BackgroundValue | None:
        """Most specific background value for the analyte in the district / soil type (None when there is none)."""
        d, s = district or None, soil_type or None
        for key in (
            (analyte_id, d, s),
            (analyte_id, d, None),
            (analyte_id, None, s),
            (analyte_id, None, None),
        ):
            hit = self._index.get(key)
            if hit is not None:
                return hit
        return None

    @classmethod
    def load(cls, path: Path) -> BackgroundValues:
        """Read a background file (format of ``data/standards/background_values.csv``); units converted to mg/kg
        with pint; analytes may be written as CAS, pseudo-code or name."""
        catalog = load_catalog()
        values: list[BackgroundValue] = []
        for line, row in read_data_csv(path):
            where = f"{path.name}:{line}"
            written = row.get("analyte_id", "")
            res = (
                catalog.resolve(None, written) if _looks_like_id(written) else catalog.resolve(written, None)
            )
            if res.analyte_id is None or res.analyte_id not in catalog:
                raise CatalogError(f"{where}: analyte_id: unknown analyte {row.get('analyte_id')!r}")
            try:
                value = float(row["value"])
                factor = conversion_factor(row.get("unit") or "mg/kg", "mg/kg")
            except (ValueError, KeyError, UnitError) as exc:
                raise CatalogError(f"{where}: value/unit: {exc}") from exc
            if not value >= 0:
                raise CatalogError(f"{where}: value: must be >= 0")
            values.append(
                BackgroundValue(
                    analyte_id=res.analyte_id,
                    value=value * factor,
                    district=row.get("district") or None,
                    soil_type=row.get("soil_type") or None,
                    source=row.get("source", ""),
                )
            )
        return cls(values)


def _looks_like_id(text: str) -> bool:
    t = text.strip()
    return t.upper().startswith("JT:") or (bool(t) and t[0].isdigit())
