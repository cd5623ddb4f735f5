"""Speed benchmark: how many messages per second sincere analyses, on one core.

The corpus is every turn of the four Topical-Chat files in ``shared/data`` (2,156 conversations,
46,903 messages; see ``benchmarks/_data.py``), analysed conversation by conversation with
``sincere.analyze(conversation, lang="en")``, the results being dropped as they come.

- Throughput: one warm-up pass over a slice of the corpus, then the whole corpus timed in CPU
  time of the process (``time.process_time``: time spent waiting for a busy CPU is not the
  code's), ``--repeat`` times (5); the best pass is the figure, the median is shown beside it.
  With ``--peers``, the passes of the two tools alternate, so that a slow spell of the machine
  does not fall on one of them only. The process is pinned to one CPU when the platform allows
  it; the analysis is single-threaded anyway. Target: at least 30,000 messages/s.
- Memory: before loading anything, the script runs itself again with ``--child`` so that a fresh
  process loads the corpus, reads its peak RSS (``ru_maxrss``), analyses the whole corpus and reads
  it again; the growth is the analysis's peak memory beyond what loading the data took. On Linux the
  child also resets the kernel's peak mark after loading (``/proc/self/clear_refs``) and reports
  ``VmHWM`` minus the RSS before the analysis, which the loading peak cannot hide.
- ``--peers``: in the same run, ConvoKit's ``PolitenessStrategies`` (the ``politeness_local``
  collection) over exactly the same utterances, timing only ``transform`` (not building the
  corpus). ConvoKit needs a dependency parse and no English spaCy model is available here, so each
  utterance gets a trivial hand-made parse (see :func:`trivial_parse`). ConvoKit is installed only
  in ``.venv-peers`` (``make bench-peers``). Target: sincere at least 4 times as fast.

Usage::

    python benchmarks/speed.py [--peers] [--repeat N] [--json PATH]
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import sincere
from _data import load_topical_chat, require_data

LANG = "en"
WARM_UP_CONVERSATIONS = 100
TARGET_MESSAGES_PER_SECOND = 30_000
TARGET_PEER_RATIO = 4.0
DATA_PATHS = ("topical_chat/conversations",)


def pin_to_one_cpu() -> int | None:
    """Pin this process to the first CPU it may run on; the CPU, or ``None`` when unsupported."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    first_cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {first_cpu})
    return first_cpu


def analyse_all(conversations: Sequence[sincere.Conversation]) -> int:
    """Analyse every conversation, dropping the results; the number of participants judged."""
    judged = 0
    for conversation in conversations:
        judged += len(sincere.analyze(conversation, lang=LANG).participants)
    return judged


def timed_pass(run: Callable[[], object]) -> float:
    """The CPU seconds this process spends in one call of ``run``.

    CPU time (``time.process_time``), not wall-clock time: on a shared machine, time spent
    waiting for the CPU is not the code's, and both tools are single-threaded.
    """
    started = time.process_time()
    run()
    return time.process_time() - started


def timed_passes(runs: dict[str, Callable[[], object]], repeat: int) -> dict[str, list[float]]:
    """``repeat`` rounds in which each of ``runs`` is timed once, in turn: the tools alternate,
    so a slow spell of the machine does not fall on one of them only."""
    seconds: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeat):
        for name, run in runs.items():
            seconds[name].append(timed_pass(run))
    return seconds


def sincere_figures(
    conversations: Sequence[sincere.Conversation], passes: list[float]
) -> dict[str, Any]:
    """Messages per second over the whole corpus: the best pass is the figure (the one least
    disturbed by whatever else the machine was doing), the median is reported beside it."""
    messages = sum(len(conversation.messages) for conversation in conversations)
    best = min(passes)
    return {
        "conversations": len(conversations),
        "messages": messages,
        "passes_seconds": passes,
        "seconds": best,
        "messages_per_second": messages / best,
        "median_messages_per_second": messages / statistics.median(passes),
        "target_messages_per_second": TARGET_MESSAGES_PER_SECOND,
        "meets_target": messages / best >= TARGET_MESSAGES_PER_SECOND,
    }


# --- Memory, measured in a fresh process --------------------------------------------------------

MIB = 1024 * 1024


def _max_rss_bytes() -> int:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024  # Linux reports KiB


