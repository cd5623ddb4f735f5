"""Import benchmark: how fast and in how little memory sincere reads a WhatsApp export.

- Speed: one generated export of ``--messages`` messages (1,000,000 by default; see
  ``benchmarks/_whatsapp.py``) is read by sincere (``sincere.load`` and a walk over every message,
  so that every :class:`~sincere.model.Message` is built) and, in the same run, by whatstk
  (``WhatsAppChat.from_source``, once detecting the header format itself as sincere does, once
  told the format) and chat-miner (``WhatsAppParser.parse_file``). Each is timed in CPU time of the
  process, ``--repeat`` times, the tools' passes alternating; the best pass is the figure. The
  message counts are printed beside the times, and must be equal. The peers are installed only in
  ``.venv-peers`` (``make bench-peers``); without them only sincere is timed. Target: sincere at
  least 3 times as fast as the faster of the two.
- Phases: with ``--phases``, where sincere's time goes on the same export, in microseconds per
  message (best of ``--repeat``): decoding only; decoding and cutting at the headers (the regex
  work of one pass); the first pass of a streamed file (``load``); the second pass, which builds
  the messages; and, for scale, creating one :class:`~sincere.model.Message` per message with
  nothing else. These are the figures behind the "where the time goes" section of BENCHMARKS.md.
- Memory: with ``--memory-mb N`` a second export of about N MB is generated and read in a fresh
  process (``--child``), which reports its peak RSS (``ru_maxrss``). Target: under 300 MB for a
  1 GB export (``--memory-mb 1024``).

Usage::

    python benchmarks/import_speed.py [--messages N] [--repeat N] [--phases] [--memory-mb N]
                                      [--json PATH]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from itertools import repeat as repeated
from pathlib import Path
from typing import Any

import sincere
from _whatsapp import write_export
from sincere.importers import whatsapp
from sincere.model import make_message

TARGET_RATIO = 3.0
TARGET_PEAK_RSS_MB = 300


def read_with_sincere(path: Path) -> int:
    (conversation,) = sincere.load(path)
    return sum(1 for _ in conversation.messages)


def peers(path: Path) -> dict[str, Callable[[], int]]:
    """The peer parsers that are installed, as ``name -> run`` (each returns its message count)."""
    found: dict[str, Callable[[], int]] = {}
    try:
        from whatstk import WhatsAppChat
    except ImportError:
        pass
    else:

        def whatstk_auto() -> int:
            return len(WhatsAppChat.from_source(filepath=str(path), max_size=None).df)

        def whatstk_told() -> int:
            chat = WhatsAppChat.from_source(
                filepath=str(path), hformat="%d/%m/%Y, %H:%M - %name:", max_size=None
            )
            return len(chat.df)

        found["whatstk (detects the format)"] = whatstk_auto
        found["whatstk (told the format)"] = whatstk_told
    try:
        from chatminer.chatparsers import WhatsAppParser
    except ImportError:
        pass
    else:

        def chat_miner() -> int:
            parser = WhatsAppParser(str(path))
            with contextlib.redirect_stderr(io.StringIO()):  # its tqdm bar
                parser.parse_file()
            return len(parser.parsed_messages.get_df())

        found["chat-miner"] = chat_miner
    return found


def timed(run: Callable[[], int]) -> tuple[float, int]:
    started = time.process_time()
    count = run()
    return time.process_time() - started, count


def speed(path: Path, repeat: int) -> dict[str, Any]:
    runs: dict[str, Callable[[], int]] = {"sincere": lambda: read_with_sincere(path)}
    runs.update(peers(path))
    passes: dict[str, list[float]] = {name: [] for name in runs}
    counts: dict[str, int] = {}
    for _ in range(repeat):
        for name, run in runs.items():
            seconds, count = timed(run)
            passes[name].append(seconds)
            counts[name] = count
    figures = {
        name: {"best_seconds": min(times), "passes": times, "messages": counts[name]}
        for name, times in passes.items()
    }
    peer_times = {name: min(times) for name, times in passes.items() if name != "sincere"}
    result: dict[str, Any] = {"tools": figures}
    if peer_times:
        fastest = min(peer_times, key=peer_times.__getitem__)
        ratio = peer_times[fastest] / figures["sincere"]["best_seconds"]
        result.update(
            fastest_peer=fastest,
            ratio_to_fastest_peer=ratio,
            same_message_count=len(set(counts.values())) == 1,
            meets_target=ratio >= TARGET_RATIO,
        )
    return result


def phases(path: Path, repeat: int) -> dict[str, float]:
    """Microseconds per message of each step of sincere's read (see the module's docstring).

    The steps call the WhatsApp reader's own passes, so that the walk is the streamed one
    whatever the export's size."""
    reader = whatsapp._Reader(str(path), "utf-8")

    def decode() -> int:
        with open(path, "rb") as stream:
            return sum(1 for _ in reader.blocks(stream))

    def pieces() -> Iterator[whatsapp._Block]:
        """The export decoded and cut at its headers, as each pass reads it."""
        with open(path, "rb") as stream:
            yield from reader.split(reader.blocks(stream))

    def cut() -> int:
        return sum(len(part.parts) for part in pieces())

    def first_pass() -> whatsapp._Scan:
        return reader.scan(pieces())

    scan = first_pass()
    orders = whatsapp._decide_orders(scan)

    def walk() -> int:
        return sum(1 for _ in reader.messages(pieces(), orders))

    def objects() -> int:
        count = scan.count
        texts = [repeated("text", count) for _ in range(5)]
        return sum(1 for _ in map(make_message, range(count), *texts))

    steps: dict[str, Callable[[], int]] = {
        "decode": decode,
        "decode and cut at the headers": cut,
        "first pass (decode, cut, scan)": lambda: first_pass().count,
        "second pass (decode, cut, build)": walk,
        "creating the Message objects alone": objects,
    }
    return {
        name: min(timed(step)[0] for _ in range(repeat)) / scan.count * 1e6
        for name, step in steps.items()
    }


