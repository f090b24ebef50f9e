"""The bulk store writes rows and their history rows the same way on SpatiaLite (bulk_create) and PostGIS (COPY)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.gis.geos import Point
from django.db import connection

from jingtu.labdata import store
from jingtu.labdata.models import ImportBatch, SamplingPoint


def test_insert_writes_rows_and_history(personas: Any, lab_plots: Any) -> None:
    batch = ImportBatch.objects.create(
        receipt="LD-T-1", plot=lab_plots.dc, file_name="x.csv", sha256="0" * 64, status="accepted"
    )
    rows = [
        {
            "plot_id": lab_plots.dc.pk,
            "code": f"P{i}",
            "location": Point(116.4 + i / 1000, 39.9, srid=4490) if i % 2 else None,
            "purpose": "basic",
            "submitted_by_id": personas.geo.pk,
            "batch_id": batch.pk,
        }
        for i in range(7)
    ]
    ids = store.insert(SamplingPoint, rows, user_id=personas.frank.pk, reason="EDD import LD-T-1")
    assert len(ids) == len(set(ids)) == 7
    stored = {p.pk: p for p in SamplingPoint.objects.filter(batch=batch)}
    assert set(stored) == set(ids)
    assert stored[ids[1]].code == "P1" and stored[ids[1]].location.x == pytest.approx(116.401)
    assert stored[ids[0]].location is None
    hist = SamplingPoint.history.filter(id__in=ids)
    assert hist.count() == 7
    assert {h.history_type for h in hist} == {"+"}
    assert {h.history_user_id for h in hist} == {personas.frank.pk}
    assert {h.history_change_reason for h in hist} == {"EDD import LD-T-1"}
    assert connection.vendor in ("sqlite", "postgresql")
