"""Who sees which lab data: consultants their own submissions, enterprises their plots, district staff their district,
the public nothing; the same through the pages and the API."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from jingtu.core import access
from jingtu.labdata import actions
from jingtu.labdata.engine import ScreeningOptions
from jingtu.labdata.models import ImportBatch, Result, Sample, SamplingPoint

from .edd import GOOD_ROWS, csv_bytes, row

CLASS2 = ScreeningOptions(standard="gb36600", land_class=2)


@pytest.fixture
def stored(personas: Any, lab_plots: Any) -> dict[str, ImportBatch]:
    """Geo (frank) submits to the Dongcheng plot; the admin (no organisation) submits to both plots."""
    cy_rows = [row(r[2], r[5], r[6], r[7], plot="T-CY-001", depth=r[3]) for r in GOOD_ROWS]
    admin_dc = [row("S07-1.0", "铅", "7439-92-1", "90", depth="1.0")]
    return {
        "frank_dc": actions.import_edd(
            personas.frank, lab_plots.dc, file_name="a.csv", data=csv_bytes(GOOD_ROWS), options=CLASS2
        ),
        "alice_cy": actions.import_edd(
            personas.alice, lab_plots.cy, file_name="b.csv", data=csv_bytes(cy_rows), options=CLASS2
        ),
        "alice_dc": actions.import_edd(
            personas.alice, lab_plots.dc, file_name="c.csv", data=csv_bytes(admin_dc), options=CLASS2
        ),
    }


def _batches(user: Any, model: Any) -> set[int]:
    return set(access.scope(user, model.objects.all()).values_list("batch_id", flat=True))


def test_scoping(personas: Any, stored: dict[str, ImportBatch]) -> None:
    ids = {k: b.pk for k, b in stored.items()}
    assert all(b.status == "accepted" for b in stored.values()), [b.report for b in stored.values()]
    expected = {
        "alice": set(ids.values()),
        "frank": {ids["frank_dc"]},  # the consultant: only what Geo submitted
        "erin": {ids["alice_cy"]},  # the enterprise (Acme): its own plot in Chaoyang
        "bob": {ids["frank_dc"], ids["alice_dc"]},  # Dongcheng staff
        "carol": {ids["alice_cy"]},  # Chaoyang staff
        "dan": {ids["frank_dc"], ids["alice_dc"]},  # Dongcheng department: its district
        "dave": set(ids.values()),  # municipal department: the city
        "paul": set(),  # the public: nothing
    }
    for who, batches in expected.items():
        user = getattr(personas, who)
        for model in (Result, Sample, SamplingPoint):
            assert _batches(user, model) == batches, (who, model.__name__)
        assert set(access.scope(user, ImportBatch.objects.all()).values_list("pk", flat=True)) == batches, who


def test_api_is_scoped(personas: Any, stored: dict[str, ImportBatch]) -> None:
    c = Client()
    c.force_login(personas.erin)
    data = c.get("/api/labdata/results/?page_size=1000").json()
    items = data["results"] if isinstance(data, dict) else data
    assert items and {i["plot"] for i in items} == {"T-CY-001"}
    over = c.get("/api/labdata/results/?outcome=exceeding").json()
    over_items = over["results"] if isinstance(over, dict) else over
    assert over_items and {i["outcome"] for i in over_items} <= {"above_screening", "above_intervention"}
    c.force_login(personas.frank)
    receipts = c.get("/api/labdata/imports/").json()
    r_items = receipts["results"] if isinstance(receipts, dict) else receipts
    assert {i["receipt"] for i in r_items} == {stored["frank_dc"].receipt}


def test_pages_are_scoped(personas: Any, stored: dict[str, ImportBatch]) -> None:
    c = Client()
    c.force_login(personas.carol)  # Chaoyang staff
    assert c.get("/labdata/plots/T-DC-001/results/").status_code == 404
    assert c.get(f"/labdata/imports/{stored['frank_dc'].receipt}/").status_code == 404
    assert c.get("/labdata/plots/T-CY-001/results/").status_code == 200
    c.force_login(personas.frank)
    page = c.get("/labdata/plots/T-DC-001/results/?outcome=").content.decode()
    assert "S01-0.5" in page and "S07-1.0" not in page  # the admin's submission is not the consultant's
