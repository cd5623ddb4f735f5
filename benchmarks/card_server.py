"""Card server benchmark: ``GET /c/{token}`` against a bare Starlette endpoint, under load.

Two uvicorn servers on loopback, each in its own process with one worker: sincere's public app
(``sincere.web.public``, a real link in a SQLite journal: the token is hashed and looked up,
the view counted and logged, the page rendered with the recipient's marks) and a bare Starlette
app whose one endpoint returns the same bytes. ``wrk`` (Debian's package) loads each in turn with
the same settings and reports requests per second and the latency distribution. Target: sincere
at least half the bare endpoint's throughput.

Usage::

    python benchmarks/card_server.py [--seconds 10] [--connections 32] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

TARGET_RATIO = 0.5
CARD = """\
name = "Paul Martin"
title = "Designer"
organisation = "Atelier Lumière"
emails = ["paul@example.org"]
phones = ["+33 6 12 34 56 78"]
website = "https://paul.example.org"
note = "Let's talk about anything but business."
languages = ["fr", "en"]

[[social]]
label = "LinkedIn"
url = "https://www.linkedin.com/in/paul-example"
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def prepare(folder: Path) -> tuple[str, str, bytes]:
    """A journal with one link; returns the database URL, the token and the page's bytes."""
    from sincere.card.marks import Plan, derive
    from sincere.card.render import html_page
    from sincere.card.settings import parse_card
    from sincere.store import cards
    from sincere.store.database import Store
    from sincere.store.models import Person

    url = f"sqlite:///{folder / 'journal.db'}"
    card = parse_card(CARD, where="card.toml", base=folder)
    store = Store(url)
    now = datetime.now(UTC).replace(tzinfo=None)
    with store.session() as session:
        maya = Person(name="Maya", created_at=now, trust=80)
        session.add(maya)
        session.flush()
        issued = cards.issue(session, maya, now=now)
        marks = derive(
            cards.secret(session), issued.link.id, Plan("https://card.example.org"), issued.token
        )
    store.close()
    page = html_page(card, marks, vcf_url=f"{issued.token}.vcf").encode()
    (folder / "card.toml").write_text(CARD, encoding="utf-8")
    return url, issued.token, page


SERVERS = """
import sys, uvicorn
kind, port, folder = sys.argv[1], int(sys.argv[2]), sys.argv[3]
if kind == "sincere":
    from pathlib import Path
    from sincere.card.marks import Plan
    from sincere.card.settings import parse_card
    from sincere.store.database import Store
    from sincere.web.public import Limiter, create_app
    card = parse_card(Path(folder, "card.toml").read_text(), where="card.toml", base=Path(folder))
    app = create_app(Store(f"sqlite:///{folder}/journal.db"), card,
                     Plan("https://card.example.org"), limiter=Limiter(allowed=10**9))
else:
    from pathlib import Path
    from starlette.applications import Starlette
    from starlette.responses import Response
    from starlette.routing import Route
    body = Path(folder, "page.html").read_bytes()
    async def page(request):
        return Response(body, media_type="text/html; charset=utf-8")
    app = Starlette(routes=[Route("/c/{rest:str}", page)])
uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
"""


def start(kind: str, folder: Path) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-c", SERVERS, kind, str(port), str(folder)])
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return process, port
        time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"the {kind} server did not start")


def wrk(url: str, seconds: int, connections: int) -> dict[str, Any]:
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])  # type: ignore[index]

    def percentile(name: str) -> float:
        found = re.search(rf"\s{name}%\s+([\d.]+)(us|ms|s)", output)
        assert found is not None, output
        value, unit = float(found[1]), found[2]
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "requests_per_second": rate,
        "p50_ms": percentile("50"),
        "p99_ms": percentile("99"),
        "non_2xx": int(errors[1]) if errors else 0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--json", type=Path)
    options = parser.parse_args()
    if shutil.which("wrk") is None:
        print("wrk is not installed (apt-get install wrk): nothing measured")
        return
    os.environ.setdefault("SINCERE_CONFIG", "/nonexistent/config.toml")
    report: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        _, token, page = prepare(folder)
        (folder / "page.html").write_bytes(page)
        for kind in ("bare", "sincere"):
            process, port = start(kind, folder)
            try:
                url = f"http://127.0.0.1:{port}/c/{token}"
                wrk(url, 2, options.connections)  # warm-up
                report[kind] = wrk(url, options.seconds, options.connections)
            finally:
                process.terminate()
                process.wait(timeout=10)
    ratio = report["sincere"]["requests_per_second"] / report["bare"]["requests_per_second"]
    report["ratio"] = ratio
    report["meets_target"] = ratio >= TARGET_RATIO
    for kind in ("bare", "sincere"):
        figures = report[kind]
        print(
            f"{kind:8} {figures['requests_per_second']:9,.0f} requests/s  p50 "
            f"{figures['p50_ms']:.2f} ms  p99 {figures['p99_ms']:.2f} ms  non-2xx "
            f"{figures['non_2xx']}"
        )
    print(
        f"sincere serves {ratio:.0%} of the bare endpoint's throughput (target ≥ "
        f"{TARGET_RATIO:.0%}: {'met' if report['meets_target'] else 'NOT met'})"
    )
    if options.json:
        options.json.parent.mkdir(parents=True, exist_ok=True)
        options.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
