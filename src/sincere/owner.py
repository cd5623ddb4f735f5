"""Who the owner is: matching a conversation's participants against the owner's aliases.

Apps name the same person differently — "Paul", "Paul Martin", "~ Paul", or a bare phone number
when the chat's other side has not saved the contact — so the owner gives several aliases
(``--me``, or ``sincere config set me …``). An alias matches a participant when:

- it is the participant's name, ignoring case, accents' composition and surrounding spaces;
- it is a phone number (at least 6 digits, only digits, spaces, ``+ - . ( )``) and the
  participant's name or one of its phone identities has the same digits, comparing the last
  nine digits so that ``+33 6 12 34 56 78`` matches ``06 12 34 56 78``;
- it is an email address and the participant has that email identity (ignoring case).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from sincere.model import Participant

_PHONE = re.compile(r"^\+?[\d\s().\-\u00a0\u202f]{6,}$")
#: Digits compared between two phone numbers: enough to tell subscribers apart, few enough to
#: ignore the country code or the trunk prefix ("+33 6…" and "06…").
PHONE_DIGITS = 9


def _name_key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _digits(text: str) -> str | None:
    if not _PHONE.match(text.strip()):
        return None
    digits = "".join(ch for ch in text if ch.isdigit())
    return digits[-PHONE_DIGITS:] if len(digits) >= 6 else None


@dataclass(frozen=True, slots=True)
class Aliases:
    """The owner's aliases, prepared for matching."""

    names: frozenset[str]
    phones: frozenset[str]
    emails: frozenset[str]

    @classmethod
    def of(cls, aliases: str | Iterable[str] | None) -> Aliases:
        items = [aliases] if isinstance(aliases, str) else list(aliases or ())
        names, phones, emails = set(), set(), set()
        for item in items:
            item = item.strip()
            if not item:
                continue
            names.add(_name_key(item))
            digits = _digits(item)
            if digits:
                phones.add(digits)
            if "@" in item:
                emails.add(item.casefold())
        return cls(frozenset(names), frozenset(phones), frozenset(emails))

    def __bool__(self) -> bool:
        return bool(self.names)

    def match(self, participant: Participant) -> bool:
        """Whether ``participant`` is the owner (whom the importer may already have marked)."""
        if participant.is_me:
            return True
        if not self.names:
            return False
        if _name_key(participant.name) in self.names:
            return True
        if self.phones:
            digits = _digits(participant.name.strip("\u202a\u202c\u200e~ "))
            if digits in self.phones:
                return True
        for ident in participant.ids:
            scheme, _, value = ident.partition(":")
            if scheme == "phone" and self.phones and _digits(value) in self.phones:
                return True
            if scheme == "email" and value.casefold() in self.emails:
                return True
        return False
