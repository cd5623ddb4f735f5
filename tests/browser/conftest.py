"""Fixtures of the browser tests: Playwright driving Debian's chromium against the local web app
served by a real uvicorn server on loopback, with a temporary journal.

Skipped when Playwright or chromium is missing; ``SINCERE_REQUIRE_BROWSER=1`` (set by
``.ci/run``, which installs chromium) makes that an error.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "web"))

from browsing import Watched, watch
from local_app import CHAT, PASSWORD, PITCH, XSS, Local, add_chat, make_app, running

from sincere.store.database import Store

ENV_REQUIRE = "SINCERE_REQUIRE_BROWSER"
CHROMIUM = ("/usr/bin/chromium", "/usr/bin/chromium-browser")


def _chromium() -> str | None:
    for path in (os.environ.get("SINCERE_CHROMIUM", ""), *CHROMIUM):
        if path and Path(path).exists():
            return path
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """A headless chromium, for the session."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if os.environ.get(ENV_REQUIRE):
            pytest.fail("Playwright is required here: pip install playwright")
        pytest.skip("Playwright is not installed")
    executable = _chromium()
    if executable is None:
        if os.environ.get(ENV_REQUIRE):
            pytest.fail("chromium is required here: apt-get install chromium")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Local]:
    """The local web app with a journal of three conversations (one hostile), on loopback."""
    store = Store(f"sqlite:///{tmp_path / 'journal.db'}")
    add_chat(store, CHAT, "WhatsApp Chat with Marc.txt")
    add_chat(store, PITCH, "WhatsApp Chat with Karim.txt")
    add_chat(store, XSS, "WhatsApp Chat with X.txt")
    app = make_app(store)
    try:
        with running(app) as url:
            local = Local(url, store, tmp_path / "journal.db", app)
            try:
                yield local
            finally:
                local.close()
    finally:
        store.close()


@pytest.fixture
def page(chromium: Any, site: Local) -> Iterator[Watched]:
    """A page logged in as the owner (who sets the password on the first run)."""
    context = chromium.new_context(locale="en-GB")
    watched = watch(context.new_page())
    page = watched.page
    page.goto(site.url + "/")
    assert "/setup" in page.url
    page.get_by_label("Password (at least 8 characters)").fill(PASSWORD)
    page.get_by_label("The same password again").fill(PASSWORD)
    page.get_by_role("button", name="Set the password").click()
    page.wait_for_url(site.url + "/")
    try:
        yield watched
    finally:
        context.close()
