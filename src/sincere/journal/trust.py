"""How much the owner can trust a person, from their history: a number 0–100 and its reasons.

Trust is earned slowly and lost quickly. It is a sum of terms, each one a
:class:`Contribution` that ``sincere person NAME --why`` prints:

Standing start
    ``BASE`` (10) points for anyone you have exchanged with; no history at all is 0, state "new".

What an exchange earns (its *gains*)
    - a genuine conversation: ``GENUINE_MIN + GENUINE_INTEREST * interest / 100`` (2 to 6);
    - a two-way genuine conversation (you asked something of them, or helped them, in it):
      ``RECIPROCITY`` (2) more;
    - help given without being asked (``gave_unasked`` outside a transactional conversation, where
      an unasked "gift" is a sales hook, or a "helped-me" entry): ``HELP_UNASKED`` (8), the
      strongest signal;
    - a "met" entry: ``MET`` (5), like a good conversation;
    - your own help ("i-helped" entry): ``OWNER_HELP`` (1), a relationship but not their merit.

    The gains of one exchange are capped at ``EXCHANGE_CAP`` (10) whatever its length or interest,
    so one long charming chat cannot buy trust. A good exchange (one with gains) less than
    ``CLUSTER_WINDOW`` (24 hours) after the previous good exchange counts ``CLUSTER_FACTOR`` (half):
    trust needs time. The n-th good exchange then counts ``1 / sqrt(n)`` of its points
    (diminishing returns that never reach zero, so later genuine exchanges can always repair a
    fall). Both discounts are shown as their own (negative) contributions.

    "note" and "i-asked" entries and neutral conversations earn nothing.

What an exchange costs (its *costs*)
    - a transactional conversation: ``TRANSACTIONAL`` (9); self-centred: ``SELF_CENTRED`` (2);
    - in a conversation that is not genuine, its pressure score: ``PRESSURE * pressure / 100``
      (up to 10). In a genuine one the analysis already found that interest outweighed it;
    - each ask: ``ASK`` (2), and ``OPEN_ASK`` (2) more while it is unanswered
      (``len(asks) - asks_answered``, the first asks counted as the answered ones). An "asked-me"
      entry without ask kinds is one answered ask for "something";
    - each pitch: ``PITCH`` (2).

    With ``TRANSACTIONAL + ASK`` = 11 > ``EXCHANGE_CAP``, one transactional exchange with an ask
    always costs more than any single exchange can earn.

Bursts ("harassed every ten minutes")
    An exchange *pushes* once per pitch and per ask (asks in a genuine conversation excepted), and
    once if it is transactional without either. Pushing exchanges less than ``BURST_WINDOW``
    (48 hours) apart form a run; a run of at least ``BURST_MIN_PUSHES`` (3) pushes, one
    conversation included, costs ``BURST_PER_PUSH`` (3) more per push, on top of each push's own
    cost: a burst costs more than the sum of its parts.

Resurfacing
    An exchange that needs something (an ask, an "asked-me" entry, a pitch or a transactional
    verdict) after a silence longer than :func:`silence_threshold` (90 days; 3 times the person's
    usual rhythm before it if that is shorter, but never under 30 days) costs ``RESURFACED`` (10).

Fading
    Costs fade with their age: each is worth ``0.5 ** (age / FADE_HALF_LIFE)`` of itself, with a
    half-life of 365 days, so a bad exchange years ago weighs less than last week's. What has
    faded is one standing contribution, "pressure fades with time". Gains do not fade, and
    nothing else changes with the passing of time: fading only ever gives back part of what a
    fall cost, so time alone never lifts trust above where it stood before the fall. Only later
    good exchanges do.

Time known
    ``min(TIME_KNOWN_CAP, TIME_KNOWN_PER_DOUBLING * log2(1 + span / 365 days))`` where ``span``
    runs from the first to the latest *warm* exchange (genuine conversation, unasked help,
    "met", "helped-me"), when it is at least a day: 7.5 points for a year, the cap of 15 for
    three. Contacts that only asked or pitched do not make you "known" to each other.

The value is the sum of all terms kept within 0–100; when that changes the sum, a last
contribution "kept within 0–100" says by how much, so the deltas always add up to the value.
Contributions come in time order (the start at the first exchange, then each exchange's gains,
discounts, costs, burst and resurfacing), followed by the standing terms (``at`` is ``None``).

States (the first that applies wins)
    1. "flagged": a red flag (a transactional conversation, a burst, a resurfacing) less than
       ``FLAG_MEMORY`` (365 days) old, and no warm exchange since;
    2. "wary": the person's last ``WARY_WINDOW`` (3) exchanges, notes aside, earned less than they
       cost (faded costs, burst and resurfacing included);
    3. "cooling": there were warm exchanges, but none for longer than twice their usual rhythm
       (never under 30 days) or ``COOLING_DAYS`` (180 days), whichever is shorter;
    4. "trusted": value at least ``TRUSTED_AT`` (60);
    5. "warming": at least one warm exchange;
    6. "new": nothing genuine or pressing yet (no history, or only neutral exchanges and notes).

Datetimes may be naive or aware: aware ones are compared as naive UTC. Everything here is pure and
deterministic; docs/journal.md explains the model to users with a worked example.
"""

