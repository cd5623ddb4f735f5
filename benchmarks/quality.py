"""Quality benchmark: does sincere's reading agree with human labels on real dialogues?

Two datasets from ``shared/data`` (see ``benchmarks/_data.py``):

CaSiNo, the 396 dialogues with per-utterance strategy labels
    For each participant, over *all* the strategy labels given to their utterances:

    - self-share = labels in {self-need, uv-part, vouch-fair} / all their labels
    - other-share = labels in {small-talk, showing-empathy, other-need} / all their labels

    An utterance with several labels counts each of them. The neutral labels (elicit-pref,
    promote-coordination, no-need, non-strategic) count in the denominator only, so a participant
    who mostly coordinates has low shares on both sides. An utterance with no label at all (one in
    the data, plus the three utterances that have no annotation) adds nothing to either side;
    a participant without any label would be left out (none is, in practice).
    Reported: Spearman's rho (with p-value and n) of ``pressure`` against self-share and of
    ``interest`` against other-share. Extra: ``interest`` (and ``pressure``) against how much the
    *other* participant said they liked this one (``opponent_likeness``, 1-5), on the annotated
    dialogues and on all 1,030.

Topical-Chat, the 2,156 conversations of the valid and test files
    Strangers chatting about a topic, nobody selling anything: a participant flagged
    ``self_centred`` or ``transactional`` here is most likely a false positive (target: at most 5%).
    Reported: that share, the verdict distribution and a few flagged participants with their
    evidence, to help inspect the false positives.

Usage::

    python benchmarks/quality.py [--json PATH] [--examples N]
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scipy.stats import spearmanr

import sincere
from _data import CasinoDialogue, load_casino, load_topical_chat, require_data

SELF_ORIENTED = frozenset({"self-need", "uv-part", "vouch-fair"})
OTHER_ORIENTED = frozenset({"small-talk", "showing-empathy", "other-need"})
FLAGGED = frozenset({"self_centred", "transactional"})
FALSE_POSITIVE_TARGET = 5.0  # percent of Topical-Chat participants flagged, at most
LANG = "en"
EVIDENCE_SHOWN = 6  # evidence items kept per flagged example (the engine keeps a handful)


@dataclass(frozen=True, slots=True)
class Correlation:
    """Spearman's rank correlation between two paired samples."""

    rho: float | None
    p_value: float | None
    n: int

    def to_dict(self) -> dict[str, Any]:
        return {"rho": self.rho, "p_value": self.p_value, "n": self.n}

    def __str__(self) -> str:
        if self.rho is None or self.p_value is None:
            return f"rho = n/a (constant input)   n = {self.n}"
        return f"rho = {self.rho:+.3f}   p = {self.p_value:.2g}   n = {self.n}"


def spearman(xs: Sequence[float], ys: Sequence[float]) -> Correlation:
    """Spearman's rho and its two-sided p-value; ``None`` when either side is constant."""
    if len(xs) < 3 or len(set(xs)) < 2 or len(set(ys)) < 2:
        return Correlation(None, None, len(xs))
    result = spearmanr(xs, ys)
    rho, p_value = float(result.statistic), float(result.pvalue)
    if math.isnan(rho):
        return Correlation(None, None, len(xs))
    return Correlation(rho, p_value, len(xs))


def label_shares(labels: Sequence[str]) -> tuple[float, float] | None:
    """(self-share, other-share) of a participant's labels, or ``None`` when they have none."""
    if not labels:
        return None
    self_count = sum(1 for label in labels if label in SELF_ORIENTED)
    other_count = sum(1 for label in labels if label in OTHER_ORIENTED)
    return self_count / len(labels), other_count / len(labels)


def verdict_distribution(verdicts: Counter[str]) -> dict[str, dict[str, float]]:
    """Count and percentage of each verdict, in the library's order."""
    total = sum(verdicts.values()) or 1
    return {
        verdict: {"count": verdicts[verdict], "percent": 100.0 * verdicts[verdict] / total}
        for verdict in sincere.VERDICTS
    }


