"""The owner's card: one TOML file, beside the config file.

Where it is: ``$SINCERE_CARD`` when set, else ``card.toml`` in the folder of the config file
(see :mod:`sincere.config`). ``sincere card edit`` creates it from :func:`template` and opens it.
Example::

    name = "Zoë Martin-Lévy"
    title = "Product designer"
    organisation = "Atelier Lévy"
    emails = ["zoe@example.org"]
    phones = ["+33 6 12 34 56 78"]
    website = "https://zoe.example.org"
    languages = ["fr", "en"]
    photo = "photo.jpg"            # beside this file, JPEG or PNG, 512 KiB at most
    note = "Met at the design meetup."

    [[social]]
    label = "LinkedIn"
    url = "https://www.linkedin.com/in/zoe"

Every value is checked when the card is loaded; a mistake is a :class:`~sincere.errors.UsageError`
whose one-line message names the file and the field.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from sincere import config
from sincere.card.model import Card, Photo, Social
from sincere.errors import UsageError
from sincere.phrase import Phrase, phrase

ENV_PATH = "SINCERE_CARD"
#: The photo is embedded in every vCard and page: a phone shows it in a small circle anyway.
PHOTO_LIMIT = 512 * 1024
#: "A short note": a few lines on the card, not a biography.
NOTE_LIMIT = 1000

KEYS = (
    "name",
    "title",
    "organisation",
    "emails",
    "phones",
    "website",
    "social",
    "photo",
    "note",
    "languages",
)
SOCIAL_KEYS = ("label", "url")

_MAGIC = {b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png"}
#: BCP 47, loosely: a 2-8 letter language, then subtags of 1-8 letters or digits ("pt-BR").
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*")
_PHONE_CHARACTERS = re.compile(r"\+?[0-9 ()./-]+")
_URL = re.compile(r"https?://[^\s/?#]+\S*", re.IGNORECASE)
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")

T = TypeVar("T")


def card_path() -> Path:
    """Where the card's file is (it may not exist yet)."""
    override = os.environ.get(ENV_PATH)
    if override:
        return Path(override)
    return config.path().parent / "card.toml"


def template() -> str:
    """The file ``sincere card edit`` opens when there is no card yet: every field, commented."""
    return _TEMPLATE


def load_card(path: Path | None = None) -> Card:
    """The card in ``path`` (default :func:`card_path`), checked."""
    where = path if path is not None else card_path()
    try:
        data = where.read_bytes()
    except FileNotFoundError:
        raise UsageError(
            phrase("%(where)s: no card yet", where=str(where)),
            hint=phrase("run 'sincere card edit'"),
        ) from None
    except OSError as error:
        raise UsageError(
            phrase(
                "%(where)s: cannot read the card (%(reason)s)",
                where=str(where),
                reason=str(error.strerror),
            )
        ) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise UsageError(
            phrase("%(where)s: not UTF-8 text (byte %(byte)s)", where=str(where), byte=error.start)
        ) from None
    return parse_card(text, where=str(where), base=where.parent)


