"""The data of each page, built from the same store and core functions as the command line.

Each function takes an open session (or the inputs of a stateless page) and returns a plain
dictionary: what the page's template shows and what its JSON twin says. The shapes follow the
CLI's ``--json`` output where there is one (``sincere people --json``, ``sincere person --json``,
``sincere remind --json``, the ``sincere.analysis/1`` report), with a few more keys the pages
need (the person's card links, the merge proposals).
"""

from __future__ import annotations

import base64
import dataclasses
import io
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from sincere.analysis.engine import analyze
from sincere.analysis.lexicon import available_languages
from sincere.analysis.result import report_dict
from sincere.card import render
from sincere.card.marks import Plan, derive
from sincere.card.model import Card
from sincere.card.settings import card_path, load_card
from sincere.errors import NotFoundError, UsageError
from sincere.importers.registry import load_stream
from sincere.journal.trust import over_time
from sincere.phrase import phrase
from sincere.store import cards, identities, journal
from sincere.store.cards import DEFAULT_THRESHOLD
from sincere.store.models import CardLink, LedgerItem, Person

#: How long a shared link may last, in days, as the share form offers it ("" is "never").
EXPIRY_DAYS = (1, 7, 30, 90, 365)
#: The chart of trust over time shows at most this many exchanges (the latest): each point
#: recomputes the trust of everything before it.
CHART_POINTS = 200
#: Messages shown per page of a conversation.
PER_PAGE = 500


@dataclass(frozen=True)
class Settings:
    """What the app takes from the owner's config when it starts (``sincere serve`` reads it as
    the CLI does): the card's trust threshold, how card copies are marked, the owner's names,
    and where the card's file is (``None``: where ``sincere card edit`` puts it, read on each
    visit of the Card page)."""

    threshold: float = DEFAULT_THRESHOLD
    plan: Plan = field(default_factory=Plan)
    me: tuple[str, ...] = ()
    card: Path | None = None


# People


def people(
    session: Session,
    *,
    sort: str,
    flagged: bool,
    since: date | None,
    limit: int | None,
    now: datetime,
) -> dict[str, Any]:
    """The People page: the table (the first ``limit`` rows; ``None``: everyone), how many there
    are in all, the three reminder lists and the merge proposals."""
    if limit is not None and limit < 1:
        raise UsageError(phrase("limit must be at least 1"), hint=phrase("all=true shows everyone"))
    rows = journal.list_people(session, sort=sort, flagged=flagged, since=since, limit=limit)
    total = len(rows)
    if limit is not None and total == limit:
        total = journal.count_people(session, flagged=flagged, since=since)
    found = journal.remind(session, now=now)
    ids = _label_ids(journal.names(session))
    return {
        "people": [
            {
                "id": row.id,
                "name": row.name,
                "trust": row.trust,
                "state": row.state,
                "flagged": row.flagged,
                "last_genuine_at": row.last_genuine_at,
                "last_interaction_at": row.last_interaction_at,
                "asks": row.asks,
                "gives": row.gives,
                "interactions": row.interactions,
            }
            for row in rows
        ],
        "total": total,
        "sort": sort,
        "flagged": flagged,
        "since": since,
        "limit": limit,
        "reminders": {
            key: [
                {
                    "person": item.person,
                    "person_id": ids.get(item.person),
                    "reason": item.reason,
                    "since": item.since,
                    "days": item.days,
                }
                for item in items
            ]
            for key, items in (
                ("help_back", found.help_back),
                ("losing_touch", found.losing_touch),
                ("resurfacing", found.resurfacing),
            )
        },
        "merge_proposals": [
            _proposal(proposal) for proposal in identities.merge_proposals(session)
        ],
    }


_LABEL_ID = re.compile(r"^.* \(#(\d+)\)$")


def _label_ids(names: dict[int | None, str]) -> dict[str, int]:
    """Reminder labels → person ids: a unique name is its own label, others are ``Name (#id)``
    (see :func:`sincere.store.journal.remind`)."""
    counts = Counter(names.values())
    found: dict[str, int] = {}
    for person_id, name in names.items():
        if person_id is None:
            continue
        found[name if counts[name] == 1 else f"{name} (#{person_id})"] = person_id
    return found


