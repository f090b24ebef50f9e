"""Fixtures for plan tracking: parser-contract JSON excerpts, imported and confirmed plans, unit users."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

DATA = Path(__file__).parent / "data"


def load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA / name).read_text(encoding="utf-8"))
    return data


@pytest.fixture
def dongcheng_plan(personas: Any) -> Any:
    """The Dongcheng excerpt imported and confirmed by bob (Dongcheng district bureau)."""
    from jingtu.plans import actions

    plan = actions.import_plan(personas.bob, load("dongcheng_excerpt.json"), district=personas.dongcheng)
    actions.confirm_plan(personas.bob, plan)
    plan.refresh_from_db()
    return plan


@pytest.fixture
def municipal_plan(personas: Any) -> Any:
    from jingtu.plans import actions

    plan = actions.import_plan(personas.alice, load("municipal_excerpt.json"))
    actions.confirm_plan(personas.alice, plan)
    plan.refresh_from_db()
    return plan


@pytest.fixture
def eeb_user(personas: Any) -> Any:
    """Department staff of 东城区生态环境局 (the lead unit of most Dongcheng measures)."""
    from jingtu.accounts.actions import create_user
    from jingtu.core.roles import Role
    from jingtu.orgs.models import Organisation

    return create_user(
        None,
        username="eve",
        password=personas.password,
        role=Role.DEPARTMENT_STAFF,
        organisation=Organisation.objects.get(code="110101.eeb"),
    )
