"""Imports from the browser: uploaded exports stored in the journal by a background thread.

The Import page's form sends files (exports, zip archives). They are saved in a private
temporary folder (mode 0700, each file 0600), then a thread imports them one after the other,
as ``sincere import`` does: each file through the importers (:func:`~sincere.importers.registry
.plan` and :func:`~sincere.importers.registry.load_all`) and stored by
:func:`~sincere.store.imports.import_loaded` in one transaction of its own. The folder is
deleted as soon as the thread is done, whatever happened.

A :class:`Job` is what the page polls: each file with its state (``waiting``, ``reading``,
``storing``, then ``added``, ``skipped`` or ``failed``) and, at the end, what was added (the
words of ``sincere import``) or the one-line error that stopped it, both kept as the core's
:class:`~sincere.phrase.Phrase` so that the page says them in its reader's language (the thread
has no language of its own). Jobs are kept in memory (the latest :data:`KEEP`), never in the
journal. One import runs at a time: a second one waits. When the app stops, it gives the
running imports a few seconds, then deletes what is left.
"""

from __future__ import annotations

import logging
import os
import secrets
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from sincere.errors import NotFoundError, SincereError
from sincere.importers.registry import load_all, plan, renamed
from sincere.phrase import phrase, replaced
from sincere.store.database import Store
from sincere.store.imports import import_loaded, summary

#: Finished jobs kept for the page to show (the oldest are forgotten first).
KEEP = 20
#: The longest file name kept, in bytes (file systems allow 255).
NAME_BYTES = 200

log = logging.getLogger(__name__)


@dataclass
class FileState:
    """One uploaded file of a job."""

    name: str
    bytes: int
    status: str = "waiting"
    format: str | None = None
    said: str | None = None
    error: str | None = None
    read: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "bytes": self.bytes,
            "status": self.status,
            "format": self.format,
            "said": self.said,
            "error": self.error,
            "read": self.read,
        }


@dataclass
class Job:
    """One upload's import, as the page shows it."""

    id: str
    created_at: datetime
    me: tuple[str, ...]
    files: list[FileState]
    directory: Path
    state: str = "waiting"
    finished_at: datetime | None = None
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def as_dict(self) -> dict[str, Any]:
        """The job's state, as its page and its JSON twin show it."""
        with self.lock:
            files = [item.as_dict() for item in self.files]
            state, finished_at = self.state, self.finished_at
        done = sum(item["status"] in ("added", "skipped", "failed") for item in files)
        return {
            "id": self.id,
            "state": state,
            "created_at": self.created_at,
            "finished_at": finished_at,
            "total": len(files),
            "done": done,
            "added": sum(item["status"] == "added" for item in files),
            "skipped": sum(item["status"] == "skipped" for item in files),
            "failed": sum(item["status"] == "failed" for item in files),
            "files": files,
        }

    def update(self, index: int, **changes: Any) -> None:
        with self.lock:
            for key, value in changes.items():
                setattr(self.files[index], key, value)


def safe_name(name: str) -> str:
    """A file name that stays inside its folder: no path, no dot-only name, at most
    :data:`NAME_BYTES` bytes (the extension kept, which the importers may read)."""
    base = name.replace("\\", "/").split("/")[-1].replace("\0", "").strip()
    if not base.strip("."):
        base = "upload"
    encoded = base.encode("utf-8")
    if len(encoded) <= NAME_BYTES:
        return base
    stem, dot, suffix = base.rpartition(".")
    if not dot or len(suffix.encode("utf-8")) > 16:
        stem, suffix = base, ""
    room = NAME_BYTES - len(suffix.encode("utf-8")) - (1 if suffix else 0)
    short = stem.encode("utf-8")[:room].decode("utf-8", errors="ignore")
    return f"{short}.{suffix}" if suffix else short


def private_directory() -> Path:
    """A new temporary folder only the owner's account can read (mode 0700)."""
    return Path(tempfile.mkdtemp(prefix="sincere-import-"))


def save(directory: Path, index: int, name: str, source: IO[bytes]) -> Path:
    """Copy an upload into ``directory`` under its own name (in a folder of its own, so that two
    files may have the same name), readable by the owner only."""
    folder = directory / str(index)
    folder.mkdir(mode=0o700)
    target = folder / safe_name(name)
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as stream:
        shutil.copyfileobj(source, stream, 1 << 20)
    return target


