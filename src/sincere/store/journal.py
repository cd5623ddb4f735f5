"""The journal's queries and updates: people's figures, entries, the ledger, reminders.

Trust is computed by the pure model (:mod:`sincere.journal.trust`) from a person's
interactions; this module reads them, writes the result on the person's row (what
``sincere people`` lists), and answers the questions the interfaces ask.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Literal, cast

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sincere.errors import NotFoundError, UsageError
from sincere.journal.events import ENTRY_KINDS, Exchange
from sincere.journal.remind import Reminders, reminders
from sincere.journal.trust import Trust, trust
from sincere.model import NO_META, MessageKind, Participant, Source, make_message
from sincere.model import Conversation as Chat
from sincere.phrase import phrase
from sincere.store import models

#: Chunk of people refreshed per query.
_CHUNK = 500


def _exchange(row: models.Interaction) -> Exchange:
    ref = f"conversation {row.conversation_id}" if row.conversation_id else f"entry {row.entry_id}"
    return Exchange(
        at=row.at,
        source=cast(Literal["conversation", "entry"], row.source),
        verdict=row.verdict,  # type: ignore[arg-type]
        interest=row.interest,
        pressure=row.pressure,
        messages=row.messages,
        asks=tuple(row.asks or ()),  # type: ignore[arg-type]
        asks_answered=row.asks_answered,
        gave_unasked=row.gave_unasked,
        pitches=row.pitches,
        owner_asks=row.owner_asks,
        owner_gave=row.owner_gave,
        entry=row.entry,  # type: ignore[arg-type]
        label=row.label,
        ref=ref,
    )


def conversation_id_of(exchange: Exchange) -> int | None:
    """The stored conversation an exchange of :func:`history` comes from (``None``: an entry)."""
    kind, _, number = exchange.ref.partition(" ")
    return int(number) if kind == "conversation" and number.isdigit() else None


def history(session: Session, person_id: int) -> list[Exchange]:
    """A person's exchanges, in time order."""
    rows = session.scalars(
        select(models.Interaction)
        .where(models.Interaction.person_id == person_id)
        .order_by(models.Interaction.at, models.Interaction.id)
    )
    return [_exchange(row) for row in rows]


def _answered(session: Session, person_ids: Sequence[int]) -> dict[tuple[int, int | None], int]:
    """How many asks each person made per conversation were granted or declined."""
    rows = session.execute(
        select(
            models.LedgerItem.from_person_id,
            models.LedgerItem.conversation_id,
            func.count(),
        )
        .where(
            models.LedgerItem.from_person_id.in_(person_ids),
            models.LedgerItem.direction == "ask",
            models.LedgerItem.status != "open",
            models.LedgerItem.conversation_id.is_not(None),
        )
        .group_by(models.LedgerItem.from_person_id, models.LedgerItem.conversation_id)
    )
    return {(person, conversation): count for person, conversation, count in rows}


def refresh(session: Session, person_ids: Iterable[int], *, now: datetime) -> None:
    """Recompute the trust and the listed figures of these people."""
    ids = sorted(set(person_ids))
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        answered = _answered(session, chunk)
        rows = session.scalars(
            select(models.Interaction)
            .where(models.Interaction.person_id.in_(chunk))
            .order_by(models.Interaction.person_id, models.Interaction.at, models.Interaction.id)
        )
        answered_entries = set(
            session.scalars(
                select(models.LedgerItem.key).where(
                    models.LedgerItem.from_person_id.in_(chunk),
                    models.LedgerItem.key.like("entry:%"),
                    models.LedgerItem.status != "open",
                )
            )
        )
        histories: dict[int, list[models.Interaction]] = {pid: [] for pid in chunk}
        for row in rows:
            if row.entry_id is not None:
                # An entry's ask is the ledger item keyed by the entry.
                row.asks_answered = int(f"entry:{row.entry_id}" in answered_entries)
            else:
                row.asks_answered = answered.get((row.person_id, row.conversation_id), 0)
            histories[row.person_id].append(row)
        for person_id, interactions in histories.items():
            person = session.get(models.Person, person_id)
            if person is None or person.is_me:
                continue
            result = trust([_exchange(row) for row in interactions], now=now)
            person.trust = round(result.value, 2)
            person.state = result.state
            person.flagged = result.flagged
            person.last_genuine_at = result.last_genuine_at
            person.last_interaction_at = max((row.at for row in interactions), default=None)
            person.asks = sum(len(row.asks or ()) for row in interactions) + sum(
                row.entry == "asked-me" for row in interactions
            )
            person.gives = sum(row.gave_unasked or row.entry == "helped-me" for row in interactions)
            person.interactions_count = len(interactions)
    session.flush()


def explain(session: Session, person_id: int, *, now: datetime) -> Trust:
    """The trust of one person, with its contributions (``sincere person NAME --why``)."""
    return trust(history(session, person_id), now=now)


# Entries (``sincere log``)


