"""Progress bars on standard error for long reads and analyses (a CLI concern, not the core's).

Shown only for files over :data:`SHOW_FROM_BYTES`, conversations over :data:`SHOW_FROM_MESSAGES`
and imports of :data:`SHOW_FROM_FILES` files or more, only when standard error is a terminal,
and never with ``--quiet``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)

from sincere.model import Conversation, Message, MessageLog

#: Files smaller than this are read without a progress bar.
SHOW_FROM_BYTES = 4 << 20
#: Conversations shorter than this are analysed without a progress bar.
SHOW_FROM_MESSAGES = 50_000
#: Fewer files than this are imported without a progress bar over the files.
SHOW_FROM_FILES = 20


class Reporter(AbstractContextManager["Reporter"]):
    """Progress bars for reading files and analysing conversations."""

    def __init__(self, console: Console, *, enabled: bool) -> None:
        self.enabled = enabled and console.is_terminal
        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            DownloadColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=True,
        )
        self._messages = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=True,
        )
        self._tasks: dict[str, TaskID] = {}
        self._started = False

    def __enter__(self) -> Reporter:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._started:
            self._progress.stop()
            self._messages.stop()

    def reading(self, path: str, done: int, total: int) -> None:
        """The registry's ``on_read`` observer."""
        if not self.enabled or total < SHOW_FROM_BYTES:
            return
        task = self._tasks.get(path)
        if task is None:
            self._started = True
            self._progress.start()
            task = self._tasks[path] = self._progress.add_task(
                f"Reading {Path(path).name}", total=total
            )
        self._progress.update(task, completed=done)
        if done >= total:
            self._progress.stop()

    def files(self, total: int, verb: str = "Importing") -> TaskID | None:
        """A bar over many files (shown from :data:`SHOW_FROM_FILES` files); advance it with
        :meth:`advance`."""
        if not self.enabled or total < SHOW_FROM_FILES:
            return None
        self._started = True
        self._messages.start()
        return self._messages.add_task(f"{verb} {total:,} files", total=total)

    def advance(self, task: TaskID | None) -> None:
        if task is not None:
            self._messages.advance(task)

    def watch(self, conversation: Conversation) -> Conversation:
        """``conversation``, whose messages advance a bar as the analysis reads them."""
        count = len(conversation.messages)
        if not self.enabled or count < SHOW_FROM_MESSAGES:
            return conversation
        original = conversation.messages
        bar = self._messages

        def counted() -> Iterator[Message]:
            self._started = True
            bar.start()
            task = bar.add_task(f"Analysing {conversation.title}", total=count)
            try:
                for number, message in enumerate(original, 1):
                    if number % 4096 == 0:
                        bar.update(task, completed=number)
                    yield message
            finally:
                bar.remove_task(task)
                bar.stop()

        log = MessageLog(
            count, counted, started_at=conversation.started_at, ended_at=conversation.ended_at
        )
        return dataclasses.replace(conversation, messages=log)
