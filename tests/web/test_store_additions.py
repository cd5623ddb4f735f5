"""The store functions the web app added: the journal's own settings, a person's identities,
a person's card links, a stored conversation as the analysis reads it, the words of an import,
an upload known by its own name."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from sincere.analysis.engine import analyze
from sincere.errors import NotFoundError
from sincere.importers.registry import load_file, load_stream, renamed
from sincere.store import cards, journal, models
from sincere.store.database import Store
from sincere.store.imports import ImportReport, import_loaded, summary
from sincere.store.models import Identity, Person

NOW = datetime(2026, 6, 1, 12, 0)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store(f"sqlite:///{tmp_path / 'journal.db'}")
    try:
        yield opened
    finally:
        opened.close()


def test_store_settings_are_kept_and_replaced(store: Store) -> None:
    with store.session() as session:
        assert journal.setting(session, "web_password") is None
        journal.save_setting(session, "web_password", "first")
    with store.session() as session:
        assert journal.setting(session, "web_password") == "first"
        journal.save_setting(session, "web_password", "second")
    with store.session() as session:
        assert journal.setting(session, "web_password") == "second"
        # The card's secret lives in the same table and is left alone.
        secret = cards.secret(session)
    with store.session() as session:
        assert cards.secret(session) == secret
        assert journal.setting(session, "web_password") == "second"


def test_store_identities_of_a_person_in_recorded_order(store: Store) -> None:
    with store.session() as session:
        marc = Person(name="Marc", created_at=NOW)
        other = Person(name="Other", created_at=NOW)
        session.add_all([marc, other])
        session.flush()
        session.add_all(
            [
                Identity(
                    person_id=marc.id, scheme="name", app="whatsapp", value="marc", shown="Marc"
                ),
                Identity(person_id=other.id, scheme="name", app="slack", value="o", shown="O"),
                Identity(
                    person_id=marc.id, scheme="phone", app="", value="+33612345678", shown="06 12"
                ),
            ]
        )
        session.flush()
        found = journal.identities_of(session, marc.id)
        assert [(i.scheme, i.shown) for i in found] == [("name", "Marc"), ("phone", "06 12")]
        assert journal.identities_of(session, 999) == []


def test_store_links_of_a_person_newest_first(store: Store) -> None:
    with store.session() as session:
        maya = Person(name="Maya", created_at=NOW, trust=80)
        karim = Person(name="Karim", created_at=NOW, trust=80)
        session.add_all([maya, karim])
        session.flush()
        first = cards.issue(session, maya, now=NOW).link
        cards.issue(session, karim, now=NOW)
        second = cards.issue(session, maya, now=NOW.replace(hour=13)).link
        assert [link.id for link in cards.links_of(session, maya.id)] == [second.id, first.id]
        assert cards.links_of(session, 999) == []


CHAT = (
    "[12/03/2026, 18:02:00] Marc: Salut ! Comment s'est passé ton voyage ?\n"
    "[12/03/2026, 18:03:10] Paul: Génial, merci !\n"
    "[12/03/2026, 18:04:00] Marc: Si tu as besoin d'un coup de main, je suis là\n"
)


def _import(store: Store, text: str, name: str) -> ImportReport:
    loaded = load_stream(io.BytesIO(text.encode()), name)
    return import_loaded(store, loaded, me=["Paul"], now=NOW)


def test_store_conversation_of_rebuilds_what_the_analysis_read(store: Store) -> None:
    _import(store, CHAT, "WhatsApp Chat with Marc.txt")
    original = load_stream(io.BytesIO(CHAT.encode()), "WhatsApp Chat with Marc.txt")
    with store.session() as session:
        row = session.scalars(select(models.Conversation)).one()
        rebuilt = journal.conversation_of(session, row.id)
        assert rebuilt.title == "Marc" and rebuilt.id == str(row.id)
        assert rebuilt.source.format == "whatsapp"
        assert [(m.index, m.sender, m.text, m.timestamp, m.kind) for m in rebuilt.messages] == [
            (m.index, m.sender, m.text, m.timestamp, m.kind)
            for m in original.conversations[0].messages
        ]
        assert [(p.name, p.is_me) for p in rebuilt.participants] == [
            ("Marc", False),
            ("Paul", True),  # the owner's person, as stored
        ]
        # The analysis of the stored messages is the one the import made.
        again = analyze(rebuilt, None)
        assert again.participant("Marc").verdict == "genuine"
        assert again.participant("Paul").is_me
        page = journal.messages_of(session, row.id, offset=1, limit=1)
        assert [(m.position, m.sender) for m in page] == [(1, "Paul")]
        assert len(journal.messages_of(session, row.id)) == 3
        senders = journal.senders_of(session, row.id)
        marc = session.scalar(select(Person.id).where(Person.name == "Marc"))
        assert senders["Marc"] == marc and set(senders) == {"Marc", "Paul"}
        # The person's history says which conversation each exchange comes from.
        assert marc is not None
        history = journal.history(session, marc)
        assert [journal.conversation_id_of(exchange) for exchange in history] == [row.id]
        with pytest.raises(NotFoundError, match="no conversation #999"):
            journal.conversation_of(session, 999)


def test_store_conversation_id_of_an_entry_is_none(store: Store) -> None:
    with store.session() as session:
        marc = Person(name="Marc", created_at=NOW)
        session.add(marc)
        session.flush()
        journal.log_entry(session, marc, "Coffee", kind="met", on=NOW.date(), now=NOW)
        (exchange,) = journal.history(session, marc.id)
        assert exchange.source == "entry" and journal.conversation_id_of(exchange) is None


def test_store_import_summary_is_the_cli_s_words(store: Store) -> None:
    first = _import(store, CHAT, "WhatsApp Chat with Marc.txt")
    assert summary(first) == ("1 new conversation; 3 messages added; 1 new person; 0 asks, 1 give")
    again = _import(store, CHAT, "WhatsApp Chat with Marc.txt")
    assert summary(again) == "0 messages added (3 already there); 0 new people"


def test_registry_renamed_gives_an_upload_its_own_name(tmp_path: Path) -> None:
    folder = tmp_path / "0"
    folder.mkdir()
    path = folder / "WhatsApp Chat with Marc.txt"
    path.write_text(CHAT, encoding="utf-8")
    loaded = load_file(path)
    named = renamed(loaded, f"{folder}/")
    assert named.path == "WhatsApp Chat with Marc.txt"
    assert named.conversations[0].source.path == "WhatsApp Chat with Marc.txt"
    assert named.conversations[0].messages == loaded.conversations[0].messages
    assert named.format == loaded.format == "whatsapp"
    assert renamed(loaded, "/elsewhere/").path == str(path)
