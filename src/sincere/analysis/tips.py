"""Mirror mode: one to three concrete tips for the owner, worded in the conversation's language."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sincere.analysis.result import Verdict
from sincere.analysis.text import quote

if TYPE_CHECKING:
    from sincere.analysis.engine import Tally

MAX_TIPS = 3


def mirror_tips(
    tally: Tally, word_share: float, people: int, templates: dict[str, str], verdict: Verdict
) -> tuple[str, ...]:
    """Tips ranked by how much they would change the exchange; always at least one."""
    if tally.words == 0:
        return ()
    cues = tally.cues
    candidates: list[tuple[str, dict[str, object]]] = []
    fair = 1.0 / max(1, people)
    if tally.resurfaced:
        candidates.append(("resurfaced", {}))
    if tally.first_request_index >= 0 and (
        tally.first_interest_index < 0 or tally.first_request_index < tally.first_interest_index
    ):
        candidates.append(("ask_before_interest", {"index": tally.first_request_index + 1}))
    if cues.get("pitch"):
        candidates.append(("pitch", {"count": int(cues["pitch"])}))
    if cues.get("status_probe"):
        example = tally.evidence.get("status_probe", [])
        candidates.append(
            (
                "status_probe",
                {
                    "count": int(cues["status_probe"]),
                    "example": _excerpt(example[0].text) if example else "",
                },
            )
        )
    if people >= 2 and word_share >= max(0.6, 1.5 * fair) and tally.turns >= 2:
        candidates.append(
            ("talk_share", {"share": round(100 * word_share), "questions": tally.genuine_questions})
        )
    if tally.questions_to_others == 0 and tally.turns >= 3:
        candidates.append(("no_question", {}))
    unanswered = tally.questions_received - tally.questions_answered
    if unanswered >= 1:
        candidates.append(("unanswered", {"count": unanswered}))
    if (
        tally.follow_ups == 0
        and tally.turns >= 3
        and (tally.genuine_questions >= 3 or (tally.genuine_questions and verdict != "genuine"))
    ):
        candidates.append(("no_follow_up", {}))
    if tally.longest_turn_words >= 120:
        candidates.append(("monologue", {"words": tally.longest_turn_words}))
    average = tally.words / max(1, tally.turns)
    if tally.turns >= 3 and average < 4 and tally.questions_received:
        candidates.append(("short_replies", {"words": round(average, 1)}))
    if not candidates:
        if tally.genuine_questions or tally.follow_ups:
            candidates.append(
                ("good", {"questions": tally.genuine_questions, "follow_ups": tally.follow_ups})
            )
        candidates.append(("keep_going", {}))
    tips: list[str] = []
    for key, values in candidates:
        template = templates.get(key)
        if template is None:
            continue
        tips.append(template.format(**values))
        if len(tips) == MAX_TIPS:
            break
    return tuple(tips)


def _excerpt(text: str, limit: int = 80) -> str:
    """The start of a message, cut at a word boundary."""
    flat = quote(text)
    if len(flat) <= limit:
        return flat
    return flat[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"
