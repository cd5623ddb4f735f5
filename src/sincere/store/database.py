"""Opening the database: where it is, how it is set up, and its migrations.

Where: ``--db PATH`` (a file) or ``--db URL``, else ``$SINCERE_DATABASE_URL``, else
``sincere.db`` in the platform's data directory (platformdirs: ``~/.local/share/sincere`` on
Linux). A URL may name PostgreSQL: ``postgresql+psycopg://user@host/dbname``.

A SQLite file is created on first use with mode 0600 (only its owner may read it) in a directory
of mode 0700, and used in WAL mode with foreign keys on and ``secure_delete`` (what is deleted is
overwritten, not left in free pages). Every opening brings the schema to the latest migration;
a file that is not a sincere database, or one made by a newer sincere, is refused with one clear
error.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import platformdirs
from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from sincere.errors import StoreError

ENV_URL = "SINCERE_DATABASE_URL"
#: The newest migration (``migrations/versions``; a test checks they agree). A database at this
#: revision is opened without loading Alembic, which keeps commands quick to start.
HEAD = "0002"
SQLITE_MAGIC = b"SQLite format 3\x00"


def default_path() -> Path:
    return platformdirs.user_data_path("sincere", appauthor=False) / "sincere.db"


def resolve_url(db: str | os.PathLike[str] | None = None) -> str:
    """The database URL for ``--db`` (a path or a URL), else the environment, else the default."""
    chosen = os.fspath(db) if db is not None else os.environ.get(ENV_URL) or None
    if chosen is None:
        return f"sqlite:///{default_path()}"
    if "://" in chosen:
        return chosen
    return f"sqlite:///{Path(chosen).expanduser().absolute()}"


def describe(url: str) -> str:
    """The URL without its password, to show in messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def _prepare_sqlite_file(path: Path) -> None:
    """Create the file (mode 0600) in a private directory, or check an existing one is SQLite."""
    if path.exists():
        if not path.is_file():
            raise StoreError(f"{path}: not a database file (a directory?)")
        with open(path, "rb") as stream:
            head = stream.read(len(SQLITE_MAGIC))
        if head and head != SQLITE_MAGIC:
            raise StoreError(
                f"{path}: not a SQLite database (corrupt, or another kind of file)",
                hint="choose another file with --db, or move this one away",
            )
        return
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass
    except OSError as error:
        raise StoreError(f"{path}: cannot create the database ({error.strerror})") from None


def _on_sqlite_connect(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.execute("PRAGMA secure_delete = ON")
    cursor.execute("PRAGMA busy_timeout = 10000")
    cursor.close()


def _alembic_config(connection: Any) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "sincere.store:migrations")
    config.attributes["connection"] = connection
    return config


def create(url: str) -> Engine:
    """An engine for ``url``, the database created if it is a new SQLite file, and migrated."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(
            f"not a database URL: {url!r}",
            hint="give a file path, or a URL such as postgresql+psycopg://user@host/sincere",
        ) from None
    sqlite = parsed.get_backend_name() == "sqlite"
    if sqlite and parsed.database and parsed.database != ":memory:":
        _prepare_sqlite_file(Path(parsed.database))
    try:
        engine = create_engine(url, pool_pre_ping=not sqlite)
    except (NoSuchModuleError, ImportError) as error:
        raise StoreError(
            f"cannot use {describe(url)}: {error}",
            hint="for PostgreSQL: pip install 'sincere[postgres]'",
        ) from None
    if sqlite:
        event.listen(engine, "connect", _on_sqlite_connect)
    migrate(engine)
    return engine


def _current_revision(engine: Engine) -> str | None:
    """The schema's revision, read directly (``None`` for a database without one)."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def migrate(engine: Engine) -> None:
    """Bring the schema to the latest migration; refuse foreign or newer databases."""
    where = describe(str(engine.url))
    try:
        if _current_revision(engine) == HEAD:
            return
        from alembic import command
        from alembic.runtime.migration import MigrationContext
        from alembic.script import ScriptDirectory

        with engine.begin() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
            script = ScriptDirectory.from_config(_alembic_config(connection))
            if current is None:
                tables = set(inspect(connection).get_table_names())
                if tables:
                    shown = ", ".join(sorted(tables)[:5])
                    raise StoreError(
                        f"{where}: not a sincere database (it holds other tables: {shown})",
                        hint="choose another database with --db",
                    )
            elif current not in {rev.revision for rev in script.walk_revisions()}:
                raise StoreError(
                    f"{where}: made by a newer sincere (schema {current})",
                    hint="upgrade sincere to read it",
                )
            command.upgrade(_alembic_config(connection), "head")
    except StoreError:
        raise
    except DBAPIError as error:
        reason = str(error.orig).splitlines()[0] if error.orig else str(error)
        raise StoreError(f"{where}: cannot use this database ({reason})") from None
    except SQLAlchemyError as error:
        raise StoreError(f"{where}: cannot use this database ({error})") from None


class Store:
    """An open database: sessions and the URL it came from."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = create(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session whose work is one transaction: committed at the end, rolled back on error;
        database failures become :class:`StoreError`."""
        session = self._sessions()
        try:
            with session.begin():
                yield session
        except DBAPIError as error:
            reason = str(error.orig).splitlines()[0] if error.orig else str(error)
            raise StoreError(f"{describe(self.url)}: {reason}") from None
        finally:
            session.close()

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def open_store(db: str | os.PathLike[str] | None = None) -> Store:
    """The database named by ``db`` (path or URL), the environment, or the default file."""
    return Store(resolve_url(db))