from __future__ import annotations

import math
from bisect import insort
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from statistics import median
from typing import NamedTuple

from sincere.journal.events import Exchange
from sincere.phrase import Ordinal, Phrase, phrase, plural_phrase

__all__ = [
    "STATES",
    "Contribution",
    "Step",
    "Trust",
    "over_time",
    "trust",
    "usual_rhythm",
]

#: Every state, from the most to the least pressing (the order of precedence).
STATES: tuple[str, ...] = ("flagged", "wary", "cooling", "trusted", "warming", "new")

BASE = 10.0
GENUINE_MIN = 2.0
GENUINE_INTEREST = 4.0
RECIPROCITY = 2.0
HELP_UNASKED = 8.0
MET = 5.0
OWNER_HELP = 1.0
EXCHANGE_CAP = 10.0
CLUSTER_WINDOW = timedelta(hours=24)
CLUSTER_FACTOR = 0.5

TRANSACTIONAL = 9.0
SELF_CENTRED = 2.0
PRESSURE = 10.0
ASK = 2.0
OPEN_ASK = 2.0
PITCH = 2.0

BURST_WINDOW = timedelta(hours=48)
BURST_MIN_PUSHES = 3
BURST_PER_PUSH = 3.0

RESURFACED = 10.0
SILENCE_DAYS = 90.0
SILENCE_RHYTHMS = 3.0
SILENCE_FLOOR_DAYS = 30.0

FADE_HALF_LIFE_DAYS = 365.0

TIME_KNOWN_PER_DOUBLING = 7.5
TIME_KNOWN_CAP = 15.0
TIME_KNOWN_UNIT_DAYS = 365.0

TRUSTED_AT = 60.0
COOLING_DAYS = 180.0
COOLING_RHYTHMS = 2.0
COOLING_FLOOR_DAYS = 30.0
WARY_WINDOW = 3
FLAG_MEMORY_DAYS = 365.0

_DAY = 86400.0
_ASK_WORDS = {
    "favour": phrase("a favour"),
    "intro": phrase("an intro"),
    "advice": phrase("free advice"),
    "referral": phrase("a referral"),
    "share": phrase("a share"),
    "money": phrase("money"),
    "call": phrase("a call"),
    "review": phrase("a review"),
    "other": phrase("something"),
}


@dataclass(frozen=True, slots=True)
class Contribution:
    """One reason the trust value is what it is, and how many points it adds (or removes).

    ``reason`` is a :class:`~sincere.phrase.Phrase`: English text that the web app can say in
    the reader's language."""

    at: datetime | None
    reason: str
    delta: float
    ref: str = ""


