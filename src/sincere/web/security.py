"""What keeps the local web app the owner's alone.

- **The owner's password.** The first run asks for one; only its argon2 hash is kept, in the
  journal's ``settings`` table (``web_password``). Logging in is rate-limited per client.
- **Sessions** live in a signed cookie (``itsdangerous``, the key in ``web_secret``), HttpOnly and
  SameSite=Strict. A session holds a CSRF token and a fingerprint of the password hash: setting a
  new password ends every older session.
- **CSRF.** Every POST, PUT, PATCH and DELETE must carry the session's token, in the
  ``csrf_token`` form field or the ``X-CSRF-Token`` header (which ``static/app.js`` adds to htmx
  requests from the page's ``csrf-token`` meta tag); a request whose ``Origin`` is another site is
  refused too.
- **Headers.** Every response carries a strict Content-Security-Policy (scripts and styles from
  the app's own files only: no inline script, no style attribute), ``X-Content-Type-Options``,
  ``X-Frame-Options: DENY`` and ``Referrer-Policy: same-origin``; pages are never cached.
- **Bodies** larger than the upload limit are refused with 413 before they are read whole.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from starlette.datastructures import FormData, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sincere.errors import SincereError, UsageError
from sincere.store import journal
from sincere.store.database import Store
from sincere.web.i18n import _

#: Keys of the ``settings`` table.
PASSWORD_KEY = "web_password"
SECRET_KEY = "web_secret"
#: The shortest password accepted.
MIN_PASSWORD = 8
#: The form field and the header that carry the CSRF token.
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SESSION_COOKIE = "sincere_session"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}

_hasher = PasswordHasher()


class LoginRequired(SincereError):
    """The page needs the owner to log in, or on the first run to choose a password: ``where``
    is the page that does it (``/login`` or ``/setup``)."""

    status = 401

    def __init__(self, message: str, *, where: str, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.where = where


class WrongPassword(SincereError):
    status = 401


class TooManyAttempts(SincereError):
    """Too many wrong passwords from this client: wait ``retry_after`` seconds."""

    status = 429

    def __init__(self, message: str, *, retry_after: int, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.retry_after = retry_after


class CsrfError(SincereError):
    status = 403


class AlreadySetUp(SincereError):
    status = 409


# The password and the session key, in the journal's settings


def has_password(store: Store) -> bool:
    with store.session() as session:
        return journal.setting(session, PASSWORD_KEY) is not None


def password_hash(store: Store) -> str | None:
    with store.session() as session:
        return journal.setting(session, PASSWORD_KEY)


def set_password(store: Store, password: str, confirm: str | None = None) -> str:
    """Keep the argon2 hash of a new password; returns the hash."""
    if len(password) < MIN_PASSWORD:
        raise UsageError(
            _("The password must have at least %(count)d characters.") % {"count": MIN_PASSWORD}
        )
    if confirm is not None and confirm != password:
        raise UsageError(_("The two passwords differ."))
    hashed = _hasher.hash(password)
    with store.session() as session:
        journal.save_setting(session, PASSWORD_KEY, hashed)
    return hashed


def verify_password(hashed: str, password: str) -> bool:
    try:
        return _hasher.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False


def fingerprint(hashed: str) -> str:
    """What a session remembers of the password hash (a new password ends old sessions)."""
    return hashlib.sha256(hashed.encode()).hexdigest()[:32]


def session_key(store: Store) -> str:
    """The key that signs session cookies, created on first use."""
    with store.session() as session:
        key = journal.setting(session, SECRET_KEY)
        if key is None:
            key = secrets.token_hex(32)
            journal.save_setting(session, SECRET_KEY, key)
        return key


# Sessions and CSRF


def csrf_token(request: Request) -> str:
    """The session's CSRF token (created with the session)."""
    token = request.session.get("csrf")
    if not isinstance(token, str) or not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


def start_session(request: Request, hashed: str) -> None:
    """Log the owner in: a fresh session (new CSRF token) tied to the password hash."""
    request.session.clear()
    request.session["auth"] = fingerprint(hashed)
    csrf_token(request)


def logged_in(request: Request, hashed: str | None) -> bool:
    remembered = request.session.get("auth")
    return (
        hashed is not None
        and isinstance(remembered, str)
        and hmac.compare_digest(remembered, fingerprint(hashed))
    )


