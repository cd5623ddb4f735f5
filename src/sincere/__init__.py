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

import importlib
import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from sincere.errors import (
    EncodingError,
    InputError,
    InputTooLargeError,
    ParseError,
    SincereError,
    UnknownFormatError,
    UsageError,
)
from sincere.model import Conversation, Message, Participant, Source

if TYPE_CHECKING:
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
    from sincere.importers.registry import format_names

#: Names loaded on first use (PEP 562), so that ``import sincere`` — and every command of the
#: CLI that does not analyse — starts without loading the analysis and the importers.
_LAZY = {
    "analyze": "sincere.analysis.engine",
    "SCHEMA": "sincere.analysis.result",
    "VERDICTS": "sincere.analysis.result",
    "ConversationAnalysis": "sincere.analysis.result",
    "Evidence": "sincere.analysis.result",
    "ParticipantAnalysis": "sincere.analysis.result",
    "Verdict": "sincere.analysis.result",
    "report_dict": "sincere.analysis.result",
    "format_names": "sincere.importers.registry",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'sincere' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


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
    from sincere.importers.registry import load_all

    conversations: list[Conversation] = []
    for loaded in load_all(paths, format=format, encoding=encoding):
        conversations.extend(loaded.conversations)
    return conversations
