"""The data of each page, built from the same store and core functions as the command line.

Each function takes an open session (or the inputs of a stateless page) and returns a plain
dictionary: what the page's template shows and what its JSON twin says. The shapes follow the
CLI's ``--json`` output where there is one (``sincere people --json``, ``sincere person --json``,
``sincere remind --json``, the ``sincere.analysis/1`` report), with a few more keys the pages
need (the person's card links, the merge proposals).
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from sincere.analysis.engine import analyze
from sincere.analysis.lexicon import available_languages
from sincere.analysis.result import report_dict
from sincere.card.marks import Plan, derive
from sincere.errors import UsageError
from sincere.importers.registry import load_stream
from sincere.store import cards, identities, journal
from sincere.store.cards import DEFAULT_THRESHOLD
from sincere.store.models import CardLink, LedgerItem, Person

#: How long a shared link may last, in days, as the share form offers it ("" is "never").
EXPIRY_DAYS = (1, 7, 30, 90, 365)


@dataclass(frozen=True)
class Settings:
    """What the app takes from the owner's config when it starts (``sincere serve`` reads it as
    the CLI does): the card's trust threshold, how card copies are marked, the owner's names."""

    threshold: float = DEFAULT_THRESHOLD
    plan: Plan = field(default_factory=Plan)
    me: tuple[str, ...] = ()


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
        raise UsageError("limit must be at least 1", hint="all=true shows everyone")
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
            f"{field_name}: not a date: {text!r}", hint="write it as 2026-03-12"
        ) from None


# One person


def person(session: Session, found: Person, *, now: datetime, settings: Settings) -> dict[str, Any]:
    """The Person page: identities, timeline, ledger, the trust and its explanation, the card
    links, and who this person may be the same as. The first keys are ``sincere person --json``."""
    trust = journal.explain(session, found.id, now=now)
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
            }
            for exchange in journal.history(session, found.id)
        ],
        "ledger": [_ledger_item(item, names) for item in journal.ledger_of(session, found.id)],
        "why": [
            {"at": c.at, "reason": c.reason, "delta": round(c.delta, 2)}
            for c in trust.contributions
        ],
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
        raise UsageError("name the person to merge: a name, an identity or #id")
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
        raise UsageError(f"{field_name}: not a whole number: {text!r}")
    return int(text)


def revoke(session: Session, link_id: int, *, now: datetime) -> dict[str, Any]:
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
        choices = ", ".join(("auto", *available_languages()))
        raise UsageError(f"unknown language {lang!r}; choose one of: {choices}")
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
