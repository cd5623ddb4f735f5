"""The trust model: each rule with concrete values, and the shape of the model as properties."""

from __future__ import annotations

import math
import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from itertools import pairwise
from pathlib import Path
from typing import Any, get_args

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sincere.journal import remind as remind_module
from sincere.journal import trust as model
from sincere.journal.events import ENTRY_KINDS, AskKind, Exchange
from sincere.journal.remind import reminders
from sincere.journal.trust import STATES, Contribution, Trust, trust

DOC = Path(__file__).parents[2] / "docs" / "journal.md"
T0 = datetime(2024, 1, 10, 18, 0)
NOW = datetime(2026, 1, 1)


def days(n: float) -> timedelta:
    return timedelta(days=n)


def talk(at: datetime, verdict: str = "genuine", **fields: Any) -> Exchange:
    """A conversation with the person."""
    return Exchange(at=at, source="conversation", verdict=verdict, **fields)  # type: ignore[arg-type]


def logged(at: datetime, kind: str, label: str = "", **fields: Any) -> Exchange:
    """An entry the owner logged."""
    return Exchange(at=at, source="entry", entry=kind, label=label, **fields)  # type: ignore[arg-type]


def reasons(result: Trust) -> list[str]:
    return [c.reason for c in result.contributions]


def delta_of(result: Trust, reason: str) -> float:
    found = [c.delta for c in result.contributions if c.reason == reason]
    assert len(found) == 1, (reason, reasons(result))
    return found[0]


def spaced(exchanges: list[Exchange], start: datetime, gap: timedelta) -> list[Exchange]:
    return [replace(e, at=start + gap * i) for i, e in enumerate(exchanges)]


# The start, and what one exchange earns


def test_trust_no_history_is_zero_and_new() -> None:
    assert trust([], now=NOW) == Trust(0.0, "new", (), None, False)


def test_trust_first_neutral_exchange_is_the_neutral_start() -> None:
    result = trust([talk(T0, "neutral", interest=10)], now=NOW)
    assert result.value == model.BASE == 10
    assert result.state == "new"
    assert result.contributions == (Contribution(T0, "first contact: a neutral start", 10.0),)


@pytest.mark.parametrize(("interest", "points"), [(0, 2.0), (50, 4.0), (100, 6.0), (250, 6.0)])
def test_trust_genuine_conversation_earns_with_interest(interest: float, points: float) -> None:
    result = trust([talk(T0, interest=interest, label="WhatsApp: Maya")], now=T0 + days(1))
    assert delta_of(result, "genuine conversation (WhatsApp: Maya)") == pytest.approx(points)
    assert result.value == pytest.approx(10 + points)
    assert result.state == "warming"
    assert result.last_genuine_at == T0


def test_trust_two_way_conversation_earns_reciprocity() -> None:
    asked = trust([talk(T0, interest=50, owner_asks=1)], now=NOW)
    assert delta_of(asked, "two-way exchange: you asked of them too") == model.RECIPROCITY == 2
    helped = trust([talk(T0, interest=50, owner_gave=True)], now=NOW)
    assert delta_of(helped, "two-way exchange: you helped them too") == 2
    assert asked.value == helped.value == pytest.approx(16)


def test_trust_help_without_being_asked_is_the_strongest_gain() -> None:
    helped = trust([logged(T0, "helped-me", "reviewed my CV")], now=NOW)
    met = trust([logged(T0, "met", "coffee in Lyon")], now=NOW)
    chat = trust([talk(T0, interest=100)], now=NOW)
    assert delta_of(helped, "helped without being asked (reviewed my CV)") == 8
    assert delta_of(met, "met (coffee in Lyon)") == 5
    assert helped.value > chat.value > met.value > 10
    assert reasons(trust([logged(T0, "met")], now=NOW))[-1] == "met in person"


def test_trust_unasked_gift_in_a_transactional_conversation_earns_nothing() -> None:
    hook = trust([talk(T0, "transactional", gave_unasked=True)], now=NOW)
    assert not any("helped" in reason for reason in reasons(hook))
    assert hook.last_genuine_at is None


def test_trust_owner_help_adds_a_little() -> None:
    result = trust([logged(T0, "i-helped", "intro to my editor")], now=NOW)
    assert delta_of(result, "you helped them (intro to my editor)") == 1
    assert result.value == 11
    assert result.state == "new"


@pytest.mark.parametrize("kind", ["note", "i-asked"])
def test_trust_notes_and_own_asks_add_nothing(kind: str) -> None:
    assert trust([logged(T0, kind, "anything", owner_asks=1)], now=NOW).value == 10