# --- CaSiNo -------------------------------------------------------------------------------------


def casino_figures(dialogues: Sequence[CasinoDialogue]) -> dict[str, Any]:
    """Correlations of sincere's scores with CaSiNo's strategy labels and likeness ratings."""
    pressure, self_share, interest, other_share = [], [], [], []
    liked: dict[str, tuple[list[float], list[float], list[float]]] = {
        "annotated": ([], [], []),
        "all": ([], [], []),
    }
    verdicts: Counter[str] = Counter()
    unlabelled_participants = 0
    for dialogue in dialogues:
        report = sincere.analyze(dialogue.conversation, lang=LANG)
        for person in report.participants:
            verdicts[person.verdict] += 1
            rating = dialogue.liked_by_other.get(person.name)
            scopes = ("annotated", "all") if dialogue.annotated else ("all",)
            if rating is not None:
                for scope in scopes:
                    ratings, interests, pressures = liked[scope]
                    ratings.append(rating)
                    interests.append(person.interest)
                    pressures.append(person.pressure)
            if not dialogue.annotated:
                continue
            shares = label_shares(dialogue.labels.get(person.name, []))
            if shares is None:
                unlabelled_participants += 1
                continue
            pressure.append(person.pressure)
            self_share.append(shares[0])
            interest.append(person.interest)
            other_share.append(shares[1])
    return {
        "dialogues": len(dialogues),
        "annotated_dialogues": sum(1 for dialogue in dialogues if dialogue.annotated),
        "participants_without_labels": unlabelled_participants,
        "unannotated_utterances": sum(dialogue.unaligned for dialogue in dialogues),
        "pressure_vs_self_share": spearman(pressure, self_share).to_dict(),
        "interest_vs_other_share": spearman(interest, other_share).to_dict(),
        "interest_vs_liked_by_other": {
            scope: spearman(values[1], values[0]).to_dict() for scope, values in liked.items()
        },
        "pressure_vs_liked_by_other": {
            scope: spearman(values[2], values[0]).to_dict() for scope, values in liked.items()
        },
        "mean_self_share": _mean(self_share),
        "mean_other_share": _mean(other_share),
        "verdicts_all_dialogues": verdict_distribution(verdicts),
    }


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


# --- Topical-Chat -------------------------------------------------------------------------------


def topical_chat_figures(
    conversations: Sequence[sincere.Conversation], examples: int, seed: int = 0
) -> dict[str, Any]:
    """Share of participants flagged in the genuine control corpus, plus examples to inspect."""
    verdicts: Counter[str] = Counter()
    flagged: list[dict[str, Any]] = []
    for conversation in conversations:
        report = sincere.analyze(conversation, lang=LANG)
        for person in report.participants:
            verdicts[person.verdict] += 1
            if person.verdict in FLAGGED:
                flagged.append(_flagged_example(conversation, person))
    total = sum(verdicts.values())
    flagged_percent = 100.0 * len(flagged) / total if total else 0.0
    # A seeded sample rather than the most extreme cases: the typical false positive is the one
    # worth fixing first.
    sample = random.Random(seed).sample(flagged, min(examples, len(flagged)))
    return {
        "conversations": len(conversations),
        "messages": sum(len(conversation.messages) for conversation in conversations),
        "participants": total,
        "flagged": len(flagged),
        "flagged_percent": flagged_percent,
        "target_percent_max": FALSE_POSITIVE_TARGET,
        "meets_target": flagged_percent <= FALSE_POSITIVE_TARGET,
        "verdicts": verdict_distribution(verdicts),
        "examples": sample,
    }


