"""The local web app over HTTP, against a real uvicorn server on loopback: the first run, logging
in, the pages and their JSON twins, the forms, the trust gate, languages and errors."""

from __future__ import annotations

import html
import io
import json
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import httpx
from local_app import (
    CHAT,
    HOSTILE,
    HOSTILE_IMG,
    NOW,
    PASSWORD,
    XSS,
    Browser,
    Local,
    make_app,
    running,
    serving,
)
from sqlalchemy import func, select
from typer.testing import CliRunner

from sincere.analysis.engine import analyze
from sincere.analysis.result import report_dict
from sincere.cli import app as cli
from sincere.importers.registry import load_stream
from sincere.store import journal
from sincere.store.database import Store
from sincere.store.models import CardLink, Person
from sincere.web.security import CONTENT_SECURITY_POLICY, PASSWORD_KEY, set_password
from sincere.web.views import Settings


def cli_json(*args: str | Path) -> Any:
    result = CliRunner().invoke(cli, [str(arg) for arg in args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def person_id(store: Store, name: str) -> int:
    with store.session() as session:
        found = session.scalar(select(Person.id).where(Person.name == name))
    assert found is not None
    return found


def people_count(store: Store) -> int:
    with store.session() as session:
        return int(session.scalar(select(func.count()).select_from(Person)) or 0)


class Tags(HTMLParser):
    """Every start tag of a page, with its attributes, and the text inside each <script>."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if tag == "script":
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data


def tags_of(page: str) -> Tags:
    parser = Tags()
    parser.feed(page)
    return parser


def assert_no_active_content(page: str) -> None:
    """No inline script, no script from elsewhere, no style attribute, no event handler, no
    ``javascript:`` link: what the Content-Security-Policy would block anyway."""
    parsed = tags_of(page)
    assert all(not text.strip() for text in parsed.scripts), parsed.scripts
    for tag, attrs in parsed.tags:
        if tag == "script":
            assert (attrs.get("src") or "").startswith("/static/"), attrs
        assert "style" not in attrs, (tag, attrs)
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        for name in ("href", "src", "action", "formaction"):
            assert not (attrs.get(name) or "").strip().lower().startswith("javascript:"), attrs
        assert tag != "style"


# The first run, logging in and out


def test_web_first_run_asks_for_a_password_then_logs_in(local: Local) -> None:
    browser = local.browser()
    first = browser.get("/")
    assert first.status_code == 303 and first.headers["location"] == "/setup"
    assert browser.get("/login").headers["location"] == "/setup"
    assert browser.get("/people.json").status_code == 401
    done = browser.setup()
    assert done.status_code == 303 and done.headers["location"] == "/"
    cookie = done.headers["set-cookie"].lower()
    assert "sincere_session=" in cookie
    assert "httponly" in cookie and "samesite=strict" in cookie
    page = browser.get("/")
    assert page.status_code == 200 and "Marc" in page.text
    assert "Log out" in page.text and "Log out" not in local.browser().get("/setup").text
    with local.store.session() as session:
        stored = journal.setting(session, PASSWORD_KEY)
    assert stored is not None and stored.startswith("$argon2id$")
    assert PASSWORD not in stored
    # A second setup is refused, whoever asks.
    again = local.browser()
    assert again.get("/setup").headers["location"] == "/login"
    assert again.post("/setup", {"password": "x" * 12, "confirm": "x" * 12}).status_code == 409


def test_web_setup_refuses_short_or_different_passwords(local: Local) -> None:
    browser = local.browser()
    short = browser.post("/setup", {"password": "short", "confirm": "short"})
    assert short.status_code == 400
    assert "at least 8 characters" in short.text
    assert 'name="password"' in short.text  # the form again, with the error
    differ = browser.post(
        "/setup",
        {"password": "long enough 1", "confirm": "long enough 2"},
        headers={"Accept": "application/json"},
    )
    assert differ.status_code == 400
    assert differ.json() == {
        "ok": False,
        "error": "The two passwords differ.",
        "hint": None,
        "status": 400,
    }
    assert browser.get("/").headers["location"] == "/setup"


def test_web_login_and_logout(local: Local, owner: Browser) -> None:
    browser = local.browser()
    assert browser.get("/people/1").headers["location"] == "/login?next=/people/1"
    wrong = browser.login("not the password")
    assert wrong.status_code == 401
    assert "Wrong password." in wrong.text and 'name="password"' in wrong.text
    right = browser.login(next="/people/1")
    assert right.status_code == 303 and right.headers["location"] == "/people/1"
    assert browser.get("/").status_code == 200
    # Only local paths are followed after logging in.
    assert local.browser().login(next="//evil.example/").headers["location"] == "/"
    out = browser.post("/logout")
    assert out.status_code == 303 and out.headers["location"] == "/login"
    assert browser.get("/").status_code == 303


def test_web_a_new_password_ends_older_sessions(local: Local, owner: Browser) -> None:
    assert owner.get("/").status_code == 200
    set_password(local.store, "another password")
    assert owner.get("/").headers["location"].startswith("/login")


def test_web_login_is_rate_limited(local: Local, owner: Browser) -> None:
    browser = local.browser()
    for _ in range(5):
        assert browser.login("guess").status_code == 401
    blocked = browser.login()
    assert blocked.status_code == 429
    assert int(blocked.headers["retry-after"]) >= 1
    assert "Too many wrong passwords" in blocked.text
    as_json = browser.post("/login", {"password": PASSWORD}, headers={"Accept": "application/json"})
    assert as_json.status_code == 429 and as_json.json()["status"] == 429


# CSRF, headers, hosts


def test_web_forms_without_the_csrf_token_are_refused(local: Local, owner: Browser) -> None:
    marc = person_id(local.store, "Marc")
    form = {"text": "Coffee together", "kind": "met"}
    missing = owner.post(f"/people/{marc}/entries", form, csrf=False)
    assert missing.status_code == 403
    assert "did not come from this app" in missing.text
    wrong = owner.post(f"/people/{marc}/entries", {**form, "csrf_token": "forged"})
    assert wrong.status_code == 403
    foreign = owner.post(f"/people/{marc}/entries", form, headers={"Origin": "http://evil.example"})
    assert foreign.status_code == 403
    assert owner.post("/logout", csrf=False).status_code == 403
    assert local.browser().post("/login", {"password": PASSWORD}, csrf=False).status_code == 403
    with local.store.session() as session:
        assert not [e for e in journal.history(session, marc) if e.source == "entry"]
    # The header htmx sends (from the page's meta tag) is as good as the form field.
    token = owner.page_token(f"/people/{marc}")
    sent = owner.post(f"/people/{marc}/entries", form, csrf=False, headers={"X-CSRF-Token": token})
    assert sent.status_code == 303


def test_web_security_headers_on_every_response(local: Local, owner: Browser) -> None:
    marc = person_id(local.store, "Marc")
    responses = [
        owner.get("/"),
        owner.get("/people.json"),
        owner.get(f"/people/{marc}"),
        owner.get("/analyze"),
        owner.get("/api/docs"),
        owner.get("/api/openapi.json"),
        owner.get("/static/app.css"),
        owner.get("/static/htmx.min.js"),
        owner.get("/nowhere"),
        owner.get("/people/999999"),
        owner.post("/people/1/entries", {}, csrf=False),
        local.browser().get("/"),
        local.browser().get("/login"),
        httpx.get(local.url + "/", headers={"Host": "evil.example"}),
    ]
    for response in responses:
        headers = response.headers
        where = response.request.url
        assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY, where
        assert headers["x-content-type-options"] == "nosniff", where
        assert headers["referrer-policy"] == "same-origin", where
        assert headers["x-frame-options"] == "DENY", where
        if "/static/" not in str(where):
            assert headers["cache-control"] == "no-store", where
    assert "script-src 'self';" in CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY


def test_web_answers_only_local_host_names(local: Local) -> None:
    # A page of another site that rebinds its name to 127.0.0.1 gets nothing (DNS rebinding).
    assert httpx.get(local.url + "/setup", headers={"Host": "evil.example"}).status_code == 400
    assert httpx.get(local.url + "/setup", headers={"Host": "localhost:8765"}).status_code == 200
    assert httpx.get(local.url + "/setup", headers={"Host": "[::1]:8765"}).status_code == 200


def test_web_pages_hold_no_inline_script_or_style(local: Local, owner: Browser) -> None:
    marc = person_id(local.store, "Marc")
    pages = ["/", f"/people/{marc}", "/analyze", "/api/docs", "/nowhere"]
    for path in pages:
        page = owner.get(path)
        assert_no_active_content(page.text)
        assert '<script src="/static/htmx.min.js" defer></script>' in page.text
    assert_no_active_content(local.browser().get("/login").text)


# People


def test_web_people_page_and_its_twin_say_what_the_cli_says(local: Local, owner: Browser) -> None:
    page = owner.get("/")
    assert page.status_code == 200
    assert page.text.find(">Marc<") < page.text.find(">Karim<")
    assert "<meter" in page.text
    twin = owner.get("/people.json").json()
    assert twin["people"] == cli_json("people", "--db", local.db, "--json")
    assert owner.get("/", headers={"Accept": "application/json"}).json() == twin
    # The reminders depend on "now": the store's function at the app's clock.
    with local.store.session() as session:
        found = journal.remind(session, now=NOW)
    for key in ("help_back", "losing_touch", "resurfacing"):
        assert [
            {k: v for k, v in item.items() if k != "person_id"} for item in twin["reminders"][key]
        ] == [
            {
                "person": r.person,
                "reason": r.reason,
                "since": r.since.isoformat() if r.since else None,
                "days": r.days,
            }
            for r in getattr(found, key)
        ]
    assert twin["reminders"]["help_back"][0]["person_id"] == person_id(local.store, "Marc")
    assert twin["sort"] == "trust" and twin["flagged"] is False and twin["since"] is None


def test_web_people_sort_and_filters(local: Local, owner: Browser) -> None:
    by_name = owner.get("/people.json", params={"sort": "name"}).json()
    assert [row["name"] for row in by_name["people"]] == sorted(
        row["name"] for row in by_name["people"]
    )
    flagged = owner.get("/people.json", params={"flagged": "true"}).json()["people"]
    assert flagged and all(row["flagged"] for row in flagged)
    recent = owner.get("/people.json", params={"since": "2026-05-01"}).json()["people"]
    assert "Marc" not in [row["name"] for row in recent]
    assert owner.get("/people.json", params={"since": ""}).status_code == 200
    # htmx re-sorts in place: the sort links target the table.
    page = owner.get("/", params={"sort": "name"})
    assert 'aria-sort="ascending"' in page.text
    assert 'hx-get="/?sort=trust"' in page.text and 'hx-target="#people"' in page.text
    first = owner.get("/people.json", params={"limit": 1}).json()
    assert len(first["people"]) == 1 and first["total"] == 3 and first["limit"] == 1
    page_one = owner.get("/", params={"limit": 1})
    assert "Showing 1 of 3 people." in page_one.text and "all=true" in page_one.text
    everyone = owner.get("/people.json", params={"limit": 1, "all": "true"}).json()
    assert len(everyone["people"]) == 3 and everyone["limit"] is None
    assert owner.get("/people.json", params={"limit": 0}).status_code == 400
    bad = owner.get("/people.json", params={"sort": "shoe size"})
    assert bad.status_code == 400
    assert bad.json() == {
        "ok": False,
        "error": "unknown sort 'shoe size'; choose one of: trust, name, recent, asks, gives",
        "hint": None,
        "status": 400,
    }
    day = owner.get("/", params={"since": "yesterday"})
    assert day.status_code == 400 and "not a date" in day.text


# One person


def test_web_person_page_and_its_twin(local: Local, owner: Browser) -> None:
    marc = person_id(local.store, "Marc")
    twin = owner.get(f"/people/{marc}.json").json()
    cli_document = cli_json("person", f"#{marc}", "--db", local.db, "--json")
    # The CLI's view of the person, computed at its own "now": the trust may differ by time.
    for key in ("id", "name", "is_me", "identities", "timeline", "ledger"):
        assert twin[key] == cli_document[key], key
    assert twin["threshold"] == 60 and twin["earned_card"] is False
    assert twin["links"] == [] and twin["merge_proposals"] == []
    assert owner.get(f"/people/{marc}", headers={"Accept": "application/json"}).json() == twin
    page = owner.get(f"/people/{marc}")
    assert page.status_code == 200
    for text in ("Marc", "Why this trust", "Timeline", "Asks and gives", "Share my card"):
        assert text in page.text
    missing = owner.get("/people/999999.json")
    assert missing.status_code == 404
    assert missing.json() == {
        "ok": False,
        "error": "no person #999999",
        "hint": None,
        "status": 404,
    }
    html_missing = owner.get("/people/999999")
    assert html_missing.status_code == 404 and "no person #999999" in html_missing.text


def test_web_log_an_entry(local: Local, owner: Browser) -> None:
    marc = person_id(local.store, "Marc")
    before = owner.get(f"/people/{marc}.json").json()["trust"]
    sent = owner.post(
        f"/people/{marc}/entries",
        {"text": "Lunch at the market", "kind": "met", "on": "2026-05-30"},
    )
    assert sent.status_code == 303 and sent.headers["location"] == f"/people/{marc}#timeline"
    after = owner.get(f"/people/{marc}.json").json()
    assert after["timeline"][-1]["label"] == "Lunch at the market"
    assert after["timeline"][-1]["entry"] == "met"
    assert after["trust"] > before
    bad = owner.post(f"/people/{marc}/entries", {"text": "x", "kind": "dance"})
    assert bad.status_code == 400 and "unknown entry kind" in bad.text
    assert "Lunch at the market" in bad.text  # the person page, with the error by its form
    as_json = owner.post(
        f"/people/{marc}/entries",
        {"text": "Called"},
        headers={"Accept": "application/json"},
    )
    assert as_json.json()["ok"] is True and as_json.json()["entry"]["kind"] == "note"


def test_web_mark_an_ask(local: Local, owner: Browser) -> None:
    karim = person_id(local.store, "Karim")
    ask = next(
        item
        for item in owner.get(f"/people/{karim}.json").json()["ledger"]
        if item["direction"] == "ask"
    )
    marked = owner.post(f"/ledger/{ask['id']}/status", {"status": "declined", "person": karim})
    assert marked.status_code == 303 and marked.headers["location"] == f"/people/{karim}#ledger"
    ledger = owner.get(f"/people/{karim}.json").json()["ledger"]
    assert next(item for item in ledger if item["id"] == ask["id"])["status"] == "declined"
    bad = owner.post(f"/ledger/{ask['id']}/status", {"status": "maybe"})
    assert bad.status_code == 400
    assert owner.post("/ledger/999999/status", {"status": "open"}).status_code == 404


def test_web_merge_two_people(local: Local, owner: Browser) -> None:
    marc = person_id(local.store, "Marc")
    karim = person_id(local.store, "Karim")
    merged = owner.post(f"/people/{marc}/merge", {"other": f"#{karim}"})
    assert merged.status_code == 303
    assert owner.get(f"/people/{karim}.json").status_code == 404
    document = owner.get(f"/people/{marc}.json").json()
    assert {i["shown"] for i in document["identities"]} >= {"Marc", "Karim"}
    itself = owner.post(f"/people/{marc}/merge", {"other": f"#{marc}"})
    assert itself.status_code == 400 and "cannot merge a person with themselves" in itself.text


# The card, behind the gate


def test_web_the_gate_refuses_a_low_trust_share_and_says_why(local: Local, owner: Browser) -> None:
    karim = person_id(local.store, "Karim")
    refused = owner.post(f"/people/{karim}/share", {})
    assert refused.status_code == 400
    assert "below your threshold of 60" in refused.text
    assert "To share anyway, say why below" in refused.text
    assert 'name="anyway" maxlength="500" autofocus' in refused.text
    as_json = owner.post(f"/people/{karim}/share", {}, headers={"Accept": "application/json"})
    assert as_json.status_code == 400
    body = as_json.json()
    assert body["ok"] is False and body["status"] == 400
    assert body["error"].startswith("Karim's trust is")
    with local.store.session() as session:
        assert session.scalar(select(func.count()).select_from(CardLink)) == 0


def test_web_share_anyway_then_revoke(local: Local, owner: Browser) -> None:
    karim = person_id(local.store, "Karim")
    shared = owner.post(
        f"/people/{karim}/share",
        {"anyway": "met at her wedding", "expires_days": "7", "max_views": "3"},
        headers={"Accept": "application/json"},
    )
    assert shared.status_code == 201
    data = shared.json()
    assert data["url"] == f"/c/{data['token']}" and data["full_url"] is False
    assert data["link"]["anyway"] == "met at her wedding"
    assert data["link"]["max_views"] == 3
    assert data["link"]["expires_at"] == "2026-06-08T12:00:00"
    page = owner.post(f"/people/{karim}/share", {"anyway": "again"})
    assert page.status_code == 201 and "/c/" in page.text and "shown only now" in page.text
    links = owner.get(f"/people/{karim}.json").json()["links"]
    assert [link["state"] for link in links] == ["active", "active"]
    revoked = owner.post(f"/links/{data['link']['id']}/revoke")
    assert revoked.status_code == 303 and revoked.headers["location"] == f"/people/{karim}#card"
    states = {
        link["id"]: link["state"] for link in owner.get(f"/people/{karim}.json").json()["links"]
    }
    assert states[data["link"]["id"]] == "revoked"
    again = owner.post(
        f"/links/{data['link']['id']}/revoke", headers={"Accept": "application/json"}
    )
    assert again.status_code == 400 and again.json()["error"].startswith("no active card link")
    assert owner.post(f"/people/{karim}/share", {"max_views": "lots"}).status_code == 400


def test_web_share_without_reason_when_trust_is_enough(journal_db: tuple[Store, Path]) -> None:
    store, db = journal_db
    with serving(store, db, settings=Settings(threshold=5)) as served:
        browser = served.browser()
        browser.setup()
        marc = person_id(store, "Marc")
        page = browser.get(f"/people/{marc}")
        assert "they earned your card" in page.text
        assert browser.get(f"/people/{marc}.json").json()["earned_card"] is True
        shared = browser.post(f"/people/{marc}/share", {})
        assert shared.status_code == 201 and "/c/" in shared.text


# Hostile text


def test_web_conversation_text_is_shown_literally_everywhere(local: Local, owner: Browser) -> None:
    hostile = person_id(local.store, HOSTILE)
    analysed = owner.post("/analyze", {"text": XSS, "me": "Paul"})
    assert analysed.status_code == 200
    pages = {
        "people": owner.get("/").text,
        "person": owner.get(f"/people/{hostile}").text,
        "analyze": analysed.text,
    }
    for where, page in pages.items():
        assert HOSTILE not in page, where
        assert HOSTILE_IMG not in page, where
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, where
        assert_no_active_content(page)
    assert "&lt;img src=x onerror=alert(1)&gt;" in pages["person"]  # the ledger's evidence
    assert "&lt;img src=x onerror=alert(1)&gt;" in pages["analyze"]  # the evidence
    # JSON twins keep the text as it was written: JSON is not HTML.
    twin = owner.get(f"/people/{hostile}.json")
    assert twin.headers["content-type"].startswith("application/json")
    assert twin.json()["name"] == HOSTILE


# Analyze without storing


def test_web_analyze_pasted_text_and_keep_nothing(local: Local, owner: Browser) -> None:
    before = people_count(local.store)
    form = owner.get("/analyze")
    assert form.status_code == 200 and 'enctype="multipart/form-data"' in form.text
    assert owner.get("/analyze.json").json()["me"] == ["Paul"]
    result = owner.post("/analyze.json", {"text": CHAT, "me": "Paul"}, files={"file": ("", b"")})
    assert result.status_code == 200, result.text
    data = result.json()
    expected = report_dict(
        [
            analyze(c, ["Paul"])
            for c in load_stream(io.BytesIO(CHAT.encode()), "pasted.txt").conversations
        ]
    )
    assert data["report"] == json.loads(json.dumps(expected))
    assert data["input"] == {
        "name": "pasted.txt",
        "format": "whatsapp",
        "bytes": len(CHAT.encode()),
    }
    page = owner.post("/analyze", {"text": CHAT, "me": "Paul"})
    assert "Marc" in page.text and "genuine" in page.text
    assert people_count(local.store) == before
    # A long paste (over the 1 MiB a form field usually may hold) is read whole.
    long = owner.post("/analyze.json", {"text": CHAT * 4000, "me": "Paul"})
    assert long.status_code == 200, long.text[:500]
    assert long.json()["report"]["conversations"][0]["message_count"] == 5 * 4000
    empty = owner.post("/analyze", {"text": "  "})
    assert empty.status_code == 400 and "Paste a conversation or choose a file." in empty.text


def test_web_analyze_an_uploaded_file_and_a_zip(local: Local, owner: Browser) -> None:
    upload = owner.post(
        "/analyze",
        {"me": "Paul"},
        files={"file": ("WhatsApp Chat with Marc.txt", CHAT.encode(), "text/plain")},
        headers={"Accept": "application/json"},
    )
    assert upload.status_code == 200, upload.text
    assert upload.json()["input"]["name"] == "WhatsApp Chat with Marc.txt"
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("WhatsApp Chat with Marc.txt", CHAT)
    zipped = owner.post(
        "/analyze.json",
        {"me": "Paul"},
        files={"file": ("../../etc/export.zip", archive.getvalue(), "application/zip")},
    )
    assert zipped.status_code == 200, zipped.text
    assert zipped.json()["input"]["name"] == "export.zip"
    names = {p["name"] for p in zipped.json()["report"]["conversations"][0]["participants"]}
    assert names == {"Marc", "Paul"}
    unknown = owner.post(
        "/analyze.json", {}, files={"file": ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64)}
    )
    assert unknown.status_code == 422 and unknown.json()["error"].startswith("photo.png")


def test_web_analyze_refuses_files_over_the_limit(journal_db: tuple[Store, Path]) -> None:
    store, db = journal_db
    with serving(store, db, upload_limit=2048) as served:
        browser = served.browser()
        browser.setup()
        big = CHAT.encode() * 20  # about 6 KiB: over the file limit, under the body's
        refused = browser.post(
            "/analyze",
            {},
            files={"file": ("chat.txt", big)},
            headers={"Accept": "application/json"},
        )
        assert refused.status_code == 413
        assert refused.json()["error"] == "chat.txt: The file is larger than 0.00195312 MiB."
        page = browser.post("/analyze", {}, files={"file": ("chat.txt", big)})
        assert page.status_code == 413 and "larger than" in page.text
        assert browser.post("/analyze", {"text": CHAT * 20}).status_code == 413


def test_web_refuses_bodies_over_the_limit(journal_db: tuple[Store, Path]) -> None:
    store, db = journal_db
    with serving(store, db, upload_limit=0) as served:
        browser = served.browser()
        browser.setup()
        body = b"x" * ((1 << 20) + 100)
        refused = browser.http.post(
            "/analyze",
            content=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "X-CSRF-Token": browser.token(),
                "Accept": "application/json",
            },
        )
        assert refused.status_code == 413
        assert refused.json()["error"].startswith("The request is larger than")


# Languages


def test_web_speaks_french_from_the_browser_or_the_switch(local: Local, owner: Browser) -> None:
    french = owner.get("/", headers={"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"})
    assert '<html lang="fr">' in french.text
    assert "Contacts" in french.text and "Dernier échange sincère" in french.text
    english = owner.get("/", headers={"Accept-Language": "de-DE,en;q=0.5"})
    assert '<html lang="en">' in english.text and "Last genuine exchange" in english.text
    switched = owner.get("/lang/fr", params={"next": "/analyze"})
    assert switched.status_code == 303 and switched.headers["location"] == "/analyze"
    assert "lang=fr" in switched.headers["set-cookie"]
    page = owner.get("/analyze", headers={"Accept-Language": "en"})
    assert "Analyser sans enregistrer" in page.text
    # Dates and numbers in French.
    marc = person_id(local.store, "Marc")
    person = owner.get(f"/people/{marc}").text
    assert "12 mars 2026" in person
    assert owner.get("/lang/fr", params={"next": "https://evil.example"}).headers["location"] == "/"
    assert owner.get("/lang/de").status_code == 404
    back = owner.get("/lang/en")
    assert back.status_code == 303
    assert "12 mars 2026" not in owner.get(f"/people/{marc}").text
    assert "Mar 12, 2026" in owner.get(f"/people/{marc}").text
    # Errors of the app itself are translated too.
    owner.get("/lang/fr")
    refused = owner.post(f"/people/{marc}/entries", {"text": "x"}, csrf=False)
    assert "ne vient pas de cette application" in refused.text


def test_web_says_the_cores_words_in_the_pages_language(local: Local, owner: Browser) -> None:
    """Trust reasons, reminders and the core's errors follow the language; the JSON twins keep
    the core's English words, as ``sincere person --json`` and ``sincere remind --json`` do."""
    karim = person_id(local.store, "Karim")
    reason = "asked for an intro, still unanswered (whatsapp: Karim)"
    reminder = "helped you unasked on Mar 12, 2026; you have not helped back"
    assert reason in html.unescape(owner.get(f"/people/{karim}").text)
    assert reminder in html.unescape(owner.get("/").text)
    owner.get("/lang/fr")
    person = html.unescape(owner.get(f"/people/{karim}").text)
    for said in (
        "premier contact : un départ neutre",
        "conversation transactionnelle (whatsapp: Karim)",
        "pression 75/100 (whatsapp: Karim)",
        "a demandé une mise en relation, toujours sans réponse (whatsapp: Karim)",
        "a fait du démarchage (whatsapp: Karim)",
        "la pression s'estompe avec le temps",
        "ramenée entre 0 et 100",
    ):
        assert said in person, said
    assert reason not in person and "first contact" not in person
    people = html.unescape(owner.get("/").text)
    assert (
        "vous a rendu service le 12 mars 2026 sans que vous le demandiez ; "
        "vous ne lui avez pas renvoyé l'ascenseur" in people
    )
    assert reminder not in people
    # The twins say what the CLI says.
    why = [item["reason"] for item in owner.get(f"/people/{karim}.json").json()["why"]]
    assert reason in why
    helped = owner.get("/people.json").json()["reminders"]["help_back"][0]["reason"]
    assert helped == "helped you unasked on 12 Mar 2026; you have not helped back"
    # The core's errors, on the page and in the error body.
    missing = owner.get("/people/999999.json")
    assert missing.json()["error"] == "aucune personne #999999"
    assert "aucune personne #999999" in owner.get("/people/999999").text
    bad = owner.get("/people.json", params={"sort": "shoe size"}).json()
    assert bad["error"] == (
        "tri inconnu 'shoe size' ; choisissez parmi : trust, name, recent, asks, gives"
    )
    refused = html.unescape(owner.post(f"/people/{karim}/share", {}).text)
    assert "la confiance de Karim est de " in refused and "sous votre seuil de 60 : " in refused
    assert "premier contact : un départ neutre (+10,0) ; " in refused
    assert "conversation transactionnelle (whatsapp: Karim) (-9,0)" in refused
    itself = owner.post(f"/people/{karim}/merge", {"other": f"#{karim}"})
    assert "impossible de fusionner une personne avec elle-même" in itself.text
    owner.get("/lang/en")
    assert reason in html.unescape(owner.get(f"/people/{karim}").text)
    assert owner.get("/people/999999.json").json()["error"] == "no person #999999"


# Errors and the API's description


def test_web_errors_have_one_shape(owner: Browser) -> None:
    missing = owner.get("/nowhere", headers={"Accept": "application/json"})
    assert missing.status_code == 404
    assert missing.json() == {"ok": False, "error": "No such page.", "hint": None, "status": 404}
    page = owner.get("/nowhere")
    assert page.status_code == 404 and "Error 404" in page.text
    invalid = owner.get("/people/abc.json")
    assert invalid.status_code == 422 and invalid.json()["ok"] is False
    method = owner.http.delete("/", headers={"Accept": "application/json"})
    assert method.status_code == 405 and method.json()["status"] == 405


def test_web_api_is_described(owner: Browser) -> None:
    document = owner.get("/api/openapi.json").json()
    assert document["info"]["title"] == "sincere"
    for path in (
        "/",
        "/people.json",
        "/people/{person_id}",
        "/people/{person_id}/share",
        "/analyze",
    ):
        assert path in document["paths"], path
    page = owner.get("/api/docs")
    assert page.status_code == 200
    assert "/people/{person_id}/share" in page.text and "anyway" in page.text


def test_web_host_names_are_read_with_their_port_or_brackets() -> None:
    from sincere.web.security import host_name, local_hosts

    assert host_name("127.0.0.1:8765") == "127.0.0.1"
    assert host_name("[::1]:8765") == "[::1]"
    assert host_name("LocalHost") == "localhost"
    assert local_hosts(["::1", "box.lan", "127.0.0.1"]) == [
        "127.0.0.1",
        "localhost",
        "[::1]",
        "box.lan",
    ]


def test_web_internal_errors_say_so_without_details(journal_db: tuple[Store, Path]) -> None:
    store, _ = journal_db
    app = make_app(store)

    def broken() -> None:
        raise RuntimeError("secret detail")

    app.add_api_route("/broken", broken)
    with running(app) as url:
        for accept in ("application/json", "text/html"):
            response = httpx.get(url + "/broken", headers={"Accept": accept})
            assert response.status_code == 500
            assert "secret detail" not in response.text
            assert "Internal error" in response.text
            assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
            assert response.headers["x-frame-options"] == "DENY"