def parse_card(text: str, *, where: str, base: Path) -> Card:
    """The card in the TOML ``text``; ``where`` names it in errors, and a relative photo path is
    read from ``base``."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        # tomllib's message ends with "(at line N, column M)".
        raise UsageError(
            phrase("%(where)s: not valid TOML: %(detail)s", where=where, detail=str(error)),
            hint=phrase("fix the card's file"),
        ) from None
    return _Reader(where, base).card(data)


class _Reader:
    """Checks one file's values; every error names the file and the field."""

    def __init__(self, where: str, base: Path) -> None:
        self.where = where
        self.base = base

    def fail(self, field: str, problem: Phrase) -> UsageError:
        return UsageError(
            phrase(
                "%(where)s: %(field)s: %(problem)s", where=self.where, field=field, problem=problem
            ),
            hint=phrase("fix the card's file"),
        )

    def card(self, data: dict[str, Any]) -> Card:
        self.known_keys("", data, KEYS)
        name = self.line(data, "name")
        if not name:
            raise self.fail("name", phrase("your name is required"))
        photo_path = self.line(data, "photo")
        return Card(
            name=name,
            title=self.line(data, "title"),
            organisation=self.line(data, "organisation"),
            emails=self.items(data, "emails", self.email),
            phones=self.items(data, "phones", self.phone),
            website=self.url("website", self.line(data, "website")),
            social=self.social(data.get("social", [])),
            photo=self.photo(photo_path) if photo_path else None,
            note=self.note(data),
            languages=self.items(data, "languages", self.language),
        )

    def known_keys(self, prefix: str, data: dict[str, Any], known: tuple[str, ...]) -> None:
        for key in data:
            if key not in known:
                raise self.fail(
                    f"{prefix}{key}",
                    phrase("unknown key; the known keys are %(keys)s", keys=known),
                )

    # Values

    def string(self, value: object, field: str) -> str:
        if not isinstance(value, str):
            raise self.fail(
                field, phrase("must be a string in quotes, not %(type)s", type=_toml_type(value))
            )
        return value.strip()

    def line(self, data: dict[str, Any], field: str, *, prefix: str = "") -> str:
        value = self.string(data.get(field, ""), prefix + field)
        if _CONTROLS.search(value):
            raise self.fail(prefix + field, phrase("must be on one line"))
        return value

    def items(
        self, data: dict[str, Any], field: str, check: Callable[[str, str], T]
    ) -> tuple[T, ...]:
        values = data.get(field, [])
        if not isinstance(values, list):
            raise self.fail(field, phrase('must be a list, like %(field)s = ["…"]', field=field))
        checked = []
        for index, value in enumerate(values):
            label = f"{field}[{index + 1}]"
            text = self.string(value, label)
            if _CONTROLS.search(text):
                raise self.fail(label, phrase("must be on one line"))
            if text:
                checked.append(check(label, text))
        return tuple(checked)

    def email(self, field: str, value: str) -> str:
        local, at, domain = value.rpartition("@")
        if not at or not local or "." not in domain or any(char.isspace() for char in value):
            raise self.fail(field, phrase("%(value)s is not an email address", value=repr(value)))
        return value

    def phone(self, field: str, value: str) -> str:
        if not _PHONE_CHARACTERS.fullmatch(value):
            raise self.fail(
                field,
                phrase("%(value)s may hold only digits, spaces and + ( ) - . /", value=repr(value)),
            )
        if sum(char.isdigit() for char in value) < 6:
            raise self.fail(field, phrase("%(value)s has fewer than 6 digits", value=repr(value)))
        return value

    def url(self, field: str, value: str) -> str:
        if value and not _URL.fullmatch(value):
            raise self.fail(
                field,
                phrase("%(value)s must be a web address starting with https://", value=repr(value)),
            )
        return value

    def language(self, field: str, value: str) -> str:
        if not _LANGUAGE_TAG.fullmatch(value):
            raise self.fail(
                field,
                phrase("%(value)s is not a language tag like fr, en or pt-BR", value=repr(value)),
            )
        return value

    def note(self, data: dict[str, Any]) -> str:
        note = self.string(data.get("note", ""), "note")
        if len(note) > NOTE_LIMIT:
            raise self.fail(
                "note",
                phrase(
                    "%(length)s characters; a note holds %(limit)s at most",
                    length=len(note),
                    limit=NOTE_LIMIT,
                ),
            )
        return note

    def social(self, tables: object) -> tuple[Social, ...]:
        if not isinstance(tables, list) or not all(isinstance(item, dict) for item in tables):
            raise self.fail("social", phrase("must be [[social]] tables with a label and a url"))
        profiles = []
        for index, table in enumerate(tables):
            prefix = f"social[{index + 1}]."
            self.known_keys(prefix, table, SOCIAL_KEYS)
            label = self.line(table, "label", prefix=prefix)
            url = self.line(table, "url", prefix=prefix)
            if not label:
                raise self.fail(prefix + "label", phrase('is required, like label = "LinkedIn"'))
            if not url:
                raise self.fail(prefix + "url", phrase("is required"))
            profiles.append(Social(label=label, url=self.url(prefix + "url", url)))
        return tuple(profiles)

    def photo(self, value: str) -> Photo:
        path = self.base / Path(value).expanduser()
        try:
            with path.open("rb") as stream:
                # One byte past the limit tells a file that is too large without reading it all.
                data = stream.read(PHOTO_LIMIT + 1)
        except OSError as error:
            raise self.fail(
                "photo",
                phrase(
                    "cannot read %(value)s (%(reason)s)",
                    value=repr(value),
                    reason=str(error.strerror),
                ),
            ) from None
        if len(data) > PHOTO_LIMIT:
            raise self.fail(
                "photo",
                phrase(
                    "%(value)s is larger than %(size)s KiB; use a smaller one",
                    value=repr(value),
                    size=PHOTO_LIMIT // 1024,
                ),
            )
        for magic, media_type in _MAGIC.items():
            if data.startswith(magic):
                return Photo(data=data, media_type=media_type)
        raise self.fail(
            "photo", phrase("%(value)s is neither a JPEG nor a PNG image", value=repr(value))
        )


def _toml_type(value: object) -> Phrase:
    names = {
        bool: phrase("a boolean"),
        int: phrase("a number"),
        float: phrase("a number"),
        list: phrase("a list"),
        dict: phrase("a table"),
    }
    return next((name for kind, name in names.items() if isinstance(value, kind)), phrase("a date"))


_TEMPLATE = """\
# Your card: what people who earned it receive (sincere card share PERSON).
# Only the name is required; leave the rest empty, or delete it, to leave it out.
# Text in "double quotes"; lists in [brackets]. Check it with: sincere card show

# Your name as you want it shown. Its last word is taken as the family name.
name = ""

# What you do, and where.
title = ""
organisation = ""

# Addresses and numbers, the one you prefer first.
# Numbers are best written with their country code: "+33 6 12 34 56 78".
emails = []      # e.g. ["zoe@example.org"]
phones = []      # e.g. ["+33 6 12 34 56 78"]

# Your website (https://…).
website = ""

# The languages you speak, as language tags, the one you prefer first: "fr", "en", "pt-BR".
languages = []

# A photo: a JPEG or PNG file of 512 KiB at most, its path relative to this file.
photo = ""       # e.g. "photo.jpg"

# A short note shown on the card (1000 characters at most); \\n or a multi-line string for
# several lines: note = \"\"\"First line
# second line\"\"\"
note = ""

# Your profiles elsewhere: one [[social]] table each, with a label and an address.
# [[social]]
# label = "LinkedIn"
# url = "https://www.linkedin.com/in/you"
#
# [[social]]
# label = "Mastodon"
# url = "https://mastodon.social/@you"
"""