def test_trust_one_long_charming_chat_cannot_buy_trust() -> None:
    charming = talk(T0, interest=100, messages=100_000, owner_asks=5, gave_unasked=True)
    result = trust([charming], now=T0)
    assert delta_of(result, "one exchange earns at most 10 points") == pytest.approx(-6)
    assert result.value == pytest.approx(model.BASE + model.EXCHANGE_CAP) == 20


def test_trust_each_good_exchange_counts_less_than_the_one_before() -> None:
    chats = spaced([talk(T0, interest=50)] * 4, T0, days(1))
    result = trust(chats, now=T0 + days(3))
    assert delta_of(result, "2nd good exchange: diminishing returns") == pytest.approx(
        -4 * (1 - 1 / math.sqrt(2))
    )
    assert delta_of(result, "4th good exchange: diminishing returns") == pytest.approx(-2)


def test_trust_exchanges_within_a_day_count_half() -> None:
    chats = [talk(T0, interest=50), talk(T0 + timedelta(hours=3), interest=50)]
    result = trust(chats, now=T0 + days(1))
    assert delta_of(
        result, "within a day of the previous good exchange: counts half"
    ) == pytest.approx(-2)
    assert result.value == pytest.approx(10 + 4 + 2 / math.sqrt(2))


# What exchanges cost


def test_trust_asks_cost_more_while_unanswered() -> None:
    result = trust(
        [talk(T0, "neutral", asks=("intro", "favour"), asks_answered=1, label="LinkedIn")],
        now=T0,
    )
    assert delta_of(result, "asked for an intro (LinkedIn)") == -2
    assert delta_of(result, "asked for a favour, still unanswered (LinkedIn)") == -4
    assert result.value == 4
    assert result.state == "wary"


def test_trust_asked_me_entry_counts_as_an_ask() -> None:
    bare = trust([logged(T0, "asked-me", "wants a reference")], now=T0)
    assert delta_of(bare, "asked for something (wants a reference)") == -2
    # As the store logs it: one ask of kind "other", open until marked granted or declined.
    stored = trust([logged(T0, "asked-me", "wants a reference", asks=("other",))], now=T0)
    assert delta_of(stored, "asked for something, still unanswered (wants a reference)") == -4


def test_trust_transactional_and_self_centred_conversations_cost() -> None:
    deal = trust([talk(T0, "transactional", pressure=40, label="Maddyness")], now=T0)
    assert delta_of(deal, "transactional conversation (Maddyness)") == -9
    assert delta_of(deal, "pressure 40/100 (Maddyness)") == pytest.approx(-4)
    assert deal.value == 0  # 10 - 9 - 4, kept within 0–100
    me_me = trust([talk(T0, "self_centred", pressure=0)], now=T0)
    assert delta_of(me_me, "talked only about themselves") == -2


def test_trust_pressure_in_a_genuine_conversation_costs_nothing() -> None:
    result = trust([talk(T0, interest=90, pressure=45)], now=T0)
    assert not any(reason.startswith("pressure") for reason in reasons(result))


def test_trust_one_transactional_exchange_costs_more_than_one_genuine_earns() -> None:
    base = spaced([talk(T0, interest=60)] * 4, T0, days(20))
    later = T0 + days(100)
    before = trust(base, now=later).value
    gained = trust([*base, talk(later, interest=100, owner_asks=1)], now=later).value - before
    lost = before - trust([*base, talk(later, "transactional", asks=("call",))], now=later).value
    assert lost > model.EXCHANGE_CAP >= gained > 0


# Bursts and resurfacing


def test_trust_pitches_close_together_are_a_burst() -> None:
    pitches = [talk(T0 + timedelta(minutes=10 * i), "neutral", pitches=1) for i in range(4)]
    result = trust(pitches, now=T0)
    assert delta_of(result, "pitched 4 times within 30 minutes") == -12
    assert sum(c.delta for c in result.contributions if c.reason == "pitched something") == -8
    assert result.flagged and result.state == "flagged"


def test_trust_one_conversation_with_three_pitches_is_a_burst() -> None:
    result = trust([talk(T0, "neutral", pitches=3)], now=T0)
    assert delta_of(result, "pitched 3 times") == -6
    assert delta_of(result, "pitched 3 times in one conversation") == -9


