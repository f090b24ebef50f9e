"""Role × district × action: every persona sees and changes exactly what the policy says, through every door."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.gis.geos import MultiPolygon, Polygon
from django.core.exceptions import PermissionDenied
from django.test import Client

from jingtu.core import access, actions
from jingtu.plots.models import Plot

# Expected outcomes written out by hand (not derived from the policy code), so the test can fail.
CAN_VIEW = {
    "alice": {"DC-1", "CY-1", "CY-2"},  # municipal administrator: all
    "bob": {"DC-1"},  # Dongcheng bureau: Dongcheng only
    "carol": {"CY-1", "CY-2"},  # Chaoyang bureau: Chaoyang only
    "dave": {"DC-1", "CY-1", "CY-2"},  # municipal department: whole city, read-only
    "dan": {"DC-1"},  # Dongcheng planning branch: Dongcheng, read-only
    "erin": {"CY-1", "CY-2"},  # enterprise Acme: its own plots
    "frank": {"DC-1"},  # consultant Geo: plots it investigates
    "paul": {"CY-1"},  # public account: published only
    "anonymous": {"CY-1"},
}
CAN_WRITE = {
    "alice": {"DC-1", "CY-1", "CY-2"},
    "bob": {"DC-1"},
    "carol": {"CY-1", "CY-2"},
    "dave": set(),
    "dan": set(),
    "erin": set(),
    "frank": set(),
    "paul": set(),
    "anonymous": set(),
}
ALL = {"DC-1", "CY-1", "CY-2"}


def _square(lon: float, lat: float) -> MultiPolygon:
    return MultiPolygon(
        Polygon(((lon, lat), (lon + 0.001, lat), (lon + 0.001, lat + 0.001), (lon, lat + 0.001), (lon, lat))),
        srid=4490,
    )


@pytest.fixture
def world(personas: Any) -> dict[str, Any]:
    p = personas
    plots = {
        "DC-1": actions.create(
            p.alice,
            Plot,
            code="DC-1",
            name="东城一号",
            district=p.dongcheng,
            responsible_org=p.zenith,
            consultant_org=p.geo,
            boundary=_square(116.42, 39.90),
        ),
        "CY-1": actions.create(
            p.alice,
            Plot,
            code="CY-1",
            name="朝阳一号",
            district=p.chaoyang,
            responsible_org=p.acme,
            consultant_org=p.other_con,
            is_public=True,
            boundary=_square(116.50, 39.92),
        ),
        "CY-2": actions.create(
            p.alice,
            Plot,
            code="CY-2",
            name="朝阳二号",
            district=p.chaoyang,
            responsible_org=p.acme,
            boundary=_square(116.52, 39.93),
        ),
    }
    users = {name: getattr(p, name) for name in CAN_VIEW if name != "anonymous"}
    users["anonymous"] = AnonymousUser()
    return {"plots": plots, "users": users, "personas": p}


@pytest.mark.django_db
@pytest.mark.parametrize("who", sorted(CAN_VIEW))
def test_scope_and_can(world: dict[str, Any], who: str) -> None:
    user = world["users"][who]
    seen = set(access.scope(user, Plot.objects.all()).values_list("code", flat=True))
    assert seen == CAN_VIEW[who]
    writable = set(access.scope(user, Plot.objects.all(), "change").values_list("code", flat=True))
    assert writable == CAN_WRITE[who]
    for code, plot in world["plots"].items():
        assert access.can(user, "view", plot) is (code in CAN_VIEW[who]), (who, code, "view")
        for action in ("change", "delete", "restore"):
            assert access.can(user, action, plot) is (code in CAN_WRITE[who]), (who, code, action)


@pytest.mark.django_db
@pytest.mark.parametrize("who", sorted(CAN_VIEW))
def test_actions_refuse_writes_outside_scope(world: dict[str, Any], who: str) -> None:
    user = world["users"][who]
    for code, plot in world["plots"].items():
        if code in CAN_WRITE[who]:
            actions.update(user, plot, name=plot.name + "（改）", reason="matrix test")
        else:
            with pytest.raises(PermissionDenied):
                actions.update(user, plot, name="不应写入", reason="matrix test")
            with pytest.raises(PermissionDenied):
                actions.soft_delete(user, plot, reason="matrix test")
    # nothing outside the scope was changed
    for code in ALL - CAN_WRITE[who]:
        assert "不应写入" not in Plot.all_objects.get(code=code).name


@pytest.mark.django_db
def test_district_staff_cannot_move_a_plot_out_of_their_district(world: dict[str, Any]) -> None:
    p = world["personas"]
    with pytest.raises(PermissionDenied):
        actions.update(p.bob, world["plots"]["DC-1"], district=p.chaoyang, reason="move")
    assert Plot.objects.get(code="DC-1").district == p.dongcheng


@pytest.mark.django_db
def test_district_staff_cannot_create_in_another_district(world: dict[str, Any]) -> None:
    p = world["personas"]
    with pytest.raises(PermissionDenied):
        actions.create(p.bob, Plot, code="X-1", name="越权", district=p.chaoyang)
    assert not Plot.all_objects.filter(code="X-1").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("who", sorted(CAN_VIEW))
def test_api_shows_only_scoped_plots(world: dict[str, Any], who: str) -> None:
    client = Client()
    user = world["users"][who]
    if who != "anonymous":
        client.force_login(user)
    listed = client.get("/api/plots/").json()
    codes = {f["properties"]["code"] for f in listed["results"]["features"]}
    assert codes == CAN_VIEW[who]
    for code in ALL:
        status = client.get(f"/api/plots/{code}/").status_code
        assert status == (200 if code in CAN_VIEW[who] else 404), (who, code)


@pytest.mark.django_db
@pytest.mark.parametrize("who", sorted(set(CAN_VIEW) - {"anonymous"}))
def test_dashboard_counts_only_scoped_plots(world: dict[str, Any], who: str) -> None:
    client = Client()
    client.force_login(world["users"][who])
    response = client.get("/")
    assert response.status_code == 200
    assert response.context["plot_count"] == len(CAN_VIEW[who])
