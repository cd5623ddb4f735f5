"""The same conversation gives the same report on every run, whatever the hash seed."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from sincere.analysis.engine import analyze
from sincere.model import Conversation

ChatBuilder = Callable[..., Conversation]

# Each speaker touches several off-work topics exactly once: ties that hashing must not order.
_CHAT = """\
Ana: I watched a great series on TV last night, then played a video game, then cooked pasta.
Ben: Nice! I went hiking with my dog, read a novel and listened to some jazz.
Ana: Did you travel anywhere for the holidays? My family went to Lisbon.
Ben: We stayed home, my daughter had the flu. How was the football match?
"""


def test_determinism_topic_ties_are_ordered_by_name(chat: ChatBuilder) -> None:
    conversation = chat(
        [
            ("Ana", "My dog loves jazz, football, pasta and Lisbon."),
            ("Ben", "Lisbon, pasta, football, jazz and my dog: same here!"),
        ]
    )
    for person in analyze(conversation, lang="en").participants:
        topics = [name for name in person.signals if name.startswith("topic_")]
        assert len(topics) >= 4, topics
        assert topics == sorted(topics), topics


def test_determinism_report_is_the_same_under_any_hash_seed(tmp_path: Path) -> None:
    path = tmp_path / "chat.txt"
    path.write_text(_CHAT, encoding="utf-8")
    reports = set()
    for seed in ("0", "1", "2", "3"):
        completed = subprocess.run(
            [sys.executable, "-m", "sincere", "analyze", str(path), "--format", "json"],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        reports.add(completed.stdout)
    assert len(reports) == 1
    assert '"topic_' in reports.pop()
