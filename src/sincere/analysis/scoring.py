"""From running totals to scores, a verdict, evidence and tips. Pure arithmetic, documented.

``interest`` (0–100) adds up saturating credits for what genuine interest looks like: questions
aimed at the others (follow-ups count most), care, empathy, invitations and help with no agenda,
appreciation, asking for their opinion, taking up what they said, answering them, off-work talk
and long sittings. Counts saturate (``1 - exp(-count / scale)``) so no single habit buys a high
score.

``pressure`` (0–100) adds up weighted transactional cues (pitches, asks, status probes, contact
harvesting, commissions, job-search announcements, a request on resurfacing, a pitch after a
"not trying to sell you anything"), softened asks counting half, then scales by how much of the
person's messages carry them, so a friend's one favour in a long chat weighs less than a
stranger's three asks in three messages.

The verdict weighs both over the whole exchange (see :func:`verdict`). docs/analysis.md explains
every weight.
"""

from __future__ import annotations

import math
from operator import attrgetter
from statistics import median
from typing import TYPE_CHECKING

from sincere.analysis.lexicon import Lexicon
from sincere.analysis.result import Evidence, ParticipantAnalysis, Verdict
from sincere.analysis.text import quote
from sincere.analysis.tips import mirror_tips
from sincere.model import Message

if TYPE_CHECKING:
    from sincere.analysis.engine import Tally


#: The cues whose messages are kept whole in ``ParticipantAnalysis.cited``: the asks and offers
#: of help the journal's ledger records, and pitches.
LEDGER_SIGNALS = frozenset(
    {
        "ask_favour",
        "ask_advice",
        "ask_free",
        "ask_review",
        "ask_intro",
        "network_probe",
        "ask_referral",
        "ask_share",
        "ask_call",
        "ask_money",
        "commission",
        "job_search",
        "quid_pro_quo",
        "help_offer",
        "pitch",
    }
)


def evidence(signal: str, message: Message) -> Evidence:
    """``message`` quoted as evidence of ``signal``."""
    return Evidence(signal, message.index, message.timestamp, quote(message.text))


#: Weight of each transactional cue in ``pressure`` (per occurrence).
PRESSURE_WEIGHTS: dict[str, float] = {
    "pitch": 1.0,
    "ask_favour": 0.8,
    "ask_advice": 0.7,
    "ask_advice_casual": 0.15,
    "ask_review": 0.9,
    "ask_intro": 1.0,
    "network_probe": 0.8,
    "network_probe_casual": 0.0,
    "ask_referral": 1.0,
    "ask_share": 0.8,
    "ask_call": 0.9,
    "ask_money": 1.0,
    "ask_free": 0.8,
    "status_probe": 0.8,
    "contact_harvest": 0.6,
    "commission": 0.8,
    "quid_pro_quo": 0.5,
    "job_search": 0.7,
    "self_need": 0.35,
    "dismiss_need": 0.5,
    "disclaimed_pitch": 0.5,
}
RESURFACED_WEIGHT = 1.5
#: ``pressure = 100 * (1 - exp(-weighted / PRESSURE_SCALE))``
PRESSURE_SCALE = 2.0

#: (weight, scale): credit = weight * (1 - exp(-count / scale)).
INTEREST_CREDITS: dict[str, tuple[float, float]] = {
    "genuine_questions": (0.20, 1.5),
    "follow_up_questions": (0.18, 1.5),
    "care": (0.14, 1.5),
    "invitation": (0.12, 1.0),
    "help": (0.12, 1.0),
    "appreciation": (0.08, 1.5),
    "opinion_ask": (0.06, 1.0),
}
_CREDITS = tuple(INTEREST_CREDITS.values())
UPTAKE_WEIGHT = 0.12
RECIPROCITY_WEIGHT = 0.08
OFFWORK_WEIGHT = 0.08
LONG_EXCHANGE_WEIGHT = 0.05
#: Each polite refusal ("I'll pass", "pas intéressé") takes this much off interest (at most 3).
DECLINE_PENALTY = 0.10
#: Replies this long (in words, on average) count fully as uptake; shorter ones count less.
SUBSTANTIAL_REPLY_WORDS = 6.0

GENUINE_AT = 20
WARMTH_MARGIN = 10
TRANSACTIONAL_AT = 30

_EVIDENCE_LIMIT = 6
_PRESSURE_EVIDENCE = (
    "resurfaced_with_ask",
    "disclaimed_pitch",
    "pitch",
    "status_probe",
    "ask_intro",
    "ask_referral",
    "ask_favour",
    "ask_review",
    "ask_advice",
    "ask_call",
    "ask_money",
    "ask_free",
    "ask_share",
    "network_probe",
    "contact_harvest",
    "commission",
    "job_search",
    "quid_pro_quo",
    "dismiss_need",
    "self_need",
)
_INTEREST_EVIDENCE = (
    "follow_up_question",
    "care",
    "help_offer",
    "invitation",
    "question",
    "empathy",
    "opinion_ask",
    "help_granted",
    "appreciation",
)