def log_entry(
    session: Session,
    person: models.Person,
    text: str,
    *,
    kind: str,
    on: date,
    now: datetime,
) -> models.Entry:
    """Record an entry about a person; it counts in their trust like a conversation."""
    if kind not in ENTRY_KINDS:
        raise UsageError(
            phrase(
                "unknown entry kind %(kind)s; kinds: %(kinds)s", kind=repr(kind), kinds=ENTRY_KINDS
            )
        )
    if not text.strip():
        raise UsageError(
            phrase("the entry needs a text"), hint=phrase('e.g. sincere log "Met at…" --with Marc')
        )
    if person.is_me:
        raise UsageError(phrase("an entry is about someone else than you"))
    entry = models.Entry(person_id=person.id, kind=kind, text=text.strip(), on=on, created_at=now)
    session.add(entry)
    session.flush()
    session.add(
        models.Interaction(
            person_id=person.id,
            entry_id=entry.id,
            at=datetime.combine(on, time(12, 0)),
            source="entry",
            entry=kind,
            label=text.strip()[:300],
            asks=["other"] if kind == "asked-me" else [],
            owner_asks=1 if kind == "i-asked" else 0,
            owner_gave=kind == "i-helped",
            gave_unasked=kind == "helped-me",
        )
    )
    if kind in ("asked-me", "helped-me", "i-asked", "i-helped"):
        me = session.scalar(select(models.Person.id).where(models.Person.is_me.is_(True)))
        mine = kind.startswith("i-")
        session.add(
            models.LedgerItem(
                key=f"entry:{entry.id}",
                direction="ask" if kind.endswith("asked") or kind == "asked-me" else "give",
                category="other" if "asked" in kind else "help",
                from_person_id=(me if mine and me is not None else person.id),
                to_person_id=(person.id if mine else me),
                at=datetime.combine(on, time(12, 0)),
                evidence=text.strip(),
                status="open",
                origin="manual",
                created_at=now,
            )
        )
    session.flush()
    refresh(session, [person.id], now=now)
    return entry


# The ledger


def set_status(session: Session, item_id: int, status: str, *, now: datetime) -> models.LedgerItem:
    """Mark an ask granted or declined (or open again)."""
    if status not in ("open", "granted", "declined"):
        raise UsageError(
            phrase(
                "unknown status %(status)s; choose open, granted or declined", status=repr(status)
            )
        )
    item = session.get(models.LedgerItem, item_id)
    if item is None:
        raise NotFoundError(phrase("no ledger item #%(number)s", number=item_id))
    item.status = status
    session.flush()
    refresh(session, [item.from_person_id], now=now)
    return item


def ledger_all(session: Session, *, limit: int = 500) -> list[models.LedgerItem]:
    """The latest asks and gives, everyone's."""
    return list(
        session.scalars(
            select(models.LedgerItem)
            .order_by(models.LedgerItem.at.desc(), models.LedgerItem.id.desc())
            .limit(limit)
        )
    )


def names(session: Session) -> dict[int | None, str]:
    """Person id → name (the owner as "you")."""
    found: dict[int | None, str] = {}
    for person_id, name, is_me in session.execute(
        select(models.Person.id, models.Person.name, models.Person.is_me)
    ):
        found[person_id] = "you" if is_me else name
    return found


def ledger_of(session: Session, person_id: int) -> list[models.LedgerItem]:
    return list(
        session.scalars(
            select(models.LedgerItem)
            .where(
                (models.LedgerItem.from_person_id == person_id)
                | (models.LedgerItem.to_person_id == person_id)
            )
            .order_by(models.LedgerItem.at, models.LedgerItem.id)
        )
    )


# Listing


SORTS = ("trust", "name", "recent", "asks", "gives")


@dataclass(frozen=True, slots=True)
class Listed:
    """One row of ``sincere people``."""

    id: int
    name: str
    trust: float
    state: str
    flagged: bool
    last_genuine_at: datetime | None
    last_interaction_at: datetime | None
    asks: int
    gives: int
    interactions: int


def list_people(
    session: Session,
    *,
    sort: str = "trust",
    flagged: bool = False,
    since: date | None = None,
    limit: int | None = None,
) -> list[Listed]:
    """People other than the owner, for ``sincere people``: one indexed query."""
    if sort not in SORTS:
        raise UsageError(
            phrase("unknown sort %(sort)s; choose one of: %(sorts)s", sort=repr(sort), sorts=SORTS)
        )
    person = models.Person
    order = {
        "trust": (person.trust.desc(), person.name),
        "name": (person.name, person.id),
        "recent": (person.last_interaction_at.desc(), person.name),
        "asks": (person.asks.desc(), person.name),
        "gives": (person.gives.desc(), person.name),
    }[sort]
    query = select(
        person.id,
        person.name,
        person.trust,
        person.state,
        person.flagged,
        person.last_genuine_at,
        person.last_interaction_at,
        person.asks,
        person.gives,
        person.interactions_count.label("interactions"),
    ).where(person.is_me.is_(False))
    if flagged:
        query = query.where(person.flagged.is_(True))
    if since is not None:
        query = query.where(person.last_interaction_at >= datetime.combine(since, time()))
    query = query.order_by(*order)
    if limit is not None:
        query = query.limit(limit)
    return [Listed(**row._mapping) for row in session.execute(query)]


