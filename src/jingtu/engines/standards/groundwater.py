"""GB/T 14848-2017 groundwater quality classes I–V for the routine indicators (table 1).

§4.1: class I–III are upper bounds of increasing value, IV is the next bound, V is worse than IV. A value equal to a
bound is in that class ("≤"). pH: classes I–III 6.5 ≤ pH ≤ 8.5; IV 5.5 ≤ pH < 6.5 or 8.5 < pH ≤ 9.0; V pH < 5.5 or
pH > 9.0. Anionic surfactants class I is "不得检出" (not detected). Gross α/β: the table gives "> class III" for both
IV and V, so such a value is reported as class IV ("IV/V not distinguished").
For screening outcomes Jingtu uses the class III bound as the screening value and the class IV bound as the
intervention value (class IV -> above_screening, class V -> above_intervention); see docs/standards.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from .catalog import DATA_DIR, CatalogError, data_version, load_catalog, read_data_csv

GB14848_FILE = DATA_DIR / "gb14848_2017.csv"
CLASSES = ("I", "II", "III", "IV", "V")


@dataclass(frozen=True)
class GroundwaterLimit:
    """Class bounds of one indicator in ``unit``. ``bounds[k]`` is the upper bound of class k+1 (I..IV), None when
    the class is not bounded separately; ``nd_class_i``: class I means "not detected" (不得检出)."""

    analyte_id: str
    name_zh: str
    unit: str
    kind: str  # "upper" | "ph" | "qualitative"
    bounds: tuple[float | None, float | None, float | None, float | None]
    clause: str
    nd_class_i: bool = False
    note: str = ""

    @property
    def screening(self) -> float | None:
        """Class III upper bound (Jingtu's screening value for groundwater)."""
        return self.bounds[2] if self.kind == "upper" else None

    @property
    def intervention(self) -> float | None:
        """Class IV upper bound (Jingtu's intervention value for groundwater)."""
        return self.bounds[3] if self.kind == "upper" else None

    def classify(self, value: float) -> str:
        """Class (I..V) of a detected value (GB/T 14848-2017 table 1; equal to a bound = in that class)."""
        if self.kind == "ph":
            if 6.5 <= value <= 8.5:
                return "I"
            if 5.5 <= value < 6.5 or 8.5 < value <= 9.0:
                return "IV"
            return "V"
        if self.kind != "upper":
            raise ValueError(f"{self.name_zh} is a qualitative indicator")
        for k, bound in enumerate(self.bounds):
            if k == 0 and self.nd_class_i:
                continue
            if bound is not None and value <= bound:
                return CLASSES[k]
        if self.bounds[3] is None:
            return "IV"
        return "V"


@dataclass(frozen=True)
class GroundwaterStandard:
    """GB/T 14848-2017 (build with :func:`gb14848`)."""

    key: str
    code: str
    label: str
    version: str
    limits: Mapping[str, GroundwaterLimit]
    matrix: str = "groundwater"

    def limit(self, analyte_id: str) -> GroundwaterLimit | None:
        return self.limits.get(analyte_id)


def _bound(text: str, where: str) -> float | None:
    if text in ("", "ND"):
        return None
    try:
        return float(text)
    except ValueError as exc:
        raise CatalogError(f"{where}: {text!r} is not a number") from exc


@lru_cache(maxsize=1)
def gb14848() -> GroundwaterStandard:
    """GB/T 14848-2017 table 1, 39 routine indicators (units per indicator: mg/L, µg/L, NTU, PCU, CFU, Bq/L)."""
    catalog = load_catalog()
    limits: dict[str, GroundwaterLimit] = {}
    for line, row in read_data_csv(GB14848_FILE):
        where = f"{GB14848_FILE.name}:{line}"
        aid = row["analyte_id"]
        if aid not in catalog:
            raise CatalogError(f"{where}: analyte_id {aid} not in the catalogue")
        kind = row["kind"]
        if kind == "upper":
            b = tuple(_bound(row[f"class_{c}"], where) for c in ("I", "II", "III", "IV"))
        else:
            b = (None, None, None, None)
        limits[aid] = GroundwaterLimit(
            analyte_id=aid,
            name_zh=row["indicator_zh"],
            unit=row["unit"],
            kind=kind,
            bounds=(b[0], b[1], b[2], b[3]),
            clause=f"GB/T 14848-2017 表1 第{row['seq']}项",
            nd_class_i=row["class_I"] == "ND",
            note=row["note"],
        )
    return GroundwaterStandard(
        key="gb14848",
        code="GB/T 14848-2017",
        label="GB/T 14848-2017 地下水质量分类 / groundwater quality classes",
        version=data_version(GB14848_FILE),
        limits=limits,
    )
