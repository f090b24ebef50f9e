"""Combined standards for users who screen against more than one standard.

``most_conservative``: every result is screened against every member standard and the most severe outcome wins
(above_intervention > above_screening > indeterminate > within_background > below_screening > not_screened); ties
go to the lower screening value. ``first_applicable``: the first member standard that has a limit for the analyte
decides (e.g. a local standard first, then the national one).
"""

from __future__ import annotations

from dataclasses import dataclass

from .groundwater import GroundwaterStandard
from .soil import SoilStandard

MODES = ("most_conservative", "first_applicable")


@dataclass(frozen=True)
class CombinedStandard:
    members: tuple[SoilStandard | GroundwaterStandard, ...]
    mode: str = "most_conservative"

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}")
        if not self.members:
            raise ValueError("a combined standard needs at least one member")

    @property
    def key(self) -> str:
        return "+".join(m.key for m in self.members)

    @property
    def label(self) -> str:
        joiner = " ∧ " if self.mode == "most_conservative" else " → "
        return f"{joiner.join(m.label for m in self.members)} ({self.mode})"
