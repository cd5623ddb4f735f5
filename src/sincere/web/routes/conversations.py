"""One conversation: its messages as a chat, and the analysis of it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from starlette.requests import Request
from starlette.responses import Response

from sincere.web import views
from sincere.web.pages import respond
from sincere.web.routes import PRIVATE, settings_of, store_of

router = APIRouter(tags=["conversations"])

Page = Annotated[int, Query(description=f"Which page of messages ({views.PER_PAGE} a page).")]


# The ``.json`` route first: ``{conversation_id}`` would take "3.json" too.
@router.get("/conversations/{conversation_id}", dependencies=PRIVATE, summary="One conversation")
@router.get(
    "/conversations/{conversation_id}.json",
    dependencies=PRIVATE,
    summary="One conversation and its analysis (JSON)",
)
def conversation_page(request: Request, conversation_id: int, page: Page = 1) -> Response:
    with store_of(request).session() as session:
        data = views.conversation(session, conversation_id, page=page, me=settings_of(request).me)
    return respond(request, "conversation.html", data)