def test_trust_mixed_pushes_within_two_days_are_a_burst() -> None:
    pushes = [
        talk(T0, "neutral", pitches=1),
        talk(T0 + days(1), "transactional"),
        talk(T0 + days(2.5), "neutral", asks=("call",), asks_answered=1),
    ]
    assert "pushed 3 times within 3 days" in reasons(trust(pushes, now=T0))
    asks = [talk(T0 + days(i), "neutral", asks=("call",), asks_answered=1) for i in range(3)]
    assert "asked 3 times within 2 days" in reasons(trust(asks, now=T0))
    mixed = [talk(T0, "neutral", pitches=2), talk(T0 + days(1), "neutral", asks=("intro",))]
    assert "pitched or asked 3 times within 24 hours" in reasons(trust(mixed, now=T0))


def test_trust_pitches_days_apart_are_no_burst() -> None:
    pitches = [talk(T0 + days(3 * i), "neutral", pitches=1) for i in range(4)]
    result = trust(pitches, now=T0)
    assert not any(" times " in reason for reason in reasons(result))
    assert not result.flagged


def test_trust_asks_among_friends_are_no_burst() -> None:
    favours = talk(T0, interest=80, asks=("favour", "advice", "call"), asks_answered=3)
    assert not any(" times " in reason for reason in reasons(trust([favours], now=T0)))


def test_trust_resurfacing_with_an_ask_costs_and_flags() -> None:
    friends = spaced([talk(T0, interest=70)] * 3, T0, days(10))
    back = talk(T0 + days(20 + 240), "neutral", asks=("intro",), asks_answered=1)
    result = trust([*friends, back], now=back.at + days(2))
    assert delta_of(result, "resurfaced after 8 months with an ask") == -10
    assert result.flagged
    assert result.state == "flagged"


def test_trust_short_rhythm_shortens_the_silence_that_counts() -> None:
    friends = spaced([talk(T0, interest=70)] * 4, T0, days(5))
    back = talk(T0 + days(15 + 40), "neutral", pitches=1)
    assert "resurfaced after 6 weeks with a pitch" in reasons(trust([*friends, back], now=NOW))
    too_soon = replace(back, at=T0 + days(15 + 25))
    assert not any("resurfaced" in r for r in reasons(trust([*friends, too_soon], now=NOW)))


def test_trust_returning_without_a_need_is_not_resurfacing() -> None:
    friends = [talk(T0, interest=70), talk(T0 + days(400), interest=70)]
    assert not any("resurfaced" in r for r in reasons(trust(friends, now=NOW)))


def test_trust_first_contact_is_not_resurfacing() -> None:
    assert not any("resurfaced" in r for r in reasons(trust([talk(T0, "transactional")], now=T0)))


# Time


@pytest.mark.parametrize(
    ("span", "points", "reason"),
    [(365, 7.5, "known for 1 year"), (3 * 365, 15.0, "known for 3 years"), (3650, 15.0, None)],
)
def test_trust_time_known_grows_slowly_and_is_capped(
    span: int, points: float, reason: str | None
) -> None:
    result = trust([logged(T0, "met"), logged(T0 + days(span), "met")], now=NOW)
    standing = [c for c in result.contributions if c.reason.startswith("known for")]
    assert len(standing) == 1 and standing[0].at is None
    assert standing[0].delta == pytest.approx(points)
    if reason:
        assert standing[0].reason == reason


def test_trust_time_known_counts_only_genuine_time() -> None:
    pitches = [talk(T0, "neutral", pitches=1), talk(T0 + days(1000), "neutral", pitches=1)]
    assert not any(r.startswith("known") for r in reasons(trust(pitches, now=NOW)))
    pitch_then_friend = [talk(T0, "transactional"), talk(T0 + days(1000), interest=70)]
    assert not any(r.startswith("known") for r in reasons(trust(pitch_then_friend, now=NOW)))


def test_trust_pressure_fades_with_a_half_life_of_a_year() -> None:
    deal = talk(T0, "transactional", pressure=40)
    fresh = trust([logged(T0 - days(10), "met"), deal], now=T0)
    year_later = trust([logged(T0 - days(10), "met"), deal], now=T0 + days(365))
    assert "pressure fades with time" not in reasons(fresh)
    assert delta_of(year_later, "pressure fades with time") == pytest.approx(13 / 2)
    assert year_later.value == pytest.approx(fresh.value + 6.5)