def _saturate(count: float, scale: float) -> float:
    return 1.0 - math.exp(-count / scale) if count > 0 else 0.0


def pressure_score(tally: Tally) -> tuple[int, float]:
    """``(pressure 0–100, weighted cue total)``."""
    weighted = sum(PRESSURE_WEIGHTS.get(signal, 0.0) * n for signal, n in tally.cues.items())
    weighted += RESURFACED_WEIGHT * tally.resurfaced
    if weighted <= 0 or tally.messages == 0:
        return 0, 0.0
    share = tally.pressure_messages / tally.messages
    density = 0.5 + 0.5 * min(1.0, 4 * share)
    return round(100 * _saturate(weighted * density, PRESSURE_SCALE)), weighted


def interest_score(tally: Tally, offwork_share: float, topic_hits: int) -> int:
    cues = tally.cues
    counts = (
        tally.genuine_questions,
        tally.follow_ups,
        cues.get("care", 0.0) + 0.7 * cues.get("empathy", 0.0),
        cues.get("invitation", 0.0),
        cues.get("help_offer", 0.0) + 0.5 * cues.get("help_granted", 0.0),
        cues.get("appreciation", 0.0),
        cues.get("opinion_ask", 0.0),
    )
    total = 0.0
    for count, (weight, scale) in zip(counts, _CREDITS, strict=True):
        total += weight * _saturate(count, scale)
    if tally.replies:
        depth = min(1.0, (tally.words / max(1, tally.turns)) / SUBSTANTIAL_REPLY_WORDS)
        total += UPTAKE_WEIGHT * (tally.uptakes / tally.replies) * depth
    if tally.questions_received:
        total += RECIPROCITY_WEIGHT * tally.questions_answered / tally.questions_received
    total += OFFWORK_WEIGHT * offwork_share * min(1.0, topic_hits / 3)
    total += LONG_EXCHANGE_WEIGHT * min(1.0, tally.long_exchange_hours / 2)
    total -= DECLINE_PENALTY * min(3.0, cues.get("decline", 0.0))
    return round(100 * min(1.0, max(0.0, total)))


def verdict(tally: Tally, interest: int, pressure: int, talk_share: float, people: int) -> Verdict:
    """Weigh the whole exchange.

    - ``transactional``: real pressure that the person's interest in the others does not
      outweigh — or pressure with no sign of interest beyond polite formulas.
    - ``self_centred``: takes a large share of the talk, about themselves, without questions or
      take-up, and asks for nothing.
    - ``genuine``: enough interest in the others.
    - ``neutral``: anything else (brief, logistic, disengaged).
    """
    if tally.words == 0:
        return "neutral"
    cues = tally.cues
    # Personal warmth: care, invitations, help offered, follow-ups. It earns a margin: someone
    # who asks about your sick father and offers help may then ask a favour and stay genuine.
    warm = tally.follow_ups + sum(cues.get(s, 0.0) for s in ("care", "invitation", "help_offer"))
    engaged = warm + tally.genuine_questions
    margin = WARMTH_MARGIN if warm else 0
    if pressure >= TRANSACTIONAL_AT and (pressure >= interest + margin or engaged == 0):
        return "transactional"
    if pressure >= 2 * TRANSACTIONAL_AT and interest < pressure + 15:
        return "transactional"
    if _self_centred(tally, pressure, talk_share, people):
        return "self_centred"
    if interest >= GENUINE_AT:
        return "genuine"
    return "neutral"


def _self_centred(tally: Tally, pressure: int, talk_share: float, people: int) -> bool:
    """Holds the floor, talks about themselves, and reaches out to no one."""
    if pressure >= TRANSACTIONAL_AT or tally.turns < 3 or tally.words < 40 or people < 2:
        return False
    if talk_share < max(0.6, 1.5 / people):
        return False
    cues = tally.cues
    reaching_out = (
        tally.genuine_questions
        + tally.follow_ups
        + sum(cues.get(s, 0.0) for s in ("opinion_ask", "care", "invitation", "help_offer"))
    )
    if reaching_out > tally.turns / 8:
        return False
    about_self = tally.first_person / max(1, tally.first_person + tally.second_person)
    return about_self >= 0.65 and tally.first_person >= 0.04 * tally.words


def _by_share(item: tuple[str, int]) -> tuple[int, str]:
    return -item[1], item[0]


def _topic_shares(tally: Tally, lexicon: Lexicon) -> tuple[float, float, int, dict[str, float]]:
    hits = sum(tally.topics.values())
    if not hits:
        return 0.0, 0.0, 0, {}
    offwork = sum(n for t, n in tally.topics.items() if lexicon.topic_kind.get(t) == "offwork")
    # Largest share first; ties by name, so that the order does not depend on hashing.
    shares = {t: n / hits for t, n in sorted(tally.topics.items(), key=_by_share)}
    return offwork / hits, 1 - offwork / hits, hits, shares


