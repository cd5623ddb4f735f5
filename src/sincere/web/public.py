"""The public card server: ``sincere serve --public``, the only part of sincere meant to face
the Internet (behind a reverse proxy).

Three endpoints per link, and nothing else::

    GET /c/{token}        the card page (HTML, no script at all)
    GET /c/{token}.vcf    the card as vCard 3.0, for "add to contacts"
    GET /c/{token}.json   the card as jCard (RFC 7095)
    GET /robots.txt       disallows /c/

Every miss — an unknown, revoked, expired or used-up token, a malformed one, another path —
answers the same 404 body after the same work (the token is hashed and looked up whatever its
shape), so a miss tells nothing. Misses are rate-limited per client: a client that misses too
often gets 429 for a while, which makes guessing 192-bit tokens hopeless twice over. A GET
changes nothing but the link's view count and view log (time, browser family; the address only
when the owner asks for it). Every response carries ``Referrer-Policy: no-referrer``, a strict
Content-Security-Policy, ``X-Robots-Tag: noindex`` and ``Cache-Control: no-store``.
"""

from __future__ import annotations

import asyncio
import json
import re
import threading
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from sincere.card import render
from sincere.card.marks import Plan, derive, token_hash
from sincere.card.model import Card
from sincere.store import cards
from sincere.store.database import Store

#: Headers every response carries.
SECURITY_HEADERS = {
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": (
        f"default-src 'none'; style-src {render.STYLE_HASH}; img-src data:; base-uri 'none'; "
        "form-action 'none'; frame-ancestors 'none'"
    ),
    "X-Robots-Tag": "noindex, nofollow",
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
}
NOT_FOUND = b"Not found\n"
ROBOTS = "User-agent: *\nDisallow: /c/\n"
_PATH = re.compile(r"^([A-Za-z0-9_-]{1,100})(\.vcf|\.json)?$")


def agent_family(user_agent: str) -> str:
    """The browser or tool family of a User-Agent, nothing more precise."""
    text = user_agent.lower()
    for needle, family in (
        ("edg/", "Edge"),
        ("opr/", "Opera"),
        ("firefox/", "Firefox"),
        ("chrome/", "Chrome"),
        ("safari/", "Safari"),
        ("curl/", "curl"),
        ("wget/", "Wget"),
        ("python", "Python"),
        ("bot", "bot"),
    ):
        if needle in text:
            return family
    return "other" if text else ""


@dataclass
class Limiter:
    """Misses per client: ``allowed`` misses per ``window`` seconds, then 429 until the window
    has passed. Bounded memory: the oldest clients are forgotten past ``clients``."""

    allowed: int = 20
    window: float = 60.0
    clients: int = 100_000

    def __post_init__(self) -> None:
        self._misses: OrderedDict[str, tuple[float, int]] = OrderedDict()
        self._lock = threading.Lock()

    def blocked(self, client: str, now: float) -> float:
        """Seconds this client must wait (0: not blocked)."""
        with self._lock:
            started, count = self._misses.get(client, (now, 0))
            if now - started >= self.window:
                self._misses.pop(client, None)
                return 0.0
            return self.window - (now - started) if count >= self.allowed else 0.0

    def miss(self, client: str, now: float) -> None:
        with self._lock:
            started, count = self._misses.pop(client, (now, 0))
            if now - started >= self.window:
                started, count = now, 0
            self._misses[client] = (started, count + 1)
            while len(self._misses) > self.clients:
                self._misses.popitem(last=False)


@dataclass
class _Entry:
    """What the server knows of one token: its link (``None``: no such link), the link's state
    when it was read, and the responses already rendered for it."""

    link_id: int | None
    expires_at: datetime | None = None
    max_views: int | None = None
    revoked: bool = False
    views_at_load: int = 0
    flushed_at_load: int = 0
    loaded: float = 0.0
    rendered: dict[str, Response] = field(default_factory=dict)