def test_trust_time_alone_never_restores_trust_after_a_fall() -> None:
    friends = spaced([talk(T0, interest=80)] * 5, T0, days(30))
    before = trust(friends, now=T0 + days(200)).value
    fallen = [*friends, talk(T0 + days(200), "transactional", pressure=60, asks=("money",))]
    for years in (0, 1, 5, 20):
        assert trust(fallen, now=T0 + days(200 + 365 * years)).value < before
    # After centuries the cost has faded to nothing: back to where it was, never above.
    assert trust(fallen, now=T0 + days(200 + 365 * 500)).value <= before
    recovered = [*fallen, *spaced([talk(T0, interest=80)] * 6, T0 + days(230), days(30))]
    assert trust(recovered, now=T0 + days(600)).value > trust(fallen, now=T0 + days(600)).value


def test_trust_value_is_kept_within_bounds_and_says_so() -> None:
    pitcher = [talk(T0 + timedelta(minutes=i), "transactional", pitches=2) for i in range(5)]
    low = trust(pitcher, now=T0)
    assert low.value == 0
    assert low.contributions[-1].reason == "kept within 0–100"
    assert low.contributions[-1].at is None
    friend = [logged(T0 + days(7 * i), "helped-me") for i in range(200)]
    high = trust(friend, now=T0 + days(1400))
    assert high.value == 100
    assert high.contributions[-1].reason == "kept within 0–100"
    for result in (low, high):
        assert math.fsum(c.delta for c in result.contributions) == pytest.approx(result.value)


# States


def documented_constants() -> list[tuple[str, float]]:
    """``(name, value)`` for the rows of the page's constants table whose values are numbers."""
    found = []
    rows = re.findall(r"^\| ((?:`[A-Z_]+`(?:, )?)+) \| ([^|]+) \|", read_doc(), re.MULTILINE)
    for names, values in rows:
        pairs = zip(re.findall(r"`([A-Z_]+)`", names), values.split(", "), strict=True)
        found += [(name, float(value)) for name, value in pairs if re.fullmatch(r"[0-9.]+", value)]
    return found


def read_doc() -> str:
    return DOC.read_text(encoding="utf-8") if DOC.exists() else ""


@pytest.mark.parametrize(("name", "value"), documented_constants())
def test_trust_docs_constants_match_the_code(name: str, value: float) -> None:
    module = remind_module if hasattr(remind_module, name) else model
    assert getattr(module, name) == value


def test_trust_states_are_all_documented() -> None:
    assert set(STATES) == {"new", "warming", "trusted", "cooling", "wary", "flagged"}
    doc = DOC.read_text(encoding="utf-8")
    for state in STATES:
        assert f'"{state}"' in (model.__doc__ or "")
        assert f"**{state}**" in doc


def test_trust_state_trusted_over_years_of_genuine_exchanges() -> None:
    friend = spaced([talk(T0, interest=80, owner_asks=1)] * 20, T0, days(45))
    result = trust(friend, now=friend[-1].at + days(10))
    assert result.value >= model.TRUSTED_AT
    assert result.state == "trusted"


def test_trust_state_cooling_after_twice_the_rhythm() -> None:
    friend = spaced([talk(T0, interest=80)] * 5, T0, days(20))
    last = friend[-1].at
    assert trust(friend, now=last + days(39)).state == "warming"
    assert trust(friend, now=last + days(41)).state == "cooling"


def test_trust_state_cooling_after_half_a_year_at_most() -> None:
    friend = spaced([talk(T0, interest=80)] * 4, T0, days(150))
    last = friend[-1].at
    assert trust(friend, now=last + days(179)).state == "warming"
    assert trust(friend, now=last + days(181)).state == "cooling"


def test_trust_state_wary_when_recent_exchanges_cost_more_than_they_earn() -> None:
    friend = spaced([talk(T0, interest=80)] * 3, T0, days(10))
    asks = [
        talk(T0 + days(30 + 5 * i), "neutral", asks=("advice",), asks_answered=0) for i in range(3)
    ]
    result = trust([*friend, *asks], now=T0 + days(50))
    assert not result.flagged
    assert result.state == "wary"


def test_trust_flag_is_cleared_by_a_later_genuine_exchange() -> None:
    deal = talk(T0, "transactional", asks=("intro",))
    assert trust([deal], now=T0 + days(10)).flagged
    cleared = trust([deal, talk(T0 + days(5), interest=70)], now=T0 + days(10))
    assert not cleared.flagged
    assert cleared.state != "flagged"


def test_trust_flag_is_forgotten_after_a_year() -> None:
    deal = talk(T0, "transactional", asks=("intro",))
    assert trust([deal], now=T0 + days(364)).flagged
    assert not trust([deal], now=T0 + days(366)).flagged