def count_people(session: Session, *, flagged: bool = False, since: date | None = None) -> int:
    """How many people :func:`list_people` would list without a limit."""
    person = models.Person
    query = select(func.count()).select_from(person).where(person.is_me.is_(False))
    if flagged:
        query = query.where(person.flagged.is_(True))
    if since is not None:
        query = query.where(person.last_interaction_at >= datetime.combine(since, time()))
    return int(session.scalar(query) or 0)


def remind(session: Session, *, now: datetime) -> Reminders:
    """The three reminder lists over everyone's history."""
    names = dict(
        session.execute(
            select(models.Person.id, models.Person.name).where(models.Person.is_me.is_(False))
        ).all()
    )
    histories: dict[str, list[Exchange]] = {}
    rows = session.scalars(
        select(models.Interaction).order_by(
            models.Interaction.person_id, models.Interaction.at, models.Interaction.id
        )
    )
    counts = Counter(names.values())
    labels = {
        person_id: name if counts[name] == 1 else f"{name} (#{person_id})"
        for person_id, name in names.items()
    }
    for row in rows:
        if row.person_id in labels:
            histories.setdefault(labels[row.person_id], []).append(_exchange(row))
    return reminders(histories, now=now)


# People's identities and the journal's own settings


def identities_of(session: Session, person_id: int) -> list[models.Identity]:
    """How a person appears in each app, in the order they were recorded."""
    return list(
        session.scalars(
            select(models.Identity)
            .where(models.Identity.person_id == person_id)
            .order_by(models.Identity.id)
        )
    )


def setting(session: Session, key: str) -> str | None:
    """A value the journal keeps for itself (the ``settings`` table), or ``None``."""
    row = session.get(models.Setting, key)
    return row.value if row is not None else None


def save_setting(session: Session, key: str, value: str) -> None:
    """Keep ``value`` under ``key`` in the ``settings`` table (replacing any older value)."""
    row = session.get(models.Setting, key)
    if row is None:
        session.add(models.Setting(key=key, value=value))
    else:
        row.value = value
    session.flush()


# Conversations as stored


def conversation(session: Session, conversation_id: int) -> models.Conversation:
    """The stored conversation ``#conversation_id``, or :class:`NotFoundError`."""
    row = session.get(models.Conversation, conversation_id)
    if row is None:
        raise NotFoundError(phrase("no conversation #%(number)s", number=conversation_id))
    return row


def conversation_of(session: Session, conversation_id: int) -> Chat:
    """A stored conversation as the analysis reads it: its messages in position order (each
    with its stored sender, text, time, kind and metadata, numbered from 0 in that order), its
    participants in order of first message, those who are the owner (``Person.is_me``) marked
    so. What a transcript said of speaking times is not stored: there is no ``duration``."""
    row = conversation(session, conversation_id)
    owners = set(session.scalars(select(models.Person.id).where(models.Person.is_me.is_(True))))
    rows = session.execute(
        select(
            models.Message.sender,
            models.Message.text,
            models.Message.timestamp,
            models.Message.kind,
            models.Message.meta,
            models.Message.person_id,
        )
        .where(models.Message.conversation_id == conversation_id)
        .order_by(models.Message.position, models.Message.id)
    )
    messages = []
    senders: dict[str, bool] = {}
    for index, (sender, text, timestamp, kind, meta, person_id) in enumerate(rows):
        messages.append(
            make_message(index, sender, text, timestamp, cast(MessageKind, kind), meta or NO_META)
        )
        if kind != "system" and sender:
            senders[sender] = senders.get(sender, False) or person_id in owners
    return Chat(
        id=str(row.id),
        title=row.title,
        source=Source(row.source_path, row.format),
        messages=tuple(messages),
        participants=tuple(Participant(name, is_me=is_me) for name, is_me in senders.items()),
    )


def messages_of(
    session: Session, conversation_id: int, *, offset: int = 0, limit: int | None = None
) -> list[models.Message]:
    """A stored conversation's messages in the order of :func:`conversation_of` (the one at
    ``offset`` is its message number ``offset``), at most ``limit`` of them."""
    query = (
        select(models.Message)
        .where(models.Message.conversation_id == conversation_id)
        .order_by(models.Message.position, models.Message.id)
        .offset(offset)
    )
    if limit is not None:
        query = query.limit(limit)
    return list(session.scalars(query))


def senders_of(session: Session, conversation_id: int) -> dict[str, int]:
    """Who each sender of a stored conversation is: sender name → person id."""
    rows = session.execute(
        select(models.Message.sender, func.min(models.Message.person_id))
        .where(
            models.Message.conversation_id == conversation_id,
            models.Message.person_id.is_not(None),
        )
        .group_by(models.Message.sender)
    )
    return {sender: person_id for sender, person_id in rows if person_id is not None}