class Links:
    """The links as the server sees them: read from the store and kept for ``ttl`` seconds (so a
    link revoked from the command line stops working within that time), the responses rendered
    once per link, and the views written to the store in batches by a background thread, so a
    view costs no database write on the request's path. View limits stay exact within the
    process: views served but not yet written count."""

    def __init__(
        self,
        store: Store,
        card: Card,
        plan: Plan,
        *,
        lang: str,
        clock: Callable[[], datetime],
        ttl: float = 2.0,
        capacity: int = 20_000,
    ) -> None:
        self.store = store
        self.card = card
        self.plan = plan
        self.lang = lang
        self.clock = clock
        self.ttl = ttl
        self.capacity = capacity
        self._entries: OrderedDict[str, _Entry] = OrderedDict()
        self._lock = threading.Lock()
        self._served: dict[int, int] = {}
        self._flushed: dict[int, int] = {}
        self._pending: list[cards.View] = []
        self._stop = threading.Event()
        self._writer: threading.Thread | None = None
        with store.session() as session:
            self.secret = cards.secret(session)

    # Reading -----------------------------------------------------------------------------

    def _load(self, key: str) -> _Entry:
        with self.store.session() as session:
            link = cards.by_hash(session, key)
            with self._lock:
                if link is None:
                    return _Entry(None, loaded=time.monotonic())
                return _Entry(
                    link.id,
                    expires_at=link.expires_at,
                    max_views=link.max_views,
                    revoked=link.revoked_at is not None,
                    views_at_load=link.views,
                    flushed_at_load=self._flushed.get(link.id, 0),
                    loaded=time.monotonic(),
                )

    def entry(self, token: str) -> _Entry:
        """The entry for a token (read from the store when unknown or stale). Blocking."""
        key = token_hash(token)
        with self._lock:
            found = self._entries.get(key)
            if found is not None and time.monotonic() - found.loaded < self.ttl:
                self._entries.move_to_end(key)
                return found
        fresh = self._load(key)
        with self._lock:
            if found is not None and found.link_id == fresh.link_id:
                fresh.rendered = found.rendered
            self._entries[key] = fresh
            self._entries.move_to_end(key)
            while len(self._entries) > self.capacity:
                self._entries.popitem(last=False)
        return fresh

    def cached(self, token: str) -> _Entry | None:
        """The entry for a token if it is fresh in memory (no blocking)."""
        key = token_hash(token)
        with self._lock:
            found = self._entries.get(key)
            if found is not None and time.monotonic() - found.loaded < self.ttl:
                return found
        return None

    def open(
        self,
        entry: _Entry,
        token: str,
        kind: str,
        agent: str,
        address: str | None,
        *,
        count: bool = True,
    ) -> Response | None:
        """The response for a view of the link, counted (unless ``count`` is false: a HEAD, a
        link preview's probe); ``None`` when the link is not active."""
        if entry.link_id is None:
            return None
        now = self.clock()
        with self._lock:
            served = self._served.get(entry.link_id, 0)
            active = cards.link_state(
                revoked=entry.revoked,
                expires_at=entry.expires_at,
                max_views=entry.max_views,
                views=entry.views_at_load + served - entry.flushed_at_load,
                now=now,
            )
            if active != "active":
                return None
            if count:
                self._served[entry.link_id] = served + 1
                self._pending.append(cards.View(entry.link_id, now, kind, agent, address))
            response = entry.rendered.get(kind)
        if response is None:
            response = self._render(entry.link_id, token, kind)
            with self._lock:
                entry.rendered[kind] = response
        return response

    def _render(self, link_id: int, token: str, kind: str) -> Response:
        marks = derive(self.secret, link_id, self.plan, token)
        if kind == "vcf":
            filename = re.sub(r"[^A-Za-z0-9._-]+", "-", self.card.name).strip("-") or "card"
            return _headers(
                Response(
                    render.vcard3(self.card, marks),
                    media_type="text/vcard; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}.vcf"'},
                )
            )
        if kind == "json":
            return _headers(
                Response(
                    json.dumps(render.jcard(self.card, marks), ensure_ascii=False),
                    media_type="application/vcard+json",
                )
            )
        page = render.html_page(self.card, marks, vcf_url=f"{token}.vcf", lang=self.lang)
        return _headers(Response(page, media_type="text/html; charset=utf-8"))

    # Writing views -------------------------------------------------------------------------

    def flush(self) -> None:
        """Write the views served since the last flush (one transaction)."""
        with self._lock:
            pending, self._pending = self._pending, []
        if not pending:
            return
        counts: dict[int, int] = {}
        for view in pending:
            counts[view.link_id] = counts.get(view.link_id, 0) + 1
        with self.store.session() as session:
            cards.record_views(session, pending)
        with self._lock:
            for link_id, count in counts.items():
                self._flushed[link_id] = self._flushed.get(link_id, 0) + count

    def start(self, every: float = 0.25) -> None:
        def run() -> None:
            while not self._stop.wait(every):
                self.flush()

        self._writer = threading.Thread(target=run, name="sincere-views", daemon=True)
        self._writer.start()

    def stop(self) -> None:
        self._stop.set()
        if self._writer is not None:
            self._writer.join(timeout=10)
        self.flush()


