"""The demo instance: reference data (divisions, organisations) plus clearly labelled demo users and plots."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.gis.geos import MultiPolygon, Polygon
from django.db import transaction

from jingtu.accounts.actions import create_user, system_actor
from jingtu.accounts.models import User
from jingtu.core import actions
from jingtu.core.progress import Progress
from jingtu.core.roles import Role
from jingtu.divisions.loading import load_reference_divisions
from jingtu.divisions.models import District
from jingtu.orgs.loading import sync_registry
from jingtu.orgs.models import Organisation
from jingtu.plots.models import Plot

DEMO_PASSWORD = "jingtu-demo"


DEMO_ORGS = [
    # code, name, category, district code
    ("demo.ent.chem", "北京红星化工厂（演示）", Organisation.Category.ENTERPRISE, "110105"),
    ("demo.ent.coking", "北京东方焦化厂（演示）", Organisation.Category.ENTERPRISE, "110105"),
    ("demo.con.env", "京环环境咨询有限公司（演示）", Organisation.Category.CONSULTANT, None),
    ("demo.lab.cma", "京测检测技术有限公司（演示）", Organisation.Category.LABORATORY, None),
]

# username, label, role, district code, organisation code (registry code or demo code)
DEMO_USERS = [
    ("admin", "市级管理员 municipal administrator", Role.MUNICIPAL_ADMIN, None, None),
    ("dongcheng", "东城区生态环境局 district staff (Dongcheng)", Role.DISTRICT_STAFF, "110101", None),
    ("chaoyang", "朝阳区生态环境局 district staff (Chaoyang)", Role.DISTRICT_STAFF, "110105", None),
    (
        "planning",
        "市规划自然资源委 municipal department staff",
        Role.DEPARTMENT_STAFF,
        None,
        "@municipal-planning",
    ),
    ("enterprise", "北京红星化工厂（演示） enterprise user", Role.ENTERPRISE, None, "demo.ent.chem"),
    ("consultant", "京环环境咨询（演示） consultant", Role.CONSULTANT, None, "demo.con.env"),
    ("public", "公众 public", Role.PUBLIC, None, None),
]

# code, name, district, (lon, lat) of the south-west corner, size in degrees, responsible org, consultant, public
DEMO_PLOTS = [
    (
        "DEMO-CY-001",
        "红星化工厂原址地块（演示）",
        "110105",
        (116.512, 39.872),
        0.004,
        "demo.ent.chem",
        "demo.con.env",
        True,
    ),
    (
        "DEMO-CY-002",
        "东方焦化厂原址地块（演示）",
        "110105",
        (116.532, 39.861),
        0.006,
        "demo.ent.coking",
        None,
        False,
    ),
    (
        "DEMO-DC-001",
        "东城某加油站原址地块（演示）",
        "110101",
        (116.421, 39.905),
        0.0015,
        None,
        "demo.con.env",
        False,
    ),
    ("DEMO-DX-001", "大兴某电镀厂原址地块（演示）", "110115", (116.342, 39.721), 0.003, None, None, False),
]


def _square(lon: float, lat: float, size: float) -> MultiPolygon:
    ring = (
        (lon, lat),
        (lon + size, lat),
        (lon + size, lat + size * 0.8),
        (lon, lat + size * 0.8),
        (lon, lat),
    )
    return MultiPolygon(Polygon(ring), srid=4490)


def _municipal_planning() -> Organisation:
    org = (
        Organisation.objects.filter(
            category=Organisation.Category.GOVERNMENT, level="municipal", kind="planning-natural-resources"
        )
        .order_by("code")
        .first()
    )
    if org is None:
        raise RuntimeError("the organisation registry has no municipal planning & natural-resources unit")
    return org


@transaction.atomic
def load_demo(progress: Progress | None = None) -> list[tuple[str, str]]:
    """Load reference data and the demo set; idempotent. Returns (username, label) of the demo users."""
    actor = system_actor()
    load_reference_divisions(actor, progress=progress)
    sync_registry(actor, progress=progress)
    for code, name, category, district_code in DEMO_ORGS:
        if not Organisation.all_objects.filter(code=code).exists():
            district = District.objects.get(code=district_code) if district_code else None
            actions.create(
                actor,
                Organisation,
                code=code,
                name=name,
                category=category,
                district=district,
                reason="demo data",
            )
    for username, label, role, district_code, org_code in DEMO_USERS:
        if User.objects.filter(username=username).exists():
            continue
        org = None
        if org_code == "@municipal-planning":
            org = _municipal_planning()
        elif org_code:
            org = Organisation.objects.get(code=org_code)
        create_user(
            actor,
            username=username,
            password=DEMO_PASSWORD,
            role=role,
            first_name=label.split(" ")[0],
            district=District.objects.get(code=district_code) if district_code else None,
            organisation=org,
            is_staff=role == Role.MUNICIPAL_ADMIN,
            is_superuser=role == Role.MUNICIPAL_ADMIN,
        )
    items: Iterable[Any] = DEMO_PLOTS
    for code, name, district_code, (lon, lat), size, resp, cons, public in items:
        if Plot.all_objects.filter(code=code).exists():
            continue
        actions.create(
            actor,
            Plot,
            code=code,
            name=name,
            district=District.objects.get(code=district_code),
            boundary=_square(lon, lat, size),
            responsible_org=Organisation.objects.get(code=resp) if resp else None,
            consultant_org=Organisation.objects.get(code=cons) if cons else None,
            is_public=public,
            reason="demo data",
        )
    from jingtu.plots.demo import load_demo_lifecycle

    load_demo_lifecycle(actor)
    from jingtu.labdata.demo import load_demo_labdata

    load_demo_labdata(actor)
    from jingtu.plans.demo import load_demo_plans

    load_demo_plans(actor)
    return [(u[0], u[1]) for u in DEMO_USERS]
