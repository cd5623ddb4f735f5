"""The web app's routes, one module per area, and what they share: the store, the settings, the
clock, the login check, redirects that have a JSON twin.

Routes are thin: they read the request, call a view of :mod:`sincere.web.views` inside one store
session, and answer with :func:`sincere.web.pages.respond` (or a redirect after a form).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from urllib.parse import quote

from fastapi import Depends
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from sincere.errors import SincereError
from sincere.store.database import Store
from sincere.web import i18n
from sincere.web.pages import json_response, wants_json
from sincere.web.security import LoginRequired, check_csrf, logged_in, password_hash
from sincere.web.views import Settings


class ShownOn(Exception):
    """An error to show on a page (a form with what went wrong) rather than on the error page.
    JSON requests get the usual error body."""

    def __init__(self, error: SincereError, template: str, data: dict[str, Any]) -> None:
        super().__init__(str(error))
        self.error = error
        self.template = template
        self.data = data


def multipart_form(properties: dict[str, Any], required: tuple[str, ...] = ()) -> dict[str, Any]:
    """The OpenAPI description of a ``multipart/form-data`` form with these fields, and the CSRF
    token every form carries: what a route gives as ``openapi_extra``."""
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {
            **properties,
            "csrf_token": {"type": "string", "description": "The session's token."},
        },
    }
    if required:
        schema["required"] = list(required)
    return {
        "requestBody": {
            "required": True,
            "content": {"multipart/form-data": {"schema": schema}},
        }
    }


def store_of(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def now_of(request: Request) -> datetime:
    clock: Callable[[], datetime] = request.app.state.clock
    return clock()


def require_owner(request: Request) -> None:
    """The login check of every private route (a dependency)."""
    hashed = password_hash(store_of(request))
    if hashed is None:
        raise LoginRequired(
            i18n.gettext("Choose a password first."),
            where="/setup",
            hint=i18n.gettext("Open the app in your browser: the first page asks for one."),
        )
    if not logged_in(request, hashed):
        raise LoginRequired(
            i18n.gettext("Log in first."),
            where="/login",
            hint=i18n.gettext("Send the password to /login (see /api/docs)."),
        )
    request.state.authenticated = True


#: Dependencies of private pages, and of private forms (which also need the CSRF token).
PRIVATE = [Depends(require_owner)]
PRIVATE_FORM = [Depends(require_owner), Depends(check_csrf)]
FORM = [Depends(check_csrf)]


def safe_next(target: str | None, default: str = "/") -> str:
    """A local path to go back to after a form (never another site)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target


def done(request: Request, url: str, data: dict[str, Any]) -> Response:
    """After a form: back to ``url`` (HTML), or ``data`` (JSON)."""
    if wants_json(request):
        return json_response(data)
    return RedirectResponse(url, status_code=303)


def login_url(next_path: str) -> str:
    return "/login?next=" + quote(next_path, safe="/")