class Jobs:
    """The app's imports: started in threads, kept in memory for their pages."""

    def __init__(
        self,
        store: Store,
        clock: Callable[[], datetime],
        keep: int = KEEP,
        stop_timeout: float = 10.0,
    ) -> None:
        self.store = store
        self.clock = clock
        self.keep = keep
        #: How long :meth:`close` waits for the running imports.
        self.stop_timeout = stop_timeout
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        #: One import at a time: each file is one write transaction.
        self._running = threading.Lock()
        self._threads: list[threading.Thread] = []

    def new(self, me: Sequence[str]) -> Job:
        """A job with its private folder, for the files :func:`save` puts there."""
        job = Job(
            id=secrets.token_urlsafe(16),
            created_at=self.clock(),
            me=tuple(me),
            files=[],
            directory=private_directory(),
        )
        return job

    def start(self, job: Job, saved: Sequence[tuple[str, int, Path]]) -> Job:
        """Import the saved files (``(name, size, path)``) of ``job`` in a background thread."""
        job.files = [FileState(name, size) for name, size, _ in saved]
        with self._lock:
            self._jobs[job.id] = job
            self._forget_old()
        thread = threading.Thread(
            target=self._run, args=(job, [path for _, _, path in saved]), daemon=True
        )
        with self._lock:
            self._threads = [alive for alive in self._threads if alive.is_alive()]
            self._threads.append(thread)
        thread.start()
        return job

    def discard(self, job: Job) -> None:
        """Delete the folder of a job that will not start."""
        shutil.rmtree(job.directory, ignore_errors=True)

    def get(self, job_id: str) -> Job:
        with self._lock:
            job = self._jobs.get(job_id)
        if job is None:
            raise NotFoundError(
                phrase("no such import (imports are forgotten when the app restarts)"),
                hint=phrase("see /import"),
            )
        return job

    def latest(self, count: int = 5) -> list[Job]:
        with self._lock:
            jobs = list(self._jobs.values())
        return sorted(jobs, key=lambda job: job.created_at, reverse=True)[:count]

    def wait(self, timeout: float = 30.0) -> None:
        """Wait for the running imports to end (for tests and for shutting down)."""
        with self._lock:
            threads = list(self._threads)
        for thread in threads:
            thread.join(timeout)

    def close(self, timeout: float | None = None) -> None:
        """When the app stops: give the running imports ``timeout`` seconds (by default
        :attr:`stop_timeout`) to end, then delete the folders of those that did not (their files
        are not left behind)."""
        deadline = time.monotonic() + (self.stop_timeout if timeout is None else timeout)
        with self._lock:
            threads = list(self._threads)
            jobs = list(self._jobs.values())
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        for job in jobs:
            shutil.rmtree(job.directory, ignore_errors=True)

    def _forget_old(self) -> None:
        finished = [job for job in self._jobs.values() if job.state == "done"]
        finished.sort(key=lambda job: job.created_at)
        for job in finished[: max(0, len(self._jobs) - self.keep)]:
            del self._jobs[job.id]

    def _run(self, job: Job, paths: list[Path]) -> None:
        try:
            with self._running:
                with job.lock:
                    job.state = "running"
                for index, path in enumerate(paths):
                    self._one(job, index, path)
                    path.unlink(missing_ok=True)
        finally:
            shutil.rmtree(job.directory, ignore_errors=True)
            with job.lock:
                job.state = "done"
                job.finished_at = self.clock()

    def _one(self, job: Job, index: int, path: Path) -> None:
        prefix = str(path.parent) + os.sep

        def shown(text: str) -> str:
            # The temporary folder is nobody's business: the file goes by its own name.
            return replaced(text, lambda words: words.replace(prefix, ""))

        def reading(_path: str, done: int, _total: int) -> None:
            job.update(index, read=done)

        job.update(index, status="reading")
        try:
            for loaded in load_all(plan([str(path)]), on_read=reading):
                if loaded.skipped:
                    job.update(index, status="skipped", error=shown(loaded.skipped))
                    continue
                if not loaded.conversations and not loaded.contacts:
                    job.update(
                        index,
                        status="skipped",
                        format=loaded.format,
                        error=phrase("no conversation or contact in it"),
                    )
                    continue
                job.update(index, status="storing", format=loaded.format)
                report = import_loaded(
                    self.store, renamed(loaded, prefix), me=job.me or None, now=self.clock()
                )
                job.update(index, status="added", said=summary(report))
        except SincereError as error:
            job.update(index, status="failed", error=shown(str(error)))
        except Exception:
            log.exception("importing an upload failed")
            job.update(
                index, status="failed", error=phrase("internal error: this is a bug in sincere")
            )
