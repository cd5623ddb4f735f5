"""``sincere remind``'s three lists: who to help back, who you are losing, who only resurfaces."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sincere.journal.events import ENTRY_KINDS, Exchange
from sincere.journal.remind import Reminder, Reminders, reminders, usual_rhythm

T0 = datetime(2025, 1, 6, 19, 0)


def days(n: float) -> timedelta:
    return timedelta(days=n)


def talk(at: datetime, verdict: str = "genuine", **fields: Any) -> Exchange:
    return Exchange(at=at, source="conversation", verdict=verdict, **fields)  # type: ignore[arg-type]


def logged(at: datetime, kind: str, label: str = "", **fields: Any) -> Exchange:
    return Exchange(at=at, source="entry", entry=kind, label=label, **fields)  # type: ignore[arg-type]


def every(gap_days: float, count: int, start: datetime = T0, **fields: Any) -> list[Exchange]:
    """``count`` genuine chats ``gap_days`` apart."""
    return [talk(start + days(gap_days * i), interest=70, **fields) for i in range(count)]


def people(found: tuple[Reminder, ...]) -> list[str]:
    return [reminder.person for reminder in found]


def test_remind_nothing_for_nobody() -> None:
    assert reminders({}, now=T0) == Reminders((), (), ())
    assert reminders({"Ghost": []}, now=T0) == Reminders((), (), ())


# Help back


def test_remind_help_back_lists_help_you_have_not_returned() -> None:
    helped = datetime(2026, 3, 12, 12)
    found = reminders({"David": [logged(helped, "helped-me", "trained me")]}, now=helped + days(20))
    assert found.help_back == (
        Reminder(
            "David", "helped you unasked on 12 Mar 2026; you have not helped back", helped, 20
        ),
    )


def test_remind_help_back_counts_unasked_help_in_conversations() -> None:
    chat = talk(T0, interest=80, gave_unasked=True)
    assert people(reminders({"Ana": [chat]}, now=T0 + days(1)).help_back) == ["Ana"]


def test_remind_help_back_ignores_gifts_in_transactional_conversations() -> None:
    hook = talk(T0, "transactional", gave_unasked=True, pitches=1)
    assert reminders({"Derek": [hook]}, now=T0 + days(1)).help_back == ()


@pytest.mark.parametrize(
    "returned",
    [
        logged(T0 + days(10), "i-helped", "proofread his blog"),
        talk(T0 + days(10), interest=60, owner_gave=True),
        talk(T0, interest=60, owner_gave=True),  # the same moment counts
    ],
)
def test_remind_help_back_is_cleared_by_your_help(returned: Exchange) -> None:
    history = [logged(T0, "helped-me"), returned]
    assert reminders({"David": history}, now=T0 + days(30)).help_back == ()


def test_remind_help_back_your_earlier_help_does_not_return_later_help() -> None:
    history = [logged(T0, "i-helped"), logged(T0 + days(5), "helped-me")]
    found = reminders({"David": history}, now=T0 + days(30))
    assert people(found.help_back) == ["David"]
    assert found.help_back[0].since == T0 + days(5)
    assert found.help_back[0].days == 25


def test_remind_help_back_several_helps_one_reminder_from_the_oldest() -> None:
    history = [
        logged(T0, "helped-me"),
        logged(T0 + days(3), "i-helped"),
        logged(T0 + days(40), "helped-me"),
        talk(T0 + days(90), gave_unasked=True),
    ]
    found = reminders({"David": history}, now=T0 + days(100))
    assert len(found.help_back) == 1
    assert found.help_back[0].reason == (
        "helped you unasked 2 times since 15 Feb 2025; you have not helped back"
    )
    assert found.help_back[0].since == T0 + days(40)


def test_remind_help_back_the_longest_owed_first() -> None:
    histories = {
        "Zoe": [logged(T0 + days(30), "helped-me")],
        "Ana": [logged(T0 + days(60), "helped-me")],
        "Bob": [logged(T0, "helped-me")],
        "Cy": [logged(T0, "helped-me")],
    }
    found = reminders(histories, now=T0 + days(90))
    assert people(found.help_back) == ["Bob", "Cy", "Zoe", "Ana"]


# Losing touch


def test_remind_losing_touch_after_twice_their_rhythm() -> None:
    friend = every(30, 5)
    last = friend[-1].at
    assert reminders({"Maya": friend}, now=last + days(59)).losing_touch == ()
    found = reminders({"Maya": friend}, now=last + days(61)).losing_touch
    assert found == (
        Reminder("Maya", "no contact for 61 days; you usually talk every 4 weeks", last, 61),
    )


def test_remind_losing_touch_never_under_thirty_days() -> None:
    friend = every(3, 6)
    last = friend[-1].at
    assert reminders({"Maya": friend}, now=last + days(29)).losing_touch == ()
    assert people(reminders({"Maya": friend}, now=last + days(31)).losing_touch) == ["Maya"]


def test_remind_losing_touch_default_rhythm_is_sixty_days() -> None:
    friend = [logged(T0, "met", "conference"), talk(T0 + days(20), interest=70)]
    last = friend[-1].at
    assert reminders({"Maya": friend}, now=last + days(119)).losing_touch == ()
    found = reminders({"Maya": friend}, now=last + days(121)).losing_touch
    assert found[0].reason == "no contact for 121 days"
    assert found[0].days == 121


@pytest.mark.parametrize(
    "contact",
    [
        logged(T0 + days(150), "note", "saw her talk"),
        logged(T0 + days(150), "i-asked", "asked her for news"),
        talk(T0 + days(150), "neutral"),
    ],
)
def test_remind_losing_touch_is_reset_by_any_logged_interaction(contact: Exchange) -> None:
    friend = every(30, 4)
    now = T0 + days(180)
    assert people(reminders({"Maya": friend}, now=now).losing_touch) == ["Maya"]
    assert reminders({"Maya": [*friend, contact]}, now=now).losing_touch == ()


def test_remind_losing_touch_only_for_genuine_people() -> None:
    now = T0 + days(400)
    histories = {
        "Once": [talk(T0, interest=90)],
        "Neutral": [talk(T0 + days(i), "neutral") for i in range(0, 60, 10)],
        "Met twice": [logged(T0, "met"), logged(T0 + days(30), "met")],
        "Helped and met": [logged(T0, "helped-me"), logged(T0 + days(5), "met")],
    }
    assert set(people(reminders(histories, now=now).losing_touch)) == {
        "Met twice",
        "Helped and met",
    }


def test_remind_losing_touch_skips_flagged_people() -> None:
    friend = every(20, 4)
    back = talk(friend[-1].at + days(200), "transactional", asks=("referral",))
    history = [*friend, back]
    found = reminders({"Rex": history}, now=back.at + days(150))
    assert found.losing_touch == ()
    assert people(found.resurfacing) == ["Rex"]


def test_remind_losing_touch_most_overdue_first() -> None:
    now = T0 + days(400)
    histories = {
        # 70 days of silence with a weekly friend: over twice the 30-day threshold.
        "Weekly": every(7, 8, start=now - days(70 + 49)),
        # 130 days of silence with a two-monthly friend: just over the 120-day threshold.
        "Bimonthly": every(60, 4, start=now - days(130 + 180)),
        "Monthly": every(30, 4, start=now - days(100 + 90)),
    }
    found = reminders(histories, now=now)
    assert people(found.losing_touch) == ["Weekly", "Monthly", "Bimonthly"]


# Resurfacing


def test_remind_resurfacing_after_a_long_silence_with_an_ask() -> None:
    back_at = datetime(2026, 4, 3, 9)
    history = [*every(10, 3, start=back_at - days(260)), talk(back_at, "neutral", asks=("intro",))]
    found = reminders({"Rex": history}, now=back_at + days(2))
    silence = int((back_at - history[2].at).total_seconds() // 86400)
    assert found.resurfacing == (
        Reminder(
            "Rex",
            "resurfaced on 3 Apr 2026 after 8 months of silence, asking for an intro",
            back_at,
            silence,
        ),
    )


def test_remind_resurfacing_with_a_job_search_announcement() -> None:
    history = [talk(T0, interest=60), talk(T0 + days(400), "neutral", asks=("other", "referral"))]
    found = reminders({"Rex": history}, now=T0 + days(401))
    assert found.resurfacing[0].reason.endswith(
        "after 13 months of silence, asking for something and a referral"
    )
    assert found.resurfacing[0].days == 400


@pytest.mark.parametrize(
    ("back", "need"),
    [
        (
            logged(T0 + days(200), "asked-me", "a reference", asks=("other",)),
            "asking for something",
        ),
        (logged(T0 + days(200), "asked-me", "a reference"), "asking for something"),
        (talk(T0 + days(200), "neutral", pitches=2), "with a pitch"),
        (talk(T0 + days(200), "transactional", pressure=70), "with pressure"),
        (talk(T0 + days(200), interest=60, asks=("favour",)), "asking for a favour"),
    ],
)
def test_remind_resurfacing_needs_come_in_many_forms(back: Exchange, need: str) -> None:
    found = reminders({"Rex": [talk(T0, interest=60), back]}, now=T0 + days(201))
    assert found.resurfacing[0].reason.endswith(need)


def test_remind_resurfacing_not_after_a_short_silence() -> None:
    history = [talk(T0, interest=60), talk(T0 + days(80), "neutral", asks=("intro",))]
    assert reminders({"Rex": history}, now=T0 + days(81)).resurfacing == ()


def test_remind_resurfacing_silence_is_relative_to_their_rhythm() -> None:
    history = [*every(5, 4), talk(T0 + days(15 + 40), "neutral", asks=("call",))]
    assert people(reminders({"Rex": history}, now=T0 + days(60)).resurfacing) == ["Rex"]


def test_remind_resurfacing_not_when_they_come_back_for_nothing() -> None:
    history = [talk(T0, interest=60), talk(T0 + days(300), interest=80)]
    assert reminders({"Ana": history}, now=T0 + days(301)).resurfacing == ()


def test_remind_resurfacing_is_the_latest_return_that_counts() -> None:
    asked_then_came_back = [
        talk(T0, interest=60),
        talk(T0 + days(200), "neutral", asks=("intro",)),
        talk(T0 + days(500), interest=80),
    ]
    assert reminders({"Ana": asked_then_came_back}, now=T0 + days(501)).resurfacing == ()


def test_remind_resurfacing_cleared_by_a_warm_exchange_since() -> None:
    back = talk(T0 + days(200), "neutral", asks=("intro",))
    history = [talk(T0, interest=60), back, talk(back.at + days(3), interest=80)]
    assert reminders({"Ana": history}, now=back.at + days(5)).resurfacing == ()
    pushing_on = [talk(T0, interest=60), back, talk(back.at + days(1), "neutral", pitches=1)]
    found = reminders({"Rex": pushing_on}, now=back.at + days(5))
    assert people(found.resurfacing) == ["Rex"]
    assert found.resurfacing[0].since == back.at


def test_remind_resurfacing_most_recent_first() -> None:
    def back_after(offset: int) -> list[Exchange]:
        return [talk(T0, interest=60), talk(T0 + days(offset), "neutral", asks=("call",))]

    histories = {"Old": back_after(120), "Recent": back_after(300), "Middle": back_after(200)}
    found = reminders(histories, now=T0 + days(301))
    assert people(found.resurfacing) == ["Recent", "Middle", "Old"]


# The rhythm


def test_remind_usual_rhythm_is_the_median_gap() -> None:
    assert usual_rhythm([]) is None
    assert usual_rhythm([talk(T0), talk(T0 + days(3))]) is None
    # Gaps of 0, 2, 3, 30 and 31 days.
    history = [talk(T0 + days(offset)) for offset in (0, 0, 2, 5, 35, 66)]
    assert usual_rhythm(history) == 3
    assert usual_rhythm(list(reversed(history))) == 3


def test_remind_usual_rhythm_mixes_naive_and_aware_times() -> None:
    paris = timezone(timedelta(hours=2))
    history = [
        talk(datetime(2025, 6, 1, 12)),
        talk(datetime(2025, 6, 3, 14, tzinfo=paris)),
        talk(datetime(2025, 6, 7, 12, tzinfo=UTC)),
    ]
    assert usual_rhythm(history) == pytest.approx(3)


def test_remind_reads_aware_times() -> None:
    helped = datetime(2026, 3, 12, 23, 30, tzinfo=timezone(timedelta(hours=-5)))
    found = reminders({"David": [logged(helped, "helped-me")]}, now=datetime(2026, 4, 1))
    # The date shown is the person's own; the days count in UTC (from 13 Mar, 04:30).
    assert found.help_back[0].reason.startswith("helped you unasked on 12 Mar 2026")
    assert found.help_back[0].since == helped
    assert found.help_back[0].days == 18


# Properties

MOMENTS = st.datetimes(min_value=datetime(2018, 1, 1), max_value=datetime(2026, 12, 31))


@st.composite
def exchanges(draw: st.DrawFn) -> Exchange:
    if draw(st.booleans()):
        kind = draw(st.sampled_from(ENTRY_KINDS))
        return logged(
            draw(MOMENTS),
            kind,
            asks=("other",) if kind == "asked-me" else (),
            owner_gave=kind == "i-helped",
            gave_unasked=kind == "helped-me",
        )
    asks = tuple(draw(st.lists(st.sampled_from(["intro", "favour", "other"]), max_size=2)))
    return talk(
        draw(MOMENTS),
        draw(st.sampled_from(["genuine", "neutral", "self_centred", "transactional"])),
        interest=draw(st.floats(0, 100)),
        pressure=draw(st.floats(0, 100)),
        asks=asks,
        asks_answered=draw(st.integers(0, len(asks))),
        gave_unasked=draw(st.booleans()),
        owner_gave=draw(st.booleans()),
        pitches=draw(st.integers(0, 2)),
    )


HISTORIES = st.dictionaries(
    st.sampled_from(["Ana", "Bob", "Cy", "David", "Maya", "Rex"]),
    st.lists(exchanges(), max_size=8),
    max_size=6,
)


@settings(max_examples=200, deadline=None)
@given(HISTORIES, MOMENTS)
def test_remind_each_person_at_most_once_per_list(
    histories: dict[str, list[Exchange]], now: datetime
) -> None:
    found = reminders(histories, now=now)
    for listed in (found.help_back, found.losing_touch, found.resurfacing):
        names = people(listed)
        assert len(names) == len(set(names))
        assert set(names) <= set(histories)
        assert all(reminder.reason for reminder in listed)
    assert reminders(histories, now=now) == found


@settings(max_examples=200, deadline=None)
@given(HISTORIES, MOMENTS, st.data())
def test_remind_ignores_input_order(
    histories: dict[str, list[Exchange]], now: datetime, data: Any
) -> None:
    shuffled = {
        name: data.draw(st.permutations(history))
        for name, history in reversed(list(histories.items()))
    }
    distinct = all(len({e.at for e in h}) == len(h) for h in histories.values())
    if distinct:
        assert reminders(shuffled, now=now) == reminders(histories, now=now)


@settings(max_examples=200, deadline=None)
@given(HISTORIES, MOMENTS, st.sampled_from(["met", "note", "i-helped", "asked-me"]))
def test_remind_logging_anything_now_means_nobody_is_losing_touch(
    histories: dict[str, list[Exchange]], now: datetime, kind: str
) -> None:
    touched = {
        name: [*history, replace(logged(now, kind), at=now)] for name, history in histories.items()
    }
    assert reminders(touched, now=now).losing_touch == ()