def _proc_status_bytes(field: str) -> int | None:
    """A memory field of ``/proc/self/status`` (``VmRSS``, ``VmHWM``) in bytes, if there is one."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) * 1024  # reported in kB
    except (OSError, ValueError, IndexError):
        pass
    return None


def _reset_peak_rss() -> bool:
    """Reset the kernel's peak-RSS mark (``VmHWM``) to the current RSS (Linux); True when done."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def child_memory() -> dict[str, Any]:
    """In the ``--child`` process: the peak RSS before and after analysing the whole corpus.

    ``ru_maxrss`` never goes down, so loading the corpus (whose JSON briefly takes more room than
    the conversations) can hide the analysis under its own peak. On Linux the peak mark is also
    reset after loading and read back from ``VmHWM``, which gives the analysis's own peak; then a
    second pass, the language resources being loaded by then, gives the steady-state peak.
    """
    pin_to_one_cpu()
    root = require_data(*DATA_PATHS)
    conversations = load_topical_chat(root)
    gc.collect()
    readings: dict[str, Any] = {
        "ru_maxrss_before": _max_rss_bytes(),
        "rss_before": _proc_status_bytes("VmRSS"),
        "hwm_reset": _reset_peak_rss(),
    }
    analyse_all(conversations)
    readings["ru_maxrss_after"] = _max_rss_bytes()
    readings["hwm_after"] = _proc_status_bytes("VmHWM")
    if readings["hwm_reset"]:
        gc.collect()
        readings["rss_before_warm"] = _proc_status_bytes("VmRSS")
        _reset_peak_rss()
        analyse_all(conversations)
        readings["hwm_after_warm"] = _proc_status_bytes("VmHWM")
    return readings


def memory_in_fresh_process() -> dict[str, Any]:
    """Run this script with ``--child`` and turn its readings into the analysis's peak growth.

    Call it before loading anything big: a child's ``ru_maxrss`` starts from its parent's peak.
    """
    completed = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child"],
        capture_output=True,
        text=True,
        check=True,
    )
    readings = json.loads(completed.stdout.strip().splitlines()[-1])
    # After a VmHWM reset ru_maxrss may read lower than before: no growth that it can see.
    ru_growth = max(0, readings["ru_maxrss_after"] - readings["ru_maxrss_before"]) / MIB
    figures: dict[str, Any] = {
        "ru_maxrss_before_mib": readings["ru_maxrss_before"] / MIB,
        "ru_maxrss_after_mib": readings["ru_maxrss_after"] / MIB,
        "ru_maxrss_growth_mib": ru_growth,
        "peak_rss_growth_mib": ru_growth,
        "method": "ru_maxrss after - before",
    }
    if readings["hwm_reset"] and readings["hwm_after"] and readings["rss_before"]:
        figures["peak_rss_growth_mib"] = (readings["hwm_after"] - readings["rss_before"]) / MIB
        figures["method"] = "VmHWM (reset after loading) - VmRSS before the analysis"
        if readings.get("hwm_after_warm") and readings.get("rss_before_warm"):
            figures["warm_peak_rss_growth_mib"] = (
                readings["hwm_after_warm"] - readings["rss_before_warm"]
            ) / MIB
    return figures


# --- ConvoKit, the peer --------------------------------------------------------------------------


def trivial_parse(text: str) -> list[dict[str, Any]]:
    """A stand-in dependency parse in ConvoKit's ``parsed`` layout, without any parser.

    One sentence whose tokens are the whitespace-separated words; every token is tagged ``NN`` with
    the relation ``dep`` to token 0 (``up`` = 0), token 0 being the sentence root (``rt`` = 0) and
    the parent (``dn``) of all the others. ConvoKit's n-gram markers work on it as on a real parse;
    its sentence-starter markers are only looked for at the start of the utterance and its few
    parse-based markers (e.g. "just" as an adverb) find nothing, which only lightens its job.
    """
    words = text.split()
    tokens = [{"tok": word, "tag": "NN", "dep": "dep", "up": 0, "dn": []} for word in words]
    if tokens:
        tokens[0]["dn"] = list(range(1, len(tokens)))
    return [{"rt": 0, "toks": tokens}]


def build_convokit_corpus(conversations: Sequence[sincere.Conversation]) -> Any:
    """A ConvoKit corpus of the same utterances, each with its trivial parse in ``parsed``."""
    from convokit import Corpus, Speaker, Utterance

    speakers: dict[str, Any] = {}
    utterances = []
    for conversation in conversations:
        previous: str | None = None
        for message in conversation.messages:
            speaker_id = f"{conversation.id}/{message.sender}"
            speaker = speakers.setdefault(speaker_id, Speaker(id=speaker_id))
            utterance_id = f"{conversation.id}/{message.index}"
            utterances.append(
                Utterance(
                    id=utterance_id,
                    speaker=speaker,
                    conversation_id=conversation.id,
                    reply_to=previous,
                    text=message.text,
                    meta={"parsed": trivial_parse(message.text)},
                )
            )
            previous = utterance_id
    return Corpus(utterances=utterances)


def convokit_run(conversations: Sequence[sincere.Conversation]) -> tuple[Callable[[], object], int]:
    """A ready-to-time call of ConvoKit's ``PolitenessStrategies.transform`` over the corpus
    (warmed up, corpus built beforehand: only the transform is timed), and its utterance count."""
    from convokit import PolitenessStrategies

    strategies = PolitenessStrategies(
        strategy_attribute_name="politeness_strategies",
        strategy_collection="politeness_local",
        verbose=0,
    )
    strategies.transform(build_convokit_corpus(conversations[:WARM_UP_CONVERSATIONS]), markers=True)
    corpus = build_convokit_corpus(conversations)
    return (lambda: strategies.transform(corpus, markers=True)), len(corpus.get_utterance_ids())


