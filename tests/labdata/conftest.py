"""Lab-data fixtures: two plots (Dongcheng: Zenith's, investigated by Geo; Chaoyang: Acme's) and EDD bytes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest


@dataclass
class LabPlots:
    dc: Any  # Dongcheng, responsible Zenith, consultant Geo
    cy: Any  # Chaoyang, responsible Acme, consultant Geo


@pytest.fixture
def lab_plots(personas: Any) -> LabPlots:
    from jingtu.plots.actions import create_plot

    dc = create_plot(
        personas.alice,
        code="T-DC-001",
        name="东城测试地块",
        district=personas.dongcheng,
        responsible_org=personas.zenith,
        consultant_org=personas.geo,
        land_use_planned="R2",
    )
    cy = create_plot(
        personas.alice,
        code="T-CY-001",
        name="朝阳测试地块",
        district=personas.chaoyang,
        responsible_org=personas.acme,
        consultant_org=personas.geo,
        land_use_planned="M1",
    )
    return LabPlots(dc=dc, cy=cy)