def _proposal(proposal: identities.MergeProposal) -> dict[str, Any]:
    return {
        "first": proposal.first,
        "second": proposal.second,
        "first_name": proposal.first_name,
        "second_name": proposal.second_name,
        "reason": proposal.reason,
    }


def parse_day(value: str, field_name: str) -> date | None:
    """A ``YYYY-MM-DD`` form or query value (empty: none)."""
    text = value.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(
            phrase("%(field)s: not a date: %(text)s", field=field_name, text=repr(text)),
            hint=phrase("write it as 2026-03-12"),
        ) from None


# One person


def person(session: Session, found: Person, *, now: datetime, settings: Settings) -> dict[str, Any]:
    """The Person page: identities, timeline, ledger, the trust and its explanation, the card
    links, and who this person may be the same as. The first keys are ``sincere person --json``."""
    trust = journal.explain(session, found.id, now=now)
    history = journal.history(session, found.id)
    names = {found.id: found.name}
    links = cards.links_of(session, found.id)
    last_views = cards.views(session, [link.id for link in links])
    return {
        "id": found.id,
        "name": found.name,
        "is_me": found.is_me,
        "trust": round(trust.value, 1),
        "state": trust.state,
        "flagged": trust.flagged,
        "identities": [
            {"scheme": i.scheme, "app": i.app, "value": i.value, "shown": i.shown}
            for i in journal.identities_of(session, found.id)
        ],
        "timeline": [
            {
                "at": exchange.at,
                "source": exchange.source,
                "label": exchange.label,
                "verdict": exchange.verdict,
                "interest": exchange.interest,
                "pressure": exchange.pressure,
                "entry": exchange.entry,
                "conversation_id": journal.conversation_id_of(exchange),
            }
            for exchange in history
        ],
        "ledger": [_ledger_item(item, names) for item in journal.ledger_of(session, found.id)],
        "why": [
            {"at": c.at, "reason": c.reason, "delta": round(c.delta, 2)}
            for c in trust.contributions
        ],
        "trust_over_time": [
            {
                "at": step.exchange.at,
                "trust": round(step.value, 1),
                "state": step.state,
                "source": step.exchange.source,
                "verdict": step.exchange.verdict,
                "entry": step.exchange.entry,
                "label": step.exchange.label,
                "conversation_id": journal.conversation_id_of(step.exchange),
            }
            for step in over_time(history, last=CHART_POINTS)
        ],
        "exchanges": len(history),
        "threshold": settings.threshold,
        "earned_card": trust.value >= settings.threshold,
        "links": [link_dict(link, now, last_views.get(link.id)) for link in links],
        "merge_proposals": [
            _proposal(proposal)
            for proposal in identities.merge_proposals(session)
            if found.id in (proposal.first, proposal.second)
        ],
    }


def _ledger_item(item: LedgerItem, names: dict[int, str]) -> dict[str, Any]:
    return {
        "id": item.id,
        "direction": item.direction,
        "category": item.category,
        "from": names.get(item.from_person_id, "you"),
        "to": names.get(item.to_person_id, "you") if item.to_person_id else None,
        "at": item.at,
        "status": item.status,
        "origin": item.origin,
        "evidence": item.evidence,
    }


def link_dict(link: CardLink, now: datetime, last_view: datetime | None = None) -> dict[str, Any]:
    return {
        "id": link.id,
        "created_at": link.created_at,
        "expires_at": link.expires_at,
        "max_views": link.max_views,
        "views": link.views,
        "last_view_at": last_view,
        "state": cards.state(link, now),
        "trust_at_issue": link.trust_at_issue,
        "anyway": link.anyway,
    }


def find_person(session: Session, person_id: int) -> Person:
    return identities.find(session, f"#{person_id}")


def log_entry(
    session: Session, person_id: int, *, text: str, kind: str, on: str, now: datetime
) -> dict[str, Any]:
    found = find_person(session, person_id)
    day = parse_day(on, "on") or now.date()
    entry = journal.log_entry(session, found, text, kind=kind, on=day, now=now)
    return {"ok": True, "entry": {"id": entry.id, "kind": entry.kind, "on": entry.on}}


