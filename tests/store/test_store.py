"""The journal's store, on SQLite and PostgreSQL: imports, idempotency, people, export/restore."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import stat
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from sincere.errors import NotFoundError, StoreError, UsageError
from sincere.importers import registry
from sincere.store import archive, identities, models
from sincere.store import journal as journal_store
from sincere.store.database import Store, default_path, resolve_url
from sincere.store.imports import import_loaded

NOW = datetime(2026, 6, 1, 12, 0)
DATA = Path(__file__).parents[1] / "data"

CHAT = """\
[12/03/2026, 18:02:00] Marc: Salut ! Comment s'est passé ton voyage à Lisbonne ?
[12/03/2026, 18:03:10] Paul: Génial, merci ! On a marché des heures
[12/03/2026, 18:04:00] Marc: Tu as goûté les pastéis ? Et ton père, il va mieux ?
[12/03/2026, 18:05:00] Paul: Oui beaucoup mieux, merci de demander
[12/03/2026, 18:06:30] Marc: Super. Si tu as besoin d'un coup de main pour le déménagement,\
 je suis là
"""
MORE = """\
[20/03/2026, 09:00:00] Marc: On se fait un verre vendredi ?
[20/03/2026, 09:05:00] Paul: Avec plaisir !
"""
PITCH = """\
[02/05/2026, 10:00:00] Karim: Hello! Quick question, how many followers do you have?
[02/05/2026, 10:00:30] Karim: I'm launching my startup, could you introduce me to your investors?
[02/05/2026, 10:01:00] Karim: Can you share my post and leave a review? Let's do a quick \
15-minute call
[02/05/2026, 10:05:00] Paul: I'm busy this week
"""


def load(tmp_path: Path, text: str, name: str = "WhatsApp Chat with Marc.txt") -> registry.Loaded:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return registry.load_file(path)


def count(store: Store, table: type[models.Base]) -> int:
    with store.session() as session:
        return int(session.scalar(select(func.count()).select_from(table)) or 0)


# Opening


def test_store_sqlite_file_is_private_and_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "private" / "journal.db"
    Store(f"sqlite:///{path}").close()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]


def test_store_default_location_and_overrides(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SINCERE_DATABASE_URL", raising=False)
    assert resolve_url() == f"sqlite:///{default_path()}"
    assert default_path().name == "sincere.db"
    monkeypatch.setenv("SINCERE_DATABASE_URL", "postgresql+psycopg://u@h/db")
    assert resolve_url() == "postgresql+psycopg://u@h/db"
    assert resolve_url(tmp_path / "x.db") == f"sqlite:///{tmp_path / 'x.db'}"


def test_store_refuses_a_file_that_is_not_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"hello, this is not a database at all\n" * 20)
    with pytest.raises(StoreError, match="not a SQLite database"):
        Store(f"sqlite:///{path}")


def test_store_refuses_a_foreign_sqlite_database(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    with pytest.raises(StoreError, match=r"not a sincere database .*invoices"):
        Store(f"sqlite:///{path}")


def test_store_refuses_a_corrupt_database(tmp_path: Path) -> None:
    path = tmp_path / "journal.db"
    Store(f"sqlite:///{path}").close()
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError):
        Store(f"sqlite:///{path}")


def test_store_refuses_a_newer_schema(tmp_path: Path) -> None:
    path = tmp_path / "journal.db"
    Store(f"sqlite:///{path}").close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(StoreError, match="newer sincere"):
        Store(f"sqlite:///{path}")


def test_store_bad_url_is_a_clear_error() -> None:
    with pytest.raises(StoreError, match=r"not a database URL|cannot use"):
        Store("nosuchdb://x")


# Imports


def test_store_import_adds_conversation_messages_people(store: Store, tmp_path: Path) -> None:
    report = import_loaded(store, load(tmp_path, CHAT), me=["Paul"], now=NOW)
    assert (report.conversations_added, report.messages_added) == (1, 5)
    assert report.people_added == 1  # Marc; Paul is the owner
    with store.session() as session:
        marc = identities.find(session, "Marc")
        me = identities.owner(session)
        assert me is not None and me.name == "Paul"
        assert marc.trust > 0
        assert marc.state in ("new", "warming")
        assert marc.gives == 1  # help offered unasked
        interaction = session.scalar(select(models.Interaction))
        assert interaction is not None and interaction.verdict == "genuine"


def test_store_import_twice_adds_nothing(store: Store, tmp_path: Path) -> None:
    import_loaded(store, load(tmp_path, CHAT), me=["Paul"], now=NOW)
    again = import_loaded(store, load(tmp_path, CHAT), me=["Paul"], now=NOW)
    assert not again.added_anything
    assert again.messages_known == 5
    assert count(store, models.Message) == 5
    assert count(store, models.Person) == 2
    assert count(store, models.LedgerItem) == 1


def test_store_newer_export_adds_only_new_messages(store: Store, tmp_path: Path) -> None:
    import_loaded(store, load(tmp_path, CHAT), me=["Paul"], now=NOW)
    newer = import_loaded(store, load(tmp_path, CHAT + MORE), me=["Paul"], now=NOW)
    assert (newer.conversations_added, newer.conversations_updated) == (0, 1)
    assert (newer.messages_added, newer.messages_known) == (2, 5)
    assert count(store, models.Message) == 7
    assert count(store, models.Conversation) == 1


def test_store_identical_messages_in_one_minute_are_kept(store: Store, tmp_path: Path) -> None:
    chat = "1/2/26, 9:00 AM - Ana: ok\n1/2/26, 9:00 AM - Ana: ok\n1/2/26, 9:01 AM - Ben: ok\n"
    report = import_loaded(store, load(tmp_path, chat, "chat.txt"), now=NOW)
    assert report.messages_added == 3


def test_store_asks_go_to_the_ledger(store: Store, tmp_path: Path) -> None:
    import_loaded(store, load(tmp_path, PITCH, "karim.txt"), me=["Paul"], now=NOW)
    with store.session() as session:
        karim = identities.find(session, "Karim")
        items = journal_store.ledger_of(session, karim.id)
        asks = [item for item in items if item.direction == "ask"]
        assert {item.category for item in asks} >= {"intro"}
        assert all(item.status == "open" for item in asks)
        assert karim.asks >= 2
        assert karim.flagged or karim.state in ("wary", "flagged")
        before = karim.trust
        for item in asks:
            journal_store.set_status(session, item.id, "declined", now=NOW)
        assert identities.find(session, "Karim").trust >= before


def test_store_failed_import_leaves_nothing(store: Store, tmp_path: Path) -> None:
    loaded = load(tmp_path, CHAT)

    def broken(conversation: object, me: object) -> object:
        raise RuntimeError("analysis failed")

    with pytest.raises(RuntimeError):
        import_loaded(store, loaded, me=["Paul"], now=NOW, analyse=broken)  # type: ignore[arg-type]
    assert count(store, models.Message) == 0
    assert count(store, models.Person) == 0


def test_store_contacts_become_people(store: Store) -> None:
    path = DATA / "linkedin-connections" / "with_preamble.csv"
    report = import_loaded(store, registry.load_file(path), now=NOW)
    assert report.contacts > 0
    assert count(store, models.Person) == report.people_added > 0


# People


def test_store_same_phone_is_the_same_person_across_apps(store: Store, tmp_path: Path) -> None:
    whatsapp = "3/1/26, 9:00 AM - \u202a+33 6 12 34 56 78\u202c: Salut Paul, c'est Claire !\n"
    import_loaded(store, load(tmp_path, whatsapp, "a.txt"), me=["Paul"], now=NOW)
    with store.session() as session:
        claire = identities.find(session, "+33 6 12 34 56 78")
        assert claire.name == "+33 6 12 34 56 78"
        phone = session.scalar(
            select(models.Identity.value).where(models.Identity.scheme == "phone")
        )
        assert phone == "+33612345678"
        assert identities.find(session, "06 12 34 56 78").id == claire.id


def test_store_same_name_in_two_apps_is_only_proposed(store: Store, tmp_path: Path) -> None:
    import_loaded(store, load(tmp_path, CHAT), me=["Paul"], now=NOW)
    plain = "[2026-04-01 10:00] Marc: Salut Paul !\n[2026-04-01 10:01] Paul: Salut\n"
    import_loaded(store, load(tmp_path, plain, "marc.txt"), me=["Paul"], now=NOW)
    with store.session() as session:
        marcs = session.scalars(select(models.Person).where(models.Person.name == "Marc")).all()
        assert len(marcs) == 2
        (proposal,) = identities.merge_proposals(session)
        assert "same name 'marc'" in proposal.reason
        identities.merge(session, marcs[0], marcs[1])
        journal_store.refresh(session, [marcs[0].id], now=NOW)
    with store.session() as session:
        marc = identities.find(session, "Marc")
        assert marc.interactions_count == 2
        assert identities.merge_proposals(session) == []


def test_store_split_moves_an_identity_and_its_messages(store: Store, tmp_path: Path) -> None:
    import_loaded(store, load(tmp_path, CHAT), me=["Paul"], now=NOW)
    plain = "[2026-04-01 10:00] Marc: Salut Paul !\n"
    import_loaded(store, load(tmp_path, plain, "marc.txt"), me=["Paul"], now=NOW)
    with store.session() as session:
        first, second = session.scalars(
            select(models.Person).where(models.Person.name == "Marc").order_by(models.Person.id)
        ).all()
        identities.merge(session, first, second)
        new = identities.split(session, first, "name:plain:Marc", now=NOW)
        moved = session.scalar(
            select(func.count())
            .select_from(models.Message)
            .where(models.Message.person_id == new.id)
        )
        assert moved == 1
        with pytest.raises(NotFoundError):
            identities.split(session, first, "name:plain:Nobody", now=NOW)


def test_store_find_reports_unknown_and_ambiguous_names(store: Store, tmp_path: Path) -> None:
    import_loaded(store, load(tmp_path, CHAT), me=["Paul"], now=NOW)
    with store.session() as session:
        with pytest.raises(NotFoundError, match="no person called 'Zoe'"):
            identities.find(session, "Zoe")
        session.add(models.Person(name="Marc", created_at=NOW))
        session.flush()
        with pytest.raises(UsageError, match="names several people"):
            identities.find(session, "Marc")


def test_store_people_listing_sorts_and_filters(store: Store, tmp_path: Path) -> None:
    import_loaded(store, load(tmp_path, CHAT), me=["Paul"], now=NOW)
    import_loaded(store, load(tmp_path, PITCH, "karim.txt"), me=["Paul"], now=NOW)
    with store.session() as session:
        by_trust = journal_store.list_people(session)
        assert [row.name for row in by_trust] == ["Marc", "Karim"]
        assert [row.name for row in journal_store.list_people(session, sort="name")] == [
            "Karim",
            "Marc",
        ]
        flagged = journal_store.list_people(session, flagged=True)
        assert all(row.flagged for row in flagged)
        assert journal_store.list_people(session, since=date(2026, 4, 1))[0].name == "Karim"
        with pytest.raises(UsageError, match="unknown sort"):
            journal_store.list_people(session, sort="height")


def test_store_log_entries_count_in_trust(store: Store, tmp_path: Path) -> None:
    import_loaded(store, load(tmp_path, CHAT), me=["Paul"], now=NOW)
    with store.session() as session:
        marc = identities.find(session, "Marc")
        before = marc.trust
        journal_store.log_entry(
            session,
            marc,
            "Talked for two hours about video games",
            kind="met",
            on=date(2026, 6, 1),
            now=NOW,
        )
        assert identities.find(session, "Marc").trust > before
        assert identities.find(session, "Marc").interactions_count == 2
        with pytest.raises(UsageError, match="unknown entry kind"):
            journal_store.log_entry(session, marc, "x", kind="dinner", on=date.today(), now=NOW)


# Export, restore, forget


def test_store_export_restore_round_trip(store: Store, tmp_path: Path) -> None:
    import_loaded(store, load(tmp_path, CHAT), me=["Paul"], now=NOW)
    import_loaded(store, load(tmp_path, PITCH, "karim.txt"), me=["Paul"], now=NOW)
    with store.session() as session:
        marc = identities.find(session, "Marc")
        journal_store.log_entry(session, marc, "Dinner", kind="met", on=date(2026, 6, 1), now=NOW)
    first = io.StringIO()
    counts = archive.export(store, first, now=NOW)
    assert counts["messages"] == 9 and counts["entries"] == 1
    document = json.loads(first.getvalue())
    assert document["schema"] == "sincere.export/1"
    empty = Store(f"sqlite:///{tmp_path / 'restored.db'}")
    archive.restore(empty, io.StringIO(first.getvalue()), path="export.json")
    second = io.StringIO()
    archive.export(empty, second, now=NOW)
    assert second.getvalue() == first.getvalue()
    # The restored database keeps working: a new import adds to it.
    import_loaded(empty, load(tmp_path, CHAT + MORE), me=["Paul"], now=NOW)
    assert count(empty, models.Message) == 11
    empty.close()


def test_store_restore_refuses_a_database_that_is_not_empty(store: Store, tmp_path: Path) -> None:
    import_loaded(store, load(tmp_path, CHAT), me=["Paul"], now=NOW)
    exported = io.StringIO()
    archive.export(store, exported, now=NOW)
    with pytest.raises(UsageError, match="not empty"):
        archive.restore(store, io.StringIO(exported.getvalue()), path="x.json")


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("{", "not a sincere export"),
        ('{"schema": "other/1"}', "expected schema"),
        ('{"schema": "sincere.export/1", "tables": {"people": [{"height": 2}]}}', "unknown"),
    ],
)
def test_store_restore_rejects_bad_files(store: Store, text: str, match: str) -> None:
    from sincere.errors import InputError

    with pytest.raises(InputError, match=match):
        archive.restore(store, io.StringIO(text), path="x.json")


def test_store_forget_deletes_a_person_and_their_messages(store: Store, tmp_path: Path) -> None:
    import_loaded(store, load(tmp_path, CHAT), me=["Paul"], now=NOW)
    with store.session() as session:
        marc = identities.find(session, "Marc")
        deleted = archive.forget(session, marc)
    assert deleted == 3
    assert count(store, models.Message) == 2  # Paul's own messages stay
    assert count(store, models.Identity) == 1  # Paul's
    assert count(store, models.Interaction) == 0
    assert count(store, models.LedgerItem) == 0
    with store.session() as session:
        conversation = session.scalar(select(models.Conversation))
        assert conversation is not None and conversation.message_count == 2


def test_store_an_entry_ask_answered_is_answered_alone(store: Store, tmp_path: Path) -> None:
    import_loaded(store, load(tmp_path, CHAT), me=["Paul"], now=NOW)
    with store.session() as session:
        marc = identities.find(session, "Marc")
        first = journal_store.log_entry(
            session, marc, "Asked me to proofread", kind="asked-me", on=date(2026, 5, 1), now=NOW
        )
        journal_store.log_entry(
            session, marc, "Asked me for a loan", kind="asked-me", on=date(2026, 5, 2), now=NOW
        )
        item = session.scalar(
            select(models.LedgerItem).where(models.LedgerItem.key == f"entry:{first.id}")
        )
        assert item is not None
        journal_store.set_status(session, item.id, "granted", now=NOW)
        answered = [
            row.asks_answered
            for row in session.scalars(
                select(models.Interaction)
                .where(models.Interaction.entry_id.is_not(None))
                .order_by(models.Interaction.entry_id)
            )
        ]
        assert answered == [1, 0]


def test_store_identical_messages_apart_in_time_are_all_kept(store: Store, tmp_path: Path) -> None:
    # The same "ok" at 9:00, then something at 9:01, then "ok" at 9:00 again (a clock change):
    # three distinct messages, none lost as a duplicate of another.
    chat = "1/2/26, 9:00 AM - Ana: ok\n1/2/26, 9:01 AM - Ben: hi\n1/2/26, 9:00 AM - Ana: ok\n"
    report = import_loaded(store, load(tmp_path, chat, "chat.txt"), now=NOW)
    assert (report.messages_added, report.messages_known) == (3, 0)
    again = import_loaded(store, load(tmp_path, chat, "chat.txt"), now=NOW)
    assert (again.messages_added, again.messages_known) == (0, 3)


def test_store_meeting_transcripts_are_dated_when_saved(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "standup.vtt"
    path.write_text(
        "WEBVTT\n\n00:00:01.000 --> 00:00:05.000\n<v Ana>How was your weekend?</v>\n\n"
        "00:00:06.000 --> 00:00:09.000\n<v Paul>Great, we went hiking</v>\n",
        encoding="utf-8",
    )
    saved = datetime(2026, 5, 4, 10, 30)
    os.utime(path, (saved.timestamp(), saved.timestamp()))
    import_loaded(store, registry.load_file(path), me=["Paul"], now=NOW)
    with store.session() as session:
        stamps = sorted(session.scalars(select(models.Message.timestamp)))
        conversation = session.scalar(select(models.Conversation))
        assert conversation is not None
    # The last message is dated when the file was saved, the first one 5 s earlier.
    assert stamps == [saved - timedelta(seconds=5), saved]
    assert (conversation.started_at, conversation.ended_at) == (stamps[0], saved)
    again = import_loaded(store, registry.load_file(path), me=["Paul"], now=NOW)
    assert again.messages_added == 0  # keys are on the times as read
