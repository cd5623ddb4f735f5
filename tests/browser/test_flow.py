"""The whole story in a real browser: import an export by upload, read the conversation, open the
person and their chart, share the card, open the public link in a fresh browser, revoke it, and
switch the language. Then every page that shows hostile text, with nothing executing.

Screenshots of the main pages are taken along the way into a temporary folder, or into
``docs/screenshots/`` when ``SINCERE_SCREENSHOTS=1`` (how the ones in the README were made).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browsing import Watched, watch
from local_app import PASSWORD, XSS, make_app, running

from sincere.card.marks import Plan
from sincere.store.database import Store
from sincere.web.public import Limiter, create_app
from sincere.web.views import Settings

ROOT = Path(__file__).parents[2]
CARD = """\
name = "Paul Martin"
title = "Designer"
organisation = "Atelier Lumière"
emails = ["paul@example.org"]
phones = ["+33 6 12 34 56 78"]
website = "https://paul.example.org"
note = "Let's talk about anything but business."
languages = ["fr", "en"]
"""
EXPORT = (
    "[12/03/2026, 18:02:00] Marc: Salut Paul ! Comment s'est passé ton voyage à Lisbonne ?\n"
    "[12/03/2026, 18:03:10] Paul: Génial, merci ! On a marché des heures\n"
    "[12/03/2026, 18:04:00] Marc: Et ton père, il va mieux ? Tu veux qu'on en parle ?\n"
    "[12/03/2026, 18:05:00] Paul: Oui beaucoup mieux, merci de demander\n"
    "[12/03/2026, 18:06:30] Marc: Si tu as besoin d'un coup de main pour le déménagement, "
    "je suis là\n"
    "[14/03/2026, 10:00:00] Marc: On se fait un verre vendredi ?\n"
    "[14/03/2026, 10:05:00] Paul: Avec plaisir !\n"
)


@pytest.fixture
def screenshots(tmp_path: Path) -> Path:
    if os.environ.get("SINCERE_SCREENSHOTS"):
        folder = ROOT / "docs" / "screenshots"
        folder.mkdir(exist_ok=True)
        return folder
    return tmp_path


@pytest.fixture
def servers(tmp_path: Path) -> Iterator[tuple[str, str, Store, Path]]:
    """The local app and the public card server, over one new journal."""
    card = tmp_path / "card.toml"
    card.write_text(CARD, encoding="utf-8")
    store = Store(f"sqlite:///{tmp_path / 'journal.db'}")
    from sincere.card.settings import load_card

    public = create_app(store, load_card(card), Plan(), limiter=Limiter(allowed=50), ttl=0.0)
    try:
        with running(public) as public_url:
            plan = Plan(base_url=public_url)
            settings = Settings(threshold=10, plan=plan, me=("Paul",), card=card)
            local = make_app(store, settings=settings)
            with running(local) as local_url:
                yield local_url, public_url, store, tmp_path
    finally:
        store.close()


def log_in(page: Any, url: str) -> None:
    page.goto(url + "/")
    page.get_by_label("Password (at least 8 characters)").fill(PASSWORD)
    page.get_by_label("The same password again").fill(PASSWORD)
    page.get_by_role("button", name="Set the password").click()
    page.wait_for_url(url + "/")


def test_flow_import_read_share_revoke(
    chromium: Any, servers: tuple[str, str, Store, Path], screenshots: Path
) -> None:
    url, public_url, _, folder = servers
    context = chromium.new_context(locale="en-GB", viewport={"width": 1200, "height": 900})
    watched = watch(context.new_page())
    page = watched.page
    log_in(page, url)

    # Import a WhatsApp export by upload; the job reports what it added.
    export = folder / "WhatsApp Chat with Marc.txt"
    export.write_text(EXPORT, encoding="utf-8")
    page.goto(url + "/import")
    page.locator("input[name=files]").set_input_files(str(export))
    page.get_by_role("button", name="Import").click()
    page.get_by_text("7 messages added").wait_for(timeout=30_000)
    page.screenshot(path=str(screenshots / "import.png"), full_page=True)

    # People, then the conversation with its evidence highlighted in place.
    page.goto(url + "/")
    assert "Marc" in page.locator("main").inner_text()
    page.screenshot(path=str(screenshots / "people.png"), full_page=True)
    page.get_by_role("link", name="Marc").first.click()
    page.wait_for_url(re.compile(r".*/people/\d+$"))
    assert page.locator("svg.trust-chart").count() == 1
    assert page.locator("svg.trust-chart circle, svg.trust-chart rect.point").count() >= 1
    page.screenshot(path=str(screenshots / "person.png"), full_page=True)
    person_url = page.url
    page.locator("svg.trust-chart a, table a[href^='/conversations/']").first.click()
    page.wait_for_url(re.compile(r".*/conversations/\d+.*"))
    highlighted = page.locator("li.message.evidence")
    assert highlighted.count() >= 1
    assert highlighted.first.get_attribute("title")  # the signal, on hover
    page.screenshot(path=str(screenshots / "conversation.png"), full_page=True)

    # Share the card with Marc, and open the link in a fresh browser (no session).
    page.goto(person_url)
    page.get_by_role("button", name="Share my card").click()
    page.wait_for_load_state()
    link = page.locator(f"a[href^='{public_url}/c/'], code:has-text('{public_url}/c/')").first
    address = link.get_attribute("href") or link.inner_text()
    assert address.startswith(public_url + "/c/")
    stranger = chromium.new_context()
    seen = watch(stranger.new_page())
    seen.page.goto(address)
    assert "Paul Martin" in seen.page.locator("body").inner_text()
    assert seen.errors == [] and seen.dialogs == []
    seen.page.screenshot(path=str(screenshots / "card-page.png"), full_page=True)

    # Revoke it from the Card page: the public link is gone.
    page.goto(url + "/card")
    page.screenshot(path=str(screenshots / "card.png"), full_page=True)
    page.get_by_role("button", name=re.compile(r"Revoke link #\d+")).first.click()
    page.wait_for_load_state()
    gone = seen.page.goto(address)
    assert gone is not None and gone.status == 404
    stranger.close()

    # The language switch.
    page.get_by_role("link", name="Français").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "fr"
    assert watched.errors == [] and watched.dialogs == []
    context.close()


def test_flow_hostile_conversation_never_executes(
    chromium: Any, servers: tuple[str, str, Store, Path]
) -> None:
    url, _, _, folder = servers
    context = chromium.new_context(locale="en-GB")
    watched: Watched = watch(context.new_page())
    page = watched.page
    log_in(page, url)
    export = folder / "WhatsApp Chat with X.txt"
    export.write_text(XSS, encoding="utf-8")
    page.goto(url + "/import")
    page.locator("input[name=files]").set_input_files(str(export))
    page.get_by_role("button", name="Import").click()
    page.get_by_text("messages added").wait_for(timeout=30_000)
    visited = {url + "/"}
    page.goto(url + "/")
    hrefs = "(a) => a.map(e => e.getAttribute('href'))"
    for href in page.locator("a[href^='/people/']").evaluate_all(hrefs):
        visited.add(url + href)
    for person in sorted(visited - {url + "/"}):
        page.goto(person)
        for href in page.locator("a[href^='/conversations/']").evaluate_all(hrefs):
            visited.add(url + href)
    visited |= {url + "/card", url + "/import", url + "/analyze"}
    for address in sorted(visited):
        page.goto(address)
        assert page.evaluate("document.body.offsetHeight") > 0, address  # no CSS injection
        links = page.locator("a[href^='javascript:']").count()
        assert links == 0, address
    page.goto(url + "/")
    assert "<script>alert(1)</script>" in page.locator("body").inner_text()  # shown literally
    assert len(visited) >= 6
    assert watched.dialogs == []
    assert not any("alert" in error for error in watched.errors)
    context.close()


CONTRAST = """(element) => {
  const rgb = (text) => text.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = ([r, g, b]) => {
    const c = [r, g, b].map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  let node = element, background = "rgba(0, 0, 0, 0)";
  while (node && /rgba\\(0, 0, 0, 0\\)|transparent/.test(background)) {
    background = getComputedStyle(node).backgroundColor; node = node.parentElement;
  }
  if (/rgba\\(0, 0, 0, 0\\)|transparent/.test(background)) background = "rgb(255, 255, 255)";
  const [a, b] = [lum(rgb(getComputedStyle(element).color)), lum(rgb(background))];
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}"""

UNLABELLED = """() => [...document.querySelectorAll(
    'input:not([type=hidden]):not([type=submit]), textarea, select')]
  .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')
               && !e.getAttribute('aria-labelledby'))
  .map(e => e.name || e.id || e.outerHTML.slice(0, 60))"""


def test_flow_accessibility_basics(chromium: Any, servers: tuple[str, str, Store, Path]) -> None:
    """Every form control labelled on every page, the keyboard reaches the controls, and the
    verdict colours meet WCAG AA contrast (4.5:1) where they are shown."""
    url, _, _, folder = servers
    context = chromium.new_context(locale="en-GB")
    page = watch(context.new_page()).page
    log_in(page, url)
    for name, text in (("WhatsApp Chat with Marc.txt", EXPORT), ("x.txt", XSS)):
        export = folder / name
        export.write_text(text, encoding="utf-8")
        page.goto(url + "/import")
        page.locator("input[name=files]").set_input_files(str(export))
        page.get_by_role("button", name="Import").click()
        page.get_by_text("messages added").wait_for(timeout=30_000)
    page.goto(url + "/")
    pages = {"/", "/import", "/analyze", "/card"}
    hrefs = "(a) => a.map(e => e.getAttribute('href'))"
    pages |= set(page.locator("a[href^='/people/']").evaluate_all(hrefs))
    ratios: dict[str, float] = {}
    for path in sorted(pages):
        page.goto(url + path)
        assert page.evaluate(UNLABELLED) == [], path
        for verdict in page.locator(".verdict").all():
            ratio = verdict.evaluate(CONTRAST)
            classes = verdict.get_attribute("class") or ""
            ratios[classes] = min(ratio, ratios.get(classes, ratio))
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement !== document.body"), path
    assert ratios, "no verdict shown"
    assert all(ratio >= 4.5 for ratio in ratios.values()), ratios
    context.close()
