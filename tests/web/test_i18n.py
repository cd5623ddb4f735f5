"""The web app's languages: the catalogs are complete, the browser's choice is read right, and
dates and numbers follow the language."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from sincere.web import i18n

WEB = Path(i18n.__file__).parent
METHODS = [("**/templates/**.html", "jinja2"), ("**.py", "python")]
OPTIONS = {"**/templates/**.html": {"extensions": "jinja2.ext.i18n"}}


def messages_in_code() -> set[str]:
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(WEB),
        METHODS,
        options_map=OPTIONS,
        keywords={"_": None, "gettext": None, "ngettext": (1, 2)},
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def catalog(lang: str) -> dict[str, object]:
    with open(WEB / "translations" / lang / "LC_MESSAGES" / "messages.po", "rb") as stream:
        return {
            (m.id[0] if isinstance(m.id, tuple) else m.id): m.string
            for m in read_po(stream)
            if m.id
        }


def placeholders(text: str) -> set[str]:
    return set(re.findall(r"%\(\w+\)[sd]", text))


def test_i18n_every_message_is_in_both_catalogs_and_translated_in_french() -> None:
    used = messages_in_code()
    assert len(used) > 100  # the extraction itself works
    for lang in i18n.LANGUAGES:
        assert used <= set(catalog(lang)), (lang, sorted(used - set(catalog(lang))))
    french = catalog("fr")
    for message in used:
        translated = french[message]
        forms = translated if isinstance(translated, tuple) else (translated,)
        assert all(forms), message
        for form in forms:
            assert placeholders(form) == placeholders(message), message


def test_i18n_catalogs_hold_no_stale_message() -> None:
    used = messages_in_code()
    for lang in i18n.LANGUAGES:
        assert set(catalog(lang)) <= used, (lang, sorted(set(catalog(lang)) - used))


@pytest.mark.parametrize(
    ("header", "cookie", "chosen"),
    [
        ("", None, "en"),
        ("fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7", None, "fr"),
        ("de-DE,de;q=0.9,en;q=0.5,fr;q=0.4", None, "en"),
        ("de-DE,fr;q=0.3", None, "fr"),
        ("en;q=0.2,fr;q=0.8", None, "fr"),
        ("fr;q=0", None, "en"),
        ("fr;q=abc", None, "en"),
        ("en", "fr", "fr"),
        ("fr", "xx", "fr"),
    ],
)
def test_i18n_negotiates_the_language(header: str, cookie: str | None, chosen: str) -> None:
    assert i18n.negotiate(header, cookie) == chosen


def test_i18n_dates_and_numbers_follow_the_language() -> None:
    with i18n.using("fr"):
        assert i18n.day(date(2026, 3, 12)) == "12 mars 2026"
        assert i18n.number(12345.5, 1) == "12\u202f345,5"
        assert i18n.signed(-2.5) == "-2,5"
        assert i18n.gettext("People") == "Contacts"
        assert i18n.ngettext("%(num)d day", "%(num)d days", 2) == "%(num)d jours"
    with i18n.using("en"):
        assert i18n.day(datetime(2026, 3, 12, 18, 2)) == "Mar 12, 2026"
        assert i18n.number(12345.5, 1) == "12,345.5"
        assert i18n.signed(4) == "+4.0"
        assert i18n.gettext("People") == "People"
    assert i18n.day(None) == "—" and i18n.moment(None) == "—" and i18n.number(None) == "—"
    with i18n.using("xx"):
        assert i18n.current() == "en"
