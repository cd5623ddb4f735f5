"""``sincere serve`` without ``--public``: the local web app, as the command line starts it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from typer.testing import CliRunner, Result

from sincere.cli import app as cli
from sincere.store import journal
from sincere.store.database import Store
from sincere.web.security import SECRET_KEY
from sincere.web.views import Settings


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(arg) for arg in args])


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, dict[str, Any]]]:
    """What ``uvicorn.run`` was asked to serve (nothing listens)."""
    import uvicorn

    calls: list[tuple[Any, dict[str, Any]]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: calls.append((app, options)))
    return calls


def test_serve_runs_the_local_app_on_loopback(
    tmp_path: Path, served: list[tuple[Any, dict[str, Any]]]
) -> None:
    db = tmp_path / "journal.db"
    result = run("serve", "--db", db)
    assert result.exit_code == 0, result.output
    ((application, options),) = served
    assert isinstance(application, FastAPI)
    assert options["host"] == "127.0.0.1" and options["port"] == 8765
    assert "first run: choose your password there" in result.stderr
    # The session key is kept in the journal, so sessions outlive a restart.
    store = Store(f"sqlite:///{db}")
    try:
        with store.session() as session:
            key = journal.setting(session, SECRET_KEY)
    finally:
        store.close()
    assert key is not None and len(key) == 64
    run("serve", "--db", db)
    with Store(f"sqlite:///{db}") as again, again.session() as session:
        assert journal.setting(session, SECRET_KEY) == key


def test_serve_takes_the_config(tmp_path: Path, served: list[tuple[Any, dict[str, Any]]]) -> None:
    for key, value in (("card_threshold", "42"), ("me", "Paul")):
        assert run("config", "set", key, value).exit_code == 0
    result = run("serve", "--db", tmp_path / "journal.db", "--port", "9000", "--host", "localhost")
    assert result.exit_code == 0, result.output
    ((application, options),) = served
    assert options["port"] == 9000 and options["host"] == "localhost"
    settings: Settings = application.state.settings
    assert settings.threshold == 42 and settings.me == ("Paul",)


def test_serve_on_every_address_warns(
    tmp_path: Path, served: list[tuple[Any, dict[str, Any]]]
) -> None:
    result = run("serve", "--db", tmp_path / "journal.db", "--host", "0.0.0.0")
    assert result.exit_code == 0, result.output
    assert "Warning: listening on every address" in result.stderr


def test_serve_public_still_needs_a_card(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, served: list[tuple[Any, dict[str, Any]]]
) -> None:
    monkeypatch.setenv("SINCERE_CARD", str(tmp_path / "none.toml"))
    result = run("serve", "--public", "--db", tmp_path / "journal.db")
    assert result.exit_code == 2
    assert served == []
