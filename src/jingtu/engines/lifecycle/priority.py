"""Scoring of closed-enterprise sites that proposes entries to the 优先监管地块清单.

The table is ``data/lifecycle/priority_scoring.toml`` (PROVISIONAL weights, see its header: the official method is
DB11/T 2216-2024 §7, whose annex tables were not available). Score = sum of the points of four factors (industry,
years of production, area in m², distance in m to the nearest sensitive receptor); a site at or above the threshold
is proposed. A proposal is only a proposal: :func:`jingtu.engines.lifecycle.lists.confirm` makes it an entry.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from .lists import ListAction, ListName, Proposal
from .reference import SCORING_FILE, ReferenceDataError, _read_toml


@dataclass(frozen=True)
class IndustryClass:
    key: str
    name_zh: str
    points: int
    basis: str


@dataclass(frozen=True)
class ScoringTable:
    """Parsed scoring table. Band lists are ``(bound, points)`` in file order."""

    version: str
    threshold: int
    max_total: int
    industries: dict[str, IndustryClass]
    default_industry_points: int
    years_bands: tuple[tuple[float, int], ...]  # (min years, points), descending
    area_bands: tuple[tuple[float, int], ...]  # (min m², points), descending
    sensitivity_bands: tuple[tuple[float, int], ...]  # (max distance m, points), ascending


def _bands(data: dict[str, Any], section: str, path: Path) -> tuple[tuple[float, int], ...]:
    raw = data.get(section, {}).get("bands")
    if not isinstance(raw, list) or not raw:
        raise ReferenceDataError(f"{path}: [{section}] field 'bands' must be a non-empty list")
    out = []
    for i, band in enumerate(raw):
        if not (isinstance(band, list) and len(band) == 2 and all(isinstance(v, int | float) for v in band)):
            raise ReferenceDataError(f"{path}: [{section}] bands[{i}] must be [bound, points]")
        out.append((float(band[0]), int(band[1])))
    return tuple(out)


def parse_scoring(data: dict[str, Any], path: Path = SCORING_FILE) -> ScoringTable:
    """Validate a scoring mapping; the maxima of the factors must add up to ``max_total``."""
    industries: dict[str, IndustryClass] = {}
    for key, entry in data.get("industry", {}).get("classes", {}).items():
        if not isinstance(entry.get("points"), int) or not entry.get("name_zh"):
            raise ReferenceDataError(f"{path}: [industry.classes.{key}] needs 'name_zh' and integer 'points'")
        industries[key] = IndustryClass(key, entry["name_zh"], entry["points"], entry.get("basis", ""))
    table = ScoringTable(
        version=str(data.get("version", "")),
        threshold=int(data["threshold"]),
        max_total=int(data["max_total"]),
        industries=industries,
        default_industry_points=int(data["industry"]["default_points"]),
        years_bands=_bands(data, "production_years", path),
        area_bands=_bands(data, "area_m2", path),
        sensitivity_bands=_bands(data, "sensitivity", path),
    )
    maxima = sum(
        int(data[s]["max_points"]) for s in ("industry", "production_years", "area_m2", "sensitivity")
    )
    if maxima != table.max_total:
        raise ReferenceDataError(f"{path}: factor maxima add up to {maxima}, not max_total {table.max_total}")
    return table


@cache
def default_scoring() -> ScoringTable:
    return parse_scoring(_read_toml(SCORING_FILE), SCORING_FILE)


@dataclass(frozen=True)
class ClosedSiteFacts:
    """What the adapter knows of a closed/relocated enterprise site (关停退出工业企业原址用地).

    ``industry``: a key of ``[industry.classes]`` or any other string (scored as "other industry");
    ``production_years`` in years; ``area_m2`` in m²; ``receptor_distance_m``: metres to the nearest sensitive
    receptor, None if unknown (scored as the nearest band, conservatively).
    """

    plot: str
    district: str
    industry: str
    production_years: float
    area_m2: float
    receptor_distance_m: float | None


@dataclass(frozen=True)
class SiteScore:
    plot: str
    industry: int
    years: int
    area: int
    sensitivity: int
    table_version: str
    threshold: int

    @property
    def total(self) -> int:
        return self.industry + self.years + self.area + self.sensitivity

    @property
    def proposed(self) -> bool:
        return self.total >= self.threshold


def _min_band(value: float, bands: tuple[tuple[float, int], ...]) -> int:
    for bound, points in bands:
        if value >= bound:
            return points
    return 0


def score_site(site: ClosedSiteFacts, table: ScoringTable | None = None) -> SiteScore:
    """Score one site (points per factor, see ``priority_scoring.toml``)."""
    t = table or default_scoring()
    if site.production_years < 0 or site.area_m2 < 0:
        raise ValueError(f"site {site.plot}: production_years and area_m2 must be >= 0")
    industry = (
        t.industries[site.industry].points if site.industry in t.industries else t.default_industry_points
    )
    if site.receptor_distance_m is None:
        sensitivity = t.sensitivity_bands[0][1]
    else:
        sensitivity = 0
        for max_distance, points in t.sensitivity_bands:
            if site.receptor_distance_m <= max_distance:
                sensitivity = points
                break
    return SiteScore(
        plot=site.plot,
        industry=industry,
        years=_min_band(site.production_years, t.years_bands),
        area=_min_band(site.area_m2, t.area_bands),
        sensitivity=sensitivity,
        table_version=t.version,
        threshold=t.threshold,
    )


def propose_priority_entries(
    sites: Iterable[ClosedSiteFacts],
    current_members: frozenset[str],
    proposed_on: date,
    table: ScoringTable | None = None,
) -> list[Proposal]:
    """Proposals to enter the priority list for scored sites at/above the threshold that are not yet on it.

    Sorted by descending score, then plot code. ``current_members`` comes from
    :func:`jingtu.engines.lifecycle.lists.members_as_of`.
    """
    t = table or default_scoring()
    scored = [score_site(s, t) for s in sites]
    chosen = sorted(
        (s for s in scored if s.proposed and s.plot not in current_members), key=lambda s: (-s.total, s.plot)
    )
    return [
        Proposal(
            list_name=ListName.PRIORITY,
            action=ListAction.ENTER,
            plot=s.plot,
            proposed_on=proposed_on,
            basis=f"score:{s.total}/{t.max_total} ({t.version})",
            clause_id="DB11-2216",
            reason_zh=(
                f"关停企业原址用地评分 {s.total}（行业 {s.industry}、生产年限 {s.years}、占地面积 {s.area}、"
                f"周边敏感性 {s.sensitivity}）达到阈值 {s.threshold}，建议纳入优先监管地块清单"
            ),
            reason_en=(
                f"closed-enterprise site score {s.total} (industry {s.industry}, years {s.years}, area {s.area}, "
                f"sensitivity {s.sensitivity}) reaches the threshold {s.threshold}: propose for the priority list"
            ),
        )
        for s in chosen
    ]
