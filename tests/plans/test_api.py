"""Plans REST API: scoped lists, obligation detail with deadline state, progress report through the action."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jingtu.plans.models import Obligation

pytestmark = pytest.mark.django_db


def _ob(plan: Any, order: int, code: str) -> Obligation:
    return Obligation.objects.get(measure__plan=plan, measure__order=order, organisation__code=code)


def _results(r: Any) -> list[dict[str, Any]]:
    data = r.json()
    return data["results"] if isinstance(data, dict) and "results" in data else data


def test_lists_are_scoped(personas: Any, dongcheng_plan: Any, client: Any) -> None:
    client.force_login(personas.bob)
    plans = _results(client.get("/api/plans/plans/"))
    assert [(p["title"], p["district"], p["status"], p["measure_count"]) for p in plans] == [
        ("东城区净土保卫战2024年行动计划", "110101", "confirmed", 4)
    ]
    measures = _results(client.get(f"/api/plans/measures/?plan={dongcheng_plan.pk}"))
    assert [m["ref"] for m in measures] == ["一·1", "二·2", "二·2", "二·4"]
    assert measures[3]["targets"][0]["indicator"] == "重点建设用地安全利用率"
    obs = client.get("/api/plans/obligations/?district__code=110101&page_size=100").json()
    count = obs["count"] if isinstance(obs, dict) and "count" in obs else len(obs)
    assert count == 33
    client.force_login(personas.carol)
    assert client.get("/api/plans/obligations/").json()["count"] == 0


def test_obligation_detail_and_report(personas: Any, dongcheng_plan: Any, client: Any) -> None:
    own = _ob(dongcheng_plan, 2, "110101.prnr")  # dan works for 东城规自分局
    other = _ob(dongcheng_plan, 2, "110101.eeb")
    client.force_login(personas.dan)
    detail = client.get(f"/api/plans/obligations/{own.pk}/").json()
    assert detail["organisation"] == "110101.prnr" and detail["measure_ref"] == "二·2"
    assert detail["deadline_state"] in {"overdue", "due_soon", "open"} and detail["reports"] == []
    r = client.post(
        f"/api/plans/obligations/{own.pk}/report/",
        {
            "status": "in_progress",
            "narrative": "已完成10个地块填报",
            "evidence": SimpleUploadedFile("台账.pdf", b"%PDF-1.4 x", content_type="application/pdf"),
        },
    )
    assert r.status_code == 201, r.content
    assert r.json()["status"] == "in_progress" and r.json()["evidence"][0]["name"].endswith(".pdf")
    own.refresh_from_db()
    assert own.status == "in_progress" and own.reports.count() == 1
    r = client.post(
        f"/api/plans/obligations/{other.pk}/report/",
        {"status": "completed", "narrative": "x"},
        content_type="application/json",
    )
    assert r.status_code == 403  # only the responsible unit reports
    r = client.post(
        f"/api/plans/obligations/{own.pk}/report/",
        {"status": "finished", "narrative": "x"},
        content_type="application/json",
    )
    assert r.status_code == 400
    client.force_login(personas.carol)
    assert client.get(f"/api/plans/obligations/{own.pk}/").status_code == 404


def test_schema_lists_the_plan_endpoints(personas: Any, client: Any) -> None:
    client.force_login(personas.alice)
    r = client.get("/api/schema/")
    assert r.status_code == 200
    body = r.content.decode()
    assert "/api/plans/obligations/{id}/report/" in body and "/api/plans/plans/" in body
