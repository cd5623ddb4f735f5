"""The web app's languages: gettext catalogs (English and French), the browser's choice, and
dates and numbers formatted for the language.

The catalogs are the ``.po`` files in ``translations/LANG/LC_MESSAGES/messages.po``: they are
compiled in memory when first used (Babel's ``pofile`` and ``mofile``), so there is no build step
and no compiled file to keep in step. English is the source language: its catalog only lists the
messages, and a message without a translation shows as written.

The language of a request is the ``lang`` cookie when it names a known language (set by
``/lang/CODE``), else the best match of the browser's ``Accept-Language``, else English. It is
kept in a context variable for the request, which :func:`gettext` and the formatting filters read.

The core's words (trust reasons, reminders, what an import added, error messages) come as
:class:`~sincere.phrase.Phrase` values: :func:`say` looks their message up in the same catalogs
and says their parameters in the language (numbers, dates, ranks, nested phrases).
"""

from __future__ import annotations

import gettext as _gettext
import io
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from functools import cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent

from sincere.phrase import Grouped, Ordinal, Param, Phrase, Signed

#: The languages of the interface, the default first.
LANGUAGES: tuple[str, ...] = ("en", "fr")
DEFAULT = LANGUAGES[0]
COOKIE = "lang"
TRANSLATIONS = Path(__file__).parent / "translations"

_current: ContextVar[str] = ContextVar("sincere_web_lang", default=DEFAULT)

#: The suffix of a rank ("2nd", "2e") for each of the language's ordinal plural categories
#: (CLDR's, as Babel tells them: English "one", "two", "few", "other"; French "one", "other").
ORDINAL_SUFFIXES: dict[str, dict[str, str]] = {
    "en": {"one": "st", "two": "nd", "few": "rd", "other": "th"},
    "fr": {"one": "er", "other": "e"},
}


@cache
def catalog(lang: str) -> _gettext.NullTranslations:
    """The compiled catalog of ``lang`` (an empty one for a language without a catalog)."""
    path = TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po"
    if not path.is_file():
        return _gettext.NullTranslations()
    with open(path, "rb") as stream:
        messages = read_po(stream, locale=lang)
    compiled = io.BytesIO()
    write_mo(compiled, messages)
    compiled.seek(0)
    return _gettext.GNUTranslations(compiled)


def negotiate(accept_language: str, cookie: str | None = None) -> str:
    """The language for a request: the cookie's, else the browser's preference, else English."""
    if cookie in LANGUAGES:
        return cookie
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(accept_language.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in LANGUAGES and quality > 0:
            ranked.append((-quality, position, primary))
    return min(ranked)[2] if ranked else DEFAULT


def current() -> str:
    """The language of the request being served."""
    return _current.get()


@contextmanager
def using(lang: str) -> Iterator[None]:
    """Serve the enclosed code in ``lang``."""
    token = _current.set(lang if lang in LANGUAGES else DEFAULT)
    try:
        yield
    finally:
        _current.reset(token)


def gettext(message: str) -> str:
    return catalog(current()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return catalog(current()).ngettext(singular, plural, count)


#: The conventional short name, for marking messages in Python code.
_ = gettext


def day(value: date | datetime | None) -> str:
    """A date in the current language ("12 mars 2026", "Mar 12, 2026"); "—" for none."""
    if value is None:
        return "—"
    moment = value.date() if isinstance(value, datetime) else value
    return format_date(moment, format="medium", locale=current())


def moment(value: datetime | str | None) -> str:
    """A date and time (or an ISO 8601 string of one) in the current language; "—" for none."""
    if value is None:
        return "—"
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return value
        return format_datetime(parsed, format="short", locale=current())
    return format_datetime(value, format="short", locale=current())


def number(value: float | int | None, digits: int = 0) -> str:
    """A number in the current language (``1 234,5`` in French, ``1,234.5`` in English)."""
    if value is None:
        return "—"
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=current())


def signed(value: float, digits: int = 1) -> str:
    """A number with its sign, for trust contributions (``+4.0``, ``−2,5``)."""
    pattern = "+#,##0" + ("." + "0" * digits if digits else "") + ";-#,##0"
    pattern += "." + "0" * digits if digits else ""
    return format_decimal(value, format=pattern, locale=current())


def percent(value: float) -> str:
    return format_percent(value, locale=current())


def size(value: int | None) -> str:
    """A file size in the current language (``12.3 KiB``, ``4,5 MiB``)."""
    if value is None:
        return "—"
    for unit, scale in (("MiB", 1 << 20), ("KiB", 1 << 10)):
        if value >= scale:
            return f"{number(value / scale, 1)}\u00a0{unit}"
    return ngettext("%(num)d byte", "%(num)d bytes", value) % {"num": value}


def ordinal(value: int) -> str:
    """A rank in the current language: "2nd", "11th" in English; "1er", "2e" in French."""
    lang = current()
    suffixes = ORDINAL_SUFFIXES.get(lang, ORDINAL_SUFFIXES[DEFAULT])
    category = Locale.parse(lang).ordinal_form(value)
    return f"{value}{suffixes.get(category, suffixes['other'])}"


def say(text: str | None) -> str:
    """``text`` in the current language: a :class:`~sincere.phrase.Phrase` through the catalogs,
    its parameters in the language too; any other text as it is ("" for none).

    An English request says a phrase as the core does, but for dates ("Mar 12, 2026") and
    decimals, written as everywhere else in the app.
    """
    if text is None:
        return ""
    if not isinstance(text, Phrase):
        return text
    translations = catalog(current())
    if text.plural is None:
        message = translations.gettext(text.template)
    else:
        message = translations.ngettext(text.template, text.plural, text.number or 0)
    if not text.params:
        return message
    return message % {name: _said(value) for name, value in text.params.items()}


def _said(value: Param) -> str:
    """One parameter of a phrase, in the current language."""
    if isinstance(value, str):
        return say(value)
    if isinstance(value, Ordinal):
        return ordinal(value)
    if isinstance(value, Grouped):
        return number(value)
    if isinstance(value, int):
        # Identifiers, years, small counts: as the core writes them.
        return str(int(value))
    if isinstance(value, Signed):
        return signed(value, 1)
    if isinstance(value, float):
        return format_decimal(value, locale=current())
    if isinstance(value, date):
        return day(value)
    return ", ".join(_said(item) for item in value)