def child(path: str) -> None:
    """Read one export, then print the process's peak RSS (MB) and the message count."""
    count = read_with_sincere(Path(path))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    peak_mb = peak / (1 << 20) if sys.platform == "darwin" else peak / 1024
    print(json.dumps({"peak_rss_mb": peak_mb, "messages": count}))


def memory(folder: Path, megabytes: int) -> dict[str, Any]:
    path = folder / "memory.txt"
    messages = megabytes * 1_000_000 // 92  # about 92 bytes per generated message
    size = write_export(path, messages, seed=11)
    started = time.monotonic()
    output = subprocess.run(
        [sys.executable, __file__, "--child", str(path)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    figures: dict[str, Any] = json.loads(output)
    figures.update(
        file_mb=size / 1e6,
        wall_seconds=time.monotonic() - started,
        meets_target=figures["peak_rss_mb"] < TARGET_PEAK_RSS_MB,
    )
    path.unlink()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--memory-mb", type=int, default=0)
    parser.add_argument(
        "--phases", action="store_true", help="also time each step of sincere's read"
    )
    parser.add_argument("--json", type=Path)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        child(options.child)
        return
    report: dict[str, Any] = {
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
        "sincere": sincere.__version__,
    }
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.txt"
        size = write_export(path, options.messages, with_notice=False)
        report["export"] = {"messages": options.messages, "mb": size / 1e6}
        print(f"Export: {options.messages:,} messages, {size / 1e6:.1f} MB (generated)")
        report["speed"] = speed(path, options.repeat)
        for name, figures in report["speed"]["tools"].items():
            print(
                f"  {name:<32} {figures['best_seconds']:7.2f} s  "
                f"({figures['messages']:,} messages; passes: "
                + ", ".join(f"{t:.2f}" for t in figures["passes"])
                + ")"
            )
        if "ratio_to_fastest_peer" in report["speed"]:
            result = report["speed"]
            print(
                f"sincere is {result['ratio_to_fastest_peer']:.2f}x as fast as the fastest peer, "
                f"{result['fastest_peer']} (target {TARGET_RATIO:.0f}x: "
                f"{'met' if result['meets_target'] else 'NOT met'}; same message count: "
                f"{result['same_message_count']})"
            )
        if options.phases:
            report["phases_us_per_message"] = steps = phases(path, options.repeat)
            print("Where sincere's time goes (microseconds per message, best of the passes):")
            for name, micros in steps.items():
                print(f"  {name:<42} {micros:5.2f}")
        if options.memory_mb:
            figures = memory(Path(folder), options.memory_mb)
            report["memory"] = figures
            print(
                f"Memory: {figures['file_mb']:.0f} MB export, {figures['messages']:,} messages "
                f"read with a peak RSS of {figures['peak_rss_mb']:.0f} MB (target < "
                f"{TARGET_PEAK_RSS_MB} MB: {'met' if figures['meets_target'] else 'NOT met'}; "
                f"{figures['wall_seconds']:.0f} s)"
            )
    if options.json:
        options.json.parent.mkdir(parents=True, exist_ok=True)
        options.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
