"""The owner's card, and what makes each recipient's copy different (pure values)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Social:
    """A profile elsewhere: ``label`` as shown ("LinkedIn", "Mastodon"), ``url`` its address."""

    label: str
    url: str


@dataclass(frozen=True, slots=True)
class Photo:
    """The card's photo: its bytes and their media type (``image/jpeg`` or ``image/png``)."""

    data: bytes
    media_type: str


@dataclass(frozen=True, slots=True)
class Card:
    """The owner's business card. ``name`` is required; everything else is optional."""

    name: str
    title: str = ""
    organisation: str = ""
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    website: str = ""
    social: tuple[Social, ...] = ()
    photo: Photo | None = None
    note: str = ""
    #: Languages spoken, as BCP 47 tags ("fr", "en", "pt-BR").
    languages: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Marks:
    """What makes one recipient's copy of the card theirs, in ways that survive an import into
    a phone's contacts: a UID, the URL of their own link, and optionally an email alias and a
    phone extension. Every rendering of a card for a recipient carries them."""

    uid: str
    url: str = ""
    email: str = ""
    phone_extension: str = ""
