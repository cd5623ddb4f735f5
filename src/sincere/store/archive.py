"""``sincere export`` / ``sincere restore`` / ``sincere forget``: everything out, back in, or gone.

The export is one JSON document, ``{"schema": "sincere.export/1", "exported_at": …, "tables":
{table: [row, …]}}``, every row of every table with its id, in id order, dates and times in ISO
8601 (documented in ``docs/export.md``). Restoring it into an empty database gives the same
rows, ids included, so that exporting again gives the same document (but ``exported_at``).
Rows are written and read table by table, in batches, so memory stays bounded by the largest
batch, not the database.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import IO, Any

from sqlalchemy import Table, func, insert, select, text
from sqlalchemy.orm import Session

from sincere.errors import InputError, UsageError
from sincere.store.database import Store
from sincere.store.models import Base, Person

SCHEMA = "sincere.export/1"
#: Tables in an order that respects the foreign keys.
TABLES = (
    "people",
    "identities",
    "conversations",
    "messages",
    "entries",
    "interactions",
    "ledger",
    "settings",
    "card_links",
    "card_views",
)
_BATCH = 5000


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _rows(session: Session, table: Table) -> Iterator[dict[str, Any]]:
    """The rows of ``table`` in primary-key order, a batch at a time (keyset pagination)."""
    (key,) = table.primary_key.columns
    last = None
    while True:
        query = select(table).order_by(key).limit(_BATCH)
        if last is not None:
            query = query.where(key > last)
        batch = session.execute(query).mappings().all()
        if not batch:
            return
        for row in batch:
            yield {name: _plain(value) for name, value in row.items()}
        last = batch[-1][key.name]


def export(store: Store, stream: IO[str], *, now: datetime | None = None) -> dict[str, int]:
    """Write everything to ``stream`` as JSON; returns the number of rows per table."""
    moment = now or datetime.now(UTC).replace(microsecond=0)
    counts: dict[str, int] = {}
    with store.session() as session:
        head = {"schema": SCHEMA, "exported_at": moment.isoformat()}
        stream.write(json.dumps(head)[:-1] + ', "tables": {')
        for number, name in enumerate(TABLES):
            stream.write(("," if number else "") + f"\n  {json.dumps(name)}: [")
            count = 0
            for row in _rows(session, _table(name)):
                stream.write(
                    ("," if count else "") + "\n    " + json.dumps(row, ensure_ascii=False)
                )
                count += 1
            stream.write("\n  ]" if count else "]")
            counts[name] = count
        stream.write("\n}}\n")
    return counts


def _parse_value(column_type: Any, value: Any) -> Any:
    if value is None:
        return None
    try:
        python = column_type.python_type
    except NotImplementedError:
        python = None
    if python is datetime:
        return datetime.fromisoformat(value)
    if python is date:
        return date.fromisoformat(value)
    return value


def restore(store: Store, stream: IO[str], *, path: str) -> dict[str, int]:
    """Read an export into an empty database; returns the number of rows per table."""
    try:
        document = json.load(stream)
    except json.JSONDecodeError as error:
        raise InputError(
            f"not a sincere export: {error.msg}", path=path, line=error.lineno
        ) from None
    except UnicodeDecodeError:
        raise InputError("not a sincere export (not UTF-8 text)", path=path) from None
    if not isinstance(document, dict) or document.get("schema") != SCHEMA:
        raise InputError(
            f"not a sincere export (expected schema {SCHEMA!r})",
            path=path,
            hint="give a file written by 'sincere export --json FILE'",
        )
    tables = document.get("tables")
    if not isinstance(tables, dict):
        raise InputError("not a sincere export: no 'tables'", path=path)
    counts: dict[str, int] = {}
    with store.session() as session:
        if session.scalar(select(func.count()).select_from(Person)):
            raise UsageError(
                "the database is not empty; restore reads an export into an empty one",
                hint="choose a new file with --db",
            )
        for name in TABLES:
            table = _table(name)
            rows = tables.get(name, [])
            if not isinstance(rows, list):
                raise InputError(f"not a sincere export: '{name}' is not a list", path=path)
            columns = {column.name: column.type for column in table.columns}
            parsed: list[dict[str, Any]] = []
            for row in rows:
                if not isinstance(row, dict) or set(row) - set(columns):
                    raise InputError(
                        f"not a sincere export: a '{name}' row has unknown fields", path=path
                    )
                try:
                    parsed.append({k: _parse_value(columns[k], v) for k, v in row.items()})
                except (TypeError, ValueError) as error:
                    raise InputError(
                        f"not a sincere export: bad value in '{name}' ({error})", path=path
                    ) from None
                if len(parsed) >= _BATCH:
                    session.execute(insert(table), parsed)
                    parsed = []
            if parsed:
                session.execute(insert(table), parsed)
            counts[name] = len(rows)
        if store.engine.dialect.name == "postgresql":
            # Inserting explicit ids leaves the sequences behind: move them past the rows.
            for name in TABLES:
                if "id" not in _table(name).columns:
                    continue
                session.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                        f"COALESCE((SELECT MAX(id) FROM {name}), 0) + 1, false)"
                    )
                )
    return counts


def forget(session: Session, person: Person) -> int:
    """Delete a person and, through the foreign keys, their messages, identities, entries,
    interactions and ledger items; returns how many messages went with them."""
    messages = Base.metadata.tables["messages"]
    conversations = Base.metadata.tables["conversations"]
    touched = select(messages.c.conversation_id).where(messages.c.person_id == person.id)
    affected = list(session.scalars(touched.distinct()))
    count = session.scalar(
        select(func.count()).select_from(messages).where(messages.c.person_id == person.id)
    )
    session.delete(person)
    session.flush()
    for conversation_id in affected:
        left = select(func.count()).where(messages.c.conversation_id == conversation_id)
        session.execute(
            conversations.update()
            .where(conversations.c.id == conversation_id)
            .values(message_count=left.scalar_subquery())
        )
    return int(count or 0)
