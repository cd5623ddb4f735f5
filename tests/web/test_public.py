"""The public card server, tested over HTTP against a real uvicorn server on loopback."""

from __future__ import annotations

import json
import secrets
import statistics
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import vobject
from local_app import running

from sincere.card.marks import Plan, read, trace
from sincere.card.model import Card, Social
from sincere.store import cards
from sincere.store.database import Store
from sincere.store.models import CardView, Person
from sincere.web.public import NOT_FOUND, SECURITY_HEADERS, Limiter, agent_family, create_app

NOW = datetime(2026, 6, 1, 12, 0)
PLAN = Plan(base_url="https://card.example.org", alias_domain="example.org", extension_digits=3)
CARD = Card(
    name="Paul Martin",
    title="Designer <b>&</b> maker",
    organisation="Atelier",
    emails=("paul@example.org",),
    phones=("+33 6 12 34 56 78",),
    website="https://paul.example.org",
    social=(Social("LinkedIn", "https://www.linkedin.com/in/paul-example"),),
    note="Let's talk about video games",
    languages=("fr", "en"),
)


@dataclass
class Clock:
    now: datetime = NOW

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Served:
    url: str
    store: Store
    clock: Clock
    tokens: dict[str, str]
    app: Any


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    store = Store(f"sqlite:///{tmp_path / 'journal.db'}")
    tokens: dict[str, str] = {}
    with store.session() as session:
        maya = Person(name="Maya", created_at=NOW, trust=80)
        session.add(maya)
        session.flush()
        tokens["open"] = cards.issue(session, maya, now=NOW).token
        tokens["short"] = cards.issue(session, maya, now=NOW, expires=timedelta(hours=1)).token
        tokens["twice"] = cards.issue(session, maya, now=NOW, max_views=2).token
        revoked = cards.issue(session, maya, now=NOW)
        tokens["revoked"] = revoked.token
        cards.revoke(session, f"#{revoked.link.id}", now=NOW)
    clock = Clock()
    app = create_app(
        store, CARD, PLAN, limiter=Limiter(allowed=50, window=60), clock=clock, ttl=0.0
    )
    try:
        with running(app) as url:
            yield Served(url, store, clock, tokens, app)
    finally:
        store.close()


def get(served: Served, path: str, **headers: str) -> httpx.Response:
    return httpx.get(served.url + path, headers=headers, timeout=10)


def assert_secure(response: httpx.Response) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value, name


def test_public_page_vcf_and_jcard_carry_the_recipients_marks(served: Served) -> None:
    token = served.tokens["open"]
    page = get(served, f"/c/{token}", **{"User-Agent": "Mozilla/5.0 Firefox/130.0"})
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "<script" not in page.text.lower()
    assert "Designer &lt;b&gt;&amp;&lt;/b&gt; maker" in page.text
    assert f'href="{token}.vcf"' in page.text
    assert_secure(page)
    vcf = get(served, f"/c/{token}.vcf")
    assert vcf.status_code == 200 and vcf.headers["content-type"].startswith("text/vcard")
    assert 'filename="Paul-Martin.vcf"' in vcf.headers["content-disposition"]
    parsed = vobject.readOne(vcf.text)
    assert parsed.fn.value == "Paul Martin"
    with served.store.session() as session:
        (match, *_) = cards.trace_text(session, vcf.text, PLAN)
        assert match.person == "Maya" and match.match.confidence == 1.0
        secret = cards.secret(session)
    jcard = get(served, f"/c/{token}.json")
    assert jcard.headers["content-type"].startswith("application/vcard+json")
    document = jcard.json()
    assert document[0] == "vcard"
    assert trace(read(json.dumps(document)), secret, range(1, 10), PLAN)[0].confidence == 1.0


def test_public_views_are_counted_and_logged_without_addresses(served: Served) -> None:
    token = served.tokens["open"]
    get(served, f"/c/{token}", **{"User-Agent": "Mozilla/5.0 (Macintosh) Safari/605.1.15"})
    get(served, f"/c/{token}.vcf", **{"User-Agent": "curl/8.5"})
    served.app.state.links.flush()
    with served.store.session() as session:
        views = session.query(CardView).order_by(CardView.id).all()
        assert [(v.kind, v.agent, v.address) for v in views] == [
            ("page", "Safari", None),
            ("vcf", "curl", None),
        ]


