"""Fault safety: a killed import, a database from the previous release."""

from __future__ import annotations

import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from sincere.store import models
from sincere.store.database import HEAD, Store

DATA = Path(__file__).parents[1] / "data" / "store"
sys.path.insert(0, str(Path(__file__).parents[2] / "benchmarks"))

from _whatsapp import write_export  # noqa: E402


def _messages(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        return int(connection.execute("SELECT count(*) FROM messages").fetchone()[0])


def test_store_import_killed_midway_leaves_the_database_intact(tmp_path: Path) -> None:
    export = tmp_path / "WhatsApp Chat with Dev.txt"
    write_export(export, 60_000)
    db = tmp_path / "journal.db"
    command = [sys.executable, "-m", "sincere", "import", str(export), "--db", str(db), "-q"]
    # A first, small import so that the database exists with content before the kill.
    small = tmp_path / "WhatsApp Chat with Ana.txt"
    small.write_text("01/02/2026, 10:00 - Ana: Salut !\n01/02/2026, 10:01 - Bob: Hello\n")
    subprocess.run([*command[:4], str(small), *command[5:]], check=True, timeout=120)
    assert _messages(db) == 2

    process = subprocess.Popen(command)
    wal = db.with_name(db.name + "-wal")
    deadline = time.monotonic() + 120
    # Kill it while it writes: its transaction has reached the write-ahead log.
    while time.monotonic() < deadline and process.poll() is None:
        if wal.exists() and wal.stat().st_size > 2_000_000:
            break
        time.sleep(0.02)
    assert process.poll() is None, "the import finished before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)

    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert _messages(db) == 2  # nothing of the killed file
    subprocess.run(command, check=True, timeout=600)
    assert _messages(db) == 60_002
    again = subprocess.run(command[:-1], check=True, timeout=600, capture_output=True, text=True)
    assert "0 messages added (60,000 already there)" in again.stdout


def test_store_opens_a_database_made_by_the_previous_release(tmp_path: Path) -> None:
    """``journal-0001.db`` was written by sincere 0.1.0 (schema 0001) with a small journal;
    each later migration must upgrade it and keep its content."""
    path = tmp_path / "journal.db"
    shutil.copy(DATA / "journal-0001.db", path)
    store = Store(f"sqlite:///{path}")
    try:
        with store.session() as session:
            names = set(session.scalars(select(models.Person.name)))
            assert {"Paul", "Marc", "Karim"} <= names
            assert session.scalar(select(func.count()).select_from(models.Message)) == 9
            assert session.scalar(select(func.count()).select_from(models.Entry)) == 1
    finally:
        store.close()
    with sqlite3.connect(path) as connection:
        head = connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", "sincere.store:migrations")
    assert head == ScriptDirectory.from_config(config).get_current_head() == HEAD


@pytest.mark.parametrize("junk", [b"", b"\x00" * 10])
def test_store_empty_or_zeroed_file_is_refused_or_recreated(tmp_path: Path, junk: bytes) -> None:
    path = tmp_path / "journal.db"
    path.write_bytes(junk)
    if junk:
        from sincere.errors import StoreError

        with pytest.raises(StoreError):
            Store(f"sqlite:///{path}")
    else:
        Store(f"sqlite:///{path}").close()  # an empty file is a new database