def _same_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return origin is None
    host = request.headers.get("host", "")
    return origin in (f"http://{host}", f"https://{host}")


async def read_form(request: Request) -> FormData:
    """The request's form, read once (later calls get the same one). A field may be as large as
    the whole body may be: the body limit is what caps it."""
    limit: int = request.app.state.body_limit
    return await request.form(max_part_size=limit)


async def check_csrf(request: Request) -> None:
    """Refuse a state-changing request without the session's CSRF token (a FastAPI
    dependency of every POST route)."""
    if request.method not in UNSAFE_METHODS:
        return
    expected = request.session.get("csrf")
    given = request.headers.get(CSRF_HEADER)
    form: FormData | None = None
    if given is None:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await read_form(request)
            value = form.get(CSRF_FIELD)
            given = value if isinstance(value, str) else None
    if (
        not isinstance(expected, str)
        or not given
        or not hmac.compare_digest(expected.encode(), given.encode())
        or not _same_origin(request)
    ):
        if form is not None:
            await form.close()  # the files of a refused form go now
        raise CsrfError(
            _("This form has expired or did not come from this app."),
            hint=_("Reload the page and try again."),
        )


# Middleware


class SecurityHeaders:
    """Adds :data:`SECURITY_HEADERS` to every response, and ``Cache-Control: no-store`` to every
    one but the static files."""

    def __init__(self, app: ASGIApp, *, static_prefix: str = "/static/") -> None:
        self.app = app
        self.static_prefix = static_prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = str(scope.get("path", "")).startswith(self.static_prefix)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                add_headers(MutableHeaders(scope=message), static=static)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def add_headers(headers: MutableHeaders, *, static: bool = False) -> None:
    for name, value in SECURITY_HEADERS.items():
        if name == "Content-Security-Policy" and name in headers:
            # A route that sets its own, stricter policy keeps it (the card's preview, which
            # allows only its own style sheet, by hash, and nothing else).
            continue
        headers[name] = value
    if not static:
        headers["Cache-Control"] = "no-store"


class BodyLimit:
    """Refuses request bodies over ``limit`` bytes with 413, by their ``Content-Length`` or as
    they stream in. The error is raised where the body is read (in the route), so the app's
    error handler answers it like any other."""

    def __init__(self, app: ASGIApp, *, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope["headers"])
        received = 0

        async def limited() -> Message:
            nonlocal received
            if declared is not None and declared > self.limit:
                raise HTTPException(413, _too_large(self.limit))
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise HTTPException(413, _too_large(self.limit))
            return message

        await self.app(scope, limited, send)


def _too_large(limit: int) -> str:
    return _("The request is larger than %(size)s.") % {"size": mebibytes(limit)}


def mebibytes(size: int) -> str:
    return f"{size / (1 << 20):g} MiB"


def _content_length(headers: Iterable[tuple[bytes, bytes]]) -> int | None:
    for name, value in headers:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


class HostCheck:
    """Answers only requests whose ``Host`` is one of ``hosts`` (any port; ``*`` for any host):
    a page of another site whose name was made to point at 127.0.0.1 (DNS rebinding) gets 400.
    Unlike Starlette's ``TrustedHostMiddleware``, it reads IPv6 hosts (``[::1]:8765``) right."""

    def __init__(self, app: ASGIApp, *, hosts: Iterable[str]) -> None:
        self.app = app
        self.hosts = {host.lower() for host in hosts}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or "*" in self.hosts:
            await self.app(scope, receive, send)
            return
        if host_name(Request(scope).headers.get("host", "")) in self.hosts:
            await self.app(scope, receive, send)
            return
        response = PlainTextResponse("Invalid host header\n", status_code=400)
        await response(scope, receive, send)


def host_name(header: str) -> str:
    """The host of a ``Host`` header, without its port (``[::1]:8765`` is ``[::1]``)."""
    text = header.strip().lower()
    if text.startswith("["):
        return text[: text.find("]") + 1] if "]" in text else text
    return text.split(":", 1)[0]


def client_of(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def local_hosts(extra: Iterable[str] = ()) -> list[str]:
    """The Host names the app answers: loopback names, and the address it listens on."""
    hosts = ["127.0.0.1", "localhost", "[::1]"]
    for host in extra:
        name = f"[{host}]" if ":" in host and not host.startswith("[") else host
        if name and name.lower() not in hosts:
            hosts.append(name.lower())
    return hosts
