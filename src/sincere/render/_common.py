"""Small helpers shared by the renderers."""

from __future__ import annotations

from datetime import datetime

from sincere.analysis.result import ConversationAnalysis, ParticipantAnalysis

VERDICT_LABELS = {
    "genuine": "genuine",
    "neutral": "neutral",
    "self_centred": "self-centred",
    "transactional": "transactional",
}


def when(value: datetime | None) -> str:
    if value is None:
        return ""
    return value.strftime("%Y-%m-%d %H:%M") if value.second == 0 else value.isoformat(" ")


def span(analysis: ConversationAnalysis) -> str:
    start, end = analysis.conversation.started_at, analysis.conversation.ended_at
    if start is None or end is None:
        return ""
    seconds = (end - start).total_seconds()
    if seconds < 3600:
        length = f"{round(seconds / 60)} min"
    elif seconds < 48 * 3600:
        length = f"{seconds / 3600:.1f} h"
    else:
        length = f"{round(seconds / 86400)} days"
    return f"{when(start)} → {when(end)} ({length})"


def talk_share(person: ParticipantAnalysis) -> float:
    signals = person.signals
    return float(signals.get("talk_time_share", signals.get("word_share", 0.0)))


def signal_label(signal: str) -> str:
    return signal.replace("_", " ")