def test_trust_flagged_takes_precedence_over_trusted() -> None:
    friend = spaced([talk(T0, interest=100, owner_asks=1)] * 40, T0, days(30))
    deal = talk(friend[-1].at + days(3), "transactional", pressure=40, asks=("review",))
    result = trust([*friend, deal], now=deal.at)
    assert result.value >= model.TRUSTED_AT
    assert result.state == "flagged"


# Explanations and time zones


def test_trust_contributions_carry_refs_and_times_in_order() -> None:
    history = [
        replace(talk(T0 + days(30), "neutral", asks=("call",)), ref="conversation 2"),
        replace(logged(T0, "met", "conference"), ref="entry 1"),
        replace(logged(T0 + days(400), "met", "dinner"), ref="entry 3"),
    ]
    result = trust(history, now=NOW)
    dated = [c for c in result.contributions if c.at is not None]
    times = [c.at for c in dated if c.at is not None]
    assert times == sorted(times)
    assert all(c.at is None for c in result.contributions[len(dated) :])
    assert {c.ref for c in dated} == {"", "entry 1", "conversation 2", "entry 3"}
    assert delta_of(result, "asked for a call, still unanswered") == -4


def test_trust_mixes_naive_and_aware_times() -> None:
    paris = timezone(timedelta(hours=1))
    aware = [
        talk(datetime(2025, 1, 1, 13, tzinfo=paris), interest=60),
        talk(datetime(2025, 1, 1, 20, tzinfo=UTC), interest=60),
    ]
    naive = [
        talk(datetime(2025, 1, 1, 12), interest=60),
        talk(datetime(2025, 1, 1, 20), interest=60),
    ]
    mixed = [aware[0], naive[1]]
    for now in (datetime(2025, 6, 1), datetime(2025, 6, 1, tzinfo=paris)):
        values = {trust(h, now=now).value for h in (aware, naive, mixed)}
        assert len(values) == 1
    # The second chat is 7 hours after the first: same day, counted half.
    assert "within a day of the previous good exchange: counts half" in reasons(
        trust(mixed, now=datetime(2025, 6, 1))
    )
    assert trust(aware, now=datetime(2025, 6, 1)).last_genuine_at == aware[1].at


# The worked examples in docs/journal.md


def maya() -> list[Exchange]:
    return [
        logged(datetime(2024, 1, 10, 12), "met", "coffee after the Lyon meetup"),
        talk(datetime(2024, 1, 30, 21), interest=70, messages=40, label="WhatsApp: Maya"),
        talk(datetime(2024, 3, 10, 19), interest=50, owner_asks=1, label="WhatsApp: Maya"),
        logged(datetime(2024, 7, 28, 12), "helped-me", "reviewed my CV"),
        talk(datetime(2025, 3, 5, 20), interest=80, label="WhatsApp: Maya"),
    ]


def derek() -> list[Exchange]:
    event = "Maddyness: Derek"
    return [
        talk(datetime(2025, 3, 14, 10, 0), "transactional", pressure=70, pitches=1, label=event),
        talk(datetime(2025, 3, 14, 10, 10), "neutral", pitches=1, label=event),
        talk(
            datetime(2025, 3, 14, 10, 20),
            "transactional",
            pressure=80,
            pitches=1,
            asks=("call",),
            label=event,
        ),
        talk(
            datetime(2025, 11, 20, 9),
            "transactional",
            pressure=60,
            asks=("other",),
            label="LinkedIn: Derek",
        ),
    ]


EXAMPLES = {"Maya": (maya, datetime(2025, 6, 1)), "Derek": (derek, datetime(2025, 12, 1))}


def table_rows(result: Trust) -> list[str]:
    """The rows docs/journal.md shows for a result (same formatting as the page)."""
    rows = []
    for c in result.contributions:
        when = f"{c.at.day} {c.at:%b %Y}" if c.at else "—"
        rows.append(f"| {when} | {c.reason} | {c.delta:+.1f} |")
    return rows


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_trust_docs_examples_match_the_code(name: str) -> None:
    build, now = EXAMPLES[name]
    result = trust(build(), now=now)
    doc = DOC.read_text(encoding="utf-8")
    section = doc[doc.index(f"### {name}") :]
    section = section[: section.index("\n## ")] if "\n## " in section else section
    for row in table_rows(result):
        assert row in section, row
    assert f"trust **{result.value:.1f}**, state **{result.state}**" in section


