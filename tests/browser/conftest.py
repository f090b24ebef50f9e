"""Real-browser tests: Playwright driving Debian's chromium (never a downloaded browser).

They run in their own pytest invocation (`-m browser`): live_server tests are transactional and flush the
database, so each test loads the reference data it needs.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

CHROMIUM = os.environ.get("JINGTU_CHROMIUM", "/usr/bin/chromium")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop


def pytest_collection_modifyitems(items: list[Any]) -> None:
    for item in items:
        if "browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if shutil.which(CHROMIUM) is None and not os.path.exists(CHROMIUM):
        pytest.fail(f"chromium not found at {CHROMIUM}: run `make setup` (installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(15000)
    yield pg
    # let the live server finish what the page asked for (e.g. the map's GeoJSON) before the database is flushed:
    # a request still reading a table makes SQLite's flush fail with "database table is locked"
    try:
        pg.wait_for_load_state("networkidle", timeout=10000)
    except Exception:  # noqa: BLE001 - a page that never goes idle is closed anyway
        pass
    context.close()


@pytest.fixture
def reference_data(transactional_db: Any) -> None:
    from jingtu.accounts.actions import system_actor
    from jingtu.divisions.loading import load_reference_divisions
    from jingtu.divisions.models import District
    from jingtu.orgs.loading import sync_registry

    if not District.objects.exists():
        actor = system_actor()
        load_reference_divisions(actor)
        sync_registry(actor)


def login(page: Any, live_server: Any, username: str, password: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
