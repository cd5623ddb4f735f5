"""The Conversation, Import and Card pages and the chart of trust over time, over HTTP against a
real uvicorn server on loopback: each page, its JSON twin, its forms (CSRF included), hostile
text, the import job from upload to result, and the upload limit."""

from __future__ import annotations

import html
import io
import json
import re
import stat
import threading
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from local_app import (
    CHAT,
    HOSTILE,
    HOSTILE_IMG,
    NOW,
    Browser,
    Local,
    add_chat,
    make_app,
    running,
    serving,
)
from sqlalchemy import select
from test_app import assert_no_active_content, person_id, tags_of

from sincere.analysis.engine import analyze
from sincere.analysis.result import report_dict
from sincere.store import cards, journal
from sincere.store.database import Store
from sincere.store.models import CardLink, Conversation
from sincere.web import chart, imports
from sincere.web.views import PER_PAGE, Settings

#: CSS injection that tries to close a style element the page might have opened.
HOSTILE_CSS = "</style><style>body{display:none}</style>"
HOSTILE_CHAT = (
    f"[21/05/2026, 10:00:00] Eve: {HOSTILE} could you introduce me to your investors? "
    f"{HOSTILE_IMG}\n"
    f'[21/05/2026, 10:01:00] Eve: <a href="javascript:alert(2)">my deck</a> {HOSTILE_CSS} '
    '" onmouseover="alert(3)\n'
    "[21/05/2026, 10:05:00] Paul: I'm busy\n"
)
CARD = """\
name = "Paul Durand"
title = "Product designer"
organisation = "Atelier <b>Durand</b>"
emails = ["paul@example.org"]
phones = ["+33 6 12 34 56 78"]
website = "https://paul.example.org"
note = "Met at the meetup. <script>alert(1)</script>"
languages = ["fr", "en"]

[[social]]
label = "Mastodon"
url = "https://mastodon.example/@paul"
"""


def conversation_id(store: Store, title: str) -> int:
    with store.session() as session:
        found = session.scalar(select(Conversation.id).where(Conversation.title == title))
    assert found is not None
    return found


def chart_of(page: str) -> str:
    """The inline SVG of the chart of trust over time."""
    found = re.search(r'<svg class="trust-chart".*?</svg>', page, re.DOTALL)
    assert found, "no chart"
    return found.group(0)


