"""Helpers shared by the transcript importer tests (WebVTT, SubRip).

:class:`TranscriptFormat` wraps one importer with its fixtures folder (reading, expected-JSON
comparison, error, round-trip and fuzz checks); beside it, Hypothesis strategies for random
cues and fuzz input. Plain code rather than fixtures, since ``@given`` and
``@pytest.mark.parametrize`` need their values when the test module is imported.

Imported as ``from _helpers import …``: this folder has no ``__init__.py``, so pytest's default
``prepend`` import mode puts it on ``sys.path`` when it collects the tests beside it (so no other
test folder should hold a ``_helpers.py``).
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import strategies as st

from sincere.errors import InputError
from sincere.importers import registry
from sincere.importers._transcript import TRANSCRIPT_EPOCH
from sincere.model import Conversation

DATA = Path(__file__).parents[1] / "data"

#: The fixture variants every transcript format has, beside its own (``tests/data/<format>``).
COMMON_VARIANTS = frozenset({"multi_speaker_cue", "no_speaker_continuation", "bom_crlf", "hours"})

#: Pieces of transcript syntax the fuzz tests of every format combine, beside their own.
COMMON_FRAGMENTS = (
    b"1",
    b"\n",
    b"\r\n",
    b"\r",
    b" --> ",
    b"-->",
    b"<v A>",
    b"<",
    b">",
    b"&amp;",
    b"&#x110000;",
    b"A: ",
    b"- ",
    b"\xff",
    b"\xef\xbb\xbf",
    b"\x00",
    b" ",
)


def pairs(conversation: Conversation) -> list[tuple[str, str]]:
    return [(m.sender, m.text) for m in conversation.messages]


def summary(conversation: Conversation) -> dict[str, Any]:
    """The shape of the ``*.expected.json`` files beside the fixtures."""
    durations: dict[str, float] = {}
    for message in conversation.messages:
        total = durations.get(message.sender, 0.0) + (message.duration or 0.0)
        durations[message.sender] = round(total, 3)
    assert conversation.started_at is not None and conversation.ended_at is not None
    return {
        "message_count": len(conversation.messages),
        "senders": list(conversation.participant_names()),
        "first_timestamp": conversation.started_at.isoformat(),
        "last_timestamp": conversation.ended_at.isoformat(),
        "duration_by_sender": durations,
        "messages": [[m.sender, m.text] for m in conversation.messages],
    }


# Random transcripts, for the property tests.

WORD = st.text(alphabet=st.characters(categories=["L"]), min_size=1, max_size=10)
SPEAKER = st.lists(WORD, min_size=1, max_size=3).map(" ".join)
TEXT = st.text(
    alphabet=st.characters(exclude_categories=["Cc", "Cs", "Zl", "Zp"]), min_size=1, max_size=40
).filter(lambda text: "-->" not in text and bool(text.split()))
# A cue without a speaker must not look like "Name: text".
BARE_TEXT = TEXT.filter(lambda text: ":" not in text)

#: ``(start_ms, end_ms, speaker or None, text, style)``: one random cue.
Cue = tuple[int, int, str | None, str, str]


@st.composite
def transcript_cues(draw: st.DrawFn, styles: Sequence[str] = ("colon",)) -> list[Cue]:
    """A few cues in time order, each written in one of ``styles``."""
    count = draw(st.integers(min_value=1, max_value=8))
    start = draw(st.integers(min_value=0, max_value=999 * 3_600_000))
    found = []
    for _ in range(count):
        length = draw(st.integers(min_value=0, max_value=60_000))
        speaker = draw(st.none() | SPEAKER)
        text = draw(TEXT if speaker else BARE_TEXT)
        found.append((start, start + length, speaker, text, draw(st.sampled_from(styles))))
        start += length + draw(st.integers(min_value=0, max_value=5_000))
    return found


def fuzz_bytes(*fragments: bytes) -> st.SearchStrategy[bytes]:
    """Random bytes, or :data:`COMMON_FRAGMENTS` and ``fragments`` strung together."""
    pieces = st.sampled_from([*fragments, *COMMON_FRAGMENTS])
    return st.binary(max_size=512) | st.lists(pieces, max_size=40).map(b"".join)


@dataclass(frozen=True)
class TranscriptFormat:
    """A transcript importer under test; its fixtures are in ``tests/data/<name>/*<suffix>``."""

    importer: ModuleType
    suffix: str
    #: What comes before the milliseconds in a cue time: ``.`` in WebVTT, ``,`` in SubRip.
    separator: str

    @property
    def fixtures(self) -> list[Path]:
        return sorted((DATA / self.importer.name).glob(f"*{self.suffix}"))

    def fixture(self, stem: str) -> bytes:
        return (DATA / self.importer.name / f"{stem}{self.suffix}").read_bytes()

    def read(self, data: bytes, path: str = "", encoding: str = "utf-8") -> Conversation:
        """The one conversation read from ``data`` (as ``talk<suffix>`` when no path is given)."""
        stream = io.BytesIO(data)
        conversations = list(
            self.importer.parse(stream, path or f"talk{self.suffix}", encoding=encoding)
        )
        assert len(conversations) == 1
        return conversations[0]

    def read_error(
        self, data: bytes, path: str, error: type[InputError], match: str | None = None
    ) -> InputError:
        """The ``error`` (matching ``match``) reading ``data`` raises; it names ``path``."""
        with pytest.raises(error, match=match) as info:
            self.read(data, path)
        assert info.value.path == path
        return info.value

    def timing(self, start_ms: int, end_ms: int) -> str:
        """The timing line of a cue from ``start_ms`` to ``end_ms``."""
        return f"{self._time(start_ms)} --> {self._time(end_ms)}"

    def _time(self, milliseconds: int) -> str:
        hours, rest = divmod(milliseconds, 3_600_000)
        minutes, rest = divmod(rest, 60_000)
        seconds, millis = divmod(rest, 1000)
        return f"{hours:02d}:{minutes:02d}:{seconds:02d}{self.separator}{millis:03d}"

    def assert_first_message(
        self, conversation: Conversation, *, offset_ms: int, duration: float
    ) -> None:
        """The first message is a text message at ``offset_ms`` into the recording."""
        first = conversation.messages[0]
        assert first.index == 0
        assert first.kind == "text"
        assert first.timestamp == TRANSCRIPT_EPOCH + timedelta(milliseconds=offset_ms)
        assert first.duration == pytest.approx(duration)

    def assert_covers(self, *variants: str) -> None:
        """The fixtures hold ``variants`` and :data:`COMMON_VARIANTS`."""
        assert COMMON_VARIANTS.union(variants) <= {path.stem for path in self.fixtures}

    def assert_matches_expected(self, path: Path) -> None:
        """The fixture at ``path`` loads as this format and matches its ``.expected.json``."""
        expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
        loaded = registry.load_file(path)
        assert loaded.format == self.importer.name
        assert len(loaded.conversations) == 1
        assert summary(loaded.conversations[0]) == expected

    def assert_round_trip(self, blocks: Sequence[str], cues: Sequence[Cue]) -> None:
        """The file of ``blocks`` (one a cue) reads back as the messages ``cues`` stand for."""
        conversation = self.read(("\n\n".join(blocks) + "\n").encode())
        got = [(m.sender, m.text, m.timestamp, m.duration) for m in conversation.messages]
        expected: list[tuple[str, str, datetime | None, float | None]] = []
        current = "Unknown"
        for start, end, speaker, text, _ in cues:
            current = speaker or current
            at = TRANSCRIPT_EPOCH + timedelta(milliseconds=start)
            expected.append((current, " ".join(text.split()), at, (end - start) / 1000))
        assert got == expected

    def assert_only_input_errors(self, data: bytes, prefix: bytes) -> None:
        """Sniffing and reading ``data``, alone or after ``prefix``, fail only with InputError."""
        path = f"fuzz{self.suffix}"
        for start in (b"", prefix):
            try:
                self.importer.sniff(start + data)
                list(self.importer.parse(io.BytesIO(start + data), path))
            except InputError as error:
                assert error.path == path
