"""What the analysis returns: plain frozen values that the interfaces format."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from sincere.model import Conversation

Verdict = Literal["genuine", "neutral", "self_centred", "transactional"]
VERDICTS: tuple[Verdict, ...] = ("genuine", "neutral", "self_centred", "transactional")

#: Identifies the JSON layout produced by :meth:`AnalysisReport.to_dict`.
SCHEMA = "sincere.analysis/1"


@dataclass(frozen=True, slots=True)
class Evidence:
    """A message that drove a verdict, and the signal it showed."""

    signal: str
    message_index: int
    timestamp: datetime | None
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "signal": self.signal,
            "message_index": self.message_index,
            "timestamp": _iso(self.timestamp),
            "text": self.text,
        }


@dataclass(frozen=True, slots=True)
class ParticipantAnalysis:
    """The verdict on one participant, with scores, raw signals, evidence and (for you) tips."""

    name: str
    is_me: bool
    verdict: Verdict
    interest: int
    pressure: int
    signals: Mapping[str, float]
    evidence: tuple[Evidence, ...]
    tips: tuple[str, ...] = ()
    #: Per cue signal (asks, offers of help, pitches…), the first messages that showed it (up to
    #: three each), chosen as evidence or not: what the journal's ledger records. Not part of
    #: the JSON report.
    cited: Mapping[str, tuple[Evidence, ...]] = field(default_factory=dict, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "is_me": self.is_me,
            "verdict": self.verdict,
            "interest": self.interest,
            "pressure": self.pressure,
            "signals": dict(self.signals),
            "evidence": [item.to_dict() for item in self.evidence],
            "tips": list(self.tips),
        }


@dataclass(frozen=True, slots=True)
class ConversationAnalysis:
    """The analysis of one conversation."""

    conversation: Conversation
    language: str
    participants: tuple[ParticipantAnalysis, ...]

    @property
    def message_count(self) -> int:
        return len(self.conversation.messages)

    def participant(self, name: str) -> ParticipantAnalysis:
        for item in self.participants:
            if item.name == name:
                return item
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        conversation = self.conversation
        return {
            "id": conversation.id,
            "title": conversation.title,
            "source": {"path": conversation.source.path, "format": conversation.source.format},
            "language": self.language,
            "started_at": _iso(conversation.started_at),
            "ended_at": _iso(conversation.ended_at),
            "message_count": self.message_count,
            "participants": [item.to_dict() for item in self.participants],
        }


def report_dict(analyses: list[ConversationAnalysis]) -> dict[str, Any]:
    """The whole ``sincere.analysis/1`` document for a list of analyses."""
    return {"schema": SCHEMA, "conversations": [item.to_dict() for item in analyses]}


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None