def wait_for(browser: Browser, job_url: str, timeout: float = 20.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        state = browser.get(job_url + ".json").json()
        if state["state"] == "done" or time.monotonic() > deadline:
            assert state["state"] == "done", state
            return state  # type: ignore[no-any-return]
        time.sleep(0.05)


# The Conversation page


def test_web_conversation_page_shows_the_chat_and_the_evidence(
    local: Local, owner: Browser
) -> None:
    marc = person_id(local.store, "Marc")
    timeline = owner.get(f"/people/{marc}.json").json()["timeline"]
    chat_id = timeline[0]["conversation_id"]
    assert chat_id == conversation_id(local.store, "Marc")
    person_page = owner.get(f"/people/{marc}").text
    assert f'href="/conversations/{chat_id}"' in person_page  # the timeline links to it
    page = owner.get(f"/conversations/{chat_id}")
    assert page.status_code == 200
    text = page.text
    assert "Lisbonne" in text and "Et ton père, il va mieux ?" in text
    # Evidence highlighted in place, the signal named on hover and in words.
    evidence = re.findall(r'<li id="m(\d+)" class="message([^"]*)" title="([^"]*)"', text)
    assert [(index, title) for index, _, title in evidence] == [
        ("0", "care"),
        ("1", "thanks or congratulations"),
        ("2", "care"),
        ("3", "thanks or congratulations"),
        ("4", "offers help unasked"),
    ]
    assert all("evidence" in classes for _, classes, _ in evidence)
    assert ' mine evidence"' in text  # Paul's own messages are the owner's
    # Gauges, verdicts and the owner's tips.
    assert text.count("<meter") == 4 and "genuine" in text
    assert "Tips for you" in text and "Rien à corriger ici." in text
    assert f'<a href="/people/{marc}">Marc</a>' in text
    assert_no_active_content(text)


def test_web_conversation_twin_is_the_analysis_of_the_stored_messages(
    local: Local, owner: Browser
) -> None:
    chat_id = conversation_id(local.store, "Marc")
    twin = owner.get(f"/conversations/{chat_id}.json").json()
    assert (
        owner.get(f"/conversations/{chat_id}", headers={"Accept": "application/json"}).json()
        == twin
    )
    with local.store.session() as session:
        stored = journal.conversation_of(session, chat_id)
    expected = report_dict([analyze(stored, ["Paul"], lang="fr")])
    assert twin["report"] == json.loads(json.dumps(expected))
    assert twin["report"]["schema"] == "sincere.analysis/1"
    assert twin["conversation"]["title"] == "Marc"
    assert twin["conversation"]["message_count"] == 5
    assert (twin["page"], twin["pages"], twin["per_page"]) == (1, 1, PER_PAGE)
    assert [m["index"] for m in twin["messages"]] == [0, 1, 2, 3, 4]
    assert twin["messages"][4]["evidence"] == ["help_offer"]
    assert twin["messages"][0]["mine"] is False and twin["messages"][1]["mine"] is True
    assert twin["people"]["Marc"] == person_id(local.store, "Marc")
    # The verdict is the one the import stored.
    marc = owner.get(f"/people/{person_id(local.store, 'Marc')}.json").json()
    verdicts = {p["name"]: p["verdict"] for p in twin["report"]["conversations"][0]["participants"]}
    assert verdicts["Marc"] == marc["timeline"][0]["verdict"] == "genuine"
    missing = owner.get("/conversations/999999.json")
    assert missing.status_code == 404 and missing.json()["error"] == "no conversation #999999"
    assert owner.get(f"/conversations/{chat_id}.json", params={"page": 2}).status_code == 404
    assert owner.get(f"/conversations/{chat_id}.json", params={"page": 0}).status_code == 404
    assert local.browser().get(f"/conversations/{chat_id}.json").status_code == 401


def test_web_long_conversations_come_in_pages(local: Local, owner: Browser) -> None:
    lines = [
        f"[{1 + i // 1440:02d}/01/2026, {i // 60 % 24:02d}:{i % 60:02d}:00] "
        f"{'Marc' if i % 2 else 'Paul'}: message number {i}\n"
        for i in range(PER_PAGE * 2 + 10)
    ]
    lines[PER_PAGE + 3] = (
        "[01/01/2026, 08:23:00] Marc: If you need a hand with the move, I'm free on Saturday\n"
    )
    add_chat(local.store, "".join(lines), "WhatsApp Chat with Long.txt")
    chat_id = conversation_id(local.store, "Long")
    first = owner.get(f"/conversations/{chat_id}.json").json()
    assert first["pages"] == 3 and len(first["messages"]) == PER_PAGE
    second = owner.get(f"/conversations/{chat_id}.json", params={"page": 2}).json()
    assert second["messages"][0]["index"] == PER_PAGE
    assert second["messages"][0]["text"] == f"message number {PER_PAGE}"
    last = owner.get(f"/conversations/{chat_id}.json", params={"page": 3}).json()
    assert len(last["messages"]) == 10
    page = owner.get(f"/conversations/{chat_id}", params={"page": 2}).text
    assert "Page 2 of 3" in page
    assert f'href="/conversations/{chat_id}?page=3#messages"' in page
    assert f'href="/conversations/{chat_id}#messages"' in page  # back to the first page
    assert f'<ol class="chat" start="{PER_PAGE + 1}">' in page
    # The evidence list links to the page that holds the message.
    offer = next(
        e
        for p in first["report"]["conversations"][0]["participants"]
        for e in p["evidence"]
        if e["signal"] == "help_offer"
    )
    assert offer["message_index"] == PER_PAGE + 3
    assert (
        f'href="/conversations/{chat_id}?page=2#m{PER_PAGE + 3}"'
        in owner.get(f"/conversations/{chat_id}").text
    )


def test_web_conversation_page_shows_hostile_text_literally(local: Local, owner: Browser) -> None:
    add_chat(local.store, HOSTILE_CHAT, "WhatsApp Chat with Eve.txt")
    pages = [
        owner.get(f"/conversations/{conversation_id(local.store, title)}").text
        for title in ("X", "Eve")
    ]
    for page in pages:
        assert HOSTILE not in page and HOSTILE_IMG not in page
        assert "<style" not in page and HOSTILE_CSS not in page
        assert 'href="javascript:' not in page
        assert_no_active_content(page)
        assert 'onmouseover="alert(3)' not in page
    x_page, eve_page = pages
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in x_page  # the sender, literally
    assert "&lt;img src=x onerror=alert(1)&gt;" in x_page
    assert "&lt;/style&gt;&lt;style&gt;body{display:none}&lt;/style&gt;" in eve_page
    assert "&lt;a href=&#34;javascript:alert(2)&#34;&gt;my deck&lt;/a&gt;" in eve_page
    assert "&#34; onmouseover=&#34;alert(3)" in eve_page
    # Every attribute the page has is one of ours: no message text became an attribute.
    for tag, attrs in tags_of(eve_page).tags:
        for name, value in attrs.items():
            assert "alert" not in (value or ""), (tag, name, value)
    # The JSON twin keeps the text as it was written.
    twin = owner.get(f"/conversations/{conversation_id(local.store, 'Eve')}.json").json()
    assert HOSTILE_CSS in twin["messages"][1]["text"]


def test_web_conversation_page_in_french_names_the_signals_in_french(
    local: Local, owner: Browser
) -> None:
    chat_id = conversation_id(local.store, "Marc")
    page = owner.get(f"/conversations/{chat_id}", headers={"Accept-Language": "fr"}).text
    assert 'title="propose son aide sans qu\'on le lui demande"' in page
    assert "12/03/2026" in page or "12 mars 2026" in page


# The chart of trust over time


def test_web_person_page_charts_trust_with_one_point_per_exchange(
    local: Local, owner: Browser
) -> None:
    marc = person_id(local.store, "Marc")
    for day, kind in (("2026-04-01", "met"), ("2026-05-10", "note")):
        owner.post(f"/people/{marc}/entries", {"text": f"{kind} <b>x</b>", "kind": kind, "on": day})
    twin = owner.get(f"/people/{marc}.json").json()
    assert len(twin["trust_over_time"]) == len(twin["timeline"]) == twin["exchanges"] == 3
    assert [p["source"] for p in twin["trust_over_time"]] == ["conversation", "entry", "entry"]
    assert twin["trust_over_time"][0]["trust"] < twin["trust_over_time"][1]["trust"]  # met
    assert twin["trust_over_time"][-1]["trust"] == twin["trust"]
    svg = chart_of(owner.get(f"/people/{marc}").text)
    points = re.findall(r'<(circle|rect) class="point ([^"]+)"', svg)
    assert points == [("circle", "point-genuine"), ("rect", "point-entry"), ("rect", "point-entry")]
    assert svg.count("<title") == 1 + 1 + 3  # the chart, the threshold, each point
    assert "<script" not in svg.lower() and "style=" not in svg
    assert 'role="img"' in svg and 'aria-labelledby="chart-title chart-desc"' in svg
    assert "met &lt;b&gt;x&lt;/b&gt;" in svg  # the entry's text, escaped, in its title
    assert f'<a href="/conversations/{conversation_id(local.store, "Marc")}"' in svg
    assert "Mar 12, 2026" in svg and "May 10, 2026" in svg  # localised dates on the axis
    french = chart_of(owner.get(f"/people/{marc}", headers={"Accept-Language": "fr"}).text)
    assert "12 mars 2026" in french


def test_web_chart_layout_places_points_in_time_and_trust() -> None:
    first = {"at": NOW.replace(month=1), "trust": 0.0}
    last = {"at": NOW, "trust": 100.0}
    laid = chart.layout([first, last], 60)
    left, right = laid["points"]
    assert left["x"] == chart.LEFT and right["x"] == chart.WIDTH - chart.RIGHT
    assert left["y"] == chart.HEIGHT - chart.BOTTOM and right["y"] == chart.TOP
    assert laid["line"] == f"{left['x']},{left['y']} {right['x']},{right['y']}"
    assert len(laid["x_ticks"]) == 2 and laid["threshold"]["value"] == 60
    alone = chart.layout([first], 60)
    assert alone["points"][0]["x"] == chart.LEFT + (chart.WIDTH - chart.LEFT - chart.RIGHT) / 2
    assert chart.layout([], 60)["points"] == []


# The Card page


def write_card(tmp_path: Path, text: str = CARD) -> Path:
    path = tmp_path / "card.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_web_card_page_shows_the_card_its_qr_and_vcard(
    journal_db: tuple[Store, Path], tmp_path: Path
) -> None:
    store, db = journal_db
    with serving(store, db, settings=Settings(me=("Paul",), card=write_card(tmp_path))) as served:
        browser = served.browser()
        browser.setup()
        page = browser.get("/card")
        assert page.status_code == 200
        text = page.text
        assert "Paul Durand" in text and "Product designer" in text
        assert "Atelier &lt;b&gt;Durand&lt;/b&gt;" in text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
        assert '<img src="/card/qr.svg"' in text
        assert '<a href="https://mastodon.example/@paul" rel="noopener noreferrer">' in text
        assert '<a href="/card.vcf" download="card.vcf">' in text
        assert "No link yet" in text
        assert_no_active_content(text)
        qr = browser.get("/card/qr.svg")
        assert qr.status_code == 200
        assert qr.headers["content-type"].startswith("image/svg+xml")
        assert qr.text.startswith("<svg") and "<script" not in qr.text
        vcf = browser.get("/card.vcf")
        assert vcf.headers["content-type"].startswith("text/vcard")
        assert "attachment" in vcf.headers["content-disposition"]
        assert vcf.text.startswith("BEGIN:VCARD") and "FN:Paul Durand" in vcf.text
        twin = browser.get("/card.json").json()
        assert twin["card"]["name"] == "Paul Durand" and twin["problem"] is None
        assert twin["card"]["social"] == [
            {
                "label": "Mastodon",
                "url": "https://mastodon.example/@paul",
                "link": "https://mastodon.example/@paul",
            }
        ]
        assert twin["links"] == [] and twin["qr_problem"] is None
        preview = browser.get("/card/preview")
        assert preview.status_code == 200
        assert "Paul Durand" in preview.text and "<script" not in preview.text.lower()
        policy = preview.headers["content-security-policy"]
        assert policy.startswith("default-src 'none'; style-src 'sha256-")
        assert "'unsafe-inline'" not in policy


