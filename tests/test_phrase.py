"""The core's words: English text (what the CLI prints and the JSON says) that remembers its
gettext message and parameters, for the web app to say in another language."""

from __future__ import annotations

import copy
import json
import pickle
from datetime import date, datetime

import pytest

from sincere.errors import InputError, UsageError
from sincere.phrase import (
    Grouped,
    Ordinal,
    Phrase,
    Signed,
    both,
    listed,
    phrase,
    plural_phrase,
    replaced,
)


def test_phrase_is_its_english_text_and_remembers_how_it_was_made() -> None:
    what = phrase("an intro")
    reason = phrase("asked for %(what)s (%(label)s)", what=what, label="WhatsApp: 100% Maya")
    assert reason == "asked for an intro (WhatsApp: 100% Maya)"
    assert isinstance(reason, str) and hash(reason) == hash(str(reason))
    assert reason.template == "asked for %(what)s (%(label)s)"
    assert reason.params["what"] is what and reason.plural is None
    assert (
        json.dumps({"reason": reason}) == '{"reason": "asked for an intro (WhatsApp: 100% Maya)"}'
    )
    # A message without parameters is not formatted: a "%" in it stays.
    assert phrase("kept within 0–100%") == "kept within 0–100%"


def test_phrase_plural_chooses_by_number_in_english() -> None:
    assert plural_phrase("%(num)s week", "%(num)s weeks", 1) == "1 week"
    assert plural_phrase("%(num)s week", "%(num)s weeks", 0) == "0 weeks"
    many = plural_phrase("%(num)s message", "%(num)s messages", Grouped(12345))
    assert many == "12,345 messages" and many.number == 12345 and many.plural
    assert plural_phrase("%(num)s day", "%(num)s days", 3, num="three") == "three days"


@pytest.mark.parametrize(
    ("value", "english"),
    [
        (1200, "1200"),
        (Grouped(1200), "1,200"),
        (Ordinal(1), "1st"),
        (Ordinal(12), "12th"),
        (Ordinal(22), "22nd"),
        (10.0, "10"),
        (2.5, "2.5"),
        (Signed(4), "+4.0"),
        (Signed(-2.54), "-2.5"),
        (datetime(2026, 3, 12, 18, 2), "12 Mar 2026"),
        (date(2026, 3, 12), "12 Mar 2026"),
        (("whatsapp", phrase("something")), "whatsapp, something"),
    ],
)
def test_phrase_parameters_in_english(value: object, english: str) -> None:
    assert phrase("%(value)s", value=value) == english  # type: ignore[arg-type]


def test_phrase_lists() -> None:
    assert listed([phrase("money")]) == "money"
    assert listed([phrase("a favour"), phrase("money"), phrase("a call")]) == (
        "a favour, money and a call"
    )
    assert both(both("a", "b"), "c") == "a and b and c"


def test_phrase_cannot_change_and_survives_copies() -> None:
    reason = plural_phrase("%(num)s day", "%(num)s days", 2, since=datetime(2026, 3, 12))
    with pytest.raises(AttributeError):
        reason.template = "changed"  # type: ignore[misc]
    with pytest.raises(TypeError):
        reason.params["num"] = 3  # type: ignore[index]
    for again in (pickle.loads(pickle.dumps(reason)), copy.deepcopy(reason)):
        assert isinstance(again, Phrase) and again == reason
        assert (again.template, again.plural, again.number) == ("%(num)s day", "%(num)s days", 2)
        assert dict(again.params) == dict(reason.params)


def test_phrase_replaced_changes_only_the_words_that_are_not_the_cores() -> None:
    error = phrase("%(where)s: %(message)s", where="/tmp/x/a.txt", message=phrase("no such file"))
    shown = replaced(error, lambda text: text.replace("/tmp/x/", ""))
    assert shown == "a.txt: no such file" and isinstance(shown, Phrase)
    assert shown.template == error.template
    assert replaced("/tmp/x/a.txt", lambda text: text.replace("/tmp/x/", "")) == "a.txt"


def test_phrase_errors_keep_their_phrases() -> None:
    error = InputError(phrase("no such file"), path="chat.txt", line=3)
    said = str(error)
    assert said == "chat.txt:3: no such file"
    assert isinstance(said, Phrase) and said.template == "%(where)s: %(message)s"
    assert str(InputError(phrase("no such file"))) == "no such file"
    assert isinstance(str(UsageError(phrase("the entry needs a text"))), Phrase)
    assert str(UsageError("plain words")) == "plain words"