def test_public_misses_are_uniform(served: Served) -> None:
    served.clock.now = NOW + timedelta(hours=2)  # "short" has expired
    get(served, f"/c/{served.tokens['twice']}")
    get(served, f"/c/{served.tokens['twice']}.vcf")  # "twice" is now used up
    paths = [
        f"/c/{served.tokens['revoked']}",
        f"/c/{served.tokens['short']}",
        f"/c/{served.tokens['twice']}.json",
        f"/c/{secrets.token_urlsafe(24)}",
        "/c/short",
        "/c/" + "x" * 300,
        "/c/../../etc/passwd",
        "/admin",
        "/",
    ]
    for path in paths:
        response = get(served, path)
        assert (response.status_code, response.content) == (404, NOT_FOUND), path
        assert response.headers["content-type"] == "text/plain; charset=utf-8"
        assert_secure(response)


def test_public_miss_takes_about_the_time_of_a_hit(served: Served) -> None:
    def timed(path: str) -> float:
        samples = []
        for _ in range(15):
            started = time.perf_counter()
            get(served, path)
            samples.append(time.perf_counter() - started)
        return statistics.median(samples)

    unknown = timed(f"/c/{secrets.token_urlsafe(24)}")
    revoked = timed(f"/c/{served.tokens['revoked']}")
    # Both look the token up in the database; neither answers measurably faster.
    assert revoked < unknown * 3 and unknown < revoked * 3


def test_public_robots_txt_disallows_the_links(served: Served) -> None:
    response = get(served, "/robots.txt")
    assert response.status_code == 200
    assert "Disallow: /c/" in response.text
    assert_secure(response)


def test_public_a_head_is_not_a_view(served: Served) -> None:
    for _ in range(3):
        response = httpx.head(served.url + f"/c/{served.tokens['twice']}", timeout=10)
        assert response.status_code == 200
    served.app.state.links.flush()
    with served.store.session() as session:
        assert session.query(CardView).count() == 0
    assert get(served, f"/c/{served.tokens['twice']}").status_code == 200  # still 2 views left


def test_public_a_get_changes_nothing_but_the_view_log(served: Served) -> None:
    for method in ("POST", "PUT", "DELETE"):
        response = httpx.request(method, served.url + f"/c/{served.tokens['open']}", timeout=10)
        assert response.status_code in (404, 405)
    with served.store.session() as session:
        assert session.query(CardView).count() == 0


def test_public_brute_force_finds_nothing_and_is_rate_limited(served: Served) -> None:
    statuses: list[int] = []
    with httpx.Client(base_url=served.url, timeout=10) as client:
        for _ in range(2000):
            statuses.append(client.get(f"/c/{secrets.token_urlsafe(24)}").status_code)
        blocked = client.get(f"/c/{served.tokens['open']}")
    assert 200 not in statuses
    assert statuses[:50] == [404] * 50
    assert statuses.count(429) >= 1900
    # A blocked client is blocked even with a valid token, until its window passes.
    assert blocked.status_code == 429 and int(blocked.headers["retry-after"]) > 0


def test_public_agent_families() -> None:
    assert agent_family("Mozilla/5.0 (Windows NT 10.0) Chrome/120.0 Safari/537.36") == "Chrome"
    assert agent_family("Mozilla/5.0 Chrome/120.0 Safari/537.36 Edg/120.0") == "Edge"
    assert agent_family("Mozilla/5.0 (iPhone) Version/17.0 Mobile Safari/604.1") == "Safari"
    assert agent_family("") == ""
    assert agent_family("Something") == "other"


def test_public_limiter_forgets_old_clients() -> None:
    limiter = Limiter(allowed=1, window=10, clients=2)
    for client in ("a", "b", "c"):
        limiter.miss(client, 0.0)
    assert limiter.blocked("a", 1.0) == 0.0  # forgotten: memory stays bounded
    assert limiter.blocked("c", 1.0) > 0
    assert limiter.blocked("c", 11.0) == 0.0


def test_public_a_link_revoked_elsewhere_stops_within_the_cache_time(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'journal.db'}")
    with store.session() as session:
        maya = Person(name="Maya", created_at=NOW, trust=80)
        session.add(maya)
        session.flush()
        issued = cards.issue(session, maya, now=NOW)
    app = create_app(store, CARD, PLAN, clock=Clock(), ttl=0.3)
    with running(app) as url:
        assert httpx.get(f"{url}/c/{issued.token}").status_code == 200
        with store.session() as session:
            cards.revoke(session, f"#{issued.link.id}", now=NOW)
        time.sleep(0.35)
        assert httpx.get(f"{url}/c/{issued.token}").status_code == 404
    with store.session() as session:
        assert session.query(CardView).count() == 1  # written when the app stopped
    store.close()