def test_web_card_page_without_a_card_says_how_to_make_one(local: Local, owner: Browser) -> None:
    page = owner.get("/card")
    assert page.status_code == 200
    assert "no card yet" in page.text and "sincere card edit" in page.text
    assert "/card/qr.svg" not in page.text
    twin = owner.get("/card.json").json()
    assert twin["card"] is None and twin["problem"]["error"].endswith("no card yet")
    assert owner.get("/card/qr.svg").status_code == 400
    assert owner.get("/card.vcf", headers={"Accept": "application/json"}).status_code == 400


def test_web_card_page_lists_every_link_and_revokes_one(local: Local, owner: Browser) -> None:
    karim = person_id(local.store, "Karim")
    marc = person_id(local.store, "Marc")
    ids = []
    for who in (karim, marc):
        shared = owner.post(
            f"/people/{who}/share",
            {"anyway": "met at the wedding", "expires_days": "7"},
            headers={"Accept": "application/json"},
        )
        ids.append(shared.json()["link"]["id"])
    twin = owner.get("/card.json").json()
    assert [link["id"] for link in twin["links"]] == ids[::-1]  # newest first
    assert {link["person"] for link in twin["links"]} == {"Karim", "Marc"}
    assert all(link["state"] == "active" for link in twin["links"])
    page = owner.get("/card").text
    assert f'action="/links/{ids[0]}/revoke"' in page and 'value="/card#links"' in page
    assert f'<a href="/people/{karim}">Karim</a>' in page
    # Without the token, nothing happens.
    refused = owner.post(f"/links/{ids[0]}/revoke", {"next": "/card#links"}, csrf=False)
    assert refused.status_code == 403
    revoked = owner.post(f"/links/{ids[0]}/revoke", {"next": "/card#links"})
    assert revoked.status_code == 303 and revoked.headers["location"] == "/card#links"
    with local.store.session() as session:
        link = session.get(CardLink, ids[0])
        assert link is not None and cards.state(link, NOW) == "revoked"
        other = session.get(CardLink, ids[1])
        assert other is not None and cards.state(other, NOW) == "active"
    states = {link["id"]: link["state"] for link in owner.get("/card.json").json()["links"]}
    assert states == {ids[0]: "revoked", ids[1]: "active"}
    assert f'action="/links/{ids[0]}/revoke"' not in owner.get("/card").text
    # Only local pages are followed back.
    elsewhere = owner.post(f"/links/{ids[1]}/revoke", {"next": "https://evil.example/"})
    assert elsewhere.headers["location"] == f"/people/{marc}#card"


