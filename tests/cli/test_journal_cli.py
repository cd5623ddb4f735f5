"""The journal's commands, in-process: what they print, what they store, how they fail."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from sincere.cli import app

#: Two chats the journal tests share (tests/data/whatsapp/journal): Marc, a friend who cares
#: and offers help; Karim, a stranger who probes and asks for an intro.
JOURNAL_DATA = Path(__file__).parents[1] / "data" / "whatsapp" / "journal"
CHAT = (JOURNAL_DATA / "marc.txt").read_text(encoding="utf-8")
PITCH = (JOURNAL_DATA / "karim.txt").read_text(encoding="utf-8")


def run(*args: str | Path, input: str | None = None) -> Result:
    return CliRunner().invoke(app, [str(arg) for arg in args], input=input)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "journal.db"


@pytest.fixture
def journal(tmp_path: Path, db: Path) -> Path:
    """A journal with Marc (genuine) and Karim (pitching)."""
    for name, text in (("WhatsApp Chat with Marc.txt", CHAT), ("karim.txt", PITCH)):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        assert run("import", path, "--db", db, "--me", "Paul").exit_code == 0
    return db


def test_cli_import_says_what_it_added_and_adds_nothing_twice(tmp_path: Path, db: Path) -> None:
    path = tmp_path / "WhatsApp Chat with Marc.txt"
    path.write_text(CHAT, encoding="utf-8")
    first = run("import", path, "--db", db, "--me", "Paul")
    assert first.exit_code == 0, first.output
    assert first.stdout == (
        f"Imported {path} as whatsapp: 1 new conversation; 5 messages added; 1 new person; "
        "0 asks, 1 give\n"
    )
    again = run("import", path, "--db", db, "--me", "Paul")
    assert again.stdout == (
        f"Imported {path} as whatsapp: 0 messages added (5 already there); 0 new people\n"
    )


def test_cli_import_uses_the_database_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "env.db"
    monkeypatch.setenv("SINCERE_DATABASE_URL", str(db))
    path = tmp_path / "chat.txt"
    path.write_text(CHAT, encoding="utf-8")
    assert run("import", path, "-q").exit_code == 0
    assert db.exists()


def test_cli_people_lists_with_trust_and_flags(journal: Path) -> None:
    result = run("people", "--db", journal)
    assert result.exit_code == 0
    assert "Trust" in result.stdout.splitlines()[0]
    assert -1 < result.stdout.find("Marc") < result.stdout.find("Karim")
    rows = json.loads(run("people", "--db", journal, "--json").stdout)
    assert [row["name"] for row in rows] == ["Marc", "Karim"]
    assert rows[0]["trust"] > rows[1]["trust"]
    assert {"state", "flagged", "last_genuine_at", "asks", "gives"} <= set(rows[0])
    by_name = json.loads(run("people", "--db", journal, "--json", "--sort", "name").stdout)
    assert [row["name"] for row in by_name] == ["Karim", "Marc"]
    recent = json.loads(run("people", "--db", journal, "--json", "--since", "2026-04-01").stdout)
    assert [row["name"] for row in recent] == ["Karim"]


def test_cli_people_bad_options_are_one_line_errors(journal: Path) -> None:
    for args, message in (
        (("--sort", "height"), "Error: unknown sort 'height'"),
        (("--since", "yesterday"), "Error: --since: not a date: 'yesterday'"),
    ):
        result = run("people", "--db", journal, *args)
        assert result.exit_code == 2
        assert result.stderr.startswith(message)


def test_cli_person_shows_identities_timeline_and_why(journal: Path) -> None:
    result = run("person", "Marc", "--db", journal, "--why")
    assert result.exit_code == 0, result.output
    assert "#2 Marc" in result.stdout or "Marc" in result.stdout.splitlines()[0]
    assert "Timeline" in result.stdout and "Why this trust" in result.stdout
    short = run("person", "Marc", "--db", journal)
    flat = " ".join(short.stdout.split())
    assert "Why, mostly:" in flat and "More with --why." in flat
    document = json.loads(run("person", "Marc", "--db", journal, "--json").stdout)
    assert document["identities"][0]["scheme"] == "name"
    assert document["timeline"][0]["verdict"] == "genuine"
    assert sum(item["delta"] for item in document["why"]) == pytest.approx(
        document["trust"], abs=0.1
    )


def test_cli_person_unknown_is_a_clear_error(journal: Path) -> None:
    result = run("person", "Zoé", "--db", journal)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: no person called 'Zoé'")
    assert "Hint: run 'sincere people'" in result.stderr


def test_cli_log_adds_an_entry_that_counts(journal: Path) -> None:
    before = json.loads(run("person", "Marc", "--db", journal, "--json").stdout)["trust"]
    result = run(
        "log",
        "Met Marc at the Maddyness event, talked for two hours about video games",
        "--with",
        "Marc",
        "--on",
        "2026-05-12",
        "--kind",
        "met",
        "--db",
        journal,
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Logged entry #1 (met, 2026-05-12) with #")
    document = json.loads(run("person", "Marc", "--db", journal, "--json").stdout)
    assert document["trust"] > before
    assert document["timeline"][-1]["entry"] == "met"
    bad = run("log", "x", "--with", "Marc", "--kind", "dinner", "--db", journal)
    assert bad.exit_code == 2 and "unknown entry kind 'dinner'" in bad.stderr


def test_cli_ledger_lists_and_marks_asks(journal: Path) -> None:
    listed = run("ledger", "--db", journal, "--person", "Karim")
    assert listed.exit_code == 0
    assert "ask: intro" in listed.stdout
    document = json.loads(run("person", "Karim", "--db", journal, "--json").stdout)
    ask = next(item for item in document["ledger"] if item["category"] == "intro")
    marked = run("ledger", "mark", str(ask["id"]), "declined", "--db", journal)
    assert marked.exit_code == 0 and marked.stdout == f"Marked #{ask['id']} declined\n"
    after = json.loads(run("person", "Karim", "--db", journal, "--json").stdout)
    assert next(i for i in after["ledger"] if i["id"] == ask["id"])["status"] == "declined"
    assert run("ledger", "mark", "999", "granted", "--db", journal).exit_code == 2


def test_cli_remind_prints_three_lists(journal: Path) -> None:
    result = run("remind", "--db", journal)
    assert result.exit_code == 0
    assert "help them back" in result.stdout
    lists = json.loads(run("remind", "--db", journal, "--json").stdout)
    assert set(lists) == {"help_back", "losing_touch", "resurfacing"}
    assert [item["person"] for item in lists["help_back"]] == ["Marc"]


def test_cli_export_restore_round_trip(journal: Path, tmp_path: Path) -> None:
    exported = tmp_path / "journal.json"
    result = run("export", "--json", exported, "--db", journal)
    assert result.exit_code == 0, result.output
    assert "Exported" in result.stderr
    restored_db = tmp_path / "restored.db"
    restored = run("restore", exported, "--db", restored_db)
    assert restored.exit_code == 0, restored.output
    again = tmp_path / "again.json"
    run("export", "--json", again, "--db", restored_db)
    first, second = json.loads(exported.read_text()), json.loads(again.read_text())
    assert first["tables"] == second["tables"]
    refused = run("restore", exported, "--db", restored_db)
    assert refused.exit_code == 2 and "not empty" in refused.stderr


def test_cli_forget_asks_then_deletes(journal: Path) -> None:
    kept = run("forget", "Karim", "--db", journal, input="n\n")
    assert kept.exit_code == 1
    assert "Karim" in json.dumps(json.loads(run("people", "--db", journal, "--json").stdout))
    gone = run("forget", "Karim", "--db", journal, "--yes")
    assert gone.exit_code == 0
    assert gone.stdout.startswith("Forgot #") and "2 messages" in gone.stdout
    names = [row["name"] for row in json.loads(run("people", "--db", journal, "--json").stdout)]
    assert names == ["Marc"]


def test_cli_merge_and_split_people(journal: Path, tmp_path: Path) -> None:
    plain = tmp_path / "marc.txt"
    plain.write_text("[2026-04-01 10:00] Marc: Salut Paul !\n", encoding="utf-8")
    run("import", plain, "--db", journal, "--me", "Paul")
    listed = run("people", "--db", journal)
    assert "Maybe the same person" in listed.stderr
    rows = json.loads(run("people", "--db", journal, "--json", "--sort", "name").stdout)
    marcs = [row["id"] for row in rows if row["name"] == "Marc"]
    merged = run("people", "merge", f"#{marcs[0]}", f"#{marcs[1]}", "--db", journal)
    assert merged.exit_code == 0, merged.output
    split = run("people", "split", "Marc", "name:plain:Marc", "--db", journal)
    assert split.exit_code == 0, split.output
    assert "into #" in split.stdout


def test_cli_foreign_database_is_one_line(tmp_path: Path) -> None:
    db = tmp_path / "photo.db"
    db.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    result = run("people", "--db", db)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {db}: not a SQLite database")
    assert "Traceback" not in result.output


def test_cli_people_shows_fifty_then_says_how_many_more(tmp_path: Path) -> None:
    from datetime import datetime

    from sincere.store.database import Store
    from sincere.store.models import Person

    db = tmp_path / "many.db"
    store = Store(f"sqlite:///{db}")
    with store.session() as session:
        session.add_all(
            Person(name=f"Person {n:03d}", created_at=datetime(2026, 1, 1), trust=n / 2)
            for n in range(120)
        )
    store.close()
    result = run("people", "--db", db)
    assert result.exit_code == 0
    assert "Person 119" in result.stdout and "Person 069" not in result.stdout
    assert result.stderr.startswith("Showing 50 of 120 people; --all shows everyone")
    everyone = json.loads(run("people", "--db", db, "--json", "--all").stdout)
    assert len(everyone) == 120
    assert run("people", "--db", db, "--limit", "0").exit_code == 2