def convokit_figures(utterances: int, passes: list[float]) -> dict[str, Any]:
    from importlib.metadata import version

    best = min(passes)
    return {
        "tool": f"convokit {version('convokit')} PolitenessStrategies (politeness_local)",
        "input": "trivial parse: one sentence per utterance, whitespace tokens, "
        "tag NN, dep 'dep', up 0 (see trivial_parse)",
        "utterances": utterances,
        "passes_seconds": passes,
        "seconds": best,
        "utterances_per_second": utterances / best,
        "median_utterances_per_second": utterances / statistics.median(passes),
    }


# --- Output -------------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    return {
        "nproc": os.cpu_count(),
        "processor": platform.processor() or platform.machine(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def print_figures(figures: dict[str, Any]) -> None:
    """The human-readable figures block."""
    speed = figures["sincere"]
    status = "OK" if speed["meets_target"] else "BELOW TARGET"
    pinned = figures["pinned_cpu"]
    print("=" * 78)
    print(f"sincere {figures['sincere_version']} speed benchmark  (lang={LANG})")
    print("=" * 78)
    host = figures["machine"]
    print(
        f"machine: {host['nproc']} CPUs, {host['processor']}, Python {host['python']}; "
        f"pinned to CPU {pinned if pinned is not None else 'n/a (unsupported)'}"
    )
    passes = len(speed["passes_seconds"])
    print(
        f"Topical-Chat: {speed['conversations']} conversations, {speed['messages']} messages; "
        f"best of {passes} passes: {speed['seconds']:.2f} s"
    )
    print(
        f"  sincere: {speed['messages_per_second']:,.0f} messages/s "
        f"(median {speed['median_messages_per_second']:,.0f}; "
        f"target >= {speed['target_messages_per_second']:,}: {status})"
    )
    memory = figures["memory"]
    print(
        f"  peak RSS growth of the analysis: {memory['peak_rss_growth_mib']:.1f} MiB, cold "
        f"({memory['method']}; ru_maxrss growth: {memory['ru_maxrss_growth_mib']:.1f} MiB)"
    )
    if "warm_peak_rss_growth_mib" in memory:
        print(
            f"  the same over a second pass, language resources already loaded: "
            f"{memory['warm_peak_rss_growth_mib']:.1f} MiB"
        )
    peer = figures.get("convokit")
    if peer is not None:
        ratio = figures["ratio_sincere_over_convokit"]
        status = "OK" if ratio >= TARGET_PEER_RATIO else "BELOW TARGET"
        print(f"  {peer['tool']}:")
        print(
            f"    {peer['utterances_per_second']:,.0f} utterances/s "
            f"(median {peer['median_utterances_per_second']:,.0f}) over {peer['utterances']} "
            f"utterances, best pass {peer['seconds']:.2f} s (transform only)"
        )
        print(f"    fed a {peer['input']}")
        print(
            f"  ratio sincere/convokit: {ratio:.1f}x (target >= {TARGET_PEER_RATIO:.0f}x: {status})"
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--peers", action="store_true", help="also time ConvoKit (in .venv-peers)")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the figures as JSON")
    parser.add_argument(
        "--repeat", type=int, default=5, help="timed passes over the corpus; the best counts"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        print(json.dumps(child_memory()))
        return 0

    root = require_data(*DATA_PATHS)
    # Only look convokit up here: importing it would swell this process before the memory child.
    if args.peers and importlib.util.find_spec("convokit") is None:
        print("convokit is not installed in this environment: run `make bench-peers`.")
        return 1

    pinned = pin_to_one_cpu()
    memory = memory_in_fresh_process()  # first, while this process is still small
    conversations = load_topical_chat(root)
    analyse_all(conversations[:WARM_UP_CONVERSATIONS])
    runs: dict[str, Callable[[], object]] = {"sincere": lambda: analyse_all(conversations)}
    utterances = 0
    if args.peers:
        runs["convokit"], utterances = convokit_run(conversations)
    # Both corpora are built: freeze them out of the garbage collector's sight, so that neither
    # tool pays, in its collections, for the other's (or the loader's) objects.
    gc.collect()
    gc.freeze()
    passes = timed_passes(runs, args.repeat)
    figures: dict[str, Any] = {
        "sincere_version": sincere.__version__,
        "machine": machine(),
        "pinned_cpu": pinned,
        "clock": "process CPU time (time.process_time), passes of the tools alternating",
        "sincere": sincere_figures(conversations, passes["sincere"]),
        "memory": memory,
    }
    if args.peers:
        peer = convokit_figures(utterances, passes["convokit"])
        figures["convokit"] = peer
        figures["ratio_sincere_over_convokit"] = (
            figures["sincere"]["messages_per_second"] / peer["utterances_per_second"]
        )
    print_figures(figures)
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
        print(f"figures written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
