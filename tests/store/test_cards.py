"""Card links in the store: the trust gate, expiry, view limits, revocation, tracing."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from sincere.card.marks import Plan, derive
from sincere.errors import NotFoundError, UsageError
from sincere.store import cards
from sincere.store.database import Store
from sincere.store.models import CardLink, CardView, Person

NOW = datetime(2026, 6, 1, 12, 0)
PLAN = Plan(base_url="https://card.example.org", alias_domain="example.org", extension_digits=3)


def person(store: Store, name: str, trust: float) -> int:
    with store.session() as session:
        row = Person(name=name, created_at=NOW, trust=trust)
        session.add(row)
        session.flush()
        return row.id


def test_cards_gate_refuses_below_the_threshold_and_explains(store: Store) -> None:
    pid = person(store, "Karim", 12.0)
    with store.session() as session:
        karim = session.get(Person, pid)
        assert karim is not None
        with pytest.raises(cards.Refused, match=r"Karim's trust is 12/100, below .* 60") as info:
            cards.issue(session, karim, now=NOW, threshold=60)
        assert info.value.hint is not None and "--anyway" in info.value.hint
        issued = cards.issue(session, karim, now=NOW, threshold=60, anyway="met at her wedding")
        assert issued.link.anyway == "met at her wedding"
        assert issued.link.trust_at_issue == 12.0


def test_cards_token_is_random_and_only_its_hash_is_kept(store: Store) -> None:
    pid = person(store, "Maya", 80.0)
    with store.session() as session:
        maya = session.get(Person, pid)
        assert maya is not None
        tokens = {cards.issue(session, maya, now=NOW).token for _ in range(20)}
        assert len(tokens) == 20
        assert all(len(token) >= 32 for token in tokens)  # 192 bits, base64url
        stored = set(session.scalars(select(CardLink.token_hash)))
        assert not tokens & stored
        assert all(cards.resolve(session, token, now=NOW) is not None for token in tokens)


def test_cards_expiry_views_and_revocation(store: Store) -> None:
    pid = person(store, "Maya", 80.0)
    with store.session() as session:
        maya = session.get(Person, pid)
        assert maya is not None
        short = cards.issue(session, maya, now=NOW, expires=timedelta(days=1))
        once = cards.issue(session, maya, now=NOW, max_views=1)
        kept = cards.issue(session, maya, now=NOW)
        assert cards.resolve(session, short.token, now=NOW + timedelta(hours=23)) is not None
        assert cards.resolve(session, short.token, now=NOW + timedelta(days=1)) is None
        link = cards.resolve(session, once.token, now=NOW)
        assert link is not None
        cards.record_views(session, [cards.View(link.id, NOW, "page", "Firefox")])
        assert cards.resolve(session, once.token, now=NOW) is None
        assert cards.state(link, NOW) == "used up"
        revoked = cards.revoke(session, f"#{kept.link.id}", now=NOW)
        assert [r.id for r in revoked] == [kept.link.id]
        assert cards.resolve(session, kept.token, now=NOW) is None
        assert session.scalar(select(func.count()).select_from(CardView)) == 1
        with pytest.raises(UsageError, match="no active card link"):
            cards.revoke(session, f"#{kept.link.id}", now=NOW)
        with pytest.raises(NotFoundError):
            cards.revoke(session, "#999", now=NOW)


def test_cards_revoke_a_person_revokes_all_their_links(store: Store) -> None:
    pid = person(store, "Maya", 80.0)
    with store.session() as session:
        maya = session.get(Person, pid)
        assert maya is not None
        issued = [cards.issue(session, maya, now=NOW) for _ in range(3)]
        assert len(cards.revoke(session, "Maya", now=NOW)) == 3
        assert all(cards.resolve(session, i.token, now=NOW) is None for i in issued)


@pytest.mark.parametrize("token", ["", "short", "x" * 65, "nope" * 8])
def test_cards_unknown_tokens_resolve_to_nothing(store: Store, token: str) -> None:
    with store.session() as session:
        assert cards.resolve(session, token, now=NOW) is None


def test_cards_trace_names_the_recipient(store: Store) -> None:
    maya_id = person(store, "Maya", 80.0)
    tom_id = person(store, "Tom", 70.0)
    with store.session() as session:
        maya, tom = session.get(Person, maya_id), session.get(Person, tom_id)
        assert maya is not None and tom is not None
        cards.issue(session, maya, now=NOW)
        issued = cards.issue(session, tom, now=NOW)
        marks = derive(cards.secret(session), issued.link.id, PLAN, issued.token)
        leaked = f"BEGIN:VCARD\r\nFN:Paul\r\nEMAIL:{marks.email}\r\nURL:{marks.url}\r\nEND:VCARD"
        best = cards.trace_text(session, leaked, PLAN)[0]
        assert (best.person, best.match.confidence) == ("Tom", 1.0)
        assert cards.trace_text(session, "nothing here", PLAN) == []


def test_cards_the_secret_is_stable(store: Store) -> None:
    with store.session() as session:
        first = cards.secret(session)
    with store.session() as session:
        assert cards.secret(session) == first
        assert len(first) == 32


def test_cards_no_link_for_yourself(store: Store) -> None:
    with store.session() as session:
        me = Person(name="Paul", is_me=True, created_at=NOW, trust=100)
        session.add(me)
        session.flush()
        with pytest.raises(UsageError, match="that is you"):
            cards.issue(session, me, now=NOW)