# The Import page


def zipped(name: str, text: str) -> bytes:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr(name, text)
    return archive.getvalue()


#: A short WhatsApp chat with Léa, who offers help unasked.
LEA_CHAT = (
    "[01/05/2026, 09:00:00] Léa: Coucou ! Tu as passé un bon week-end ?\n"
    "[01/05/2026, 09:05:00] Paul: Oui super, et toi ?\n"
    "[01/05/2026, 09:06:00] Léa: Si tu veux un coup de main pour ton jardin, je passe samedi\n"
)


def test_web_import_from_upload_to_result(local: Local, owner: Browser) -> None:
    form = owner.get("/import")
    assert form.status_code == 200
    assert 'enctype="multipart/form-data"' in form.text
    assert '<input type="file" name="files" multiple required>' in form.text
    assert "data-dropzone" in form.text
    assert owner.get("/import.json").json()["me"] == ["Paul"]
    files = [
        ("files", ("WhatsApp Chat with Léa.txt", LEA_CHAT.encode(), "text/plain")),
        (
            "files",
            ("../../export.zip", zipped("WhatsApp Chat with Marc.txt", CHAT), "application/zip"),
        ),
        ("files", ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "image/png")),
        ("files", (f"{HOSTILE_IMG}.txt", b"\x00\x01 not a chat", "text/plain")),
    ]
    started = owner.post("/import", {"me": "Paul"}, files=files)
    assert started.status_code == 303
    job_url = started.headers["location"]
    assert re.fullmatch(r"/import/jobs/[A-Za-z0-9_-]{20,}", job_url)
    state = wait_for(owner, job_url)
    assert (state["total"], state["done"], state["added"], state["skipped"], state["failed"]) == (
        4,
        4,
        2,
        0,
        2,
    )
    lea, archive, photo, hostile = state["files"]
    assert lea["name"] == "WhatsApp Chat with Léa.txt" and lea["status"] == "added"
    assert lea["format"] == "whatsapp"
    assert lea["said"] == "1 new conversation; 3 messages added; 1 new person; 0 asks, 1 give"
    assert archive["name"] == "export.zip" and archive["status"] == "added"
    assert archive["said"] == "0 messages added (5 already there); 0 new people"
    assert photo["status"] == "failed"
    assert photo["error"].startswith("photo.png: not a conversation export sincere can read")
    assert hostile["name"] == f"{HOSTILE_IMG}.txt" and hostile["status"] == "failed"
    assert hostile["error"].startswith(f"{HOSTILE_IMG}.txt")
    assert "sincere-import-" not in json.dumps(state)  # the temporary folder is nobody's business
    # Stored, and read as the owner's.
    lea_id = person_id(local.store, "Léa")
    timeline = owner.get(f"/people/{lea_id}.json").json()["timeline"]
    assert [t["verdict"] for t in timeline] == ["genuine"]
    with local.store.session() as session:
        stored = session.scalar(select(Conversation).where(Conversation.title == "Léa"))
        assert stored is not None and stored.source_path == "WhatsApp Chat with Léa.txt"
    # The page shows it, and stops polling once done.
    page = owner.get(job_url).text
    assert "hx-trigger" not in page
    assert "2 added, 0 skipped, 2 failed" in page
    assert HOSTILE_IMG not in page and "&lt;img src=x onerror=alert(1)&gt;.txt" in page
    assert "1 new conversation; 3 messages added" in page
    assert "photo.png: not a conversation export sincere can read" in page
    assert_no_active_content(page)
    assert owner.get("/import").text.count(job_url) == 1  # among the recent imports
    # The files are gone.
    job = local.app.state.imports.get(job_url.rsplit("/", 1)[1])
    assert not job.directory.exists()


