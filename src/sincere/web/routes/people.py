"""People, one person, and what can be done about them: log an entry, merge, mark an ask, share
or revoke the card."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query
from starlette.requests import Request
from starlette.responses import Response

from sincere.errors import SincereError
from sincere.journal.events import ENTRY_KINDS
from sincere.store.cards import Refused
from sincere.web import views
from sincere.web.pages import respond
from sincere.web.routes import (
    PRIVATE,
    PRIVATE_FORM,
    ShownOn,
    done,
    now_of,
    safe_next,
    settings_of,
    store_of,
)

router = APIRouter(tags=["people"])

Sort = Annotated[str, Query(description="trust, name, recent, asks or gives.")]
Flagged = Annotated[bool, Query(description="Only the flagged people.")]
Since = Annotated[str, Query(description="Only people seen since this day (YYYY-MM-DD).")]
Limit = Annotated[int, Query(description="At most this many rows (the first by the sort).")]
All = Annotated[bool, Query(alias="all", description="Everyone, however many.")]


@router.get("/people.json", dependencies=PRIVATE, summary="People (JSON)")
@router.get("/", dependencies=PRIVATE, summary="People: trust, reminders, merge proposals")
def people_page(
    request: Request,
    sort: Sort = "trust",
    flagged: Flagged = False,
    since: Since = "",
    limit: Limit = 50,
    show_all: All = False,
) -> Response:
    day = views.parse_day(since, "since")
    with store_of(request).session() as session:
        data = views.people(
            session,
            sort=sort,
            flagged=flagged,
            since=day,
            limit=None if show_all else limit,
            now=now_of(request),
        )
    return respond(request, "people.html", data)


# The decorator nearest the function registers first: the ``.json`` route must come before the
# other, whose ``{person_id}`` would take "3.json" too.
@router.get("/people/{person_id}", dependencies=PRIVATE, summary="One person")
@router.get("/people/{person_id}.json", dependencies=PRIVATE, summary="One person (JSON)")
def person_page(request: Request, person_id: int) -> Response:
    return respond(request, "person.html", _person(request, person_id))


def _person(request: Request, person_id: int) -> dict[str, object]:
    with store_of(request).session() as session:
        found = views.find_person(session, person_id)
        return views.person(session, found, now=now_of(request), settings=settings_of(request))


def _on_person_page(request: Request, person_id: int, error: SincereError, form: str) -> ShownOn:
    """The person page again, with what went wrong in one of its forms (a missing person is
    still the error page's: :func:`_person` raises :class:`~sincere.errors.NotFoundError`)."""
    data = _person(request, person_id)
    data["failed"] = {
        "form": form,
        "error": str(error),
        "hint": error.hint,
        "refused": isinstance(error, Refused),
    }
    return ShownOn(error, "person.html", data)


@router.post(
    "/people/{person_id}/entries", dependencies=PRIVATE_FORM, summary="Log an entry about them"
)
def log_entry(
    request: Request,
    person_id: int,
    text: Annotated[str, Form(description="What happened, in your words.")],
    kind: Annotated[str, Form(description=f"One of: {', '.join(ENTRY_KINDS)}.")] = "note",
    on: Annotated[str, Form(description="The day (YYYY-MM-DD; default: today).")] = "",
) -> Response:
    try:
        with store_of(request).session() as session:
            data = views.log_entry(
                session, person_id, text=text, kind=kind, on=on, now=now_of(request)
            )
    except SincereError as error:
        raise _on_person_page(request, person_id, error, "entry") from None
    return done(request, f"/people/{person_id}#timeline", data)


@router.post(
    "/people/{person_id}/merge",
    dependencies=PRIVATE_FORM,
    summary="Merge another person into this one",
)
def merge(
    request: Request,
    person_id: int,
    other: Annotated[str, Form(description="The other person: a name, an identity or #id.")],
) -> Response:
    try:
        with store_of(request).session() as session:
            data = views.merge(session, person_id, other=other, now=now_of(request))
    except SincereError as error:
        raise _on_person_page(request, person_id, error, "merge") from None
    return done(request, f"/people/{person_id}", data)


@router.post(
    "/people/{person_id}/share",
    dependencies=PRIVATE_FORM,
    status_code=201,
    summary="Share the card with them (behind the trust gate)",
)
def share(
    request: Request,
    person_id: int,
    expires_days: Annotated[str, Form(description="Days the link lasts (empty: never).")] = "",
    max_views: Annotated[str, Form(description="Times it may be opened (empty: any).")] = "",
    anyway: Annotated[
        str, Form(description="Why you share although their trust is below the threshold.")
    ] = "",
) -> Response:
    try:
        with store_of(request).session() as session:
            data = views.share(
                session,
                person_id,
                expires_days=expires_days,
                max_views=max_views,
                anyway=anyway,
                now=now_of(request),
                settings=settings_of(request),
            )
    except SincereError as error:
        # The gate's refusal (cards.Refused) says why; the page offers to share anyway.
        raise _on_person_page(request, person_id, error, "share") from None
    return respond(request, "shared.html", data, status=201)


@router.post("/links/{link_id}/revoke", dependencies=PRIVATE_FORM, summary="Revoke a card link")
def revoke(
    request: Request,
    link_id: int,
    next: Annotated[str, Form(description="The page to go back to (default: the person's).")] = "",
) -> Response:
    with store_of(request).session() as session:
        data = views.revoke(session, link_id, now=now_of(request))
    return done(request, safe_next(next, f"/people/{data['person_id']}#card"), data)


@router.post(
    "/ledger/{item_id}/status",
    dependencies=PRIVATE_FORM,
    summary="Mark an ask granted, declined or open",
)
def mark(
    request: Request,
    item_id: int,
    status: Annotated[str, Form(description="granted, declined or open.")],
    person: Annotated[str, Form(description="The person page to go back to.")] = "",
) -> Response:
    with store_of(request).session() as session:
        data = views.mark(session, item_id, status=status, now=now_of(request))
    back = int(person) if person.isdigit() else data["person_id"]
    return done(request, f"/people/{back}#ledger", data)