def test_trust_docs_reminders_for_the_examples_match_the_code() -> None:
    found = reminders({"Maya": maya(), "Derek": derek()}, now=datetime(2025, 12, 1))
    doc = DOC.read_text(encoding="utf-8")
    example = " ".join(doc[doc.index("### Example") :].split())
    for listed in (found.help_back, found.losing_touch, found.resurfacing):
        assert len(listed) == 1
        assert f'**{listed[0].person}**, "{listed[0].reason}"' in example


# Properties

MOMENTS = st.datetimes(min_value=datetime(2015, 1, 1), max_value=datetime(2026, 12, 31))
ASK_KINDS: tuple[str, ...] = get_args(AskKind)
SCORES = st.floats(min_value=-10, max_value=150, allow_nan=False)
ANY_VERDICT = st.sampled_from([None, "genuine", "neutral", "self_centred", "transactional"])
ANY_ENTRY = st.sampled_from(ENTRY_KINDS)


@st.composite
def conversations(
    draw: st.DrawFn,
    verdicts: st.SearchStrategy[Any] = ANY_VERDICT,
    at: st.SearchStrategy[datetime] = MOMENTS,
) -> Exchange:
    asks = tuple(draw(st.lists(st.sampled_from(ASK_KINDS), max_size=4)))
    return Exchange(
        at=draw(at),
        source="conversation",
        verdict=draw(verdicts),
        interest=draw(SCORES),
        pressure=draw(SCORES),
        messages=draw(st.integers(0, 10_000)),
        asks=asks,  # type: ignore[arg-type]
        asks_answered=draw(st.integers(0, len(asks))),
        gave_unasked=draw(st.booleans()),
        pitches=draw(st.integers(0, 5)),
        owner_asks=draw(st.integers(0, 3)),
        owner_gave=draw(st.booleans()),
        label=draw(st.sampled_from(["", "WhatsApp: Maya", "LinkedIn"])),
    )


@st.composite
def entries(
    draw: st.DrawFn,
    kinds: st.SearchStrategy[str] = ANY_ENTRY,
    at: st.SearchStrategy[datetime] = MOMENTS,
) -> Exchange:
    kind = draw(kinds)
    # Entries as the store logs them (asked-me with an ask "other", i-helped as owner_gave…),
    # and sometimes bare.
    stored = draw(st.booleans())
    return Exchange(
        at=draw(at),
        source="entry",
        entry=kind,  # type: ignore[arg-type]
        asks=("other",) if stored and kind == "asked-me" else (),
        asks_answered=draw(st.integers(0, 1)),
        owner_asks=int(stored and kind == "i-asked"),
        owner_gave=stored and kind == "i-helped",
        gave_unasked=stored and kind == "helped-me",
        label=draw(st.sampled_from(["", "coffee"])),
    )


EXCHANGES = st.one_of(conversations(), entries())


def genuine_exchanges(at: st.SearchStrategy[datetime] = MOMENTS) -> st.SearchStrategy[Exchange]:
    """Exchanges that only earn: genuine conversations without asks or pitches, meetings, help."""
    chats = conversations(verdicts=st.just("genuine"), at=at).map(
        lambda e: replace(e, asks=(), asks_answered=0, pitches=0)
    )
    return st.one_of(chats, entries(kinds=st.sampled_from(["met", "helped-me"]), at=at))


def pushy_exchanges(at: st.SearchStrategy[datetime] = MOMENTS) -> st.SearchStrategy[Exchange]:
    """Exchanges that earn nothing: not genuine, no help either way."""
    chats = conversations(
        verdicts=st.sampled_from(["neutral", "self_centred", "transactional"]), at=at
    ).map(lambda e: replace(e, gave_unasked=False, owner_gave=False))
    return st.one_of(chats, entries(kinds=st.sampled_from(["asked-me", "i-asked", "note"]), at=at))


def with_refs(history: list[Exchange]) -> list[Exchange]:
    return [replace(e, ref=f"x{i}") for i, e in enumerate(history)]


@settings(max_examples=300, deadline=None)
@given(st.lists(EXCHANGES, max_size=12), MOMENTS)
def test_trust_is_bounded_and_its_contributions_add_up(
    history: list[Exchange], now: datetime
) -> None:
    result = trust(history, now=now)
    assert 0 <= result.value <= 100
    assert sum(c.delta for c in result.contributions) == pytest.approx(result.value, abs=1e-9)
    assert result.state in STATES
    assert result.flagged == (result.state == "flagged")
    assert trust(history, now=now) == result


