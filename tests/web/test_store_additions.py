"""The store functions the web app added: the journal's own settings, a person's identities,
a person's card links."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from sincere.store import cards, journal
from sincere.store.database import Store
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
