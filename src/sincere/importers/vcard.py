"""vCard contact files (``.vcf``): a phone's or an address book's contacts, as people.

A ``.vcf`` holds one or many ``BEGIN:VCARD`` … ``END:VCARD`` cards (vCard 2.1, 3.0 or 4.0), as
iPhone Contacts, Android Contacts, Google Contacts, Outlook and Thunderbird export them. Each card
becomes a :class:`~sincere.model.Contact` with its name (``FN``, else ``N``), its phone numbers,
emails and social profiles (LinkedIn, Telegram URLs) as identities, its organisation and title.
No messages: the journal uses contacts to recognise people across apps.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, BinaryIO

import vobject

from sincere.errors import ParseError
from sincere.importers._text import decode_head, iter_lines
from sincere.model import Contact, Conversation, identity
from sincere.phrase import phrase

name = "vcard"
description = "vCard contacts (.vcf) from a phone or an address book: people, no messages"
extensions = (".vcf", ".vcard")

#: The largest number of lines a card may have: a real card has a few dozen (a photo more).
_MAX_CARD_LINES = 100_000
_LINKEDIN = re.compile(r"linkedin\.com/in/[^/?#\s]+", re.IGNORECASE)
_TELEGRAM = re.compile(r"(?:t\.me|telegram\.me)/([A-Za-z0-9_]{3,})", re.IGNORECASE)


def sniff(head: bytes) -> bool:
    text = decode_head(head)
    return text is not None and text.lstrip("\ufeff \r\n\t").upper().startswith("BEGIN:VCARD")


def _cards(stream: BinaryIO, path: str, encoding: str) -> Iterator[tuple[int, str]]:
    """Each card's text and the line it starts on."""
    lines: list[str] = []
    start = 0
    for number, line in iter_lines(stream, path, encoding=encoding):
        upper = line.strip().upper()
        if upper == "BEGIN:VCARD":
            if lines:
                raise ParseError(
                    phrase("a card starts before the previous one ends"), path=path, line=number
                )
            lines, start = [line], number
        elif lines:
            lines.append(line)
            if len(lines) > _MAX_CARD_LINES:
                raise ParseError(phrase("a card without END:VCARD"), path=path, line=start)
            if upper == "END:VCARD":
                yield start, "\r\n".join(lines) + "\r\n"
                lines = []
        elif line.strip():
            raise ParseError(
                phrase("not a vCard line (expected BEGIN:VCARD)"),
                path=path,
                line=number,
                hint=phrase("a .vcf file holds cards from BEGIN:VCARD to END:VCARD"),
            )
    if lines:
        raise ParseError(
            phrase("the last card has no END:VCARD (truncated file?)"), path=path, line=start
        )


def _values(card: Any, key: str) -> list[str]:
    found: list[str] = []
    for item in card.contents.get(key, []):
        value = item.value
        if isinstance(value, list):
            value = " ".join(str(part) for part in value if part)
        text = str(value).strip()
        if text:
            found.append(text)
    return found


def _name(card: Any) -> str:
    for full in _values(card, "fn"):
        return full
    for item in card.contents.get("n", []):
        parts = item.value
        shown = " ".join(
            str(piece).strip()
            for piece in (
                getattr(parts, "prefix", ""),
                getattr(parts, "given", ""),
                getattr(parts, "additional", ""),
                getattr(parts, "family", ""),
            )
            if piece and str(piece).strip()
        )
        if shown:
            return shown
    for organisation in _values(card, "org"):
        return organisation
    return ""


def _contact(card: Any) -> Contact | None:
    shown = _name(card)
    ids: list[str] = []
    for phone in _values(card, "tel"):
        digits = sum(ch.isdigit() for ch in phone)
        if digits >= 6:
            ids.append(identity("phone", phone.removeprefix("tel:")))
    for email in _values(card, "email"):
        if "@" in email:
            ids.append(identity("email", email.removeprefix("mailto:")))
    for key in ("url", "x-socialprofile", "impp"):
        for value in _values(card, key):
            if found := _LINKEDIN.search(value):
                ids.append(identity("linkedin", "https://www." + found[0].lower()))
            elif found := _TELEGRAM.search(value):
                ids.append(identity("telegram", found[1]))
    if not shown and not ids:
        return None
    return Contact(
        name=shown or ids[0].partition(":")[2],
        ids=tuple(dict.fromkeys(ids)),
        organisation=next(iter(_values(card, "org")), ""),
        position=next(iter(_values(card, "title")), ""),
    )


def parse(
    stream: BinaryIO, path: str, *, encoding: str = "utf-8"
) -> Iterator[Conversation | Contact]:
    """Read every card of a ``.vcf`` file as a contact."""
    found = 0
    for line, text in _cards(stream, path, encoding):
        try:
            card = vobject.readOne(text, ignoreUnreadable=True)
        except Exception as error:  # vobject raises many kinds of errors on bad input
            reason = str(error).splitlines()[0] if str(error) else type(error).__name__
            raise ParseError(
                phrase("not a valid vCard (%(reason)s)", reason=reason), path=path, line=line
            ) from None
        contact = _contact(card)
        if contact is not None:
            found += 1
            yield contact
    if not found:
        raise ParseError(phrase("no contact in this file"), path=path)
