"""Fixtures for the store tests: every test runs on SQLite and on a real PostgreSQL server.

The PostgreSQL server is ``$SINCERE_TEST_POSTGRES_URL`` when set; otherwise the tests start a
private one for the session (``benchmarks/_postgres.py``: Debian's ``initdb`` and ``pg_ctl``,
which ``.ci/run`` installs, a Unix socket in a temporary directory) and stop it at the end.
Without PostgreSQL, its variant of each test is skipped (``SINCERE_REQUIRE_POSTGRES=1``, set in
CI, makes that an error).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from itertools import count
from pathlib import Path

import pytest

from sincere.store.database import Store

sys.path.insert(0, str(Path(__file__).parents[2] / "benchmarks"))

import _postgres

ENV_URL = "SINCERE_TEST_POSTGRES_URL"
ENV_REQUIRE = "SINCERE_REQUIRE_POSTGRES"
_NUMBERS = count()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str | None]:
    """A PostgreSQL URL for the session, or ``None`` when there is no server to use."""
    url = os.environ.get(ENV_URL)
    if url:
        yield url
        return
    if _postgres.binaries() is None:
        if os.environ.get(ENV_REQUIRE):
            pytest.fail("PostgreSQL is required here but initdb/pg_ctl are not installed")
        yield None
        return
    with _postgres.server() as started:
        yield started


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path, postgres_server: str | None) -> str:
    """A database URL for one test: a new SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'journal.db'}"
    if postgres_server is None:
        pytest.skip("no PostgreSQL server here (install Debian's postgresql package)")
    return _postgres.new_database(postgres_server, f"sincere_test_{os.getpid()}_{next(_NUMBERS)}")


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    opened = Store(db_url)
    try:
        yield opened
    finally:
        opened.close()
