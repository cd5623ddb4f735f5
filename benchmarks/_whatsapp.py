"""Generate WhatsApp exports of any size for the import benchmarks (and the streaming tests).

The text is made up (a fixed vocabulary, a seeded random generator), so every run writes the same
bytes. The layout is WhatsApp Android's en-GB one, ``dd/mm/yyyy, HH:MM - Name: text``, which both
whatstk and chat-miner read; some messages span several lines, some are media placeholders, a few
are system notices.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path

SENDERS = ("Alice Martin", "Bob", "Chloé Durand", "+33 6 12 34 56 78", "Dev")
_SENTENCES = (
    "how was the trip did you see the match last night we should get a drink on friday "
    "I read the book you told me about and loved it the weather is great here what about "
    "you tell me more about your new job the kids are fine thanks for asking see you soon "
    "on se voit quand tu rentres le film était super on va au resto samedi"
)
WORDS = _SENTENCES.split()


def write_export(path: Path, messages: int, *, seed: int = 7, with_notice: bool = True) -> int:
    """Write a WhatsApp export of ``messages`` messages to ``path``; returns its size in bytes.

    With ``with_notice``, the first message is the end-to-end encryption notice (a system line,
    which some parsers drop); without it every message has a sender.
    """
    rng = random.Random(seed)
    when = datetime(2021, 1, 1, 8, 0)
    lines: list[str] = []
    with open(path, "w", encoding="utf-8", newline="\n") as stream:
        if with_notice:
            stream.write(
                f"{when:%d/%m/%Y, %H:%M} - Messages and calls are end-to-end encrypted. No one "
                "outside of this chat, not even WhatsApp, can read or listen to them.\n"
            )
        for _number in range(messages - 1 if with_notice else messages):
            when += timedelta(seconds=rng.randrange(5, 900))
            sender = SENDERS[rng.randrange(len(SENDERS))]
            roll = rng.random()
            if roll < 0.03:
                text = "<Media omitted>"
            else:
                text = " ".join(rng.choices(WORDS, k=rng.randrange(2, 25)))
                if roll > 0.95:
                    text += "\n" + " ".join(rng.choices(WORDS, k=rng.randrange(2, 12)))
            lines.append(f"{when:%d/%m/%Y, %H:%M} - {sender}: {text}\n")
            if len(lines) >= 10_000:
                stream.writelines(lines)
                lines.clear()
        stream.writelines(lines)
    return path.stat().st_size