@dataclass(frozen=True, slots=True)
class Trust:
    """A person's trust (0–100), its state, and the contributions that add up to it."""

    value: float
    state: str
    contributions: tuple[Contribution, ...]
    last_genuine_at: datetime | None
    flagged: bool


# Time


def naive_utc(moment: datetime) -> datetime:
    """``moment`` as a naive datetime; aware ones become UTC first so that both kinds compare."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


def days_between(earlier: datetime, later: datetime) -> float:
    return (later - earlier).total_seconds() / _DAY


class Timed(NamedTuple):
    """An exchange with its time as naive UTC (the only time the rules compare)."""

    at: datetime
    exchange: Exchange


def in_time_order(history: Sequence[Exchange]) -> list[Timed]:
    """The history oldest first; exchanges at the same time keep their input order."""
    timed = [Timed(naive_utc(exchange.at), exchange) for exchange in history]
    timed.sort(key=lambda item: item.at)
    return timed


def rhythm_of(timeline: Sequence[Timed]) -> float | None:
    """Median days between consecutive exchanges; ``None`` with fewer than three exchanges."""
    if len(timeline) < 3:
        return None
    return median(days_between(a.at, b.at) for a, b in pairwise(timeline))


def usual_rhythm(history: Sequence[Exchange]) -> float | None:
    """How often, in days, you usually exchange with this person: the median gap between their
    exchanges (``None`` with fewer than three)."""
    return rhythm_of(in_time_order(history))


def silence_threshold(rhythm: float | None) -> float:
    """Days of silence after which a contact that needs something counts as resurfacing.

    90 days, or three times the usual rhythm when that is shorter, but never under 30 days: a
    friend you talk to every other day who asks a favour after a quiet week is not resurfacing.
    """
    if rhythm is None:
        return SILENCE_DAYS
    return max(SILENCE_FLOOR_DAYS, min(SILENCE_DAYS, SILENCE_RHYTHMS * rhythm))


def long_silences(timeline: Sequence[Timed]) -> list[float | None]:
    """For each exchange, the days of silence before it when they exceed the person's silence
    threshold at that point (their rhythm then), else ``None``."""
    silences: list[float | None] = []
    # Sorted gaps so far: the running median costs one insertion per exchange, where recomputing
    # it at each long silence would make long histories quadratic.
    gaps: list[float] = []
    for index, timed in enumerate(timeline):
        if index == 0:
            silences.append(None)
            continue
        gap = days_between(timeline[index - 1].at, timed.at)
        rhythm = _median_of_sorted(gaps) if index >= 3 else None
        silences.append(gap if gap > silence_threshold(rhythm) else None)
        insort(gaps, gap)
    return silences


def _median_of_sorted(values: Sequence[float]) -> float:
    middle = len(values) // 2
    if len(values) % 2:
        return values[middle]
    return (values[middle - 1] + values[middle]) / 2


def describe_duration(seconds: float, *, round_up: bool = False) -> Phrase:
    """A duration in the largest unit that reads naturally: "10 minutes", "8 months", "2 years".

    Halves round up; with ``round_up`` every fraction does, for spans that are upper bounds
    ("within 3 days").
    """

    def whole(value: float) -> int:
        return math.ceil(value) if round_up else math.floor(value + 0.5)

    minutes = whole(seconds / 60)
    if minutes < 60:
        return plural_phrase("%(num)s minute", "%(num)s minutes", max(1, minutes))
    hours = whole(seconds / 3600)
    if hours < 48:
        return plural_phrase("%(num)s hour", "%(num)s hours", hours)
    days = whole(seconds / _DAY)
    if days < 14:
        return plural_phrase("%(num)s day", "%(num)s days", days)
    if days < 60:
        return plural_phrase("%(num)s week", "%(num)s weeks", whole(days / 7))
    months = whole(days / 30.44)
    if months == 12:
        return plural_phrase("%(num)s year", "%(num)s years", 1)
    if months < 24:
        return plural_phrase("%(num)s month", "%(num)s months", months)
    return plural_phrase("%(num)s year", "%(num)s years", whole(days / 365.25))


# What one exchange is


def is_warm(exchange: Exchange) -> bool:
    """Whether the person showed genuine interest or care in it: the exchanges that make a
    relationship (and clear a flag)."""
    genuine = exchange.source == "conversation" and exchange.verdict == "genuine"
    return genuine or exchange.entry == "met" or helped_unasked(exchange)


def helped_unasked(exchange: Exchange) -> bool:
    """Whether they helped without being asked (a "helped-me" entry counts)."""
    if exchange.entry == "helped-me":
        return True
    # In a transactional conversation, an unasked "gift" is the hook of a pitch.
    return exchange.gave_unasked and exchange.verdict != "transactional"


def asks_of(exchange: Exchange) -> tuple[str, ...]:
    """The kinds of what they asked for; an "asked-me" entry without kinds asked for something."""
    if exchange.asks:
        return tuple(exchange.asks)
    return ("other",) if exchange.entry == "asked-me" else ()


def open_asks(exchange: Exchange) -> int:
    if not exchange.asks:
        # An "asked-me" entry records the ask, not whether it is still open.
        return 0
    return max(0, len(exchange.asks) - max(0, exchange.asks_answered))


def needs_something(exchange: Exchange) -> bool:
    """Whether they came for something: an ask, a pitch or a transactional conversation."""
    return bool(asks_of(exchange)) or exchange.pitches > 0 or exchange.verdict == "transactional"


def ask_words(kind: str) -> Phrase:
    """What an ask of ``kind`` asked for: "an intro", "money", "something"."""
    return _ASK_WORDS.get(kind, _ASK_WORDS["other"])


class _Pushes(NamedTuple):
    pitches: int
    asks: int
    pressure: int

    @property
    def total(self) -> int:
        return self.pitches + self.asks + self.pressure


def _pushes(exchange: Exchange) -> _Pushes:
    pitches = max(0, exchange.pitches)
    # Among friends, asks are ordinary; pitches are not.
    asks = 0 if exchange.verdict == "genuine" else len(asks_of(exchange))
    pressure = int(exchange.verdict == "transactional" and pitches == asks == 0)
    return _Pushes(pitches, asks, pressure)


def _with_label(reason: Phrase, label: str) -> Phrase:
    return phrase("%(reason)s (%(label)s)", reason=reason, label=label) if label else reason


def _bounded_score(score: float) -> float:
    return min(100.0, max(0.0, score)) / 100.0


def gains_of(exchange: Exchange) -> list[tuple[Phrase, float]]:
    """What the exchange earns before the cap and the discounts: ``(reason, points)``."""
    label = exchange.label
    gains: list[tuple[Phrase, float]] = []
    if exchange.source == "conversation" and exchange.verdict == "genuine":
        points = GENUINE_MIN + GENUINE_INTEREST * _bounded_score(exchange.interest)
        gains.append((_with_label(phrase("genuine conversation"), label), points))
        if exchange.owner_asks > 0:
            gains.append((phrase("two-way exchange: you asked of them too"), RECIPROCITY))
        elif exchange.owner_gave:
            gains.append((phrase("two-way exchange: you helped them too"), RECIPROCITY))
    if exchange.entry == "met":
        met = phrase("met (%(label)s)", label=label) if label else phrase("met in person")
        gains.append((met, MET))
    if helped_unasked(exchange):
        gains.append((_with_label(phrase("helped without being asked"), label), HELP_UNASKED))
    if exchange.entry == "i-helped":
        gains.append((_with_label(phrase("you helped them"), label), OWNER_HELP))
    return gains


def costs_of(exchange: Exchange) -> list[tuple[Phrase, float]]:
    """What the exchange costs before fading, bursts and resurfacing: ``(reason, points > 0)``."""
    label = exchange.label
    costs: list[tuple[Phrase, float]] = []
    if exchange.verdict == "transactional":
        costs.append((_with_label(phrase("transactional conversation"), label), TRANSACTIONAL))
    elif exchange.verdict == "self_centred":
        costs.append((_with_label(phrase("talked only about themselves"), label), SELF_CENTRED))
    pressure = _bounded_score(exchange.pressure)
    if exchange.source == "conversation" and exchange.verdict != "genuine" and pressure > 0:
        score = phrase("pressure %(score)s/100", score=round(pressure * 100))
        costs.append((_with_label(score, label), PRESSURE * pressure))
    kinds = asks_of(exchange)
    answered = len(kinds) - open_asks(exchange)
    for position, kind in enumerate(kinds):
        if position < answered:
            asked = phrase("asked for %(what)s", what=ask_words(kind))
            costs.append((_with_label(asked, label), ASK))
        else:
            asked = phrase("asked for %(what)s, still unanswered", what=ask_words(kind))
            costs.append((_with_label(asked, label), ASK + OPEN_ASK))
    pitches = max(0, exchange.pitches)
    if pitches:
        what = (
            phrase("pitched something")
            if pitches == 1
            else plural_phrase("pitched %(num)s time", "pitched %(num)s times", pitches)
        )
        costs.append((_with_label(what, label), PITCH * pitches))
    return costs


# The terms of the sum


@dataclass(frozen=True, slots=True)
class _Term:
    """A contribution with what the rules need: its naive time, its exchange, whether it fades."""

    contribution: Contribution
    when: datetime | None
    index: int | None
    fades: bool = False
    #: A transactional conversation, a burst or a resurfacing: what flags a person.
    red_flag: bool = False

    @property
    def delta(self) -> float:
        return self.contribution.delta


def _term(
    timeline: Sequence[Timed],
    index: int,
    reason: Phrase,
    delta: float,
    *,
    fades: bool = False,
    red_flag: bool = False,
) -> _Term:
    timed = timeline[index]
    contribution = Contribution(timed.exchange.at, reason, delta, timed.exchange.ref)
    return _Term(contribution, timed.at, index, fades, red_flag)


def _discounts(points: float, good_count: int, clustered: bool) -> list[tuple[Phrase, float]]:
    """The cap, the same-day and the diminishing-returns discounts on one exchange's gains."""
    discounts: list[tuple[Phrase, float]] = []
    if points > EXCHANGE_CAP:
        capped = phrase("one exchange earns at most %(points)s points", points=EXCHANGE_CAP)
        discounts.append((capped, EXCHANGE_CAP - points))
        points = EXCHANGE_CAP
    if clustered:
        cut = points * (1 - CLUSTER_FACTOR)
        half = phrase("within a day of the previous good exchange: counts half")
        discounts.append((half, -cut))
        points -= cut
    if good_count > 1:
        cut = points * (1 - 1 / math.sqrt(good_count))
        nth = phrase("%(nth)s good exchange: diminishing returns", nth=Ordinal(good_count))
        discounts.append((nth, -cut))
    return discounts


