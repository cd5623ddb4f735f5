"""The local web app: ``sincere serve`` (default http://127.0.0.1:8765).

People, one person, one conversation, imports, the card and "analyze without storing", each
page with a JSON twin; the owner's password, sessions and CSRF (:mod:`sincere.web.security`);
English and French (:mod:`sincere.web.i18n`). It adds no logic of its own: every page calls the
store and core functions the command line calls (:mod:`sincere.web.views`).

::

    create_app(store, secret_key=...)   # a FastAPI application; uvicorn serves it

Errors go through one handler: a :class:`~sincere.errors.SincereError` (or an HTTP error)
answers ``{"ok": false, "error", "hint", "status"}`` to JSON requests and an error page to the
browser, with the error's HTTP status, in the request's language (:func:`sincere.web.i18n.say`).
"""

from __future__ import annotations

import html
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from sincere import __version__
from sincere.errors import SincereError
from sincere.store.database import Store
from sincere.web import i18n
from sincere.web.imports import Jobs
from sincere.web.pages import environment, json_response, render, wants_json
from sincere.web.public import Limiter
from sincere.web.routes import (
    ShownOn,
    analyze,
    api,
    auth,
    card,
    conversations,
    imports,
    login_url,
    people,
)
from sincere.web.security import (
    SESSION_COOKIE,
    BodyLimit,
    HostCheck,
    LoginRequired,
    SecurityHeaders,
    TooManyAttempts,
    add_headers,
    local_hosts,
)
from sincere.web.views import Settings

STATIC = Path(__file__).parent / "static"
#: The largest file (or pasted text) "analyze without storing" reads.
UPLOAD_LIMIT = 20 << 20
#: What a form may add around it (the other fields, multipart boundaries).
FORM_OVERHEAD = 1 << 20
#: Sessions last this long without logging in again.
SESSION_AGE = 14 * 86_400


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


class Language:
    """Serves each request in its language (the ``lang`` cookie, else ``Accept-Language``)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        lang = i18n.negotiate(
            request.headers.get("accept-language", ""), request.cookies.get(i18n.COOKIE)
        )
        with i18n.using(lang):
            await self.app(scope, receive, send)


def create_app(
    store: Store,
    *,
    secret_key: str,
    settings: Settings | None = None,
    hosts: Sequence[str] = (),
    upload_limit: int = UPLOAD_LIMIT,
    login_limiter: Limiter | None = None,
    clock: Callable[[], datetime] | None = None,
) -> FastAPI:
    """The local web app over ``store``.

    ``secret_key`` signs the session cookies (``sincere serve`` keeps it in the journal: see
    :func:`sincere.web.security.session_key`); ``settings`` are the owner's threshold, card
    marks and names (the config's); ``hosts`` are the Host names answered besides the loopback
    ones; ``upload_limit`` caps what "analyze" reads and each file an import uploads;
    ``login_limiter`` allows 5 wrong passwords a minute per client unless told otherwise;
    ``clock`` gives "now" (for tests).
    """

    @asynccontextmanager
    async def lifespan(application: FastAPI) -> AsyncIterator[None]:
        yield
        jobs: Jobs = application.state.imports
        await run_in_threadpool(jobs.close)

    app = FastAPI(
        lifespan=lifespan,
        title="sincere",
        version=__version__,
        summary="Your people, your conversations and your card, on your machine.",
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    app.state.store = store
    app.state.settings = settings or Settings()
    app.state.clock = clock or _now
    app.state.upload_limit = upload_limit
    app.state.body_limit = upload_limit + FORM_OVERHEAD
    app.state.login_limiter = login_limiter or Limiter(allowed=5, window=60.0)
    app.state.templates = environment()
    app.state.imports = Jobs(store, app.state.clock)

    for router in (
        people.router,
        conversations.router,
        imports.router,
        card.router,
        analyze.router,
        auth.router,
        api.router,
    ):
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    app.add_exception_handler(ShownOn, _shown_on)  # type: ignore[arg-type]
    app.add_exception_handler(SincereError, _sincere_error)  # type: ignore[arg-type]
    app.add_exception_handler(HTTPException, _http_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _invalid)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _internal_error)

    # The last added is the outermost: headers on everything, then the Host check, the body
    # limit, the language, and the session innermost.
    app.add_middleware(
        SessionMiddleware,
        secret_key=secret_key,
        session_cookie=SESSION_COOKIE,
        max_age=SESSION_AGE,
        same_site="strict",
        https_only=False,
    )
    app.add_middleware(Language)
    app.add_middleware(BodyLimit, limit=app.state.body_limit)
    app.add_middleware(HostCheck, hosts=["*"] if "*" in hosts else local_hosts(hosts))
    app.add_middleware(SecurityHeaders)
    return app


# The one error handler, in its parts


def error_body(message: str, hint: str | None, status: int) -> dict[str, Any]:
    return {"ok": False, "error": message, "hint": hint, "status": status}


def _error_response(
    request: Request,
    message: str,
    hint: str | None,
    status: int,
    headers: Mapping[str, str] | None = None,
) -> Response:
    headers = dict(headers) if headers else None
    if wants_json(request):
        return json_response(error_body(message, hint, status), status=status, headers=headers)
    data = {"error": error_body(message, hint, status)}
    return render(request, "error.html", data, status=status, headers=headers)


def _headers_of(error: SincereError) -> dict[str, str] | None:
    if isinstance(error, TooManyAttempts):
        return {"Retry-After": str(error.retry_after)}
    return None


async def _sincere_error(request: Request, error: SincereError) -> Response:
    if isinstance(error, LoginRequired) and not wants_json(request):
        here = request.url.path + ("?" + request.url.query if request.url.query else "")
        target = error.where if error.where == "/setup" else login_url(here)
        return RedirectResponse(target, status_code=303)
    message, hint = _said(error)
    return _error_response(request, message, hint, error.status, _headers_of(error))


def _said(error: SincereError) -> tuple[str, str | None]:
    """The error's message and hint in the request's language."""
    return i18n.say(str(error)), i18n.say(error.hint) if error.hint else None


async def _shown_on(request: Request, shown: ShownOn) -> Response:
    error = shown.error
    message, hint = _said(error)
    if wants_json(request):
        return _error_response(request, message, hint, error.status, _headers_of(error))
    data = {**shown.data, "error": error_body(message, hint, error.status)}
    return render(request, shown.template, data, status=error.status, headers=_headers_of(error))


async def _http_error(request: Request, error: HTTPException) -> Response:
    messages = {404: i18n.gettext("No such page."), 405: i18n.gettext("Method not allowed.")}
    message = messages.get(error.status_code) or str(error.detail)
    return _error_response(request, message, None, error.status_code, error.headers)


async def _invalid(request: Request, error: RequestValidationError) -> Response:
    problems = []
    for item in error.errors():
        where = ".".join(str(part) for part in item.get("loc", ()) if part not in ("query", "body"))
        problems.append(f"{where}: {item.get('msg', 'invalid')}" if where else item.get("msg", ""))
    message = "; ".join(problems) or i18n.gettext("Invalid request.")
    return _error_response(request, message, None, 422)


async def _internal_error(request: Request, error: Exception) -> Response:
    # Outside the middleware: the security headers are added here.
    message = i18n.gettext("Internal error: this is a bug in sincere.")
    response: Response
    if wants_json(request):
        response = json_response(error_body(message, None, 500), status=500)
    else:
        # No template: whatever failed may fail again.
        page = f"<!doctype html><title>sincere</title><h1>500</h1><p>{html.escape(message)}</p>"
        response = HTMLResponse(page, status_code=500)
    add_headers(response.headers)
    return response
