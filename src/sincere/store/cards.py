"""Card links in the journal: issuing them behind the trust gate, revoking, serving, tracing.

A link is a capability: whoever holds its token sees the card, so the token has 192 random bits
(``secrets``) and only its SHA-256 is stored. A link is issued to one person only when their
trust is at least the owner's threshold (``card_threshold`` in the config, 60 by default), or
when the owner says why they share anyway (the reason is kept with the link).
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from sincere.card.marks import Match, Plan, read, token_hash, trace
from sincere.errors import NotFoundError, UsageError
from sincere.phrase import Param, Signed, phrase
from sincere.store import journal as journal_store
from sincere.store.identities import find
from sincere.store.models import CardLink, CardView, Person, Setting

#: The trust a person needs, out of 100, when the config does not say.
DEFAULT_THRESHOLD = 60.0
_SECRET = "card_secret"


def secret(session: Session) -> bytes:
    """The local secret every recipient's marks derive from (created on first use)."""
    row = session.get(Setting, _SECRET)
    if row is None:
        row = Setting(key=_SECRET, value=secrets.token_hex(32))
        session.add(row)
        session.flush()
    return bytes.fromhex(row.value)


class Refused(UsageError):
    """The gate: the person has not earned the card (yet)."""


@dataclass(frozen=True, slots=True)
class Issued:
    link: CardLink
    token: str
    person: Person


def issue(
    session: Session,
    person: Person,
    *,
    now: datetime,
    threshold: float = DEFAULT_THRESHOLD,
    expires: timedelta | None = None,
    max_views: int | None = None,
    anyway: str | None = None,
) -> Issued:
    """A new link for ``person``, or :class:`Refused` explaining why their trust is too low."""
    if person.is_me:
        raise UsageError(phrase("that is you: share your card with someone else"))
    if max_views is not None and max_views < 1:
        raise UsageError(phrase("--max-views must be at least 1"))
    if expires is not None and expires <= timedelta(0):
        raise UsageError(phrase("--expires must be in the future"))
    reason = (anyway or "").strip()
    if person.trust < threshold and not reason:
        explained = journal_store.explain(session, person.id, now=now)
        heaviest = sorted(explained.contributions, key=lambda c: -abs(c.delta))[:3]
        why: Param = phrase("no exchange yet")
        for number, c in enumerate(heaviest):
            weighed = phrase("%(reason)s (%(points)s)", reason=c.reason, points=Signed(c.delta))
            why = (
                weighed
                if number == 0
                else phrase("%(first)s; %(second)s", first=why, second=weighed)
            )
        raise Refused(
            phrase(
                "%(name)s's trust is %(trust)s/100, below your threshold of %(threshold)s: %(why)s",
                name=person.name,
                trust=round(person.trust),
                threshold=round(threshold),
                why=why,
            ),
            hint=phrase(
                "'sincere person \"%(name)s\" --why' explains it; to share anyway, say why: "
                '--anyway "met at her wedding"',
                name=person.name,
            ),
        )
    token = secrets.token_urlsafe(24)
    link = CardLink(
        person_id=person.id,
        token_hash=token_hash(token),
        created_at=now,
        expires_at=now + expires if expires else None,
        max_views=max_views,
        views=0,
        trust_at_issue=person.trust,
        anyway=reason or None,
    )
    session.add(link)
    session.flush()
    return Issued(link, token, person)


def link_state(
    *, revoked: bool, expires_at: datetime | None, max_views: int | None, views: int, now: datetime
) -> str:
    """``active``, ``revoked``, ``expired`` or ``used up``: the one rule, for the store and for
    the public server (which also counts the views it has not written yet)."""
    if revoked:
        return "revoked"
    if expires_at is not None and now >= expires_at:
        return "expired"
    if max_views is not None and views >= max_views:
        return "used up"
    return "active"


def state(link: CardLink, now: datetime) -> str:
    """The state of a stored link (see :func:`link_state`)."""
    return link_state(
        revoked=link.revoked_at is not None,
        expires_at=link.expires_at,
        max_views=link.max_views,
        views=link.views,
        now=now,
    )


