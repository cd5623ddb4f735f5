"""First run, logging in and out, and the language switch."""

from __future__ import annotations

import time
from typing import Annotated

from fastapi import APIRouter, Form, Query
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from sincere.errors import NotFoundError, UsageError
from sincere.web import i18n
from sincere.web.pages import respond
from sincere.web.public import Limiter
from sincere.web.routes import FORM, ShownOn, done, safe_next, store_of
from sincere.web.security import (
    AlreadySetUp,
    TooManyAttempts,
    WrongPassword,
    client_of,
    csrf_token,
    has_password,
    password_hash,
    set_password,
    start_session,
    verify_password,
)

router = APIRouter(tags=["session"])

Next = Annotated[str, Query(description="Where to go after logging in (a local path).")]


@router.get("/setup.json", summary="First run: whether a password must be chosen")
@router.get("/setup", summary="First run: choose the owner's password")
def setup_page(request: Request) -> Response:
    if has_password(store_of(request)) and not request.url.path.endswith(".json"):
        return RedirectResponse("/login", status_code=303)
    return respond(request, "setup.html", _setup_data(request))


def _setup_data(request: Request) -> dict[str, object]:
    return {"needed": not has_password(store_of(request)), "csrf_token": csrf_token(request)}


@router.post("/setup", dependencies=FORM, summary="Set the owner's password (first run only)")
def setup(
    request: Request,
    password: Annotated[str, Form()],
    confirm: Annotated[str, Form()],
) -> Response:
    store = store_of(request)
    if has_password(store):
        raise AlreadySetUp(
            i18n.gettext("A password is already set."), hint=i18n.gettext("Log in instead.")
        )
    try:
        hashed = set_password(store, password, confirm)
    except UsageError as error:
        raise ShownOn(error, "setup.html", _setup_data(request)) from None
    start_session(request, hashed)
    return done(request, "/", {"ok": True})


@router.get("/login.json", summary="The login form's data (its CSRF token)")
@router.get("/login", summary="Log in")
def login_page(request: Request, next: Next = "/") -> Response:
    if not has_password(store_of(request)) and not request.url.path.endswith(".json"):
        return RedirectResponse("/setup", status_code=303)
    return respond(request, "login.html", _login_data(request, next))


def _login_data(request: Request, next_path: str) -> dict[str, object]:
    return {"next": safe_next(next_path), "csrf_token": csrf_token(request)}


@router.post("/login", dependencies=FORM, summary="Log in with the owner's password")
def login(
    request: Request,
    password: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",
) -> Response:
    limiter: Limiter = request.app.state.login_limiter
    client = client_of(request)
    moment = time.monotonic()
    wait = limiter.blocked(client, moment)
    if wait:
        raise TooManyAttempts(
            i18n.gettext("Too many wrong passwords: wait a little and try again."),
            retry_after=int(wait) + 1,
        )
    hashed = password_hash(store_of(request))
    if hashed is None:
        return RedirectResponse("/setup", status_code=303)
    if not verify_password(hashed, password):
        limiter.miss(client, moment)
        raise ShownOn(
            WrongPassword(i18n.gettext("Wrong password.")),
            "login.html",
            _login_data(request, next),
        )
    start_session(request, hashed)
    return done(request, safe_next(next), {"ok": True})


@router.post("/logout", dependencies=FORM, summary="Log out")
def logout(request: Request) -> Response:
    request.session.clear()
    return done(request, "/login", {"ok": True})


@router.get("/lang/{code}", summary="Switch the interface's language (en or fr)")
def switch_language(request: Request, code: str, next: Next = "/") -> Response:
    if code not in i18n.LANGUAGES:
        raise NotFoundError(
            i18n.gettext("no language %(code)s; choose one of: %(languages)s")
            % {"code": repr(code), "languages": ", ".join(i18n.LANGUAGES)}
        )
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(
        i18n.COOKIE, code, max_age=365 * 86_400, httponly=True, samesite="strict", path="/"
    )
    return response
