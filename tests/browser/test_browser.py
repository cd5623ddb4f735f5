"""The local web app in a real browser (Playwright driving Debian's chromium)."""

from __future__ import annotations

from typing import Any

from browsing import Watched, watch
from local_app import HOSTILE, HOSTILE_IMG, PASSWORD, Local


def test_browser_login_then_people_with_trust_and_reminders(page: Watched, site: Local) -> None:
    view = page.page
    assert view.title()
    rows = view.locator("table tbody tr")
    assert rows.count() == 3
    assert "Marc" in rows.first.inner_text()  # the most trusted first
    assert view.locator("meter").count() == 3
    assert page.errors == [] and page.dialogs == []


def test_browser_logout_and_login_again(page: Watched, site: Local, chromium: Any) -> None:
    fresh = chromium.new_context()
    other = fresh.new_page()
    other.goto(site.url + "/")
    assert "/login" in other.url
    other.get_by_label("Password").fill("wrong password")
    other.get_by_role("button", name="Log in").click()
    assert "/login" in other.url
    other.get_by_label("Password").fill(PASSWORD)
    other.get_by_role("button", name="Log in").click()
    other.wait_for_url(site.url + "/")
    fresh.close()


def test_browser_person_page_shows_the_trust_explanation(page: Watched, site: Local) -> None:
    view = page.page
    view.get_by_role("link", name="Marc").first.click()
    view.wait_for_url("**/people/*")
    text = view.locator("main").inner_text()
    assert "Marc" in text
    assert "genuine" in text.lower()
    assert page.errors == [] and page.dialogs == []


def test_browser_hostile_text_never_runs(page: Watched, site: Local) -> None:
    view = page.page
    pages = ["/"]
    view.goto(site.url + "/")
    for link in view.locator("table tbody a").all():
        href = link.get_attribute("href")
        if href and href.startswith("/people/"):
            pages.append(href)
    for path in pages:
        view.goto(site.url + path)
        assert view.evaluate("document.body.offsetHeight") > 0  # no CSS injection hid the page
    view.goto(site.url + "/")
    assert HOSTILE in view.locator("main").inner_text()  # shown literally
    # Analyse, without storing, a conversation full of hostile text.
    view.goto(site.url + "/analyze")
    view.locator("textarea[name=text]").fill(
        "[20/05/2026, 09:00:00] Eve: could you introduce me to your investors? "
        f"{HOSTILE} {HOSTILE_IMG} <a href='javascript:alert(3)'>x</a>\n"
        "[20/05/2026, 09:01:00] Paul: hello\n"
    )
    view.get_by_role("button", name="Analyze").click()
    view.wait_for_load_state()
    assert HOSTILE in view.locator("main").inner_text()
    assert page.dialogs == []
    assert not any("alert" in error for error in page.errors)
    assert view.evaluate("window.__xss === undefined")


def test_browser_switch_to_french(page: Watched, site: Local) -> None:
    view = page.page
    view.get_by_role("link", name="Français").click()
    view.wait_for_load_state()
    assert view.locator("html").get_attribute("lang") == "fr"
    assert view.get_by_role("link", name="English").count() == 1


def test_browser_french_from_the_browser_language(chromium: Any, site: Local) -> None:
    context = chromium.new_context(locale="fr-FR")
    view = watch(context.new_page()).page
    view.goto(site.url + "/setup")
    assert view.locator("html").get_attribute("lang") == "fr"
    context.close()


def test_browser_keyboard_reaches_every_control(page: Watched, site: Local) -> None:
    view = page.page
    view.goto(site.url + "/analyze")
    seen = set()
    for _ in range(40):
        view.keyboard.press("Tab")
        seen.add(view.evaluate("document.activeElement && document.activeElement.tagName"))
    assert {"TEXTAREA", "BUTTON"} <= seen
    unlabelled = view.evaluate(
        """() => [...document.querySelectorAll('input:not([type=hidden]), textarea, select')]
            .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))
            .map(e => e.name)"""
    )
    assert unlabelled == []
