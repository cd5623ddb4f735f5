"""People and their identities: how a sender in an export becomes a person in the journal.

A sender is attached to an existing person automatically only when one of its identities
matches exactly: the same phone number (normalised with ``phonenumbers``), email, Telegram,
Slack or Discord id, LinkedIn profile, or the same name *in the same app*. The same name in two
different apps is only a near match: it is proposed as a merge (``sincere people merge``), never
merged silently, since two "Marc"s are often two people.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import reduce

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from sincere.errors import NotFoundError, UsageError
from sincere.phrase import both, phrase
from sincere.store.models import (
    Conversation,
    Entry,
    Identity,
    Interaction,
    LedgerItem,
    Message,
    Person,
)

_MARKS = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"


def name_key(name: str) -> str:
    """A name as compared: no accents, no case, single spaces, no invisible marks."""
    cleaned = name.strip(_MARKS + " ~\u00a0\u202f")
    decomposed = unicodedata.normalize("NFKD", cleaned)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch) and ch not in _MARKS)
    return " ".join(bare.casefold().split())


def phone_key(value: str) -> str:
    """A phone number in E.164 when it has a country code; else its digits."""
    import phonenumbers  # a large package: loaded when a phone number is first met

    cleaned = value.strip(_MARKS + " ")
    if cleaned.startswith("00"):
        cleaned = "+" + cleaned[2:]
    try:
        number = phonenumbers.parse(cleaned, None)
    except phonenumbers.NumberParseException:
        return "".join(ch for ch in cleaned if ch.isdigit())
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalised(scheme: str, value: str) -> str:
    if scheme == "name":
        return name_key(value)
    if scheme == "phone":
        return phone_key(value)
    if scheme == "email":
        return value.strip().lower()
    return value.strip()


@dataclass(frozen=True, slots=True)
class Seen:
    """One identity as an export shows it."""

    scheme: str
    app: str
    shown: str

    @property
    def value(self) -> str:
        return normalised(self.scheme, self.shown)


def identities_of(name: str, ids: Iterable[str], app: str) -> list[Seen]:
    """The identities of a participant: its name in ``app``, and each ``scheme:value`` id."""
    found = [Seen("name", app, name)] if name_key(name) else []
    for ident in ids:
        scheme, _, value = ident.partition(":")
        if value:
            found.append(Seen(scheme, "", value))
    return [seen for seen in found if seen.value]


def find_person(session: Session, seen: Sequence[Seen]) -> int | None:
    """The person one of these identities already belongs to (the strongest kind first)."""
    for item in sorted(seen, key=lambda s: s.scheme == "name"):
        person = session.scalar(
            select(Identity.person_id).where(
                Identity.scheme == item.scheme,
                Identity.app == item.app,
                Identity.value == item.value,
            )
        )
        if person is not None:
            return person
    return None


def attach(session: Session, person_id: int, seen: Iterable[Seen]) -> None:
    """Record identities for a person (those already recorded, for anyone, are left alone)."""
    for item in seen:
        exists = session.scalar(
            select(Identity.id).where(
                Identity.scheme == item.scheme,
                Identity.app == item.app,
                Identity.value == item.value,
            )
        )
        if exists is None:
            session.add(
                Identity(
                    person_id=person_id,
                    scheme=item.scheme,
                    app=item.app,
                    value=item.value,
                    shown=item.shown,
                )
            )
    session.flush()


def owner(session: Session) -> Person | None:
    return session.scalar(select(Person).where(Person.is_me.is_(True)).limit(1))


def ensure_owner(session: Session, name: str, now: datetime) -> Person:
    found = owner(session)
    if found is None:
        found = Person(name=name, is_me=True, created_at=now)
        session.add(found)
        session.flush()
    return found


def resolve(
    session: Session, name: str, seen: Sequence[Seen], now: datetime, *, is_me: bool
) -> tuple[int, bool]:
    """The person for a participant, created if none matches; and whether it was created."""
    if is_me:
        me = ensure_owner(session, name, now)
        attach(session, me.id, seen)
        return me.id, False
    person_id = find_person(session, seen)
    created = person_id is None
    if person_id is None:
        person = Person(name=name.strip(_MARKS + " ~") or name, created_at=now)
        session.add(person)
        session.flush()
        person_id = person.id
    attach(session, person_id, seen)
    return person_id, created


@dataclass(frozen=True, slots=True)
class MergeProposal:
    """Two people who may be one: the same name in two apps."""

    first: int
    second: int
    first_name: str
    second_name: str
    reason: str


def merge_proposals(session: Session) -> list[MergeProposal]:
    """People who share a normalised name in different apps (near matches to confirm)."""
    rows = session.execute(
        select(Identity.value, Identity.person_id, Identity.app)
        .where(Identity.scheme == "name")
        .where(
            Identity.value.in_(
                select(Identity.value)
                .where(Identity.scheme == "name")
                .group_by(Identity.value)
                .having(func.count(func.distinct(Identity.person_id)) > 1)
            )
        )
        .order_by(Identity.value, Identity.person_id)
    ).all()
    names = dict(session.execute(select(Person.id, Person.name)).all()) if rows else {}
    proposals: list[MergeProposal] = []
    by_value: dict[str, list[tuple[int, str]]] = {}
    for value, person_id, app in rows:
        by_value.setdefault(value, []).append((person_id, app))
    for value, found in by_value.items():
        people = sorted({person for person, _ in found})
        for other in people[1:]:
            apps = sorted({app for person, app in found if person in (people[0], other)})
            proposals.append(
                MergeProposal(
                    people[0],
                    other,
                    names.get(people[0], ""),
                    names.get(other, ""),
                    phrase("same name '%(name)s' in %(apps)s", name=value, apps=reduce(both, apps)),
                )
            )
    return proposals


def find(session: Session, query: str) -> Person:
    """The person named ``query`` (a name, an identity such as a phone number, or ``#id``)."""
    text = query.strip()
    if text.startswith("#") and text[1:].isdigit():
        person = session.get(Person, int(text[1:]))
        if person is None:
            raise NotFoundError(phrase("no person #%(number)s", number=text[1:]))
        return person
    key = name_key(text)
    matches = list(session.scalars(select(Person).where(func.lower(Person.name) == text.lower())))
    if not matches:
        ids = set(
            session.scalars(
                select(Identity.person_id).where(
                    ((Identity.scheme == "name") & (Identity.value == key))
                    | ((Identity.scheme == "phone") & (Identity.value == phone_key(text)))
                    | ((Identity.scheme == "email") & (Identity.value == text.lower()))
                    | (Identity.value == text)
                )
            )
        )
        matches = [session.get(Person, person_id) for person_id in sorted(ids)]  # type: ignore[misc]
    digits = "".join(ch for ch in text if ch.isdigit())
    if not matches and len(digits) >= 6 and len(digits) >= len(text.replace(" ", "")) - 3:
        # A phone number written nationally ("06 12 34 56 78") finds "+33612345678".
        ids = set(
            session.scalars(
                select(Identity.person_id).where(
                    Identity.scheme == "phone", Identity.value.like(f"%{digits[-9:]}")
                )
            )
        )
        matches = [session.get(Person, person_id) for person_id in sorted(ids)]  # type: ignore[misc]
    if not matches:
        raise NotFoundError(
            phrase("no person called %(name)s", name=repr(query)),
            hint=phrase("run 'sincere people' to see who is known"),
        )
    if len(matches) > 1:
        shown = tuple(f"#{p.id} {p.name}" for p in matches[:5])
        raise UsageError(
            phrase("%(name)s names several people: %(people)s", name=repr(query), people=shown),
            hint=phrase("name one of them as #id"),
        )
    return matches[0]


def merge(session: Session, keep: Person, other: Person) -> None:
    """Make ``other`` part of ``keep``: identities, messages, entries, interactions, ledger."""
    if keep.id == other.id:
        raise UsageError(phrase("cannot merge a person with themselves"))
    # One interaction per person and conversation: where both took part, keep's stays.
    shared = select(Interaction.conversation_id).where(
        Interaction.person_id == keep.id, Interaction.conversation_id.is_not(None)
    )
    session.execute(
        delete(Interaction).where(
            Interaction.person_id == other.id, Interaction.conversation_id.in_(shared)
        )
    )
    for table in (Identity, Message, Entry, Interaction):
        session.execute(update(table).where(table.person_id == other.id).values(person_id=keep.id))
    session.execute(
        update(LedgerItem)
        .where(LedgerItem.from_person_id == other.id)
        .values(from_person_id=keep.id)
    )
    session.execute(
        update(LedgerItem).where(LedgerItem.to_person_id == other.id).values(to_person_id=keep.id)
    )
    keep.is_me = keep.is_me or other.is_me
    session.execute(delete(Person).where(Person.id == other.id))
    session.flush()


def split(session: Session, person: Person, shown: str, *, now: datetime) -> Person:
    """Move one identity off ``person`` into a new person, with the messages sent under it (for
    a name: in that app's conversations) and those conversations' interactions and asks."""
    scheme, _, rest = shown.partition(":")
    app, value = "", rest
    if scheme == "name":
        app, _, value = rest.partition(":")
    identity = session.scalar(
        select(Identity).where(
            Identity.person_id == person.id,
            Identity.scheme == scheme,
            Identity.app == app,
            Identity.value == normalised(scheme, value),
        )
    )
    if identity is None:
        raise NotFoundError(
            phrase(
                "#%(number)s %(name)s has no identity %(identity)s",
                number=person.id,
                name=person.name,
                identity=repr(shown),
            ),
            hint=phrase("'sincere person NAME' lists them, e.g. name:whatsapp:Marc"),
        )
    remaining = session.scalar(
        select(func.count()).select_from(Identity).where(Identity.person_id == person.id)
    )
    if remaining == 1:
        raise UsageError(phrase("that is this person's only identity: nothing to split"))
    new = Person(name=identity.shown, created_at=now)
    session.add(new)
    session.flush()
    identity.person_id = new.id
    if scheme == "name":
        moved = select(Message.conversation_id).where(
            Message.person_id == person.id, Message.sender == identity.shown
        )
        conversations = [
            cid
            for cid in session.scalars(moved.distinct())
            if session.scalar(select(Conversation.format).where(Conversation.id == cid)) == app
        ]
        session.execute(
            update(Message)
            .where(
                Message.person_id == person.id,
                Message.sender == identity.shown,
                Message.conversation_id.in_(conversations),
            )
            .values(person_id=new.id)
        )
        for table in (Interaction,):
            session.execute(
                update(table)
                .where(table.person_id == person.id, table.conversation_id.in_(conversations))
                .values(person_id=new.id)
            )
        session.execute(
            update(LedgerItem)
            .where(
                LedgerItem.from_person_id == person.id,
                LedgerItem.conversation_id.in_(conversations),
            )
            .values(from_person_id=new.id)
        )
    session.flush()
    return new