def test_web_import_results_follow_the_pages_language(local: Local, owner: Browser) -> None:
    """What an import added, and why a file was skipped or failed, in the page's language; the
    job's JSON twin keeps the words of ``sincere import``."""
    files = [
        ("files", ("WhatsApp Chat with Léa.txt", LEA_CHAT.encode(), "text/plain")),
        ("files", ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "image/png")),
        ("files", ("Connections.csv", b"First Name,Last Name,URL,Connected On\n", "text/csv")),
    ]
    owner.get("/lang/fr")
    started = owner.post("/import", {"me": "Paul"}, files=files)
    job_url = started.headers["location"]
    state = wait_for(owner, job_url)
    lea, photo, empty = state["files"]
    assert lea["said"] == "1 new conversation; 3 messages added; 1 new person; 0 asks, 1 give"
    assert photo["error"].startswith("photo.png: not a conversation export sincere can read")
    assert empty["status"] == "skipped" and empty["error"] == "no conversation or contact in it"
    french = html.unescape(owner.get(job_url).text)
    assert (
        "1 nouvelle conversation ; 3 messages ajoutés ; 1 nouvelle personne ; 0 demande, 1 don"
        in (french)
    )
    assert "photo.png : pas un export de conversation que sincere sait lire (formats : " in french
    assert "aucune conversation ni aucun contact dedans" in french
    assert "new conversation" not in french and "not a conversation export" not in french
    owner.get("/lang/en")
    english = html.unescape(owner.get(job_url).text)
    assert "1 new conversation; 3 messages added; 1 new person; 0 asks, 1 give" in english
    assert "photo.png: not a conversation export sincere can read (formats: " in english
    assert "no conversation or contact in it" in english
    assert "nouvelle conversation" not in english


