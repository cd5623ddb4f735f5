"""A private PostgreSQL server for the store's tests and benchmarks.

``initdb`` and ``pg_ctl`` come from Debian's ``postgresql`` package (which ``.ci/run`` installs).
The server listens only on a Unix socket in a temporary directory; as root, it runs as the
``postgres`` user.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text

PORT = 55432


def binaries() -> Path | None:
    """The folder of ``initdb`` and ``pg_ctl``, the newest installed, if any."""
    for folder in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        installed = (folder / "initdb").exists() and (folder / "pg_ctl").exists()
        if installed and (os.geteuid() != 0 or shutil.which("runuser")):
            return folder
    return None


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


@contextmanager
def server(port: int = PORT) -> Iterator[str]:
    """Start a server for the duration of the block; yields its URL (database ``postgres``)."""
    found = binaries()
    if found is None:
        raise RuntimeError("PostgreSQL's initdb/pg_ctl are not installed")
    folder = Path(tempfile.mkdtemp(prefix="sincere-pg-"))
    data = folder / "data"
    if os.geteuid() == 0:
        shutil.chown(folder, user="postgres")

    def run(*args: str) -> None:
        subprocess.run(
            _as_server_user([str(found / args[0]), *args[1:]]),
            check=True,
            capture_output=True,
            text=True,
        )

    run("initdb", "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync")
    options = f"-p {port} -k {folder} -c listen_addresses='' -c fsync=off"
    run("pg_ctl", "-D", str(data), "-o", options, "-w", "start", "-l", str(folder / "log"))
    try:
        yield f"postgresql+psycopg://postgres@/postgres?host={folder}&port={port}"
    finally:
        subprocess.run(
            _as_server_user([str(found / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(folder, ignore_errors=True)


def new_database(url: str, name: str) -> str:
    """A new, empty database ``name`` on the server at ``url``; returns its URL."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return url.replace("/postgres?", f"/{name}?", 1)
