"""The value-vs-depth SVG keeps every point and limit inside the plotting area."""

from __future__ import annotations

import re

import pytest

from jingtu.labdata.charts import BOTTOM, LEFT, RIGHT, TOP, ChartPoint, H, W, value_depth_svg

LABELS = {k: k for k in ("depth", "value", "screening", "intervention", "non_detect", "detect", "empty")}


@pytest.mark.parametrize(
    ("points", "screening", "intervention"),
    [
        (
            [ChartPoint(0.25, 480, True, "a"), ChartPoint(1.75, 950, True, "b")],
            400.0,
            800.0,
        ),  # GB 36600 Pb, class 1
        ([ChartPoint(0.25, 0.003, False, "a"), ChartPoint(7.0, 35.0, True, "b")], 0.55, 5.5),  # log axis
        ([ChartPoint(12.5, 0.2, True, "a")], None, None),
    ],
)
def test_points_and_limits_inside_the_plot(
    points: list[ChartPoint], screening: float | None, intervention: float | None
) -> None:
    svg = value_depth_svg(
        points, title="t", unit="mg/kg", screening=screening, intervention=intervention, labels=LABELS
    )
    circles = re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)" r="5"', svg)
    assert len(circles) == len(points)
    for cx, cy in circles:
        assert LEFT <= float(cx) <= W - RIGHT and TOP <= float(cy) <= H - BOTTOM
    for key, value in (("screening", screening), ("intervention", intervention)):
        m = re.search(rf'<line x1="([\d.]+)"[^>]*class="limit-{key}"', svg)
        assert (m is not None) == (value is not None)
        if m:
            assert LEFT <= float(m.group(1)) <= W - RIGHT
    # deeper points are drawn lower
    ys = [float(cy) for _cx, cy in circles]
    depths = [p.depth_m for p in points]
    assert sorted(range(len(ys)), key=ys.__getitem__) == sorted(range(len(depths)), key=depths.__getitem__)
