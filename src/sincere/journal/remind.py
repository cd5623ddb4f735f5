"""Who ``sincere remind`` reminds you of: three lists over everyone's history.

Help back
    People who helped you without being asked (unasked help outside a transactional
    conversation, or a "helped-me" entry) after the last time you helped them (``owner_gave`` in a
    conversation, or an "i-helped" entry; help of yours at the same moment counts as help back).
    "People like that, I will always be there for them." Dated from the oldest help not returned;
    the longest owed first.

Losing touch
    Genuine people (at least ``GENUINE_EXCHANGES`` (2) warm exchanges: genuine conversations,
    unasked help, "met" or "helped-me" entries) who are not flagged, with no exchange of any
    kind, logged entries and notes included, for longer than
    ``max(LOSING_TOUCH_RHYTHMS * rhythm, LOSING_TOUCH_FLOOR_DAYS)``: twice their usual rhythm
    (:func:`usual_rhythm`, ``DEFAULT_RHYTHM_DAYS`` (60) when fewer than three exchanges tell it),
    never under 30 days. Logging any interaction resets the clock. The most overdue first,
    relative to their threshold (70 days of silence with a weekly friend comes before 130 with a
    yearly one).

Resurfacing
    People whose latest return after a long silence (longer than
    :func:`~sincere.journal.trust.silence_threshold`: 90 days, or three times their usual rhythm
    before it if shorter, never under 30 days) began with a need: an ask (a job-search or "open to
    work" announcement is an ask of kind "other"), an "asked-me" entry, a pitch or a
    transactional conversation; and nothing warm from them since. The most recent first.

A person appears at most once in each list. Everything here is pure: the store reads the
histories and the CLI prints the reminders.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sincere.journal.events import Exchange
from sincere.journal.trust import (
    Timed,
    ask_words,
    asks_of,
    days_between,
    describe_duration,
    helped_unasked,
    in_time_order,
    is_warm,
    long_silences,
    naive_utc,
    needs_something,
    rhythm_of,
    trust,
    usual_rhythm,
)
from sincere.phrase import Phrase, listed, phrase, plural_phrase

__all__ = ["Reminder", "Reminders", "reminders", "usual_rhythm"]

GENUINE_EXCHANGES = 2
LOSING_TOUCH_RHYTHMS = 2.0
LOSING_TOUCH_FLOOR_DAYS = 30.0
DEFAULT_RHYTHM_DAYS = 60.0

_DAY = 86400.0


@dataclass(frozen=True, slots=True)
class Reminder:
    """Someone to think of, and why (``reason``: a :class:`~sincere.phrase.Phrase`, English
    text that the web app can say in the reader's language)."""

    person: str
    reason: str
    since: datetime | None
    days: int | None


@dataclass(frozen=True, slots=True)
class Reminders:
    """The three lists of ``sincere remind``, each in its own order (see the module)."""

    help_back: tuple[Reminder, ...]
    losing_touch: tuple[Reminder, ...]
    resurfacing: tuple[Reminder, ...]


def reminders(histories: Mapping[str, Sequence[Exchange]], *, now: datetime) -> Reminders:
    """The reminders for everyone in ``histories`` (person's name → their exchanges)."""
    today = naive_utc(now)
    # Each list is sorted on (a number, the name): the name settles ties the same way every time.
    help_back: list[tuple[tuple[float, str], Reminder]] = []
    losing_touch: list[tuple[tuple[float, str], Reminder]] = []
    resurfacing: list[tuple[tuple[float, str], Reminder]] = []
    for person, history in histories.items():
        timeline = in_time_order(history)
        if not timeline:
            continue
        owed = _help_not_returned(person, timeline, today)
        if owed is not None:
            helped_at, reminder = owed
            help_back.append(((-days_between(helped_at, today), person), reminder))
        overdue = _losing_touch(person, timeline, today)
        if overdue is not None:
            ratio, reminder = overdue
            losing_touch.append(((-ratio, person), reminder))
        returned = _resurfaced(person, timeline)
        if returned is not None:
            back_at, reminder = returned
            resurfacing.append(((days_between(back_at, today), person), reminder))
    return Reminders(
        help_back=_in_order(help_back),
        losing_touch=_in_order(losing_touch),
        resurfacing=_in_order(resurfacing),
    )


def _in_order(keyed: list[tuple[tuple[float, str], Reminder]]) -> tuple[Reminder, ...]:
    return tuple(reminder for _, reminder in sorted(keyed, key=lambda item: item[0]))


def _owner_helped(exchange: Exchange) -> bool:
    return exchange.owner_gave or exchange.entry == "i-helped"


def _help_not_returned(
    person: str, timeline: Sequence[Timed], now: datetime
) -> tuple[datetime, Reminder] | None:
    """Their oldest unasked help since you last helped them, if any."""
    last_owner_help = max((t.at for t in timeline if _owner_helped(t.exchange)), default=None)
    owed = [
        timed
        for timed in timeline
        if helped_unasked(timed.exchange)
        and (last_owner_help is None or timed.at > last_owner_help)
    ]
    if not owed:
        return None
    first = owed[0]
    when = first.exchange.at
    if len(owed) > 1:
        reason = plural_phrase(
            "helped you unasked %(num)s time since %(day)s; you have not helped back",
            "helped you unasked %(num)s times since %(day)s; you have not helped back",
            len(owed),
            day=when,
        )
    else:
        reason = phrase("helped you unasked on %(day)s; you have not helped back", day=when)
    days = max(0, int(days_between(first.at, now)))
    return first.at, Reminder(person, reason, first.exchange.at, days)


def _losing_touch(
    person: str, timeline: Sequence[Timed], now: datetime
) -> tuple[float, Reminder] | None:
    """How overdue a genuine person is (silence over threshold), if they are."""
    if sum(is_warm(timed.exchange) for timed in timeline) < GENUINE_EXCHANGES:
        return None
    last = timeline[-1]
    silence = days_between(last.at, now)
    rhythm = rhythm_of(timeline)
    usual = DEFAULT_RHYTHM_DAYS if rhythm is None else rhythm
    threshold = max(LOSING_TOUCH_RHYTHMS * usual, LOSING_TOUCH_FLOOR_DAYS)
    if silence <= threshold or trust([t.exchange for t in timeline], now=now).flagged:
        return None
    days = int(silence)
    if rhythm is None:
        reason = plural_phrase("no contact for %(num)s day", "no contact for %(num)s days", days)
    else:
        reason = plural_phrase(
            "no contact for %(num)s day; you usually talk every %(rhythm)s",
            "no contact for %(num)s days; you usually talk every %(rhythm)s",
            days,
            rhythm=describe_duration(rhythm * _DAY),
        )
    return silence / threshold, Reminder(person, reason, last.exchange.at, days)


def _resurfaced(person: str, timeline: Sequence[Timed]) -> tuple[datetime, Reminder] | None:
    """Their latest return after a long silence, if it began with a need and nothing warm
    followed."""
    silences = long_silences(timeline)
    for index in range(len(timeline) - 1, 0, -1):
        silence = silences[index]
        if silence is None:
            continue
        back = timeline[index]
        if not needs_something(back.exchange):
            return None
        if any(is_warm(timed.exchange) for timed in timeline[index + 1 :]):
            return None
        reason = phrase(
            "resurfaced on %(day)s after %(duration)s of silence, %(need)s",
            day=back.exchange.at,
            duration=describe_duration(silence * _DAY),
            need=_need(back.exchange),
        )
        return back.at, Reminder(person, reason, back.exchange.at, int(silence))
    return None


def _need(exchange: Exchange) -> Phrase:
    kinds = asks_of(exchange)
    if kinds:
        words = list(dict.fromkeys(ask_words(kind) for kind in kinds))
        return phrase("asking for %(what)s", what=listed(words))
    if exchange.pitches > 0:
        return phrase("with a pitch")
    return phrase("with pressure")
