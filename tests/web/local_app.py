"""Helpers of the local web app's tests: conversations (hostile ones too), the app on a real
uvicorn server on loopback, and a client that logs in and carries the CSRF token like a browser
would. The fixtures are in ``conftest.py``."""

from __future__ import annotations

import io
import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from sincere.importers.registry import load_stream
from sincere.store.database import Store
from sincere.store.imports import import_loaded
from sincere.web.app import create_app
from sincere.web.public import Limiter
from sincere.web.views import Settings

NOW = datetime(2026, 6, 1, 12, 0)
PASSWORD = "correct horse battery"
HOSTILE = "<script>alert(1)</script>"
HOSTILE_IMG = "<img src=x onerror=alert(1)>"
HOSTILE_LINK = "javascript:alert(document.cookie)"

#: Two chats the journal tests share (tests/data/whatsapp/journal): Marc, a friend who cares
#: and offers help; Karim, a stranger who probes and asks for an intro.
JOURNAL_DATA = Path(__file__).parents[1] / "data" / "whatsapp" / "journal"
CHAT = (JOURNAL_DATA / "marc.txt").read_text(encoding="utf-8")
PITCH = (JOURNAL_DATA / "karim.txt").read_text(encoding="utf-8")
#: A conversation whose sender and messages try to run script in the pages that show them.
XSS = (
    f"[20/05/2026, 09:00:00] {HOSTILE}: Hi! could you introduce me to your investors? "
    f"{HOSTILE_IMG}\n"
    f"[20/05/2026, 09:01:00] {HOSTILE}: Please review my deck {HOSTILE_LINK} "
    '<a href="javascript:alert(2)">deck</a> <style>body{display:none}</style>\n'
    "[20/05/2026, 09:05:00] Paul: I'm busy\n"
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running(app: Any) -> Iterator[str]:
    """``app`` served by a real uvicorn server on a free loopback port; yields its URL."""
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def add_chat(store: Store, text: str, name: str) -> None:
    loaded = load_stream(io.BytesIO(text.encode()), name)
    import_loaded(store, loaded, me=["Paul"], now=NOW)


_META = re.compile(r'<meta name="csrf-token" content="([^"]*)">')


@dataclass
class Browser:
    """An HTTP client that keeps cookies and sends the CSRF token with its forms."""

    url: str
    http: httpx.Client = field(init=False)

    def __post_init__(self) -> None:
        self.http = httpx.Client(base_url=self.url, follow_redirects=False, timeout=20)

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.http.get(path, **kwargs)

    def token(self) -> str:
        """The session's CSRF token, as the login form's JSON twin gives it."""
        token = self.http.get("/login.json").json()["csrf_token"]
        assert isinstance(token, str)
        return token

    def post(
        self, path: str, data: dict[str, Any] | None = None, *, csrf: bool = True, **kwargs: Any
    ) -> httpx.Response:
        fields = dict(data or {})
        if csrf:
            fields.setdefault("csrf_token", self.token())
        return self.http.post(path, data=fields, **kwargs)

    def page_token(self, path: str) -> str:
        """The CSRF token of a page's meta tag (what htmx and the forms send)."""
        found = _META.search(self.http.get(path).text)
        assert found, f"no CSRF token in {path}"
        return found.group(1)

    def setup(self, password: str = PASSWORD) -> httpx.Response:
        token = self.page_token("/setup")
        return self.http.post(
            "/setup", data={"csrf_token": token, "password": password, "confirm": password}
        )

    def login(self, password: str = PASSWORD, **fields: str) -> httpx.Response:
        token = self.page_token("/login")
        return self.http.post("/login", data={"csrf_token": token, "password": password, **fields})

    def close(self) -> None:
        self.http.close()


@dataclass
class Local:
    url: str
    store: Store
    db: Path
    app: Any
    browsers: list[Browser] = field(default_factory=list)

    def browser(self) -> Browser:
        """A new browser (closed with the server)."""
        made = Browser(self.url)
        self.browsers.append(made)
        return made

    def close(self) -> None:
        for browser in self.browsers:
            browser.close()


def make_app(store: Store, **options: Any) -> Any:
    options.setdefault("login_limiter", Limiter(allowed=5, window=60))
    options.setdefault("settings", Settings(me=("Paul",)))
    return create_app(store, secret_key="test-key-" + "k" * 32, clock=lambda: NOW, **options)


@contextmanager
def serving(store: Store, db: Path, **options: Any) -> Iterator[Local]:
    """An app made with ``options`` over ``store``, served on loopback."""
    with running(make_app(store, **options)) as url:
        served = Local(url, store, db, None)
        try:
            yield served
        finally:
            served.close()