def merge(session: Session, person_id: int, *, other: str, now: datetime) -> dict[str, Any]:
    """Merge ``other`` (a name, an identity or ``#id``) into the person, as
    ``sincere people merge`` does."""
    keep = find_person(session, person_id)
    if not other.strip():
        raise UsageError(phrase("name the person to merge: a name, an identity or #id"))
    gone = identities.find(session, other)
    merged = {"id": gone.id, "name": gone.name}
    identities.merge(session, keep, gone)
    journal.refresh(session, [keep.id], now=now)
    return {"ok": True, "merged": merged, "into": {"id": keep.id, "name": keep.name}}


def share(
    session: Session,
    person_id: int,
    *,
    expires_days: str,
    max_views: str,
    anyway: str,
    now: datetime,
    settings: Settings,
) -> dict[str, Any]:
    """Issue a card link to the person, behind the trust gate (:func:`sincere.store.cards.issue`
    raises :class:`~sincere.store.cards.Refused` when their trust is too low and no reason is
    given)."""
    found = find_person(session, person_id)
    expires = _whole(expires_days, "expires")
    views = _whole(max_views, "max_views")
    issued = cards.issue(
        session,
        found,
        now=now,
        threshold=settings.threshold,
        expires=timedelta(days=expires) if expires else None,
        max_views=views,
        anyway=anyway,
    )
    marks = derive(cards.secret(session), issued.link.id, settings.plan, issued.token)
    return {
        "ok": True,
        "person": {"id": found.id, "name": found.name},
        "link": link_dict(issued.link, now),
        "url": marks.url or f"/c/{issued.token}",
        "full_url": bool(marks.url),
        "token": issued.token,
    }


def _whole(value: str, field_name: str) -> int | None:
    text = value.strip()
    if not text:
        return None
    if not text.isdigit():
        raise UsageError(
            phrase("%(field)s: not a whole number: %(text)s", field=field_name, text=repr(text))
        )
    return int(text)


def revoke(session: Session, link_id: int, *, now: datetime) -> dict[str, Any]:
    """Revoke link ``#link_id``, as ``sincere card revoke #N`` does."""
    revoked = cards.revoke(session, f"#{link_id}", now=now)
    return {
        "ok": True,
        "revoked": [link.id for link in revoked],
        "person_id": revoked[0].person_id,
    }


def mark(session: Session, item_id: int, *, status: str, now: datetime) -> dict[str, Any]:
    item = journal.set_status(session, item_id, status, now=now)
    return {
        "ok": True,
        "item": {"id": item.id, "status": item.status},
        "person_id": item.from_person_id,
        "to_person_id": item.to_person_id,
    }


# One conversation


def conversation(
    session: Session,
    conversation_id: int,
    *,
    page: int,
    me: Sequence[str],
    per_page: int = PER_PAGE,
) -> dict[str, Any]:
    """The Conversation page: one page of its messages (``per_page`` a page), and the analysis
    of the whole conversation as stored (``report``, the ``sincere.analysis/1`` document of
    ``sincere analyze --format json``), run again on the stored messages with the owner's names
    ``me``. Each message says the signals it is evidence of."""
    row = journal.conversation(session, conversation_id)
    chat = journal.conversation_of(session, conversation_id)
    count = len(chat.messages)
    pages = max(1, math.ceil(count / per_page))
    if not 1 <= page <= pages:
        raise NotFoundError(
            phrase(
                "no page %(page)s in conversation #%(number)s: pages 1 to %(pages)s",
                page=page,
                number=conversation_id,
                pages=pages,
            )
        )
    lang = row.language if row.language in available_languages() else "auto"
    aliases = [alias for alias in me if alias.strip()]
    analysis = analyze(chat, aliases or None, lang=lang)
    owners = {participant.name for participant in analysis.participants if participant.is_me}
    evidence: dict[int, list[str]] = {}
    for participant in analysis.participants:
        for item in participant.evidence:
            evidence.setdefault(item.message_index, []).append(item.signal)
    offset = (page - 1) * per_page
    messages = journal.messages_of(session, conversation_id, offset=offset, limit=per_page)
    return {
        "conversation": {
            "id": row.id,
            "title": row.title,
            "format": row.format,
            "language": analysis.language,
            "source_path": row.source_path,
            "started_at": row.started_at,
            "ended_at": row.ended_at,
            "imported_at": row.imported_at,
            "message_count": count,
        },
        "me": aliases,
        "page": page,
        "pages": pages,
        "per_page": per_page,
        "messages": [
            {
                "index": offset + number,
                "id": message.id,
                "sender": message.sender,
                "person_id": message.person_id,
                "kind": message.kind,
                "text": message.text,
                "timestamp": message.timestamp,
                "mine": message.sender in owners,
                "evidence": evidence.get(offset + number, []),
            }
            for number, message in enumerate(messages)
        ],
        "people": journal.senders_of(session, conversation_id),
        "report": report_dict([analysis]),
    }