def _exchange_terms(timeline: Sequence[Timed]) -> list[_Term]:
    """Every exchange's gains, discounts and costs, with bursts and resurfacing, in time order."""
    bursts = {term.index: term for term in _burst_terms(timeline)}
    silences = long_silences(timeline)
    terms: list[_Term] = []
    good_count = 0
    last_good: datetime | None = None
    for index, timed in enumerate(timeline):
        gains = gains_of(timed.exchange)
        if gains:
            good_count += 1
            clustered = last_good is not None and timed.at - last_good < CLUSTER_WINDOW
            points = math.fsum(points for _, points in gains)
            for reason, delta in [*gains, *_discounts(points, good_count, clustered)]:
                terms.append(_term(timeline, index, reason, delta))
            last_good = timed.at
        transactional = timed.exchange.verdict == "transactional"
        for reason, cost in costs_of(timed.exchange):
            terms.append(_term(timeline, index, reason, -cost, fades=True, red_flag=transactional))
        if index in bursts:
            terms.append(bursts[index])
        resurfacing = _resurfacing_term(timeline, index, silences[index])
        if resurfacing is not None:
            terms.append(resurfacing)
    return terms


def _burst_terms(timeline: Sequence[Timed]) -> list[_Term]:
    """One term per run of pushes close together that reaches ``BURST_MIN_PUSHES``."""
    runs: list[list[int]] = []
    for index, timed in enumerate(timeline):
        if _pushes(timed.exchange).total == 0:
            continue
        if runs and timed.at - timeline[runs[-1][-1]].at <= BURST_WINDOW:
            runs[-1].append(index)
        else:
            runs.append([index])
    return [term for run in runs if (term := _burst_term(timeline, run)) is not None]


