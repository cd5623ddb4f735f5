"""Read the shared dialogue datasets (CaSiNo, Topical-Chat) as :class:`sincere.model.Conversation`.

The datasets live outside the project, in ``shared/data`` beside the repository, and are only read,
never copied in. ``SINCERE_SHARED`` overrides where they are looked for: it may name the ``shared``
folder (the one holding ``data/``) or the ``data`` folder itself. When the data is missing, the
benchmark scripts print why and exit with status 0, so ``make bench`` never fails for lack of data.

CaSiNo (``casino/data/split/casino_{train,valid,test}.json``) is a list of dialogues, each
with ``chat_logs`` (``{"text", "id", "task_data"}``, ``id`` being ``mturk_agent_1`` or
``mturk_agent_2``), ``participant_info`` (per agent: ``outcomes.opponent_likeness`` is how much
that agent liked the *other* one) and ``annotations``: for 396 dialogues, one
``[utterance_text, "label,label"]`` pair per chat utterance, in order, without the speaker.
The deal moves (``Submit-Deal``, ``Accept-Deal``, ``Reject-Deal``, ``Walk-Away``) are the entries
whose ``task_data`` is non-empty; they are kept as ``system`` messages, which the analysis does
not attribute to anyone.

Topical-Chat (``topical_chat/conversations/*.json``, the four valid/test files) maps a conversation
id to ``{"content": [{"message", "agent", "sentiment", ...}], ...}``, ``agent`` being ``agent_1`` or
``agent_2``.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sincere.model import Conversation, Message, Source, conversation_id, participants_in_order

SHARED_ENV = "SINCERE_SHARED"

CASINO_SPLITS = ("train", "valid", "test")
TOPICAL_CHAT_FILES = ("valid_freq", "valid_rare", "test_freq", "test_rare")

#: The CaSiNo answers to "How much do you like your opponent?", encoded 1-5 as in the paper.
LIKENESS_SCALE = {
    "Extremely dislike": 1,
    "Slightly dislike": 2,
    "Undecided": 3,
    "Slightly like": 4,
    "Extremely like": 5,
}


def shared_data_dir() -> Path:
    """Where the shared datasets are: ``$SINCERE_SHARED`` (or its ``data/``), else
    ``shared/data`` beside the repository."""
    override = os.environ.get(SHARED_ENV)
    if override:
        base = Path(override).expanduser()
        return base / "data" if (base / "data").is_dir() else base
    return Path(__file__).resolve().parents[1].parent / "shared" / "data"


def require_data(*relative: str) -> Path:
    """The shared data folder; prints why and exits with status 0 when a needed path is missing."""
    root = shared_data_dir()
    missing = [name for name in relative if not (root / name).exists()]
    if missing:
        print(
            f"Benchmark data not found: {', '.join(str(root / name) for name in missing)}.\n"
            f"Put the shared datasets at {root} or point {SHARED_ENV} at them; skipping.",
        )
        sys.exit(0)
    return root


# --- CaSiNo -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CasinoDialogue:
    """One CaSiNo dialogue: the conversation plus what the dataset says about each participant.

    ``labels`` maps each agent to the strategy labels of their utterances (all utterances'
    labels concatenated; empty when the dialogue is not annotated). ``liked_by_other`` maps each
    agent to the ``opponent_likeness`` (1-5) that the *other* agent gave them, or ``None``.
    ``unaligned`` counts chat utterances that no annotation could be matched to.
    """

    dialogue_id: int
    conversation: Conversation
    annotated: bool
    labels: dict[str, list[str]]
    liked_by_other: dict[str, int | None]
    unaligned: int = 0


def _casino_messages(chat_logs: list[dict[str, Any]]) -> tuple[Message, ...]:
    messages = []
    for index, entry in enumerate(chat_logs):
        # Deal moves carry their terms in ``task_data``; chat utterances have an empty one.
        kind = "system" if entry.get("task_data") else "text"
        messages.append(Message(index=index, sender=entry["id"], text=entry["text"], kind=kind))
    return tuple(messages)


def _split_labels(raw: str) -> list[str]:
    return [label.strip() for label in raw.split(",") if label.strip()]


def _align_labels(
    messages: tuple[Message, ...], annotations: list[list[str]]
) -> tuple[dict[str, list[str]], int]:
    """Give each annotation's labels to the speaker of the utterance it annotates.

    Annotations follow the chat utterances in order but name no speaker, and a few dialogues lack
    the annotation of one utterance. Each annotation is therefore matched to the next utterance with
    the same text (compared without surrounding whitespace); utterances passed over stay unlabelled.
    Returns the labels per speaker and the number of utterances left without an annotation.
    """
    utterances = [message for message in messages if message.kind == "text"]
    labels: dict[str, list[str]] = {message.sender: [] for message in utterances}
    position = 0
    matched = 0
    for text, raw_labels in annotations:
        wanted = text.strip()
        cursor = position
        while cursor < len(utterances) and utterances[cursor].text.strip() != wanted:
            cursor += 1
        if cursor == len(utterances):
            continue  # an annotation of no utterance we can find: ignore it, keep the position
        labels[utterances[cursor].sender].extend(_split_labels(raw_labels))
        matched += 1
        position = cursor + 1
    return labels, len(utterances) - matched


def _liked_by_other(info: dict[str, Any], agents: list[str]) -> dict[str, int | None]:
    liked: dict[str, int | None] = {}
    for agent in agents:
        others = [other for other in info if other != agent]
        rating = info[others[0]].get("outcomes", {}).get("opponent_likeness") if others else None
        liked[agent] = LIKENESS_SCALE.get(rating) if isinstance(rating, str) else None
    return liked


def load_casino(root: Path | None = None) -> list[CasinoDialogue]:
    """Every CaSiNo dialogue of the three splits (1,030), annotated or not, in file order."""
    folder = (root or shared_data_dir()) / "casino" / "data" / "split"
    dialogues = []
    for split in CASINO_SPLITS:
        path = folder / f"casino_{split}.json"
        with path.open(encoding="utf-8") as stream:
            raw_dialogues = json.load(stream)
        for raw in raw_dialogues:
            messages = _casino_messages(raw["chat_logs"])
            title = f"CaSiNo dialogue {raw['dialogue_id']}"
            conversation = Conversation(
                id=conversation_id("casino", title, messages),
                title=title,
                source=Source(path=str(path), format="casino"),
                messages=messages,
                participants=participants_in_order(messages),
            )
            annotations = raw.get("annotations") or []
            labels, unaligned = _align_labels(messages, annotations)
            info = raw.get("participant_info", {})
            dialogues.append(
                CasinoDialogue(
                    dialogue_id=int(raw["dialogue_id"]),
                    conversation=conversation,
                    annotated=bool(annotations),
                    labels=labels if annotations else {},
                    liked_by_other=_liked_by_other(info, sorted(info)),
                    unaligned=unaligned if annotations else 0,
                )
            )
    return dialogues


# --- Topical-Chat -------------------------------------------------------------------------------


def iter_topical_chat(root: Path | None = None) -> Iterator[Conversation]:
    """Every Topical-Chat conversation of the four valid/test files (2,156), in file order."""
    folder = (root or shared_data_dir()) / "topical_chat" / "conversations"
    for name in TOPICAL_CHAT_FILES:
        path = folder / f"{name}.json"
        with path.open(encoding="utf-8") as stream:
            raw_conversations: dict[str, dict[str, Any]] = json.load(stream)
        for key, raw in raw_conversations.items():
            messages = tuple(
                Message(index=index, sender=turn["agent"], text=turn["message"])
                for index, turn in enumerate(raw["content"])
            )
            yield Conversation(
                id=key,
                title=f"Topical-Chat {name} {key}",
                source=Source(path=str(path), format="topical_chat"),
                messages=messages,
                participants=participants_in_order(messages),
            )


def load_topical_chat(root: Path | None = None) -> list[Conversation]:
    """:func:`iter_topical_chat` as a list."""
    return list(iter_topical_chat(root))