def _flagged_example(
    conversation: sincere.Conversation, person: sincere.ParticipantAnalysis
) -> dict[str, Any]:
    return {
        "conversation": conversation.id,
        "source": Path(conversation.source.path).name,
        "participant": person.name,
        "verdict": person.verdict,
        "interest": person.interest,
        "pressure": person.pressure,
        "signals": {name: round(float(value), 3) for name, value in person.signals.items()},
        "evidence": [
            {"signal": item.signal, "message_index": item.message_index, "text": item.text}
            for item in person.evidence[:EVIDENCE_SHOWN]
        ],
    }


# --- Output -------------------------------------------------------------------------------------


def print_figures(figures: dict[str, Any]) -> None:
    """The human-readable figures block."""
    casino = figures["casino"]
    print("=" * 78)
    print(f"sincere {figures['sincere_version']} quality benchmark  (lang={LANG})")
    print("=" * 78)
    print(
        f"CaSiNo: {casino['annotated_dialogues']} annotated dialogues of {casino['dialogues']}, "
        f"{casino['unannotated_utterances']} utterances without annotation"
    )
    rows = [
        ("pressure vs self-share", casino["pressure_vs_self_share"]),
        ("interest vs other-share", casino["interest_vs_other_share"]),
    ]
    for scope in ("annotated", "all"):
        rows.append(
            (f"interest vs liked-by-other, {scope}", casino["interest_vs_liked_by_other"][scope])
        )
        rows.append(
            (f"pressure vs liked-by-other, {scope}", casino["pressure_vs_liked_by_other"][scope])
        )
    for label, value in rows:
        print(f"  {label:38} {Correlation(value['rho'], value['p_value'], value['n'])}")
    print(
        "  (self-share: self-need, uv-part, vouch-fair; other-share: small-talk, showing-empathy,"
        " other-need;\n   liked-by-other: opponent_likeness, 1-5, given by the other participant;"
        " extra)"
    )
    print(f"  verdicts (all dialogues): {_distribution(casino['verdicts_all_dialogues'])}")

    topical = figures["topical_chat"]
    status = "OK" if topical["meets_target"] else "ABOVE TARGET"
    print()
    print(
        f"Topical-Chat: {topical['conversations']} conversations, {topical['messages']} messages, "
        f"{topical['participants']} participants"
    )
    print(
        f"  flagged self_centred or transactional: {topical['flagged']} "
        f"= {topical['flagged_percent']:.2f}%  (target <= {topical['target_percent_max']:.0f}%: "
        f"{status})"
    )
    print(f"  verdicts: {_distribution(topical['verdicts'])}")
    for number, example in enumerate(topical["examples"], start=1):
        print(
            f"  example {number}: {example['source']} {example['conversation']} "
            f"{example['participant']}: {example['verdict']} "
            f"(interest {example['interest']}, pressure {example['pressure']})"
        )
        # Topic shares are many and rarely explain a verdict: they stay in the JSON only.
        signals = ", ".join(
            f"{name}={value:g}"
            for name, value in example["signals"].items()
            if not name.startswith("topic_")
        )
        print(f"    signals: {signals}")
        for item in example["evidence"]:
            print(f"    [{item['signal']}] #{item['message_index']}: {_shorten(item['text'])}")
    print()
    print(f"runtime: {figures['runtime_seconds']:.1f} s")


def _distribution(distribution: dict[str, dict[str, float]]) -> str:
    return ", ".join(
        f"{verdict} {item['count']} ({item['percent']:.1f}%)"
        for verdict, item in distribution.items()
    )


def _shorten(text: str, width: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the figures as JSON")
    parser.add_argument(
        "--examples", type=int, default=5, help="flagged Topical-Chat participants to show"
    )
    args = parser.parse_args(argv)

    root = require_data("casino/data/split", "topical_chat/conversations")
    started = time.perf_counter()
    figures: dict[str, Any] = {
        "sincere_version": sincere.__version__,
        "casino": casino_figures(load_casino(root)),
        "topical_chat": topical_chat_figures(load_topical_chat(root), args.examples),
    }
    figures["runtime_seconds"] = time.perf_counter() - started
    print_figures(figures)
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n")
        print(f"figures written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