@settings(max_examples=200, deadline=None)
@given(st.lists(EXCHANGES, max_size=10, unique_by=lambda e: e.at), MOMENTS, st.data())
def test_trust_ignores_input_order(history: list[Exchange], now: datetime, data: Any) -> None:
    history = with_refs(history)
    shuffled = data.draw(st.permutations(history))
    assert trust(shuffled, now=now) == trust(history, now=now)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(EXCHANGES, max_size=10),
    genuine_exchanges(),
    st.timedeltas(min_value=days(1), max_value=days(2000)),
    MOMENTS,
)
def test_trust_is_monotone_in_genuine_exchanges(
    history: list[Exchange], genuine: Exchange, after: timedelta, now: datetime
) -> None:
    latest = max((e.at for e in history), default=T0)
    longer = [*history, replace(genuine, at=latest + after)]
    assert trust(longer, now=now).value >= trust(history, now=now).value - 1e-9


@settings(max_examples=200, deadline=None)
@given(
    genuine_exchanges(),
    st.integers(min_value=3, max_value=12),
    st.timedeltas(min_value=days(1), max_value=days(900)),
)
def test_trust_genuine_exchanges_have_diminishing_returns(
    template: Exchange, count: int, gap: timedelta
) -> None:
    history = with_refs(spaced([template] * count, T0, gap))
    now = history[-1].at + days(1)
    values = [trust(history[:n], now=now).value for n in range(count + 1)]
    gains = [b - a for a, b in pairwise(values)]
    # The first exchange also brings the neutral start; from the second on, each gains less.
    assert gains[0] <= model.BASE + model.EXCHANGE_CAP
    for earlier, later in pairwise(gains[1:]):
        assert later <= earlier + 1e-9
    own = trust(history, now=now).contributions
    points = [sum(c.delta for c in own if c.ref == e.ref) for e in history]
    for earlier, later in pairwise(points):
        assert 0 < later <= earlier + 1e-9


@settings(max_examples=300, deadline=None)
@given(st.lists(EXCHANGES, min_size=1, max_size=10), EXCHANGES, MOMENTS)
def test_trust_one_exchange_earns_at_most_the_cap(
    history: list[Exchange], single: Exchange, now: datetime
) -> None:
    assert trust([single], now=now).value <= model.BASE + model.EXCHANGE_CAP + 1e-9
    history = with_refs(history)
    contributions = trust(history, now=now).contributions
    for exchange in history:
        own = sum(c.delta for c in contributions if c.ref == exchange.ref)
        assert own <= model.EXCHANGE_CAP + 1e-9


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.builds(talk, st.just(T0), interest=st.floats(80, 100), owner_asks=st.integers(0, 1)),
        min_size=3,
        max_size=3,
    ),
    st.sampled_from(ASK_KINDS),
    st.floats(min_value=30, max_value=70),
    st.timedeltas(min_value=days(1), max_value=days(30)),
    st.timedeltas(min_value=days(91), max_value=days(1500)),
    st.timedeltas(min_value=timedelta(0), max_value=days(30)),
)
def test_trust_order_matters_resurfacing_with_an_ask(
    genuine: list[Exchange],
    kind: str,
    pressure: float,
    gap: timedelta,
    silence: timedelta,
    wait: timedelta,
) -> None:
    ask = talk(T0, "transactional", pressure=pressure, asks=(kind,))
    friend_then_ask = [*spaced(genuine, T0, gap), replace(ask, at=T0 + 2 * gap + silence)]
    now = T0 + 2 * gap + silence + wait
    ask_then_friend = [replace(ask, at=now - 4 * gap), *spaced(genuine, now - 3 * gap, gap)]
    resurfaced = trust(friend_then_ask, now=now)
    ordinary = trust(ask_then_friend, now=now)
    assert resurfaced.value < ordinary.value
    assert resurfaced.flagged and resurfaced.state == "flagged"
    assert not ordinary.flagged


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        conversations(verdicts=st.just("genuine")).map(lambda e: replace(e, asks=(), pitches=0)),
        min_size=3,
        max_size=6,
    ),
    st.timedeltas(min_value=days(1), max_value=days(30)),
    st.timedeltas(min_value=days(1), max_value=days(30)),
    st.lists(
        st.tuples(
            st.sampled_from(["neutral", "transactional"]),
            st.one_of(st.just(None), st.sampled_from(ASK_KINDS)),
            st.timedeltas(min_value=timedelta(0), max_value=timedelta(minutes=30)),
        ),
        min_size=3,
        max_size=3,
    ),
    genuine_exchanges(),
)
def test_trust_a_burst_costs_more_than_a_polite_chat_earns(
    base: list[Exchange],
    gap: timedelta,
    pause: timedelta,
    pushes: list[tuple[str, str | None, timedelta]],
    polite: Exchange,
) -> None:
    base = spaced(base, T0, gap)
    start = base[-1].at + pause
    burst = [
        talk(start + offset, verdict, pitches=0 if kind else 1, asks=(kind,) if kind else ())
        for verdict, kind, offset in pushes
    ]
    now = start + days(1)
    before = trust(base, now=now).value
    lost = before - trust([*base, *burst], now=now).value
    gained = trust([*base, replace(polite, at=start)], now=now).value - before
    assert lost > gained


