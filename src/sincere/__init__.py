"""sincere: tell genuine interest from transactional pressure in your own conversations.

Use it as a library::

    import sincere

    for conversation in sincere.load("chat.txt"):
        report = sincere.analyze(conversation, me="Paul")
        for person in report.participants:
            print(person.name, person.verdict, person.interest, person.pressure)

Everything runs locally: no network, no telemetry.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from sincere.analysis.engine import analyze
from sincere.analysis.result import (
    SCHEMA,
    VERDICTS,
    ConversationAnalysis,
    Evidence,
    ParticipantAnalysis,
    Verdict,
    report_dict,
)
from sincere.errors import (
    EncodingError,
    InputError,
    InputTooLargeError,
    ParseError,
    SincereError,
    UnknownFormatError,
    UsageError,
)
from sincere.importers.registry import format_names, load_all
from sincere.model import Conversation, Message, Participant, Source

__version__ = "0.1.0"

__all__ = [
    "SCHEMA",
    "VERDICTS",
    "Conversation",
    "ConversationAnalysis",
    "EncodingError",
    "Evidence",
    "InputError",
    "InputTooLargeError",
    "Message",
    "ParseError",
    "Participant",
    "ParticipantAnalysis",
    "SincereError",
    "Source",
    "UnknownFormatError",
    "UsageError",
    "Verdict",
    "__version__",
    "analyze",
    "format_names",
    "load",
    "report_dict",
]


def load(
    path: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    format: str | None = None,
    encoding: str = "utf-8",
) -> list[Conversation]:
    """Read every conversation in a file, a directory (every supported file inside) or ``-``.

    The format is detected from the content, then the extension; ``format`` forces one
    (see :func:`format_names`). Raises an :class:`InputError` subclass naming the file and line
    when the input cannot be read.
    """
    paths = (
        [os.fspath(path)]
        if isinstance(path, str | os.PathLike)
        else [os.fspath(item) for item in path]
    )
    conversations: list[Conversation] = []
    for loaded in load_all(paths, format=format, encoding=encoding):
        conversations.extend(loaded.conversations)
    return conversations