def _ranks(*groups: tuple[str, ...]) -> dict[str, int]:
    return {signal: rank for rank, signal in enumerate(s for group in groups for s in group)}


#: Per verdict, the order in which signals are shown as evidence.
_EVIDENCE_ORDER: dict[str, dict[str, int]] = {
    "transactional": _ranks(_PRESSURE_EVIDENCE, _INTEREST_EVIDENCE),
    "genuine": _ranks(_INTEREST_EVIDENCE, _PRESSURE_EVIDENCE),
    "neutral": _ranks(("decline",), _PRESSURE_EVIDENCE, _INTEREST_EVIDENCE),
    "self_centred": _ranks(("decline",), _PRESSURE_EVIDENCE, _INTEREST_EVIDENCE),
}


_BY_INDEX = attrgetter("message_index")


def _evidence(tally: Tally, chosen: Verdict) -> tuple[Evidence, ...]:
    rank = _EVIDENCE_ORDER[chosen]
    picked: list[Evidence] = []
    seen: set[int] = set()
    if chosen == "self_centred":
        for signal, message in (
            ("longest_turn", tally.longest_turn),
            ("self_talk", tally.most_self),
        ):
            if message is not None and message.index not in seen:
                seen.add(message.index)
                picked.append(evidence(signal, message))
    # Round-robin over signals so one repeated signal does not hide the others.
    shown = sorted((signal for signal in tally.evidence if signal in rank), key=rank.__getitem__)
    kept = [(signal, tally.evidence[signal]) for signal in shown]
    for depth in range(3):
        for signal, messages in kept:
            if depth < len(messages) and messages[depth].index not in seen:
                seen.add(messages[depth].index)
                picked.append(evidence(signal, messages[depth]))
                if len(picked) >= _EVIDENCE_LIMIT:
                    return tuple(sorted(picked, key=_BY_INDEX))
    return tuple(sorted(picked, key=_BY_INDEX))


def score_participant(
    tally: Tally, total_words: int, total_seconds: float, people: int, lexicon: Lexicon
) -> ParticipantAnalysis:
    """Scores, verdict, signals, evidence and (for the owner) tips of one participant."""
    word_share = tally.words / total_words if total_words else 0.0
    talk_share = tally.seconds / total_seconds if total_seconds else word_share
    offwork, work, hits, topic_shares = _topic_shares(tally, lexicon)
    if tally.words == 0:
        interest, pressure, weighted = 0, 0, 0.0
    else:
        pressure, weighted = pressure_score(tally)
        interest = interest_score(tally, offwork, hits)
    chosen = verdict(tally, interest, pressure, talk_share, people)
    signals: dict[str, float] = {
        "messages": tally.messages,
        "words": tally.words,
        "word_share": round(word_share, 3),
        "turns": tally.turns,
        "longest_turn_words": tally.longest_turn_words,
        "questions": tally.questions,
        "questions_to_others": tally.questions_to_others,
        "genuine_questions": tally.genuine_questions,
        "follow_up_questions": tally.follow_ups,
        "uptake_rate": round(tally.uptakes / tally.replies, 3) if tally.replies else 0.0,
        "questions_received": tally.questions_received,
        "questions_answered": tally.questions_answered,
        "first_person_per_100_words": round(100 * tally.first_person / max(1, tally.words), 2),
        "second_person_per_100_words": round(100 * tally.second_person / max(1, tally.words), 2),
        "self_focus": round(
            tally.first_person / max(1, tally.first_person + tally.second_person), 3
        ),
        "offwork_topic_share": round(offwork, 3),
        "work_topic_share": round(work, 3),
        "pressure_weight": round(weighted, 2),
    }
    if total_seconds:
        signals["seconds"] = round(tally.seconds, 1)
        signals["talk_time_share"] = round(talk_share, 3)
    if tally.delays:
        signals["median_reply_delay_seconds"] = round(median(tally.delays), 1)
    if tally.long_exchange_hours:
        signals["long_exchange_hours"] = tally.long_exchange_hours
    if tally.resurfaced:
        signals["resurfaced_with_ask"] = tally.resurfaced
    for signal, amount in sorted(tally.cues.items()):
        signals[signal] = round(amount, 2)
    for topic, share in topic_shares.items():
        signals[f"topic_{topic}"] = round(share, 3)
    chosen_evidence = _evidence(tally, chosen) if tally.words else ()
    tips = mirror_tips(tally, word_share, people, lexicon.tips, chosen) if tally.is_me else ()
    return ParticipantAnalysis(
        name=tally.name,
        is_me=tally.is_me,
        verdict=chosen,
        interest=interest,
        pressure=pressure,
        signals=signals,
        evidence=chosen_evidence,
        tips=tips,
        cited={
            signal: tuple(evidence(signal, message) for message in messages)
            for signal, messages in tally.evidence.items()
            if signal in LEDGER_SIGNALS
        },
    )