def create_app(
    store: Store,
    card: Card,
    plan: Plan,
    *,
    limiter: Limiter | None = None,
    log_addresses: bool = False,
    trust_proxy: bool = False,
    lang: str = "en",
    clock: Callable[[], datetime] | None = None,
    ttl: float = 2.0,
) -> Starlette:
    """The public app for ``card``, serving the links in ``store``. ``app.state.links`` is the
    :class:`Links` (``flush()`` writes the pending views)."""
    limits = limiter or Limiter()
    now = clock or (lambda: datetime.now(UTC).replace(tzinfo=None, microsecond=0))
    links = Links(store, card, plan, lang=lang, clock=now, ttl=ttl)

    def client_of(request: Request) -> str:
        if trust_proxy:
            forwarded = request.headers.get("x-forwarded-for", "")
            if forwarded:
                return forwarded.split(",")[0].strip()
        return request.client.host if request.client else "unknown"

    async def card_endpoint(request: Request) -> Response:
        client = client_of(request)
        moment = time.monotonic()
        wait = limits.blocked(client, moment)
        if wait:
            return _too_many(wait)
        found = _PATH.match(request.path_params["rest"])
        token, suffix = (found[1], found[2] or "") if found else ("", "")
        kind = {"": "page", ".vcf": "vcf", ".json": "json"}[suffix]
        # The same work for every request: hash and look up, even a malformed token.
        entry = links.cached(token)
        if entry is None:
            entry = await asyncio.to_thread(links.entry, token)
        response = links.open(
            entry,
            token,
            kind,
            agent_family(request.headers.get("user-agent", "")),
            client if log_addresses else None,
            count=request.method != "HEAD",
        )
        if response is None:
            limits.miss(client, moment)
            return _not_found()
        return response

    async def robots(_: Request) -> Response:
        return _headers(PlainTextResponse(ROBOTS))

    async def anything_else(request: Request) -> Response:
        client = client_of(request)
        moment = time.monotonic()
        wait = limits.blocked(client, moment)
        if wait:
            return _too_many(wait)
        limits.miss(client, moment)
        return _not_found()

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        links.start()
        try:
            yield
        finally:
            links.stop()

    app = Starlette(
        routes=[
            Route("/c/{rest:str}", card_endpoint, methods=["GET", "HEAD"]),
            Route("/robots.txt", robots, methods=["GET", "HEAD"]),
            Route("/{path:path}", anything_else, methods=["GET", "HEAD", "POST", "PUT", "DELETE"]),
        ],
        lifespan=lifespan,
    )
    app.state.links = links
    return app


def _too_many(wait: float) -> Response:
    return _headers(
        PlainTextResponse(
            "Too many requests\n", status_code=429, headers={"Retry-After": str(int(wait) + 1)}
        )
    )


def _not_found() -> Response:
    return _headers(Response(NOT_FOUND, status_code=404, media_type="text/plain; charset=utf-8"))


def _headers(response: Response) -> Response:
    response.headers.update(SECURITY_HEADERS)
    return response