def test_web_import_page_polls_while_the_job_runs(
    local: Local, owner: Browser, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = threading.Event()
    real = imports.import_loaded

    def slow(*args: Any, **kwargs: Any) -> Any:
        gate.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(imports, "import_loaded", slow)
    started = owner.post(
        "/import.json",
        {},
        files={"files": ("WhatsApp Chat with Marc.txt", CHAT.encode(), "text/plain")},
    )
    assert started.status_code == 202
    body = started.json()
    assert body["url"] == f"/import/jobs/{body['id']}" and body["total"] == 1
    page = owner.get(body["url"]).text
    assert f'hx-get="{body["url"]}" hx-trigger="every 1s" hx-select="#job"' in page
    assert '<meta http-equiv="refresh" content="2">' in page  # without script, a refresh
    assert owner.get(body["url"] + ".json").json()["state"] in ("waiting", "running")
    gate.set()
    state = wait_for(owner, body["url"])
    assert state["files"][0]["status"] == "added"
    assert owner.get("/import/jobs/nothing-here.json").status_code == 404


def test_web_import_files_are_deleted_when_the_app_stops(
    journal_db: tuple[Store, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    store, _ = journal_db
    gate = threading.Event()
    real = imports.import_loaded

    def stuck(*args: Any, **kwargs: Any) -> Any:
        gate.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(imports, "import_loaded", stuck)
    app = make_app(store)
    jobs: imports.Jobs = app.state.imports
    jobs.stop_timeout = 0.1
    with running(app) as url:
        browser = Browser(url)
        browser.setup()
        started = browser.post(
            "/import.json",
            {},
            files={"files": ("WhatsApp Chat with Marc.txt", CHAT.encode(), "text/plain")},
        )
        browser.close()
        job = jobs.get(started.json()["id"])
        assert job.directory.exists()
    assert not job.directory.exists()  # the app stopped: the upload is gone
    gate.set()
    jobs.wait()


def test_web_import_needs_the_token_and_a_file(local: Local, owner: Browser) -> None:
    files = {"files": ("WhatsApp Chat with Marc.txt", CHAT.encode(), "text/plain")}
    assert owner.post("/import", {}, csrf=False, files=files).status_code == 403
    assert owner.post("/import", {"csrf_token": "forged"}, files=files).status_code == 403
    assert local.app.state.imports.latest() == []
    nothing = owner.post("/import", {}, files={"files": ("", b"")})
    assert nothing.status_code == 400 and "Choose at least one file." in nothing.text
    assert 'name="files"' in nothing.text  # the form again, with the error


def test_web_import_refuses_files_over_the_limit(journal_db: tuple[Store, Path]) -> None:
    store, db = journal_db
    with serving(store, db, upload_limit=2048) as served:
        browser = served.browser()
        browser.setup()
        big = CHAT.encode() * 20  # about 6 KiB: over the file limit, under the body's
        refused = browser.post(
            "/import.json", {}, files={"files": ("WhatsApp Chat with Big.txt", big)}
        )
        assert refused.status_code == 413
        assert refused.json()["error"] == (
            "WhatsApp Chat with Big.txt: The file is larger than 0.00195312 MiB."
        )
        page = browser.post("/import", {}, files={"files": ("chat.txt", big)})
        assert page.status_code == 413 and "larger than" in page.text
        huge = browser.post(
            "/import.json", {}, files={"files": ("chat.txt", b"x" * ((1 << 20) + 4096))}
        )
        assert huge.status_code == 413
        with store.session() as session:
            assert session.scalar(select(Conversation).where(Conversation.title == "Big")) is None


def test_web_import_keeps_uploads_private(tmp_path: Path) -> None:
    folder = imports.private_directory()
    try:
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        saved = imports.save(folder, 0, "../../../etc/passwd", io.BytesIO(b"hello"))
        assert saved.parent.parent == folder and saved.name == "passwd"
        assert stat.S_IMODE(saved.stat().st_mode) == 0o600
        assert stat.S_IMODE(saved.parent.stat().st_mode) == 0o700
        assert imports.save(folder, 1, "..", io.BytesIO(b"")).name == "upload"
    finally:
        import shutil

        shutil.rmtree(folder)
    long = "é" * 300 + ".txt"
    short = imports.safe_name(long)
    assert short.endswith(".txt") and len(short.encode()) <= imports.NAME_BYTES
    assert imports.safe_name("C:\\Users\\me\\chat.txt") == "chat.txt"


# Every new page, its twin and its place in the API's description


def test_web_new_pages_have_twins_headers_and_no_inline_script(
    local: Local, owner: Browser
) -> None:
    chat_id = conversation_id(local.store, "Marc")
    for path in (f"/conversations/{chat_id}", "/import", "/card"):
        page = owner.get(path)
        assert page.status_code == 200, path
        assert_no_active_content(page.text)
        assert page.headers["x-frame-options"] == "DENY"
        assert owner.get(path + ".json").headers["content-type"].startswith("application/json")
        assert local.browser().get(path).status_code == 303  # logging in first
    document = owner.get("/api/openapi.json").json()
    for path in (
        "/conversations/{conversation_id}",
        "/import",
        "/import/jobs/{job_id}",
        "/card",
        "/card/qr.svg",
        "/card.vcf",
    ):
        assert path in document["paths"], path
    nav = owner.get("/").text
    assert '<a href="/import">Import</a>' in nav and '<a href="/card">Your card</a>' in nav
