"""What the journal knows of one person: their exchanges with the owner, in time order.

An :class:`Exchange` is either one analysed conversation (what that person showed in it) or one
entry the owner logged by hand (``sincere log``). The trust model and the reminders read nothing
else, so they can be tested without a database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

#: What an owner's manual entry records (``sincere log --kind``).
EntryKind = Literal["met", "helped-me", "i-helped", "asked-me", "i-asked", "note"]
ENTRY_KINDS: tuple[EntryKind, ...] = ("met", "helped-me", "i-helped", "asked-me", "i-asked", "note")

#: The analysis's verdicts (see :mod:`sincere.analysis.result`).
Verdict = Literal["genuine", "neutral", "self_centred", "transactional"]

#: Kinds of ask the ledger records (favour, intro, free advice, referral, share/like, money…).
AskKind = Literal[
    "favour", "intro", "advice", "referral", "share", "money", "call", "review", "other"
]


@dataclass(frozen=True, slots=True)
class Exchange:
    """One interaction between the owner and a person, seen from that person's side.

    For a conversation: ``verdict``, ``interest`` and ``pressure`` are the analysis's for that
    person; ``messages`` how many messages they wrote; ``asks`` the asks they made of the owner
    (their kinds), ``asks_answered`` how many of those the owner granted or declined (the rest
    are open), ``gave_unasked`` whether they offered or gave help nobody asked for, ``pitches``
    how many messages pitched something, and ``owner_asks`` / ``owner_gave`` the same from the
    owner's side in that exchange. For an entry: ``entry`` is its kind; the numbers are 0.
    """

    at: datetime
    source: Literal["conversation", "entry"]
    verdict: Verdict | None = None
    interest: float = 0.0
    pressure: float = 0.0
    messages: int = 0
    asks: tuple[AskKind, ...] = ()
    asks_answered: int = 0
    gave_unasked: bool = False
    pitches: int = 0
    owner_asks: int = 0
    owner_gave: bool = False
    entry: EntryKind | None = None
    #: A short label for explanations ("WhatsApp: Maya", "met at the Maddyness event").
    label: str = ""
    #: Set by the store to tell exchanges apart in explanations (conversation or entry id).
    ref: str = field(default="", compare=False)
