"""Journal benchmark: importing 100,000 conversations (5,000,000 messages), then listing people.

A generated corpus of WhatsApp exports (``--conversations`` files of ``--messages`` messages each,
between the owner and one of ``--people`` people; ``benchmarks/_whatsapp.py``'s vocabulary, a
seeded generator) is imported with ``sincere import DIRECTORY`` in a fresh process, on SQLite
and on PostgreSQL (a private server, ``benchmarks/_postgres.py``). Figures:

- import: wall-clock time, messages per second, and the import process's peak RSS
  (``ru_maxrss`` of the child), target: bounded (it must not grow with the corpus);
- ``sincere people``: the time of its queries (the first 50 people by trust, and how many there
  are in all), best of 5, of listing everyone, and of the whole command ``sincere people`` in a
  fresh process; target: under 200 ms.

Usage::

    python benchmarks/journal_scale.py [--conversations N] [--messages N] [--people N]
        [--backend sqlite|postgresql|both] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import _postgres
from _whatsapp import WORDS
from sincere.store.database import Store
from sincere.store.journal import count_people, list_people

TARGET_PEOPLE_MS = 200.0
OWNER = "Paul Martin"


def write_corpus(folder: Path, conversations: int, messages: int, people: int) -> int:
    """Write the exports; returns the total number of messages."""
    rng = random.Random(5)
    start = datetime(2022, 1, 1, 9, 0)
    for number in range(conversations):
        person = f"Person {number % people:05d}"
        when = start + timedelta(days=rng.randrange(0, 1400), minutes=rng.randrange(0, 600))
        lines = []
        for _ in range(messages):
            when += timedelta(seconds=rng.randrange(20, 900))
            sender = person if rng.random() < 0.5 else OWNER
            text = " ".join(rng.choices(WORDS, k=rng.randrange(3, 18)))
            if rng.random() < 0.02:
                text = "could you introduce me to your investors?"
            lines.append(f"{when:%d/%m/%Y, %H:%M} - {sender}: {text}\n")
        path = folder / f"{number // 1000:03d}" / f"WhatsApp Chat with {person} {number}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text("".join(lines), encoding="utf-8")
    return conversations * messages


def import_corpus(folder: Path, url: str) -> dict[str, Any]:
    """Import the corpus in a fresh process; wall time and the child's peak RSS."""
    environment = dict(os.environ, SINCERE_DATABASE_URL=url, SINCERE_CONFIG="/nonexistent")
    started = time.monotonic()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run(
        [sys.executable, "-m", "sincere", "import", str(folder), "--me", OWNER, "-q"],
        check=True,
        env=environment,
    )
    seconds = time.monotonic() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"seconds": seconds, "peak_rss_mb": max(peak, before) / 1024}


def _best(store: Store, limit: int | None) -> tuple[float, int]:
    best, rows = float("inf"), 0
    for _ in range(5):
        with store.session() as session:
            started = time.perf_counter()
            rows = len(list_people(session, limit=limit))
            if limit is not None:
                count_people(session)
            best = min(best, time.perf_counter() - started)
    return best, rows


def people_timings(url: str) -> dict[str, Any]:
    store = Store(url)
    try:
        best, _ = _best(store, 50)
        everyone, rows = _best(store, None)
    finally:
        store.close()
    environment = dict(os.environ, SINCERE_DATABASE_URL=url)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "sincere", "people"],
        check=True,
        env=environment,
        capture_output=True,
    )
    command = time.perf_counter() - started
    return {
        "people": rows,
        "query_ms": best * 1000,
        "all_rows_ms": everyone * 1000,
        "command_ms": command * 1000,
        "meets_target": best * 1000 < TARGET_PEOPLE_MS,
    }


def run_backend(name: str, url: str, corpus: Path, messages: int) -> dict[str, Any]:
    figures = import_corpus(corpus, url)
    figures["messages_per_second"] = messages / figures["seconds"]
    figures.update(people_timings(url))
    print(
        f"{name}: imported {messages:,} messages in {figures['seconds']:.0f} s "
        f"({figures['messages_per_second']:,.0f}/s), peak RSS {figures['peak_rss_mb']:.0f} MB; "
        f"people: the first 50 of {figures['people']:,} in {figures['query_ms']:.0f} ms "
        f"(queries), all {figures['all_rows_ms']:.0f} ms; 'sincere people' "
        f"{figures['command_ms']:.0f} ms (whole command) — target "
        f"< {TARGET_PEOPLE_MS:.0f} ms: {'met' if figures['meets_target'] else 'NOT met'}"
    )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--conversations", type=int, default=100_000)
    parser.add_argument("--messages", type=int, default=50)
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--json", type=Path)
    options = parser.parse_args()
    report: dict[str, Any] = {
        "conversations": options.conversations,
        "messages_per_conversation": options.messages,
        "people": options.people,
    }
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "exports"
        corpus.mkdir()
        started = time.monotonic()
        total = write_corpus(corpus, options.conversations, options.messages, options.people)
        print(
            f"Corpus: {options.conversations:,} conversations, {total:,} messages, "
            f"{options.people:,} people (written in {time.monotonic() - started:.0f} s)"
        )
        if options.backend in ("sqlite", "both"):
            url = f"sqlite:///{Path(folder) / 'journal.db'}"
            report["sqlite"] = run_backend("SQLite", url, corpus, total)
        if options.backend in ("postgresql", "both"):
            with _postgres.server(port=55433) as server:
                url = _postgres.new_database(server, "sincere_scale")
                report["postgresql"] = run_backend("PostgreSQL", url, corpus, total)
    if options.json:
        options.json.parent.mkdir(parents=True, exist_ok=True)
        options.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
