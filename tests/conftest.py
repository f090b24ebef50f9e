"""Shared fixtures: reference data loaded once per test database, and named personas for every role."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import settings as hypothesis_settings

os.environ.setdefault("JINGTU_DATA_DIR", tempfile.mkdtemp(prefix="jingtu-test-"))


# Property tests draw the same examples on every run, so CI cannot fail by chance; `HYPOTHESIS_PROFILE=explore`
# draws new random ones to look for new failures locally.
hypothesis_settings.register_profile("ci", derandomize=True, database=None)
hypothesis_settings.register_profile("explore", database=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_configure(config: Any) -> None:
    """A fast password hasher: PBKDF2's 10⁶ iterations cost ~0.4 s per persona, i.e. seconds per test."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """Districts and the organisation registry are reference data every test may rely on."""
    with django_db_blocker.unblock():
        from jingtu.accounts.actions import system_actor
        from jingtu.divisions.loading import load_reference_divisions
        from jingtu.orgs.loading import sync_registry

        actor = system_actor()
        load_reference_divisions(actor)
        sync_registry(actor)
    yield


class Personas:
    """Named test users, one per role and scope (healthchecks-style)."""

    def __init__(self) -> None:
        from jingtu.accounts.actions import create_user
        from jingtu.core.roles import Role
        from jingtu.divisions.models import District
        from jingtu.orgs.models import Organisation

        dongcheng = District.objects.get(code="110101")
        chaoyang = District.objects.get(code="110105")
        gov = Organisation.objects.filter(category=Organisation.Category.GOVERNMENT)
        muni_planning = (
            gov.filter(level="municipal", kind="planning-natural-resources").order_by("code").first()
        )
        dc_planning = (
            gov.filter(district=dongcheng, kind="planning-natural-resources").order_by("code").first()
        )
        assert muni_planning is not None and dc_planning is not None
        self.acme = Organisation.objects.create(
            code="t.ent.acme",
            name="Acme 化工（测试）",
            category=Organisation.Category.ENTERPRISE,
            district=chaoyang,
        )
        self.zenith = Organisation.objects.create(
            code="t.ent.zenith",
            name="Zenith 电镀（测试）",
            category=Organisation.Category.ENTERPRISE,
            district=dongcheng,
        )
        self.geo = Organisation.objects.create(
            code="t.con.geo", name="Geo 咨询（测试）", category=Organisation.Category.CONSULTANT
        )
        self.other_con = Organisation.objects.create(
            code="t.con.other", name="Other 咨询（测试）", category=Organisation.Category.CONSULTANT
        )
        pw = "pw-123456"
        self.alice = create_user(
            None, username="alice", password=pw, role=Role.MUNICIPAL_ADMIN, is_staff=True
        )
        self.bob = create_user(
            None, username="bob", password=pw, role=Role.DISTRICT_STAFF, district=dongcheng
        )
        self.carol = create_user(
            None, username="carol", password=pw, role=Role.DISTRICT_STAFF, district=chaoyang
        )
        self.dave = create_user(
            None, username="dave", password=pw, role=Role.DEPARTMENT_STAFF, organisation=muni_planning
        )
        self.dan = create_user(
            None, username="dan", password=pw, role=Role.DEPARTMENT_STAFF, organisation=dc_planning
        )
        self.erin = create_user(
            None, username="erin", password=pw, role=Role.ENTERPRISE, organisation=self.acme
        )
        self.frank = create_user(
            None, username="frank", password=pw, role=Role.CONSULTANT, organisation=self.geo
        )
        self.paul = create_user(None, username="paul", password=pw, role=Role.PUBLIC)
        self.password = pw
        self.dongcheng = dongcheng
        self.chaoyang = chaoyang


@pytest.fixture
def personas(db: Any) -> Personas:
    return Personas()
