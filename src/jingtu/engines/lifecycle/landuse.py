"""GB 50137-2011 land-use classes mapped to GB 36600-2018 land classes and the "一住两公" sensitivity mark.

GB 36600-2018 §3.4 第一类用地: R (居住用地), A33 (中小学用地), A5 (医疗卫生用地), A6 (社会福利设施用地) and, in G1
(公园绿地), community parks and children's parks. §3.5 第二类用地: M, W, B, S, U, A except A33/A5/A6, G except those
parks. "一住两公" (住宅、公共管理与公共服务用地, 土壤污染防治法 第五十九条/第六十一条) = R and A.
"""

from __future__ import annotations

from dataclasses import dataclass

from .reference import LandUseClass, land_use_classes


class UnknownLandUse(KeyError):
    """A land-use code that is not in the GB 50137-2011 table."""


def normalise_code(code: str) -> str:
    """Upper-case, strip blanks: ``" r21 "`` -> ``"R21"``."""
    return code.strip().upper()


def lookup(code: str) -> LandUseClass:
    """The GB 50137 class of ``code``; raises :class:`UnknownLandUse` naming the code."""
    key = normalise_code(code)
    try:
        return land_use_classes()[key]
    except KeyError:
        raise UnknownLandUse(
            f"land-use code {code!r} is not a GB 50137-2011 urban construction-land class"
        ) from None


def is_sensitive(code: str) -> bool:
    """True if ``code`` is "一住两公" (R or A, any sub-class)."""
    return lookup(code).sensitive


@dataclass(frozen=True)
class Gb36600Mapping:
    """Result of mapping a GB 50137 code to GB 36600 land classes.

    ``land_class`` is 1 or 2; ``determined`` is False when the code alone does not decide (G1 without saying whether
    it is a community/children's park, bare A3) — then ``land_class`` is the conservative class 1.
    """

    code: str
    land_class: int
    determined: bool
    sensitive: bool


def gb36600_class(code: str, *, community_or_children_park: bool | None = None) -> Gb36600Mapping:
    """Map a GB 50137 code to GB 36600-2018 class 1/2 (§3.4/§3.5).

    ``community_or_children_park`` decides G1 (公园绿地): True -> class 1, False -> class 2, None -> undetermined
    (conservatively class 1). A bare ``A3`` is undetermined (class 1) because only A33 is class 1.
    """
    cls = lookup(code)
    if cls.gb36600_class == "1":
        return Gb36600Mapping(cls.code, 1, True, cls.sensitive)
    if cls.gb36600_class == "2":
        return Gb36600Mapping(cls.code, 2, True, cls.sensitive)
    if cls.code == "G1" and community_or_children_park is not None:
        return Gb36600Mapping(cls.code, 1 if community_or_children_park else 2, True, cls.sensitive)
    return Gb36600Mapping(cls.code, 1, False, cls.sensitive)