def _burst_term(timeline: Sequence[Timed], run: list[int]) -> _Term | None:
    pushes = [_pushes(timeline[index].exchange) for index in run]
    total = sum(push.total for push in pushes)
    if total < BURST_MIN_PUSHES:
        return None
    pitches = sum(push.pitches for push in pushes)
    asks = sum(push.asks for push in pushes)
    if len(run) == 1:
        span = phrase("in one conversation")
    else:
        seconds = (timeline[run[-1]].at - timeline[run[0]].at).total_seconds()
        span = phrase("within %(duration)s", duration=describe_duration(seconds, round_up=True))
    if pitches == total:
        reason = plural_phrase(
            "pitched %(num)s time %(span)s", "pitched %(num)s times %(span)s", total, span=span
        )
    elif asks == total:
        reason = plural_phrase(
            "asked %(num)s time %(span)s", "asked %(num)s times %(span)s", total, span=span
        )
    elif pitches + asks == total:
        reason = plural_phrase(
            "pitched or asked %(num)s time %(span)s",
            "pitched or asked %(num)s times %(span)s",
            total,
            span=span,
        )
    else:
        reason = plural_phrase(
            "pushed %(num)s time %(span)s", "pushed %(num)s times %(span)s", total, span=span
        )
    return _term(timeline, run[-1], reason, -BURST_PER_PUSH * total, fades=True, red_flag=True)