def links(session: Session) -> list[tuple[CardLink, str]]:
    """Every link, newest first, with the name of its person."""
    rows = session.execute(
        select(CardLink, Person.name)
        .join(Person, Person.id == CardLink.person_id)
        .order_by(CardLink.created_at.desc(), CardLink.id.desc())
    ).all()
    return [(link, name) for link, name in rows]


def links_of(session: Session, person_id: int) -> list[CardLink]:
    """The links issued to one person, newest first."""
    return list(
        session.scalars(
            select(CardLink)
            .where(CardLink.person_id == person_id)
            .order_by(CardLink.created_at.desc(), CardLink.id.desc())
        )
    )


def revoke(session: Session, target: str, *, now: datetime) -> list[CardLink]:
    """Revoke link ``#N`` (or ``N``), or every active link of a person; returns those revoked."""
    text = target.strip()
    number = text.removeprefix("#")
    if number.isdigit():
        link = session.get(CardLink, int(number))
        if link is None:
            raise NotFoundError(
                phrase("no card link #%(number)s", number=number),
                hint=phrase("'sincere card links' lists them"),
            )
        chosen = [link]
    else:
        person = find(session, text)
        chosen = list(session.scalars(select(CardLink).where(CardLink.person_id == person.id)))
    revoked = [link for link in chosen if link.revoked_at is None]
    for link in revoked:
        link.revoked_at = now
    session.flush()
    if not revoked:
        raise UsageError(phrase("no active card link for %(target)s", target=repr(target)))
    return revoked


def by_hash(session: Session, key: str) -> CardLink | None:
    """The link whose token hashes to ``key``, whatever its state."""
    return session.scalar(select(CardLink).where(CardLink.token_hash == key))


def resolve(session: Session, token: str, *, now: datetime) -> CardLink | None:
    """The active link a token opens, or ``None`` (unknown, revoked, expired or used up)."""
    if not 16 <= len(token) <= 64:
        return None
    link = by_hash(session, token_hash(token))
    if link is None or state(link, now) != "active":
        return None
    return link


@dataclass(frozen=True, slots=True)
class View:
    """One view of a link: when, the kind (page, vcf, json), the browser family, and the
    address only when the owner asked for it."""

    link_id: int
    at: datetime
    kind: str
    agent: str = ""
    address: str | None = None


def record_views(session: Session, views: Sequence[View]) -> None:
    """Count and log views (the public server writes them in batches)."""
    counts: dict[int, int] = {}
    for view in views:
        counts[view.link_id] = counts.get(view.link_id, 0) + 1
    for link_id, count in counts.items():
        session.execute(
            update(CardLink).where(CardLink.id == link_id).values(views=CardLink.views + count)
        )
    if views:
        session.execute(
            insert(CardView),
            [
                {
                    "link_id": view.link_id,
                    "at": view.at,
                    "kind": view.kind,
                    "agent": view.agent[:40],
                    "address": view.address,
                }
                for view in views
            ],
        )
    session.flush()


@dataclass(frozen=True, slots=True)
class Traced:
    match: Match
    link: CardLink
    person: str


def trace_text(session: Session, text: str, plan: Plan) -> list[Traced]:
    """Who the card in ``text`` was issued to (the most certain first)."""
    found = read(text)
    if found.empty:
        return []
    all_links = links(session)
    owners = {link.token_hash: link.id for link, _ in all_links}
    by_id = {link.id: (link, name) for link, name in all_links}
    matches = trace(found, secret(session), by_id, plan, token_owner=owners)
    return [Traced(m, *by_id[m.link_id]) for m in matches if m.link_id in by_id]


def views(session: Session, link_ids: Sequence[int]) -> dict[int, datetime | None]:
    """The last view of each link."""
    rows = session.execute(
        select(CardView.link_id, CardView.at)
        .where(CardView.link_id.in_(link_ids))
        .order_by(CardView.at)
    ).all()
    last: dict[int, datetime | None] = {link_id: None for link_id in link_ids}
    for link_id, at in rows:
        last[link_id] = at
    return last
