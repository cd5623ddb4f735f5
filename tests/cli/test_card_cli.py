"""``sincere card``: edit, show, share behind the gate, links, revoke, trace; ``serve``."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from sincere.cli import app
from sincere.cli.card import parse_duration
from sincere.errors import UsageError
from sincere.store.database import Store
from sincere.store.models import Person

CARD = """\
name = "Paul Martin"
title = "Designer"
emails = ["paul@example.org"]
phones = ["+33 6 12 34 56 78"]
"""


def run(*args: str | Path, input: str | None = None) -> Result:
    return CliRunner().invoke(app, [str(arg) for arg in args], input=input)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "journal.db"
    store = Store(f"sqlite:///{path}")
    with store.session() as session:
        now = datetime(2026, 6, 1)
        session.add_all(
            [
                Person(name="Maya", created_at=now, trust=82.0),
                Person(name="Karim", created_at=now, trust=12.0),
            ]
        )
    store.close()
    return path


@pytest.fixture
def configured(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    card = tmp_path / "card.toml"
    card.write_text(CARD, encoding="utf-8")
    monkeypatch.setenv("SINCERE_CARD", str(card))
    for key, value in (
        ("public_url", "https://card.example.org"),
        ("alias_domain", "example.org"),
        ("extension_digits", "3"),
    ):
        assert run("config", "set", key, value).exit_code == 0
    return card


def test_card_share_issues_a_link_to_someone_trusted(db: Path, configured: Path) -> None:
    result = run("card", "share", "Maya", "--db", db, "--expires", "30d", "--max-views", "5")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Link #1 for Maya: https://card.example.org/c/")
    assert "expires in 30d; 5 views" in result.stderr
    assert "shown only now" in result.stderr


def test_card_share_refuses_below_the_threshold_and_explains(db: Path, configured: Path) -> None:
    refused = run("card", "share", "Karim", "--db", db)
    assert refused.exit_code == 2
    assert refused.stderr.startswith("Error: Karim's trust is 12/100, below your threshold of 60")
    assert "--anyway" in refused.stderr
    anyway = run("card", "share", "Karim", "--db", db, "--anyway", "a client, on paper")
    assert anyway.exit_code == 0
    assert "shared anyway: a client, on paper" in anyway.stderr
    links = run("card", "links", "--db", db)
    assert "a client," in links.stdout and "on paper" in links.stdout


def test_card_threshold_comes_from_the_config(db: Path, configured: Path) -> None:
    run("config", "set", "card_threshold", "10")
    assert run("card", "share", "Karim", "--db", db).exit_code == 0
    run("config", "set", "card_threshold", "high")
    bad = run("card", "share", "Karim", "--db", db)
    assert bad.exit_code == 2 and "card_threshold is 'high'" in bad.stderr


def test_card_links_list_and_revoke(db: Path, configured: Path) -> None:
    run("card", "share", "Maya", "--db", db)
    run("card", "share", "Maya", "--db", db, "--max-views", "2")
    listed = run("card", "links", "--db", db)
    assert listed.exit_code == 0
    assert listed.stdout.count("Maya") == 2 and "active" in listed.stdout
    assert "0/2" in listed.stdout
    revoked = run("card", "revoke", "#1", "--db", db)
    assert revoked.stdout == "Revoked #1\n"
    assert "revoked" in run("card", "links", "--db", db).stdout
    everyone = run("card", "revoke", "Maya", "--db", db)
    assert everyone.stdout == "Revoked #2\n"
    again = run("card", "revoke", "Maya", "--db", db)
    assert again.exit_code == 2 and "no active card link" in again.stderr


def test_card_trace_names_the_recipient(db: Path, configured: Path, tmp_path: Path) -> None:
    shared = run("card", "share", "Maya", "--db", db)
    url = shared.stdout.split(": ", 1)[1].strip()
    leaked = tmp_path / "found.vcf"
    leaked.write_text(f"BEGIN:VCARD\r\nFN:Paul Martin\r\nURL:{url}\r\nEND:VCARD\r\n")
    traced = run("card", "trace", leaked, "--db", db)
    assert traced.exit_code == 0, traced.output
    assert traced.stdout.startswith("Issued to Maya (link #1, ")
    assert "certain (100%)" in traced.stdout
    piped = run("card", "trace", "-", "--db", db, input=f"seen on a forum: {url}")
    assert piped.stdout.startswith("Issued to Maya")
    nothing = run("card", "trace", "-", "--db", db, input="BEGIN:VCARD\r\nFN:X\r\nEND:VCARD")
    assert nothing.exit_code == 2 and "no mark of any link" in nothing.stderr
    missing = run("card", "trace", tmp_path / "nope.vcf", "--db", db)
    assert missing.exit_code == 2 and "no such file" in missing.stderr


def test_card_show_and_edit(configured: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shown = run("card", "show")
    assert shown.exit_code == 0
    assert shown.stdout.splitlines()[:2] == ["Paul Martin", "Designer"]
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    edited = run("card", "edit")
    assert edited.exit_code == 0 and str(configured) in edited.stderr
    monkeypatch.setenv("EDITOR", "true")
    assert run("card", "edit").stdout.startswith("Saved the card of Paul Martin")


def test_card_edit_creates_the_file_from_a_template(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "new" / "card.toml"
    monkeypatch.setenv("SINCERE_CARD", str(path))
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    assert run("card", "edit").exit_code == 0
    assert path.exists() and "name" in path.read_text()


def test_card_show_without_a_card_says_how_to_make_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SINCERE_CARD", str(tmp_path / "none.toml"))
    result = run("card", "show")
    assert result.exit_code == 2
    assert "sincere card edit" in result.stderr


def test_serve_without_public_runs_the_local_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    served: list[dict[str, object]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: served.append(options))
    result = run("serve", "--db", tmp_path / "journal.db")
    assert result.exit_code == 0, result.output
    assert [(options["host"], options["port"]) for options in served] == [("127.0.0.1", 8765)]
    assert "http://127.0.0.1:8765/" in result.stderr


@pytest.mark.parametrize(
    ("text", "seconds"), [("30d", 30 * 86_400), ("12h", 43_200), ("2w", 1_209_600), ("90m", 5400)]
)
def test_card_durations(text: str, seconds: int) -> None:
    assert parse_duration(text).total_seconds() == seconds


@pytest.mark.parametrize("text", ["", "30", "d", "1y", "-3d", "3.5d"])
def test_card_bad_durations(text: str) -> None:
    with pytest.raises(UsageError, match="not a duration"):
        parse_duration(text)


@pytest.mark.parametrize(
    ("rendering", "start"),
    [
        ("vcard3", b"BEGIN:VCARD\r\nVERSION:3.0"),
        ("vcard4", b"BEGIN:VCARD\r\nVERSION:4.0"),
        ("jcard", b'[\n  "vcard"'),
        ("html", b"<!doctype html>"),
        ("qr-svg", b"<?xml"),
        ("qr-png", b"\x89PNG"),
    ],
)
def test_card_render_every_format(
    configured: Path, tmp_path: Path, rendering: str, start: bytes
) -> None:
    out = tmp_path / f"card.{rendering}"
    result = run("card", "render", "--as", rendering, "--output", out)
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data.startswith(start) or (rendering == "qr-svg" and b"<svg" in data[:200])
    assert b"urn:uuid" not in data  # your own copy carries no recipient's marks
