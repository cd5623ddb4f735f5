"""The journal's commands: import, people, person, log, remind, ledger, export, restore, forget.

Each opens the database (``--db PATH`` or URL, else ``$SINCERE_DATABASE_URL``, else the default
file), calls :mod:`sincere.store` and prints what it returns.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from sincere._progress import Reporter
from sincere.cli._app import app, reporting_errors, stderr
from sincere.cli.analyze import configured_me
from sincere.errors import UsageError
from sincere.journal.events import ENTRY_KINDS

if TYPE_CHECKING:
    from sincere.store.journal import Listed
    from sincere.store.models import Person

# The store (SQLAlchemy) is imported inside the commands that use it, so that the commands that
# do not ('analyze', 'formats', 'config') start quickly.

Db = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="The database: a file path or a URL (default: $SINCERE_DATABASE_URL, else "
        "sincere.db in your data directory).",
        show_default=False,
    ),
]
Json = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def _day(value: datetime | date | None) -> str:
    return value.strftime("%Y-%m-%d") if value else "—"


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


@app.command("import")
def import_command(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Export files, directories (every supported file inside) or - for standard input.",
            show_default=False,
        ),
    ],
    db: Db = None,
    me: Annotated[
        list[str] | None,
        typer.Option(
            "--me", help="Your name in the conversations (repeat for aliases).", show_default=False
        ),
    ] = None,
    input_format: Annotated[
        str | None,
        typer.Option(
            "--from",
            help="Read the input as this format instead of detecting it.",
            show_default=False,
        ),
    ] = None,
    encoding: Annotated[str, typer.Option("--encoding", help="Text encoding of the input.")] = (
        "utf-8"
    ),
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")] = False,
) -> None:
    """Store conversations and their analysis in the journal (each file all or nothing)."""
    with reporting_errors():
        from sincere.importers.registry import load_all, plan
        from sincere.store.database import open_store
        from sincere.store.imports import import_loaded, summary

        aliases = me if me else configured_me()
        notes = stderr()
        inputs = plan(paths)
        with open_store(db) as store, Reporter(notes, enabled=not quiet) as progress:
            bar = progress.files(len(inputs))
            for loaded in load_all(
                inputs, format=input_format, encoding=encoding, on_read=progress.reading
            ):
                progress.advance(bar)
                if loaded.skipped:
                    notes.print(f"Skipped {loaded.path}: {loaded.skipped}", markup=False)
                    continue
                report = import_loaded(store, loaded, me=aliases)
                if not quiet:
                    typer.echo(f"Imported {loaded.path} as {loaded.format}: {summary(report)}")


people_app = typer.Typer(
    help="List the people in your journal; merge or split them.", invoke_without_command=True
)
app.add_typer(people_app, name="people")


@people_app.callback()
def people_command(
    context: typer.Context,
    db: Db = None,
    sort: Annotated[
        str, typer.Option("--sort", help="trust, name, recent, asks or gives.")
    ] = "trust",
    flagged: Annotated[bool, typer.Option("--flagged", help="Only the flagged people.")] = False,
    since: Annotated[
        str | None,
        typer.Option(
            "--since", help="Only people seen since this date (YYYY-MM-DD).", show_default=False
        ),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", help="At most this many rows.")] = 50,
    show_all: Annotated[bool, typer.Option("--all", help="Everyone, however many.")] = False,
    as_json: Json = False,
) -> None:
    """People with their trust, last genuine interaction, asks and gives, and state."""
    if context.invoked_subcommand is not None:
        return
    with reporting_errors():
        from sincere.store import identities
        from sincere.store import journal as journal_store
        from sincere.store.database import open_store

        day = _parse_day(since, "--since") if since else None
        with open_store(db) as store, store.session() as session:
            if limit < 1:
                raise UsageError("--limit must be at least 1", hint="--all shows everyone")
            rows = journal_store.list_people(
                session, sort=sort, flagged=flagged, since=day, limit=None if show_all else limit
            )
            total = len(rows)
            if not show_all and len(rows) == limit:
                total = journal_store.count_people(session, flagged=flagged, since=day)
            proposals = identities.merge_proposals(session) if not as_json else []
        if as_json:
            typer.echo(json.dumps([_listed_dict(row) for row in rows], indent=2))
            return
        _print_people(rows)
        if total > len(rows):
            stderr().print(
                f"Showing {len(rows):,} of {total:,} people; --all shows everyone, --limit N more.",
                markup=False,
            )
        for proposal in proposals[:10]:
            stderr().print(
                f"Maybe the same person: #{proposal.first} {proposal.first_name} and "
                f"#{proposal.second} {proposal.second_name} ({proposal.reason}); "
                f"'sincere people merge #{proposal.first} #{proposal.second}' if so",
                markup=False,
            )


def _parse_day(value: str, option: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(
            f"{option}: not a date: {value!r}", hint="write it as 2026-03-12"
        ) from None


def _listed_dict(row: Listed) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "trust": row.trust,
        "state": row.state,
        "flagged": row.flagged,
        "last_genuine_at": row.last_genuine_at.isoformat() if row.last_genuine_at else None,
        "last_interaction_at": (
            row.last_interaction_at.isoformat() if row.last_interaction_at else None
        ),
        "asks": row.asks,
        "gives": row.gives,
        "interactions": row.interactions,
    }


def _bar(value: float, width: int = 10) -> Text:
    filled = round(value / 100 * width)
    colour = "green" if value >= 60 else "yellow" if value >= 30 else "red"
    return (
        Text("█" * filled, style=colour)
        + Text("░" * (width - filled), style="dim")
        + Text(f" {value:3.0f}")
    )


def _print_people(rows: list[Listed]) -> None:
    console = Console(highlight=False)
    if not rows:
        console.print("Nobody yet: 'sincere import EXPORT' adds the people you talk with.")
        return
    table = Table(show_edge=False, header_style="bold")
    for column in ("#", "Name", "Trust", "State", "Last genuine", "Asks", "Gives"):
        table.add_column(column, justify="right" if column in ("#", "Asks", "Gives") else "left")
    for row in rows:
        state = Text(row.state, style="bold red" if row.flagged else "")
        table.add_row(
            str(row.id),
            Text(row.name),
            _bar(row.trust),
            state,
            _day(row.last_genuine_at),
            str(row.asks),
            str(row.gives),
        )
    console.print(table)


@people_app.command("merge")
def people_merge(
    keep: Annotated[str, typer.Argument(help="The person to keep (name, identity or #id).")],
    other: Annotated[str, typer.Argument(help="The person merged into it.")],
    db: Db = None,
) -> None:
    """Merge two people who are one person (everything moves to the first)."""
    with reporting_errors():
        from sincere.store import identities
        from sincere.store import journal as journal_store
        from sincere.store.database import open_store

        with open_store(db) as store, store.session() as session:
            first = identities.find(session, keep)
            second = identities.find(session, other)
            shown = f"#{second.id} {second.name} into #{first.id} {first.name}"
            identities.merge(session, first, second)
            journal_store.refresh(session, [first.id], now=_now())
        typer.echo(f"Merged {shown}")


@people_app.command("split")
def people_split(
    person: Annotated[str, typer.Argument(help="The person (name, identity or #id).")],
    identity: Annotated[
        str,
        typer.Argument(
            help="The identity to split off, as shown by 'sincere person' (e.g. "
            "'name:whatsapp:Marc' or 'phone:+33612345678')."
        ),
    ],
    db: Db = None,
) -> None:
    """Split one identity (and what was said under it) off a person, into a new person."""
    with reporting_errors():
        from sincere.store import identities
        from sincere.store import journal as journal_store
        from sincere.store.database import open_store

        with open_store(db) as store, store.session() as session:
            found = identities.find(session, person)
            new = identities.split(session, found, identity, now=_now())
            journal_store.refresh(session, [found.id, new.id], now=_now())
        typer.echo(f"Split {identity} off #{found.id} {found.name} into #{new.id} {new.name}")


@app.command("person")
def person_command(
    name: Annotated[str, typer.Argument(help="The person: a name, an identity or #id.")],
    db: Db = None,
    why: Annotated[bool, typer.Option("--why", help="Explain the trust, term by term.")] = False,
    as_json: Json = False,
) -> None:
    """One person: identities, a timeline of interactions, the ledger, and the trust."""
    with reporting_errors():
        from sincere.store import identities
        from sincere.store.database import open_store

        now = _now()
        with open_store(db) as store, store.session() as session:
            person = identities.find(session, name)
            document = _person_document(session, person, now)
        if as_json:
            typer.echo(json.dumps(document, indent=2, ensure_ascii=False))
            return
        _print_person(document, why=why)


def _person_document(session: Any, person: Person, now: datetime) -> dict[str, Any]:
    from sqlalchemy import select

    from sincere.store import journal as journal_store
    from sincere.store.models import Identity

    trust = journal_store.explain(session, person.id, now=now)
    ids = session.scalars(
        select(Identity).where(Identity.person_id == person.id).order_by(Identity.id)
    )
    ledger = journal_store.ledger_of(session, person.id)
    names = {person.id: person.name}
    return {
        "id": person.id,
        "name": person.name,
        "is_me": person.is_me,
        "trust": round(trust.value, 1),
        "state": trust.state,
        "flagged": trust.flagged,
        "identities": [
            {"scheme": i.scheme, "app": i.app, "value": i.value, "shown": i.shown} for i in ids
        ],
        "timeline": [
            {
                "at": exchange.at.isoformat(),
                "source": exchange.source,
                "label": exchange.label,
                "verdict": exchange.verdict,
                "interest": exchange.interest,
                "pressure": exchange.pressure,
                "entry": exchange.entry,
                "conversation_id": journal_store.conversation_id_of(exchange),
            }
            for exchange in journal_store.history(session, person.id)
        ],
        "ledger": [
            {
                "id": item.id,
                "direction": item.direction,
                "category": item.category,
                "from": names.get(item.from_person_id, "you"),
                "to": names.get(item.to_person_id, "you") if item.to_person_id else None,
                "at": item.at.isoformat() if item.at else None,
                "status": item.status,
                "origin": item.origin,
                "evidence": item.evidence,
            }
            for item in ledger
        ],
        "why": [
            {
                "at": c.at.isoformat() if c.at else None,
                "reason": c.reason,
                "delta": round(c.delta, 2),
            }
            for c in trust.contributions
        ],
    }


def _print_person(document: dict[str, Any], *, why: bool) -> None:
    console = Console(highlight=False)
    console.print(Text(f"#{document['id']} {document['name']}", style="bold"))
    console.print(Text("Trust ") + _bar(document["trust"]) + Text(f"  {document['state']}"))
    if document["identities"]:
        shown = ", ".join(
            f"{i['scheme']}:{i['app'] + ':' if i['app'] else ''}{i['shown']}"
            for i in document["identities"]
        )
        console.print(Text(f"Identities: {shown}"))
    if document["timeline"]:
        table = Table(title="Timeline", title_justify="left", show_edge=False)
        for column in ("When", "What", "Verdict", "Interest", "Pressure"):
            table.add_column(column)
        for item in document["timeline"]:
            table.add_row(
                item["at"][:10],
                Text(item["label"] or item["source"]),
                item["verdict"] or item["entry"] or "",
                f"{item['interest']:.0f}" if item["source"] == "conversation" else "",
                f"{item['pressure']:.0f}" if item["source"] == "conversation" else "",
            )
        console.print(table)
    if document["ledger"]:
        table = Table(title="Asks and gives", title_justify="left", show_edge=False)
        for column in ("#", "When", "Who", "What", "Status", "Evidence"):
            table.add_column(column)
        for item in document["ledger"]:
            who = f"{item['from']} → {item['to'] or '…'}"
            table.add_row(
                str(item["id"]),
                (item["at"] or "")[:10],
                Text(who),
                f"{item['direction']}: {item['category']}",
                item["status"],
                Text(item["evidence"][:80]),
            )
        console.print(table)
    if why:
        table = Table(title="Why this trust", title_justify="left", show_edge=False)
        for column in ("When", "Reason", "Points"):
            table.add_column(column, justify="right" if column == "Points" else "left")
        for item in document["why"]:
            table.add_row((item["at"] or "")[:10], Text(item["reason"]), f"{item['delta']:+.1f}")
        console.print(table)
    elif document["why"]:
        # Without --why, the three terms that weigh most.
        heaviest = sorted(document["why"], key=lambda item: -abs(item["delta"]))[:3]
        shown = "; ".join(f"{item['reason']} ({item['delta']:+.1f})" for item in heaviest)
        console.print(Text(f"Why, mostly: {shown}. More with --why.", style="dim"))


@app.command("log")
def log_command(
    text: Annotated[str, typer.Argument(help="What happened, in your words.")],
    with_: Annotated[
        str, typer.Option("--with", help="The person it is about (name, identity or #id).")
    ],
    on: Annotated[
        str | None,
        typer.Option("--on", help="The day (YYYY-MM-DD; default: today).", show_default=False),
    ] = None,
    kind: Annotated[
        str, typer.Option("--kind", help=f"One of: {', '.join(ENTRY_KINDS)}.")
    ] = "note",
    db: Db = None,
) -> None:
    """Add an entry about someone to your journal; it counts in their trust."""
    with reporting_errors():
        from sincere.store import identities
        from sincere.store import journal as journal_store
        from sincere.store.database import open_store

        day = _parse_day(on, "--on") if on else date.today()
        with open_store(db) as store, store.session() as session:
            person = identities.find(session, with_)
            entry = journal_store.log_entry(session, person, text, kind=kind, on=day, now=_now())
            shown = f"#{person.id} {person.name}"
        typer.echo(f"Logged entry #{entry.id} ({kind}, {day.isoformat()}) with {shown}")


@app.command("remind")
def remind_command(db: Db = None, as_json: Json = False) -> None:
    """Who to help back, who you are losing touch with, who is back only to ask."""
    with reporting_errors():
        from sincere.store import journal as journal_store
        from sincere.store.database import open_store

        with open_store(db) as store, store.session() as session:
            found = journal_store.remind(session, now=_now())
        lists = {
            "help_back": found.help_back,
            "losing_touch": found.losing_touch,
            "resurfacing": found.resurfacing,
        }
        if as_json:
            typer.echo(
                json.dumps(
                    {
                        key: [
                            {
                                "person": r.person,
                                "reason": r.reason,
                                "since": r.since.isoformat() if r.since else None,
                                "days": r.days,
                            }
                            for r in items
                        ]
                        for key, items in lists.items()
                    },
                    indent=2,
                    ensure_ascii=False,
                )
            )
            return
        console = Console(highlight=False)
        titles = {
            "help_back": "They helped you without being asked: help them back",
            "losing_touch": "Genuine people you are losing touch with",
            "resurfacing": "Back only when they need something",
        }
        for key, items in lists.items():
            console.print(Text(titles[key], style="bold"))
            if not items:
                console.print("  nobody")
            for reminder in items:
                console.print(Text(f"  {reminder.person}: {reminder.reason}"))


ledger_app = typer.Typer(
    help="Asks and gives: list them, mark asks granted or declined.", invoke_without_command=True
)
app.add_typer(ledger_app, name="ledger")


@ledger_app.callback()
def ledger_command(
    context: typer.Context,
    person: Annotated[
        str | None,
        typer.Option(
            "--person", help="Only this person's (name, identity or #id).", show_default=False
        ),
    ] = None,
    db: Db = None,
) -> None:
    """The asks and gives found in your conversations and entries."""
    if context.invoked_subcommand is not None:
        return
    with reporting_errors():
        from sincere.store import identities
        from sincere.store import journal as journal_store
        from sincere.store.database import open_store

        with open_store(db) as store, store.session() as session:
            if person:
                found = identities.find(session, person)
                items = journal_store.ledger_of(session, found.id)
            else:
                items = journal_store.ledger_all(session)
            names = journal_store.names(session)
        console = Console(highlight=False)
        if not items:
            console.print("No asks or gives recorded.")
            return
        table = Table(show_edge=False, header_style="bold")
        for column in ("#", "When", "Who", "What", "Status", "Evidence"):
            table.add_column(column)
        for item in items:
            who = f"{names.get(item.from_person_id, '?')} → {names.get(item.to_person_id, '…')}"
            table.add_row(
                str(item.id),
                _day(item.at),
                Text(who),
                f"{item.direction}: {item.category}",
                item.status,
                Text(item.evidence[:80]),
            )
        console.print(table)


@ledger_app.command("mark")
def ledger_mark(
    item: Annotated[int, typer.Argument(help="The ledger item's number (see 'sincere ledger').")],
    status: Annotated[str, typer.Argument(help="granted, declined or open.")],
    db: Db = None,
) -> None:
    """Mark an ask granted or declined (open asks weigh on trust)."""
    with reporting_errors():
        from sincere.store import journal as journal_store
        from sincere.store.database import open_store

        with open_store(db) as store, store.session() as session:
            journal_store.set_status(session, item, status, now=_now())
        typer.echo(f"Marked #{item} {status}")


@app.command("export")
def export_command(
    file: Annotated[
        Path, typer.Option("--json", help="The JSON file to write (- for standard output).")
    ],
    db: Db = None,
) -> None:
    """Write everything in the journal to one JSON file."""
    with reporting_errors():
        from sincere.store import archive
        from sincere.store.database import open_store

        with open_store(db) as store:
            if str(file) == "-":
                counts = archive.export(store, sys.stdout)
            else:
                with open(file, "w", encoding="utf-8") as stream:
                    counts = archive.export(store, stream)
        stderr().print(f"Exported {_summary(counts)} to {file}", markup=False)


@app.command("restore")
def restore_command(
    file: Annotated[Path, typer.Argument(help="A file written by 'sincere export --json'.")],
    db: Db = None,
) -> None:
    """Read an export back into an empty database."""
    with reporting_errors():
        from sincere.store import archive
        from sincere.store.database import describe, open_store

        with open_store(db) as store:
            try:
                with open(file, encoding="utf-8") as stream:
                    counts = archive.restore(store, stream, path=str(file))
            except FileNotFoundError:
                raise UsageError(f"{file}: no such file") from None
            where = describe(store.url)
        typer.echo(f"Restored {_summary(counts)} into {where}")


@app.command("forget")
def forget_command(
    person: Annotated[str, typer.Argument(help="The person: a name, an identity or #id.")],
    db: Db = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete a person and their messages everywhere (for good)."""
    with reporting_errors():
        from sincere.store import archive, identities
        from sincere.store.database import open_store

        with open_store(db) as store, store.session() as session:
            found = identities.find(session, person)
            shown = f"#{found.id} {found.name}"
            if not yes and not typer.confirm(
                f"Delete {shown} and everything they wrote, for good?", err=True
            ):
                raise typer.Exit(1)
            count = archive.forget(session, found)
        typer.echo(f"Forgot {shown} and {_plural(count, 'message')}")


def _summary(counts: dict[str, int]) -> str:
    return ", ".join(f"{count:,} {table}" for table, count in counts.items())