@settings(max_examples=200, deadline=None)
@given(
    st.lists(genuine_exchanges(), min_size=1, max_size=6),
    st.lists(pushy_exchanges(), min_size=1, max_size=3),
    st.timedeltas(min_value=timedelta(0), max_value=days(60)),
    st.lists(st.timedeltas(min_value=timedelta(0), max_value=days(365 * 30)), max_size=4),
)
def test_trust_time_alone_never_lifts_trust_above_where_it_fell_from(
    friend: list[Exchange],
    fall: list[Exchange],
    after: timedelta,
    waits: list[timedelta],
) -> None:
    friend = spaced(friend, T0, days(7))
    fell_at = friend[-1].at + after
    fall = spaced(fall, fell_at, timedelta(hours=5))
    before = trust(friend, now=fell_at).value
    for wait in [timedelta(0), *waits]:
        assert trust([*friend, *fall], now=fell_at + wait).value <= before + 1e-9


@settings(max_examples=300, deadline=None)
@given(
    st.lists(EXCHANGES, min_size=1, max_size=10),
    st.lists(pushy_exchanges(), min_size=1, max_size=3),
    st.timedeltas(min_value=timedelta(0), max_value=days(400)),
    genuine_exchanges(),
    MOMENTS,
)
def test_trust_pressure_never_raises_it_and_genuine_exchanges_repair_it(
    history: list[Exchange],
    pushy: list[Exchange],
    after: timedelta,
    genuine: Exchange,
    now: datetime,
) -> None:
    latest = max(e.at for e in history)
    fallen = [*history, *spaced(pushy, latest + after, timedelta(hours=1))]
    assert trust(fallen, now=now).value <= trust(history, now=now).value + 1e-9
    repaired = [*fallen, replace(genuine, at=max(e.at for e in fallen) + days(2))]
    fallen_value = trust(fallen, now=now).value
    repaired_value = trust(repaired, now=now).value
    assert repaired_value >= fallen_value - 1e-9
    if 0 < fallen_value < 100:
        assert repaired_value > fallen_value


@settings(max_examples=100, deadline=None)
@given(st.lists(EXCHANGES, max_size=8), MOMENTS, st.sampled_from([-5, 0, 2, 9]))
def test_trust_aware_times_are_read_as_utc(
    history: list[Exchange], now: datetime, hours: int
) -> None:
    zone = timezone(timedelta(hours=hours))
    aware = [replace(e, at=e.at.replace(tzinfo=UTC).astimezone(zone)) for e in history]
    naive = trust(history, now=now)
    shifted = trust(aware, now=now.replace(tzinfo=UTC))
    assert shifted.value == pytest.approx(naive.value)
    assert shifted.state == naive.state


def test_trust_over_time_is_the_trust_of_each_growing_prefix() -> None:
    history = [
        talk(T0 + days(40), "transactional", pressure=80, asks=("intro",)),
        talk(T0, interest=60),
        logged(T0 + days(10), "met"),
        talk(T0 + days(20), "neutral"),
    ]
    steps = model.over_time(history)
    ordered = sorted(history, key=lambda exchange: exchange.at)
    assert [step.exchange for step in steps] == ordered
    for index, step in enumerate(steps):
        expected = trust(ordered[: index + 1], now=ordered[index].at)
        assert (step.value, step.state, step.flagged) == (
            expected.value,
            expected.state,
            expected.flagged,
        )
    assert steps[-1].value < steps[-2].value  # the pitch costs
    assert model.over_time([]) == []
    # Only the latest steps, each still from its whole prefix.
    assert model.over_time(history, last=2) == steps[-2:]
    assert model.over_time(history, last=0) == []
