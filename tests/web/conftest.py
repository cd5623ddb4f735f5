"""Fixtures of the local web app's tests (the helpers are in ``local_app.py``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from local_app import CHAT, PITCH, XSS, Browser, Local, add_chat, make_app, running

from sincere.store.database import Store


@pytest.fixture
def journal_db(tmp_path: Path) -> Iterator[tuple[Store, Path]]:
    """A journal with Marc (genuine), Karim (pitching) and a hostile sender."""
    db = tmp_path / "journal.db"
    store = Store(f"sqlite:///{db}")
    add_chat(store, CHAT, "WhatsApp Chat with Marc.txt")
    add_chat(store, PITCH, "WhatsApp Chat with Karim.txt")
    add_chat(store, XSS, "WhatsApp Chat with X.txt")
    try:
        yield store, db
    finally:
        store.close()


@pytest.fixture
def local(journal_db: tuple[Store, Path]) -> Iterator[Local]:
    store, db = journal_db
    app = make_app(store)
    with running(app) as url:
        served = Local(url, store, db, app)
        try:
            yield served
        finally:
            served.close()


@pytest.fixture
def owner(local: Local) -> Browser:
    """A browser logged in as the owner (who set the password on the first run)."""
    browser = local.browser()
    assert browser.setup().status_code == 303
    return browser