# The card


def card_dict(card: Card) -> dict[str, Any]:
    """The card's fields as the Card page shows them; only http(s) addresses become links."""

    def link(url: str) -> str | None:
        return url if re.match(r"https?://", url, re.IGNORECASE) else None

    photo = None
    if card.photo is not None and card.photo.media_type in ("image/jpeg", "image/png"):
        encoded = base64.b64encode(card.photo.data).decode("ascii")
        photo = f"data:{card.photo.media_type};base64,{encoded}"
    return {
        "name": card.name,
        "title": card.title,
        "organisation": card.organisation,
        "emails": list(card.emails),
        "phones": list(card.phones),
        "website": card.website,
        "website_link": link(card.website),
        "social": [
            {"label": item.label, "url": item.url, "link": link(item.url)} for item in card.social
        ],
        "note": card.note,
        "languages": list(card.languages),
        "photo": photo,
    }


def owner_card(settings: Settings) -> Card:
    """The owner's card, read from its file (:class:`UsageError` when there is none yet, or
    when it has a mistake)."""
    return load_card(settings.card)


def card_qr(card: Card) -> str:
    """The QR code of the owner's own card (the vCard without its photo, to fit, and without
    any recipient's marks): what ``sincere card render --as qr-svg`` writes."""
    bare = render.vcard3(dataclasses.replace(card, photo=None))
    try:
        return render.qr_svg(bare)
    except ValueError:
        raise UsageError(
            phrase("the card is too long for a QR code; shorten the note or the links")
        ) from None


def card_page(session: Session, *, now: datetime, settings: Settings) -> dict[str, Any]:
    """The Card page: the card as recipients see it (or why it cannot be read), whether its QR
    code can be drawn, and every link issued, newest first, with its person, views and state."""
    path = settings.card or card_path()
    found: dict[str, Any] | None = None
    problem: dict[str, Any] | None = None
    qr_problem: str | None = None
    try:
        card = owner_card(settings)
    except UsageError as error:
        problem = {"error": str(error), "hint": error.hint}
    else:
        found = card_dict(card)
        try:
            card_qr(card)
        except UsageError as error:
            qr_problem = str(error)
    rows = cards.links(session)
    last_views = cards.views(session, [link.id for link, _ in rows])
    return {
        "card": found,
        "card_path": str(path),
        "problem": problem,
        "qr_problem": qr_problem,
        "threshold": settings.threshold,
        "links": [
            {
                **link_dict(link, now, last_views.get(link.id)),
                "person_id": link.person_id,
                "person": name,
            }
            for link, name in rows
        ],
    }


# Analyze without storing


def analyze_upload(
    data: bytes,
    name: str,
    *,
    me: Sequence[str],
    lang: str,
) -> dict[str, Any]:
    """Read one pasted or uploaded export through the importers (zip archives included) and
    analyse each conversation in it; nothing is stored. ``report`` is the
    ``sincere.analysis/1`` document of ``sincere analyze --format json``."""
    if lang != "auto" and lang not in available_languages():
        choices = ("auto", *available_languages())
        raise UsageError(
            phrase(
                "unknown language %(language)s; choose one of: %(languages)s",
                language=repr(lang),
                languages=choices,
            )
        )
    loaded = load_stream(io.BytesIO(data), name)
    aliases = [alias for alias in me if alias.strip()] or None
    analyses = [analyze(conversation, aliases, lang=lang) for conversation in loaded.conversations]
    return {
        "input": {"name": name, "format": loaded.format, "bytes": len(data)},
        "me": list(aliases or ()),
        "lang": lang,
        "report": report_dict(analyses),
    }


def upload_name(filename: str | None) -> str:
    """The name an uploaded file goes by in messages: its last path part, printable, short."""
    base = re.split(r"[\\/]", filename or "")[-1]
    cleaned = "".join(ch for ch in base if ch.isprintable()).strip()
    return cleaned[:200] or "upload"
