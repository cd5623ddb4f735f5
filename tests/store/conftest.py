"""Fixtures for the store tests: every test runs on SQLite and on a real PostgreSQL server.

The PostgreSQL server is ``$SINCERE_TEST_POSTGRES_URL`` when set; otherwise the tests start a
private one for the session (``initdb`` and ``pg_ctl`` from Debian's ``postgresql`` package,
which ``.ci/run`` installs), listening only on a Unix socket in a temporary directory, and stop
it at the end. As root (CI), the server runs as the ``postgres`` user. Without PostgreSQL, its
variant of each test is skipped (``SINCERE_REQUIRE_POSTGRES=1``, set in CI, makes that an error).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from sincere.store.database import Store

ENV_URL = "SINCERE_TEST_POSTGRES_URL"
ENV_REQUIRE = "SINCERE_REQUIRE_POSTGRES"
PORT = 55432


def _postgres_bin() -> Path | None:
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    for folder in candidates:
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    return None


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str | None]:
    """A PostgreSQL URL for the session, or ``None`` when there is no server to use."""
    url = os.environ.get(ENV_URL)
    if url:
        yield url
        return
    binaries = _postgres_bin()
    if binaries is None or (os.geteuid() == 0 and shutil.which("runuser") is None):
        if os.environ.get(ENV_REQUIRE):
            pytest.fail("PostgreSQL is required here but initdb/pg_ctl are not installed")
        yield None
        return
    folder = Path(tempfile.mkdtemp(prefix="sincere-pg-"))
    data = folder / "data"
    if os.geteuid() == 0:
        shutil.chown(folder, user="postgres")

    def run(*args: str) -> None:
        subprocess.run(
            _as_server_user([str(binaries / args[0]), *args[1:]]),
            check=True,
            capture_output=True,
            text=True,
        )

    run("initdb", "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync")
    options = f"-p {PORT} -k {folder} -c listen_addresses='' -c fsync=off"
    run("pg_ctl", "-D", str(data), "-o", options, "-w", "start", "-l", str(folder / "log"))
    try:
        yield f"postgresql+psycopg://postgres@/postgres?host={folder}&port={PORT}"
    finally:
        subprocess.run(
            _as_server_user([str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(folder, ignore_errors=True)


def _fresh_postgres(url: str) -> str:
    """A new, empty database on the server, for one test."""
    name = f"sincere_test_{os.getpid()}_{_fresh_postgres.count}"
    _fresh_postgres.count += 1
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return url.replace("/postgres?", f"/{name}?", 1)


_fresh_postgres.count = 0  # type: ignore[attr-defined]


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path, postgres_server: str | None) -> str:
    """A database URL for one test: a new SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'journal.db'}"
    if postgres_server is None:
        pytest.skip("no PostgreSQL server here (install Debian's postgresql package)")
    return _fresh_postgres(postgres_server)


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    opened = Store(db_url)
    try:
        yield opened
    finally:
        opened.close()
