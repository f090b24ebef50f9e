"""The demo plan (shipped Dongcheng 2024 plan) is imported, confirmed and idempotent."""

from __future__ import annotations

from typing import Any

import pytest

from jingtu.plans.demo import DEMO_PLAN, load_demo_plans
from jingtu.plans.models import Obligation, Plan


@pytest.mark.django_db
def test_demo_plan_becomes_obligations_once(personas: Any) -> None:
    load_demo_plans(personas.alice)
    plan = Plan.objects.get(source_name=DEMO_PLAN.name)
    assert plan.year == 2024 and plan.district is not None and plan.district.code == "110101"
    assert plan.measures.count() == 27
    count = Obligation.objects.filter(measure__plan=plan).count()
    assert count > 27  # every measure has at least one unit; most have several
    load_demo_plans(personas.alice)
    assert Plan.objects.filter(source_name=DEMO_PLAN.name).count() == 1
    assert Obligation.objects.filter(measure__plan=plan).count() == count
