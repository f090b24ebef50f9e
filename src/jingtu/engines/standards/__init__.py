"""Standards library: GB 36600-2018, GB 15618-2018, GB/T 14848-2017, the analyte catalogue (CAS-keyed), units
(pint), soil background values and combined standards. Framework-free; data in ``jingtu/data/standards``."""

from __future__ import annotations

from .background import BackgroundFileError, BackgroundValue, BackgroundValues
from .cas import IdentifierError, cas_check_digit, is_pseudo_code, is_valid_cas, normalize_identifier
from .catalog import Analyte, Catalog, CatalogError, Resolution, load_catalog
from .combined import CombinedStandard
from .groundwater import CLASSES, GroundwaterLimit, GroundwaterStandard, gb14848
from .names import name_key
from .soil import GB15618_BANDS, LAND_USES, SoilLimit, SoilStandard, gb15618, gb36600
from .units import ParsedUnit, UnitError, conversion_factor, parse_unit

Standard = SoilStandard | GroundwaterStandard | CombinedStandard


def get_standard(
    key: str, *, land_class: int | None = None, land_use: str | None = None
) -> SoilStandard | GroundwaterStandard:
    """Standard by key: ``gb36600`` (needs ``land_class`` 1|2), ``gb15618`` (needs ``land_use``
    paddy|other|orchard) or ``gb14848``."""
    k = key.lower().replace(" ", "").replace("-", "").replace("/t", "").replace("_", "")
    if k.startswith("gb36600"):
        if land_class is None:
            raise ValueError("GB 36600 needs a land class (1 or 2)")
        return gb36600(land_class)
    if k.startswith("gb15618"):
        if land_use is None:
            raise ValueError("GB 15618 needs a land use (paddy, other or orchard)")
        return gb15618(land_use)
    if k.startswith("gb14848"):
        return gb14848()
    raise ValueError(f"unknown standard {key!r} (gb36600, gb15618, gb14848)")


__all__ = [
    "CLASSES",
    "GB15618_BANDS",
    "LAND_USES",
    "Analyte",
    "BackgroundFileError",
    "BackgroundValue",
    "BackgroundValues",
    "Catalog",
    "CatalogError",
    "CombinedStandard",
    "GroundwaterLimit",
    "GroundwaterStandard",
    "IdentifierError",
    "ParsedUnit",
    "Resolution",
    "SoilLimit",
    "SoilStandard",
    "Standard",
    "UnitError",
    "cas_check_digit",
    "conversion_factor",
    "gb14848",
    "gb15618",
    "gb36600",
    "get_standard",
    "is_pseudo_code",
    "is_valid_cas",
    "load_catalog",
    "name_key",
    "normalize_identifier",
    "parse_unit",
]
