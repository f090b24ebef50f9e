from __future__ import annotations

from typing import Any

from jingtu.plots.models import ListEvent
from tests.plots.helpers import make_plot, walk


def test_walk_to_post_management(personas: Any) -> None:
    plot = make_plot(personas.bob, personas.dongcheng)
    plot = walk(personas.bob, plot, "post_management")
    assert list(ListEvent.objects.filter(plot=plot).values_list("list_name", "change")) == [
        ("remediation", "enter"),
        ("remediation", "exit"),
    ]
