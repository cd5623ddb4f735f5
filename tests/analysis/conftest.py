"""Shared builders for the analysis tests: read one message, build a small conversation."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

import pytest

from sincere.analysis.features import MessageFeatures, read_message
from sincere.analysis.lexicon import load_lexicon
from sincere.model import Conversation, Message, MessageKind, Source, participants_in_order

#: One line of a test chat: ``(sender, text)``, ``(sender, text, when)`` or a ready ``Message``.
#: ``when`` is a datetime, or a timedelta added to the chat's ``start``.
Turn = tuple[str, str] | tuple[str, str, datetime | timedelta | None] | Message

Reader = Callable[..., MessageFeatures]
ChatBuilder = Callable[..., Conversation]


def read(text: str, lang: str, names: Sequence[str] = ()) -> MessageFeatures:
    """The features of one message, read with the ``lang`` lexicon."""
    return read_message(text, load_lexicon(lang), frozenset(name.casefold() for name in names))


def build_chat(
    turns: Sequence[Turn],
    *,
    title: str = "test chat",
    start: datetime | None = None,
    every: timedelta | None = None,
    kind: MessageKind = "text",
) -> Conversation:
    """A conversation from ``turns``, in order.

    With ``start`` and ``every``, turns without a time get ``start + i * every``; a timedelta
    given in a turn is an offset from ``start``.
    """
    messages: list[Message] = []
    for index, turn in enumerate(turns):
        if isinstance(turn, Message):
            messages.append(turn)
            continue
        sender, text, *rest = turn
        when = rest[0] if rest else None
        if isinstance(when, timedelta):
            assert start is not None, "a relative time needs a start"
            when = start + when
        elif when is None and start is not None and every is not None:
            when = start + index * every
        messages.append(Message(index, sender, text, timestamp=when, kind=kind))
    items = tuple(messages)
    return Conversation(
        id=title,
        title=title,
        source=Source("<test>", "plain"),
        messages=items,
        participants=participants_in_order(items),
    )


@pytest.fixture
def read_features() -> Reader:
    return read


@pytest.fixture
def chat() -> ChatBuilder:
    return build_chat
