"""The core's words, in English, and what the web app needs to say them in another language.

The core speaks English: trust reasons (``sincere person --why``), reminders (``sincere remind``),
what an import added, error messages. Each such sentence is a :class:`Phrase`: a ``str`` holding
its English text, so the command line, the JSON output and every comparison see the same text
as ever, that also remembers how it was made: a gettext message (its ``template``, with a
``plural`` form and the ``number`` that chooses between them) and the ``params`` that fill it in.
The web app looks the message up in its catalogs and says each parameter in the reader's
language (:func:`sincere.web.i18n.say`).

    >>> reason = phrase("asked for %(what)s", what=phrase("an intro"))
    >>> reason
    'asked for an intro'
    >>> reason.template, reason.params["what"].template
    ('asked for %(what)s', 'an intro')
    >>> plural_phrase("%(num)s week", "%(num)s weeks", 3)
    '3 weeks'

Parameters are words or numbers, never sentences glued together:

- a :class:`Phrase`, said in turn; a plain ``str`` is shown as it is (a name, a label, a path,
  a detail from a library);
- an ``int`` ("3"), a :class:`Grouped` int ("1,234"), an :class:`Ordinal` ("2nd"), a ``float``
  ("10", "2.5"), a :class:`Signed` float ("+4.0");
- a ``date`` or ``datetime`` ("12 Mar 2026", the same in every locale here);
- a tuple of these, a list: "a, b, c".

Templates use only ``%(name)s`` placeholders (the web app fills them with text), and
:func:`phrase` and :func:`plural_phrase` are called with literal templates, so that
``pybabel extract`` finds every message (docs/web.md, "Languages"). Nothing here depends on
gettext or Babel: the core stays free of the web app's machinery.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from types import MappingProxyType
from typing import Any, TypeAlias

__all__ = [
    "Grouped",
    "Ordinal",
    "Param",
    "Phrase",
    "Signed",
    "both",
    "english",
    "listed",
    "ordinal",
    "phrase",
    "plural_phrase",
    "replaced",
]

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class Grouped(int):
    """A count shown with thousands separators ("1,234 messages")."""


class Ordinal(int):
    """A rank: "1st", "2nd", "11th" (the web app says it in the reader's language)."""


class Signed(float):
    """Points with their sign and one decimal: "+4.0", "-2.5"."""


Param: TypeAlias = "str | int | float | date | tuple[Param, ...]"


class Phrase(str):
    """A sentence of the core: its English text (the ``str`` itself) and how it was made.

    ``template`` is the gettext message (``plural``, when there is one, is its plural form and
    ``number`` chooses between them); ``params`` fill its ``%(name)s`` placeholders. Build one
    with :func:`phrase` or :func:`plural_phrase`.
    """

    template: str
    plural: str | None
    number: int | None
    _params: dict[str, Param]

    def __new__(
        cls,
        template: str,
        params: Mapping[str, Param] | None = None,
        *,
        plural: str | None = None,
        number: int | None = None,
    ) -> Phrase:
        values = dict(params or {})
        chosen = template if plural is None or number == 1 else plural
        text = chosen % {key: english(value) for key, value in values.items()} if values else chosen
        self = super().__new__(cls, text)
        object.__setattr__(self, "template", template)
        object.__setattr__(self, "plural", plural)
        object.__setattr__(self, "number", number)
        object.__setattr__(self, "_params", values)
        return self

    @property
    def params(self) -> Mapping[str, Param]:
        return MappingProxyType(self._params)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a Phrase cannot be changed ({name})")

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self.template, self._params, self.plural, self.number))


def _rebuild(
    template: str, params: Mapping[str, Param], plural: str | None, number: int | None
) -> Phrase:
    return Phrase(template, params, plural=plural, number=number)


def phrase(template: str, **params: Param) -> Phrase:
    """A sentence: ``template`` filled with ``params``.

    >>> phrase("no person #%(number)s", number=7)
    'no person #7'
    """
    return Phrase(template, params)


def plural_phrase(singular: str, plural: str, count: int, **params: Param) -> Phrase:
    """A sentence about ``count`` things: ``singular`` when it is 1, else ``plural`` (in
    English; other languages have their own rules). ``num`` is the count unless given.

    >>> plural_phrase("%(num)s day", "%(num)s days", 1)
    '1 day'
    """
    params.setdefault("num", count)
    return Phrase(singular, params, plural=plural, number=int(count))


def ordinal(number: int) -> str:
    """ "1st", "2nd", "3rd", "4th", "11th", "21st"."""
    teens = 10 <= number % 100 <= 20
    suffix = "th" if teens else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def english(value: Param) -> str:
    """A parameter as the English text says it."""
    if isinstance(value, str):
        return value
    if isinstance(value, Ordinal):
        return ordinal(value)
    if isinstance(value, Grouped):
        return f"{value:,}"
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, Signed):
        return f"{value:+.1f}"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, date):
        moment = value.date() if isinstance(value, datetime) else value
        return f"{moment.day} {_MONTHS[moment.month - 1]} {moment.year}"
    return ", ".join(english(item) for item in value)


def both(first: Param, second: Param) -> Phrase:
    """ "a and b"."""
    return phrase("%(first)s and %(second)s", first=first, second=second)


def listed(items: Sequence[Param]) -> Param:
    """ "a", "a and b", "a, b and c"."""
    if len(items) == 1:
        return items[0]
    return both(tuple(items[:-1]), items[-1])


def replaced(text: str, change: Callable[[str], str]) -> str:
    """``text`` with ``change`` applied to its words that are not the core's own: the whole of a
    plain ``str``, the ``str`` parameters of a :class:`Phrase` (at any depth). The web app uses
    it to take a temporary folder's name out of an error."""
    if not isinstance(text, Phrase):
        return change(text)

    def inside(value: Param) -> Param:
        if isinstance(value, str):
            return replaced(value, change)
        if isinstance(value, tuple):
            return tuple(inside(item) for item in value)
        return value

    params = {key: inside(value) for key, value in text.params.items()}
    return Phrase(text.template, params, plural=text.plural, number=text.number)
