from __future__ import annotations

import os
from typing import Any

import pytest

from tests.browser.conftest import login

pytestmark = pytest.mark.browser


def test_login_and_district_map_renders_17_features(
    page: Any, live_server: Any, reference_data: None
) -> None:
    from jingtu.accounts.actions import create_user
    from jingtu.core.roles import Role

    create_user(None, username="alice", password="pw-123456", role=Role.MUNICIPAL_ADMIN, is_staff=True)
    login(page, live_server, "alice", "pw-123456")
    page.wait_for_selector("#map.loaded")
    assert page.get_attribute("#map", "data-feature-count") == "17"
    # 16 district polygons are drawn as SVG paths, plus the development-zone marker
    assert page.locator("#map path.leaflet-interactive").count() == 17
    assert "仪表盘" in page.title() or "Dashboard" in page.title()
    assert page.locator("table.grid tbody tr").count() == 17
    out = os.environ.get("JINGTU_SCREENSHOT")
    if out:
        page.screenshot(path=out, full_page=True)


def test_wrong_password_is_refused(page: Any, live_server: Any, reference_data: None) -> None:
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "nobody")
    page.fill("#id_password", "wrong")
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert page.locator("p.error").is_visible()
    assert page.url.startswith(f"{live_server.url}/login/")


def test_language_switch_to_english(page: Any, live_server: Any, reference_data: None) -> None:
    from jingtu.accounts.actions import create_user
    from jingtu.core.roles import Role

    create_user(None, username="bob", password="pw-123456", role=Role.MUNICIPAL_ADMIN)
    login(page, live_server, "bob", "pw-123456")
    assert page.locator("h1").inner_text() == "仪表盘"
    # the select submits its form on change; wait for that navigation, not for the page already loaded
    with page.expect_navigation():
        page.select_option("select[name=language]", "en")
    assert page.locator("h1").inner_text() == "Dashboard"
    page.wait_for_selector("#map.loaded")
