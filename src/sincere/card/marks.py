"""Per-recipient marks, and tracing a card that turned up somewhere back to its recipient.

Each link's card differs from every other's in ways that survive an import into a phone's
contacts, all derived by HMAC-SHA256 from one local secret and the link's number, so nothing has
to be stored beyond the link itself:

- a UID (``urn:uuid:…``, a version-4-shaped UUID from the HMAC);
- the URL (vCard ``URL``/``SOURCE``) of the recipient's own link, which holds its token;
- optionally an email alias ``card-<8 letters>@<catch-all domain>`` when the owner has a
  catch-all domain, and a phone extension of ``extension_digits`` digits when the owner has an
  extension plan.

:func:`trace` reads whatever turned up (a ``.vcf``, a jCard, a pasted text, the text of a QR
code) and names the link it was issued for, with a confidence: a UID or a token is conclusive;
an email alias nearly so; a phone extension alone is a hint (few digits can collide).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sincere.card.model import Marks

#: Characters of the email alias (no look-alikes: readable when dictated).
_ALIAS_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
#: How sure a phone extension alone makes a match.
EXTENSION_CONFIDENCE = 0.6
_TOKEN = re.compile(r"/c/([A-Za-z0-9_-]{16,})")
_UID = re.compile(r"urn:uuid:([0-9a-fA-F-]{36})")
_EMAIL = re.compile(r"card-([a-z0-9]{8})@", re.IGNORECASE)


def _digest(secret: bytes, purpose: str, link_id: int) -> bytes:
    return hmac.new(secret, f"{purpose}:{link_id}".encode(), hashlib.sha256).digest()


def token_hash(token: str) -> str:
    """What is stored of a link's token: its SHA-256, hex."""
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Plan:
    """How the owner's copies are marked: where links are served, and the optional alias domain
    and extension length."""

    base_url: str = ""
    alias_domain: str = ""
    extension_digits: int = 0


def derive(secret: bytes, link_id: int, plan: Plan, token: str = "") -> Marks:
    """The marks of link ``link_id`` (its URL only when the token is known: at issue and when
    served)."""
    uid = uuid.UUID(bytes=_digest(secret, "uid", link_id)[:16], version=4)
    url = f"{plan.base_url.rstrip('/')}/c/{token}" if token and plan.base_url else ""
    email = ""
    if plan.alias_domain:
        raw = _digest(secret, "alias", link_id)
        letters = "".join(_ALIAS_ALPHABET[byte % len(_ALIAS_ALPHABET)] for byte in raw[:8])
        email = f"card-{letters}@{plan.alias_domain}"
    extension = ""
    if plan.extension_digits:
        number = int.from_bytes(_digest(secret, "extension", link_id)[:8], "big")
        extension = str(number % 10**plan.extension_digits).zfill(plan.extension_digits)
    return Marks(uid=f"urn:uuid:{uid}", url=url, email=email, phone_extension=extension)


@dataclass(frozen=True, slots=True)
class Found:
    """What was found in a card: the fields that can carry a mark."""

    uids: frozenset[str]
    tokens: frozenset[str]
    aliases: frozenset[str]
    extensions: frozenset[str]

    @property
    def empty(self) -> bool:
        return not (self.uids or self.tokens or self.aliases or self.extensions)


def read(text: str) -> Found:
    """The marks a card's text may hold, whatever its form (vCard, jCard, a URL, pasted text).

    vCard folding is undone first (a line break followed by a space continues the line).
    """
    unfolded = re.sub(r"\r?\n[ \t]", "", text)
    extensions = set(re.findall(r"(?:;ext=|,|\bext\.?\s*|x)(\d{2,8})\b", unfolded, re.IGNORECASE))
    return Found(
        uids=frozenset(f"urn:uuid:{m.lower()}" for m in _UID.findall(unfolded)),
        tokens=frozenset(_TOKEN.findall(unfolded)),
        aliases=frozenset(m.lower() for m in _EMAIL.findall(unfolded)),
        extensions=frozenset(extensions),
    )


@dataclass(frozen=True, slots=True)
class Match:
    """A link the card was issued for, how sure that is (0–1), and which marks said so."""

    link_id: int
    confidence: float
    evidence: tuple[str, ...]


def trace(
    found: Found,
    secret: bytes,
    links: Iterable[int],
    plan: Plan,
    *,
    token_owner: dict[str, int] | None = None,
) -> list[Match]:
    """The links whose marks appear in ``found``, the most certain first.

    ``token_owner`` maps the hash of a token to its link (tokens cannot be derived: they are
    looked up). A UID or a token is conclusive (confidence 1.0); an email alias 0.95; a phone
    extension alone :data:`EXTENSION_CONFIDENCE`, shared among the links that have it.
    """
    scores: dict[int, tuple[float, list[str]]] = {}

    def credit(link_id: int, confidence: float, why: str) -> None:
        best, reasons = scores.get(link_id, (0.0, []))
        reasons.append(why)
        # Independent marks add up: 1 - (1 - a)(1 - b).
        scores[link_id] = (1 - (1 - best) * (1 - confidence), reasons)

    for token in found.tokens:
        owner = (token_owner or {}).get(token_hash(token))
        if owner is not None:
            credit(owner, 1.0, "the link's address (its token)")
    by_extension: dict[str, list[int]] = {}
    for link_id in links:
        marks = derive(secret, link_id, plan)
        if marks.uid in found.uids:
            credit(link_id, 1.0, f"the card's UID {marks.uid}")
        if marks.email and marks.email.split("@")[0].removeprefix("card-") in found.aliases:
            credit(link_id, 0.95, f"the email alias {marks.email}")
        if marks.phone_extension and marks.phone_extension in found.extensions:
            by_extension.setdefault(marks.phone_extension, []).append(link_id)
    for extension, owners in by_extension.items():
        # A few digits are a hint, not a proof: anyone may dial or type an extension.
        for link_id in owners:
            credit(link_id, EXTENSION_CONFIDENCE / len(owners), f"the phone extension {extension}")
    ranked = sorted(scores.items(), key=lambda item: (-item[1][0], item[0]))
    return [Match(link_id, round(score, 4), tuple(why)) for link_id, (score, why) in ranked]


def describe(confidence: float) -> str:
    if confidence >= 0.99:
        return "certain"
    if confidence >= 0.9:
        return "very likely"
    if confidence >= 0.5:
        return "likely"
    return "possible"


__all__: Sequence[str] = (
    "Found",
    "Match",
    "Plan",
    "derive",
    "describe",
    "read",
    "token_hash",
    "trace",
)