def _resurfacing_term(timeline: Sequence[Timed], index: int, silence: float | None) -> _Term | None:
    exchange = timeline[index].exchange
    if silence is None or not needs_something(exchange):
        return None
    after = describe_duration(silence * _DAY)
    if asks_of(exchange):
        reason = phrase("resurfaced after %(duration)s with an ask", duration=after)
    elif exchange.pitches > 0:
        reason = phrase("resurfaced after %(duration)s with a pitch", duration=after)
    else:
        reason = phrase("resurfaced after %(duration)s with pressure", duration=after)
    return _term(timeline, index, reason, -RESURFACED, fades=True, red_flag=True)


def _faded(term: _Term, now: datetime) -> float:
    if not term.fades or term.when is None:
        return term.delta
    age = max(0.0, days_between(term.when, now))
    return term.delta * math.pow(0.5, age / FADE_HALF_LIFE_DAYS)


def _start_term(timeline: Sequence[Timed]) -> _Term:
    first = timeline[0]
    start = phrase("first contact: a neutral start")
    contribution = Contribution(first.exchange.at, start, BASE, "")
    return _Term(contribution, first.at, None)


def _standing(reason: Phrase, delta: float) -> _Term:
    return _Term(Contribution(None, reason, delta), None, None)


def _time_known_term(timeline: Sequence[Timed]) -> _Term | None:
    warm = [timed.at for timed in timeline if is_warm(timed.exchange)]
    if len(warm) < 2:
        return None
    span = days_between(warm[0], warm[-1])
    if span < 1:
        return None
    points = TIME_KNOWN_PER_DOUBLING * math.log2(1 + span / TIME_KNOWN_UNIT_DAYS)
    known = phrase("known for %(duration)s", duration=describe_duration(span * _DAY))
    return _standing(known, min(TIME_KNOWN_CAP, points))


def _fading_term(terms: Sequence[_Term], now: datetime) -> _Term | None:
    regained = math.fsum(_faded(term, now) - term.delta for term in terms if term.fades)
    fades = phrase("pressure fades with time")
    return _standing(fades, regained) if regained > 0 else None


