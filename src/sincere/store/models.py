"""The database tables, as SQLAlchemy 2 declarative models.

::

    people ─┬─ identities        how a person appears in each app (names, phones, emails, ids)
            ├─ messages          what they wrote (in conversations)
            ├─ interactions      one per conversation they took part in, or per journal entry
            ├─ ledger            asks and gives, with who asked or gave, and their evidence
            └─ entries           what the owner logged by hand (``sincere log``)
    conversations ── messages, interactions, ledger

Every child row goes with its person (``ON DELETE CASCADE``): forgetting someone deletes what
they wrote and everything known about them. Timestamps are stored without a time zone: local
times as the apps wrote them, times the apps gave in UTC converted to naive UTC.

The ``people`` row carries the figures ``sincere people`` lists (trust, state, last genuine
interaction, asks and gives), recomputed when an import or an entry changes them, so that
listing 100,000 people never reads their messages.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

#: Constraint names that are the same on every database (Alembic needs them to alter tables).
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: Integer primary keys: 64-bit on PostgreSQL, SQLite's rowid (which is 64-bit) there.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Person(Base):
    __tablename__ = "people"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    is_me: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    # What ``sincere people`` lists, kept up to date by the journal.
    trust: Mapped[float] = mapped_column(Float, default=0.0)
    state: Mapped[str] = mapped_column(String(20), default="new")
    flagged: Mapped[bool] = mapped_column(Boolean, default=False)
    last_interaction_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_genuine_at: Mapped[datetime | None] = mapped_column(DateTime)
    #: Asks they made of the owner, and help they gave unasked.
    asks: Mapped[int] = mapped_column(Integer, default=0)
    gives: Mapped[int] = mapped_column(Integer, default=0)
    interactions_count: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (
        Index("ix_people_trust", "trust"),
        Index("ix_people_last_interaction_at", "last_interaction_at"),
        Index("ix_people_name", "name"),
    )


class Identity(Base):
    """One way a person appears: ``scheme`` is ``name`` (then ``app`` is the import format),
    ``phone``, ``email``, ``telegram``, ``linkedin``… and ``value`` is normalised for matching;
    ``shown`` is as the app wrote it."""

    __tablename__ = "identities"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    scheme: Mapped[str] = mapped_column(String(20))
    app: Mapped[str] = mapped_column(String(40), default="")
    value: Mapped[str] = mapped_column(String(500))
    shown: Mapped[str] = mapped_column(String(500))

    __table_args__ = (
        UniqueConstraint("scheme", "app", "value", name="uq_identities_scheme_app_value"),
        Index("ix_identities_person_id", "person_id"),
    )


class Conversation(Base):
    """A chat as imported: ``key`` names it across exports (format and the app's chat identity,
    else its title), so a newer export of the same chat adds to it."""

    __tablename__ = "conversations"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)
    format: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(300))
    source_path: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(10), default="")
    started_at: Mapped[datetime | None] = mapped_column(DateTime)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime)
    message_count: Mapped[int] = mapped_column(Integer, default=0)
    imported_at: Mapped[datetime] = mapped_column(DateTime)


class Message(Base):
    """A message, keyed within its conversation by a hash of its time, sender, text and ordinal
    (so importing the same export twice adds nothing)."""

    __tablename__ = "messages"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(32))
    position: Mapped[int] = mapped_column(Integer)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    sender: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text)
    timestamp: Mapped[datetime | None] = mapped_column(DateTime)
    meta: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    __table_args__ = (
        UniqueConstraint("conversation_id", "key", name="uq_messages_conversation_id_key"),
        Index("ix_messages_conversation_id_position", "conversation_id", "position"),
        Index("ix_messages_person_id", "person_id"),
    )


class Entry(Base):
    """Something the owner logged by hand: ``sincere log TEXT --with PERSON``."""

    __tablename__ = "entries"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (Index("ix_entries_person_id", "person_id"),)


class Interaction(Base):
    """One exchange with a person: what the analysis found in one conversation for them, or one
    entry. The columns are those of :class:`sincere.journal.events.Exchange`."""

    __tablename__ = "interactions"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    conversation_id: Mapped[int | None] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE")
    )
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("entries.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(DateTime)
    source: Mapped[str] = mapped_column(String(20))
    verdict: Mapped[str | None] = mapped_column(String(20))
    interest: Mapped[float] = mapped_column(Float, default=0.0)
    pressure: Mapped[float] = mapped_column(Float, default=0.0)
    messages: Mapped[int] = mapped_column(Integer, default=0)
    asks: Mapped[list[str]] = mapped_column(JSON, default=list)
    asks_answered: Mapped[int] = mapped_column(Integer, default=0)
    gave_unasked: Mapped[bool] = mapped_column(Boolean, default=False)
    pitches: Mapped[int] = mapped_column(Integer, default=0)
    owner_asks: Mapped[int] = mapped_column(Integer, default=0)
    owner_gave: Mapped[bool] = mapped_column(Boolean, default=False)
    entry: Mapped[str | None] = mapped_column(String(20))
    label: Mapped[str] = mapped_column(String(300), default="")

    __table_args__ = (
        UniqueConstraint(
            "person_id", "conversation_id", name="uq_interactions_person_id_conversation_id"
        ),
        Index("ix_interactions_person_id_at", "person_id", "at"),
    )


class LedgerItem(Base):
    """An ask (``direction`` ``ask``: who asked whom for what) or a give (help offered or given
    without being asked), detected in a message or entered by hand, with its status."""

    __tablename__ = "ledger"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    direction: Mapped[str] = mapped_column(String(10))
    category: Mapped[str] = mapped_column(String(20))
    from_person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    to_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    conversation_id: Mapped[int | None] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE")
    )
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id", ondelete="CASCADE"))
    at: Mapped[datetime | None] = mapped_column(DateTime)
    evidence: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default="open")
    origin: Mapped[str] = mapped_column(String(10), default="detected")
    created_at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (
        Index("ix_ledger_from_person_id", "from_person_id"),
        Index("ix_ledger_to_person_id", "to_person_id"),
    )


class Setting(Base):
    """A value the journal keeps for itself (the card's secret, which derives every recipient's
    marks): not the user's settings, which live in the config file."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class CardLink(Base):
    """A capability link to the owner's card, issued to one person. Only a hash of its token is
    kept; the token itself is shown once, when the link is issued."""

    __tablename__ = "card_links"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime)
    max_views: Mapped[int | None] = mapped_column(Integer)
    views: Mapped[int] = mapped_column(Integer, default=0)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    #: The person's trust when the link was issued, and the reason given to issue it anyway.
    trust_at_issue: Mapped[float] = mapped_column(Float, default=0.0)
    anyway: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ix_card_links_person_id", "person_id"),)


class CardView(Base):
    """One view of a card link: when, and the browser family (never the address, unless the
    owner asked for it)."""

    __tablename__ = "card_views"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    link_id: Mapped[int] = mapped_column(ForeignKey("card_links.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(DateTime)
    kind: Mapped[str] = mapped_column(String(10))
    agent: Mapped[str] = mapped_column(String(40), default="")
    address: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (Index("ix_card_views_link_id", "link_id"),)
