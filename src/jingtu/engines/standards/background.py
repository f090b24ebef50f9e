"""Soil background values for the GB 36600-2018 table 1 note ① rule: a content above the screening value but at or
below the local soil background value is not managed as a contaminated plot (background values: GB 36600-2018
Appendix A, or regional surveys). Values are held in mg/kg; lookup picks the most specific entry
(district + soil type, then district, then soil type, then a general value).

File format: ``data/standards/background_values.csv`` (leading ``#`` comment lines, then a header with the columns
``analyte_id, value, unit, district, soil_type, source``; ``analyte_id`` and ``value`` are required, ``unit``
defaults to mg/kg). :meth:`BackgroundValues.parse` reads text, :meth:`BackgroundValues.from_bytes` bytes (UTF-8,
UTF-8 with BOM, GB18030), :meth:`BackgroundValues.load` a path; a bad file raises :class:`BackgroundFileError`
naming file, line (as an editor shows it, first line = 1) and field."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from .catalog import CatalogError, data_rows, load_catalog
from .units import UnitError, conversion_factor

REQUIRED_COLUMNS = ("analyte_id", "value")
COLUMNS = ("analyte_id", "value", "unit", "district", "soil_type", "source")


@dataclass(frozen=True)
class BackgroundValue:
    analyte_id: str
    value: float  # mg/kg
    district: str | None = None
    soil_type: str | None = None
    source: str = ""
    line: int | None = None  # line of the file the value was read from (None when built in code)


class BackgroundFileError(CatalogError):
    """A background-value file that cannot be used: ``file``, ``line`` (first line of the file = 1), ``field``
    (column name, or ``file``) and ``reason``."""

    def __init__(self, file: str, line: int, field: str, reason: str) -> None:
        self.file = file
        self.line = line
        self.field = field
        self.reason = reason
        super().__init__(f"{file}: line {line}: {field}: {reason}")


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

    def __iter__(self) -> Iterator[BackgroundValue]:
        return iter(self._index.values())

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

    def for_district(self, *names: str) -> BackgroundValues:
        """The values that apply in one district (written as any of ``names``: its GB/T 2260 code, its name), keyed
        as general values, so that a caller who knows the district from elsewhere (the plot a result belongs to)
        gets the same answer whatever district a result row names. Other districts' values are dropped. Per analyte
        the precedence of :meth:`lookup` is kept: when the district has a value for every soil type (no soil type
        given), the general values of that analyte are dropped; otherwise the district's soil-type values replace
        the general ones of the same soil type."""
        wanted = {n.strip() for n in names if n and n.strip()}
        own: dict[str, dict[str | None, BackgroundValue]] = {}
        general: dict[str, dict[str | None, BackgroundValue]] = {}
        for (aid, d, s), v in self._index.items():
            if d is None:
                general.setdefault(aid, {})[s] = v
            elif d in wanted:
                mine = own.setdefault(aid, {})
                if s in mine:
                    raise CatalogError(
                        f"two background values for {aid} (soil type {s or 'any'}) in district "
                        f"{mine[s].district} and {d}"
                    )
                mine[s] = v
        out: list[BackgroundValue] = []
        for aid in sorted(set(own) | set(general)):
            mine = own.get(aid, {})
            chosen = dict(mine) if None in mine else {**general.get(aid, {}), **mine}
            out.extend(replace(v, district=None) for v in chosen.values())
        return BackgroundValues(out)

    @classmethod
    def load(cls, path: Path) -> BackgroundValues:
        """Read a background file (format of ``data/standards/background_values.csv``); units converted to mg/kg
        with pint; analytes may be written as CAS, pseudo-code or name."""
        return cls.from_bytes(path.read_bytes(), path.name)

    @classmethod
    def from_bytes(cls, data: bytes, file_name: str = "background_values.csv") -> BackgroundValues:
        """:meth:`parse` of file bytes in UTF-8 (with or without BOM) or GB18030 (GBK files, as Excel saves them)."""
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            return cls.parse(text, file_name)
        raise BackgroundFileError(
            file_name, 1, "file", "not a text file in UTF-8 or GBK/GB18030 / 文件不是 UTF-8 或 GBK 文本"
        )

    @classmethod
    def parse(cls, text: str, file_name: str = "background_values.csv") -> BackgroundValues:
        """Read background values from the text of a file (format of ``data/standards/background_values.csv``).
        Every value must resolve to a catalogue analyte, be a finite number ≥ 0 in a unit convertible to mg/kg, and
        be the only one for its (analyte, district, soil type); otherwise :class:`BackgroundFileError`."""
        catalog = load_catalog()
        values: list[BackgroundValue] = []
        first: dict[tuple[str, str | None, str | None], int] = {}
        for line, row in _rows(text, file_name):

            def bad(field: str, reason: str, line: int = line) -> BackgroundFileError:
                return BackgroundFileError(file_name, line, field, reason)

            written = row.get("analyte_id", "")
            if not written:
                raise bad("analyte_id", "empty / 未填写")
            res = (
                catalog.resolve(None, written) if _looks_like_id(written) else catalog.resolve(written, None)
            )
            if res.analyte_id is None or res.analyte_id not in catalog:
                raise bad("analyte_id", f"unknown analyte {written!r} / 检测项目无法识别")
            text_value = row.get("value", "")
            try:
                value = float(text_value)
            except ValueError:
                raise bad("value", f"not a number: {text_value!r} / 不是数值") from None
            if not math.isfinite(value) or value < 0:
                raise bad("value", f"must be a finite number >= 0, not {text_value!r} / 应为不小于 0 的数值")
            unit = row.get("unit") or "mg/kg"
            try:
                factor = conversion_factor(unit, "mg/kg")
            except UnitError as exc:
                raise bad(
                    "unit", f"{unit!r} cannot be converted to mg/kg ({exc}) / 单位无法换算为 mg/kg"
                ) from None
            district = row.get("district") or None
            soil_type = row.get("soil_type") or None
            key = (res.analyte_id, district, soil_type)
            if key in first:
                raise bad(
                    "analyte_id",
                    f"second value for {res.analyte_id} (district {district or 'any'}, soil type "
                    f"{soil_type or 'any'}); the first is on line {first[key]} / 同一项目重复",
                )
            first[key] = line
            values.append(
                BackgroundValue(
                    analyte_id=res.analyte_id,
                    value=value * factor,
                    district=district,
                    soil_type=soil_type,
                    source=row.get("source", ""),
                    line=line,
                )
            )
        if not values:
            raise BackgroundFileError(
                file_name, 1, "file", "no background values in the file / 文件中没有背景值"
            )
        return cls(values)


def _rows(text: str, file_name: str) -> Iterator[tuple[int, dict[str, str]]]:
    """Data rows with the physical line each ends on (:func:`data_rows`), checked against the header."""
    header_line, cells, rows = data_rows(text)
    if cells is None:
        raise BackgroundFileError(file_name, header_line, "file", "no header line / 缺少表头")
    header = [h.strip().lstrip("\ufeff") for h in cells]
    for col in REQUIRED_COLUMNS:
        if col not in header:
            raise BackgroundFileError(
                file_name,
                header_line,
                col,
                f"required column missing from the header ({', '.join(COLUMNS)}) / 表头缺少必填列",
            )
    for line, row in rows:
        if len(row) > len(header):
            raise BackgroundFileError(
                file_name,
                line,
                "file",
                f"{len(row)} cells, the header has {len(header)} columns / 字段数与表头不符",
            )
        yield line, {h: (row[i].strip() if i < len(row) else "") for i, h in enumerate(header)}


def _looks_like_id(text: str) -> bool:
    t = text.strip()
    return t.upper().startswith("JT:") or (bool(t) and t[0].isdigit())