# States


def _is_flagged(terms: Sequence[_Term], now: datetime, last_warm: datetime | None) -> bool:
    flags = [term.when for term in terms if term.red_flag and term.when is not None]
    if not flags:
        return False
    latest = max(flags)
    if days_between(latest, now) > FLAG_MEMORY_DAYS:
        return False
    # A warm exchange after the red flag clears it; the cost stays in the value.
    return last_warm is None or last_warm <= latest


def _is_wary(timeline: Sequence[Timed], terms: Sequence[_Term], now: datetime) -> bool:
    recent = [i for i, timed in enumerate(timeline) if timed.exchange.entry != "note"]
    window = set(recent[-WARY_WINDOW:])
    net = math.fsum(_faded(term, now) for term in terms if term.index in window)
    return net < 0


def _is_cooling(timeline: Sequence[Timed], now: datetime, last_warm: datetime | None) -> bool:
    if last_warm is None:
        return False
    rhythm = rhythm_of(timeline)
    limit = COOLING_DAYS
    if rhythm is not None:
        limit = min(COOLING_DAYS, max(COOLING_FLOOR_DAYS, COOLING_RHYTHMS * rhythm))
    return days_between(last_warm, now) > limit


def _state(
    value: float,
    *,
    flagged: bool,
    wary: bool,
    cooling: bool,
    warm: bool,
) -> str:
    if flagged:
        return "flagged"
    if wary:
        return "wary"
    if cooling:
        return "cooling"
    if value >= TRUSTED_AT:
        return "trusted"
    return "warming" if warm else "new"


# The model


def trust(history: Sequence[Exchange], *, now: datetime) -> Trust:
    """The trust the owner can place in the person whose exchanges are ``history`` (any order),
    as of ``now``: see the module's documentation for every term."""
    timeline = in_time_order(history)
    if not timeline:
        return Trust(0.0, "new", (), None, False)
    today = naive_utc(now)
    exchange_terms = _exchange_terms(timeline)
    terms = [_start_term(timeline), *exchange_terms]
    for standing in (_time_known_term(timeline), _fading_term(exchange_terms, today)):
        if standing is not None:
            terms.append(standing)
    total = math.fsum(term.delta for term in terms)
    value = min(100.0, max(0.0, total))
    if value != total:
        terms.append(_standing(phrase("kept within 0–100"), value - total))

    warm = [timed for timed in timeline if is_warm(timed.exchange)]
    last_warm = warm[-1].at if warm else None
    flagged = _is_flagged(exchange_terms, today, last_warm)
    state = _state(
        value,
        flagged=flagged,
        wary=_is_wary(timeline, exchange_terms, today),
        cooling=_is_cooling(timeline, today, last_warm),
        warm=bool(warm),
    )
    return Trust(
        value=value,
        state=state,
        contributions=tuple(term.contribution for term in terms),
        last_genuine_at=warm[-1].exchange.at if warm else None,
        flagged=flagged,
    )


@dataclass(frozen=True, slots=True)
class Step:
    """The trust right after one exchange: :func:`trust` of the history up to and including it
    (in time order), as of that exchange's time."""

    exchange: Exchange
    value: float
    state: str
    flagged: bool


def over_time(history: Sequence[Exchange], *, last: int | None = None) -> list[Step]:
    """The trust after each exchange of ``history``, oldest first: one :class:`Step` per
    exchange, each :func:`trust` of a growing prefix with ``now`` at that exchange.

    Every step reads its whole prefix, so the work grows with the square of the history:
    ``last`` keeps only the latest steps (each still computed from everything before it).
    """
    timeline = in_time_order(history)
    first = 0 if last is None else max(0, len(timeline) - last)
    steps: list[Step] = []
    for index in range(first, len(timeline)):
        prefix = [timed.exchange for timed in timeline[: index + 1]]
        found = trust(prefix, now=timeline[index].at)
        steps.append(Step(timeline[index].exchange, found.value, found.state, found.flagged))
    return steps
