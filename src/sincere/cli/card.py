"""``sincere card``: your card, and the links that share it with those who earned it."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from sincere import config
from sincere.cli._app import app, reporting_errors, stderr
from sincere.cli.journal import Db
from sincere.errors import UsageError

if TYPE_CHECKING:
    from sincere.card.marks import Plan

card_app = typer.Typer(
    help="Your card: edit and show it, share it with people who earned it, trace leaks.",
    no_args_is_help=True,
)
app.add_typer(card_app, name="card")

_UNITS = {"m": 60, "h": 3600, "d": 86_400, "w": 7 * 86_400}


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def parse_duration(text: str) -> timedelta:
    """``30d``, ``12h``, ``2w``, ``90m``: a duration."""
    value = text.strip().lower()
    if len(value) >= 2 and value[-1] in _UNITS and value[:-1].isdigit():
        return timedelta(seconds=int(value[:-1]) * _UNITS[value[-1]])
    raise UsageError(f"--expires: not a duration: {text!r}", hint="write it as 30d, 12h, 2w or 90m")


def _threshold() -> float:
    from sincere.store.cards import DEFAULT_THRESHOLD

    value = config.get("card_threshold")
    if value is None:
        return DEFAULT_THRESHOLD
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = -1.0
    if not 0 <= number <= 100:
        raise UsageError(
            f"card_threshold is {value!r} in {config.path()}: it must be a number from 0 to 100",
            hint="sincere config set card_threshold 60",
        )
    return number


def plan() -> Plan:
    """How recipients' copies are marked, from the config."""
    from sincere.card.marks import Plan

    digits_text = config.get("extension_digits") or "0"
    if not str(digits_text).isdigit() or not 0 <= int(digits_text) <= 6:
        raise UsageError(
            f"extension_digits is {digits_text!r} in {config.path()}: a number from 1 to 6",
            hint="sincere config set extension_digits 3",
        )
    base = str(config.get("public_url") or "")
    if base and not base.startswith(("https://", "http://")):
        raise UsageError(
            f"public_url is {base!r} in {config.path()}: it must start with https://",
            hint="sincere config set public_url https://card.example.org",
        )
    return Plan(
        base_url=base,
        alias_domain=str(config.get("alias_domain") or "").lstrip("@"),
        extension_digits=int(digits_text),
    )


@card_app.command("edit")
def card_edit() -> None:
    """Open your card's file in $EDITOR (created from a template the first time)."""
    with reporting_errors():
        from sincere.card.settings import card_path, load_card, template

        path = card_path()
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(template(), encoding="utf-8")
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
        if not editor:
            stderr().print(
                f"Edit {path} (set $EDITOR to open it from here), then 'sincere card show'.",
                markup=False,
            )
            return
        subprocess.run([*editor.split(), str(path)], check=False)
        card = load_card(path)
        typer.echo(f"Saved the card of {card.name} in {path}")


@card_app.command("show")
def card_show() -> None:
    """Show your card as recipients will see it."""
    with reporting_errors():
        from sincere.card.settings import load_card

        card = load_card()
        console = Console(highlight=False)
        console.print(Text(card.name, style="bold"))
        for line in (
            " · ".join(part for part in (card.title, card.organisation) if part),
            *card.emails,
            *card.phones,
            card.website,
            *(f"{item.label}: {item.url}" for item in card.social),
            card.note,
            ("Speaks: " + ", ".join(card.languages)) if card.languages else "",
            "Photo: yes" if card.photo else "",
        ):
            if line:
                console.print(Text(line))


class Rendering(StrEnum):
    vcard3 = "vcard3"
    vcard4 = "vcard4"
    jcard = "jcard"
    html = "html"
    qr_svg = "qr-svg"
    qr_png = "qr-png"


@card_app.command("render")
def card_render(
    as_: Annotated[Rendering, typer.Option("--as", help="Which rendering.")] = Rendering.vcard3,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write it to this file instead of stdout.", show_default=False
        ),
    ] = None,
) -> None:
    """Write your card (without any recipient's marks) as vCard, jCard, a page or a QR code."""
    with reporting_errors():
        from sincere.card import render
        from sincere.card.settings import load_card

        card = load_card()
        vcard = render.vcard3(card)
        data: str | bytes
        if as_ is Rendering.vcard3:
            data = vcard
        elif as_ is Rendering.vcard4:
            data = render.vcard4(card)
        elif as_ is Rendering.jcard:
            data = json.dumps(render.jcard(card), ensure_ascii=False, indent=2) + "\n"
        elif as_ is Rendering.html:
            data = render.html_page(card, vcf_url="card.vcf")
        else:
            # Your own QR code holds the card itself (without its photo, to fit).
            bare = render.vcard3(dataclasses.replace(card, photo=None))
            try:
                data = render.qr_svg(bare) if as_ is Rendering.qr_svg else render.qr_png(bare)
            except ValueError:
                raise UsageError(
                    "the card is too long for a QR code; shorten the note or the links"
                ) from None
        if output is not None:
            if isinstance(data, bytes):
                output.write_bytes(data)
            else:
                output.write_text(data, encoding="utf-8")
            stderr().print(f"Wrote {output}", markup=False)
        elif isinstance(data, bytes):
            if sys.stdout.isatty():
                raise UsageError("a PNG is binary: write it to a file with --output card.png")
            sys.stdout.buffer.write(data)
        else:
            sys.stdout.write(data)


@card_app.command("share")
def card_share(
    person: Annotated[str, typer.Argument(help="Who gets it (name, identity or #id).")],
    expires: Annotated[
        str | None,
        typer.Option(
            "--expires", help="How long the link lasts: 30d, 12h, 2w…", show_default=False
        ),
    ] = None,
    max_views: Annotated[
        int | None,
        typer.Option("--max-views", help="How many times it may be opened.", show_default=False),
    ] = None,
    anyway: Annotated[
        str | None,
        typer.Option(
            "--anyway",
            help="Share although their trust is below your threshold; the reason is recorded.",
            show_default=False,
        ),
    ] = None,
    db: Db = None,
) -> None:
    """Issue a link to your card for one person, if they earned it."""
    with reporting_errors():
        from sincere.card.marks import derive
        from sincere.store import cards
        from sincere.store.database import open_store
        from sincere.store.identities import find

        duration = parse_duration(expires) if expires else None
        marks_plan = plan()
        with open_store(db) as store, store.session() as session:
            found = find(session, person)
            issued = cards.issue(
                session,
                found,
                now=_now(),
                threshold=_threshold(),
                expires=duration,
                max_views=max_views,
                anyway=anyway,
            )
            marks = derive(cards.secret(session), issued.link.id, marks_plan, issued.token)
            link_id = issued.link.id
        where = marks.url or f"/c/{issued.token}"
        typer.echo(f"Link #{link_id} for {found.name}: {where}")
        if not marks.url:
            stderr().print(
                "Note: set where your public server is reached to get a full address: "
                "sincere config set public_url https://card.example.org",
                markup=False,
            )
        limits = []
        if duration:
            limits.append(f"expires in {expires}")
        if max_views:
            limits.append(f"{max_views} view{'s' if max_views > 1 else ''}")
        if anyway:
            limits.append(f"shared anyway: {anyway}")
        if limits:
            stderr().print("(" + "; ".join(limits) + ")", markup=False)
        stderr().print("The token is shown only now: sincere keeps only its hash.", markup=False)


@card_app.command("links")
def card_links(db: Db = None) -> None:
    """List the links you issued, with their views and state."""
    with reporting_errors():
        from sincere.store import cards
        from sincere.store.database import open_store

        now = _now()
        with open_store(db) as store, store.session() as session:
            rows = cards.links(session)
            last = cards.views(session, [link.id for link, _ in rows])
            shown = [
                (
                    f"#{link.id}",
                    name,
                    link.created_at.strftime("%Y-%m-%d"),
                    link.expires_at.strftime("%Y-%m-%d %H:%M") if link.expires_at else "never",
                    f"{link.views}" + (f"/{link.max_views}" if link.max_views else ""),
                    _when(last[link.id]),
                    cards.state(link, now),
                    link.anyway or "",
                )
                for link, name in rows
            ]
        console = Console(highlight=False)
        if not shown:
            console.print("No link yet: 'sincere card share PERSON' issues one.")
            return
        table = Table(show_edge=False, header_style="bold")
        for column in ("Link", "To", "Issued", "Expires", "Views", "Last view", "State", "Anyway"):
            table.add_column(column)
        for row in shown:
            table.add_row(*(Text(cell) for cell in row))
        console.print(table)


@card_app.command("revoke")
def card_revoke(
    target: Annotated[str, typer.Argument(help="A link (#N) or a person (all their links).")],
    db: Db = None,
) -> None:
    """Revoke a link, or every link of a person: they answer 'not found' from now on."""
    with reporting_errors():
        from sincere.store import cards
        from sincere.store.database import open_store

        with open_store(db) as store, store.session() as session:
            revoked = cards.revoke(session, target, now=_now())
            numbers = ", ".join(f"#{link.id}" for link in revoked)
        typer.echo(f"Revoked {numbers}")


@card_app.command("trace")
def card_trace(
    source: Annotated[
        str, typer.Argument(help="A file holding the card that turned up (.vcf, text), or -.")
    ],
    db: Db = None,
) -> None:
    """Say who a card that turned up somewhere was issued to."""
    with reporting_errors():
        from sincere.card.marks import describe
        from sincere.store import cards
        from sincere.store.database import open_store

        text = _read_source(source)
        with open_store(db) as store, store.session() as session:
            found = cards.trace_text(session, text, plan())
            lines = [
                (
                    f"Issued to {item.person} (link #{item.link.id}, "
                    f"{item.link.created_at:%Y-%m-%d}): {describe(item.match.confidence)} "
                    f"({item.match.confidence:.0%}), from {', '.join(item.match.evidence)}"
                )
                for item in found
            ]
        if not lines:
            raise UsageError(
                "no mark of any link in this card: it was not issued by sincere, or every "
                "mark was removed"
            )
        for line in lines:
            typer.echo(line)


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment else "—"


def _read_source(source: str) -> str:
    if source == "-":
        return sys.stdin.read()
    path = Path(source)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"{source}: no such file") from None
    except OSError as error:
        raise UsageError(f"{source}: cannot read ({error.strerror})") from None
    if len(data) > 10 << 20:
        raise UsageError(f"{source}: larger than 10 MiB; a card is a few kilobytes")
    return data.decode("utf-8", errors="replace")


@app.command("serve")
def serve_command(
    public: Annotated[
        bool,
        typer.Option("--public", help="Serve only the public card links (/c/TOKEN), for a proxy."),
    ] = False,
    host: Annotated[str, typer.Option("--host", help="The address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="The port to listen on.")] = 8765,
    log_addresses: Annotated[
        bool,
        typer.Option("--log-addresses", help="Keep each viewer's IP address in the view log."),
    ] = False,
    trust_proxy: Annotated[
        bool,
        typer.Option(
            "--trust-proxy",
            help="Take the client's address from X-Forwarded-For (behind your reverse proxy).",
        ),
    ] = False,
    lang: Annotated[str, typer.Option("--lang", help="The card page's language: en or fr.")] = (
        "en"
    ),
    db: Db = None,
) -> None:
    """Run the local web app (http://127.0.0.1:8765), or serve your card links (--public)."""
    with reporting_errors():
        if not public:
            _serve_local(host, port, db)
            return
        if lang not in ("en", "fr"):
            raise UsageError(f"--lang: {lang!r} is not en or fr")
        from sincere.card.settings import load_card
        from sincere.store.database import open_store
        from sincere.web.public import create_app

        card = load_card()
        marks_plan = plan()
        store = open_store(db)
        application = create_app(
            store,
            card,
            marks_plan,
            log_addresses=log_addresses,
            trust_proxy=trust_proxy,
            lang=lang,
        )
        stderr().print(
            f"Serving the card of {card.name} on http://{host}:{port}/c/… (Ctrl-C to stop)",
            markup=False,
        )
        try:
            _run(application, host, port)
        finally:
            store.close()


def _serve_local(host: str, port: int, db: str | None) -> None:
    """``sincere serve`` without ``--public``: the local web app, for the owner alone."""
    from sincere.cli.analyze import configured_me
    from sincere.store.database import open_store
    from sincere.web.app import create_app
    from sincere.web.security import has_password, session_key
    from sincere.web.views import Settings

    settings = Settings(threshold=_threshold(), plan=plan(), me=tuple(configured_me() or ()))
    store = open_store(db)
    try:
        wildcard = host in ("0.0.0.0", "::")
        application = create_app(
            store,
            secret_key=session_key(store),
            settings=settings,
            hosts=["*"] if wildcard else [host],
        )
        shown = f"[{host}]" if ":" in host else host
        notes = stderr()
        if wildcard:
            notes.print(
                f"Warning: listening on every address ({host}): anyone who reaches this machine "
                "can try to log in",
                markup=False,
            )
        first = "" if has_password(store) else " (first run: choose your password there)"
        notes.print(
            f"sincere on http://{shown}:{port}/{first} (Ctrl-C to stop)",
            markup=False,
        )
        _run(application, host, port)
    finally:
        store.close()


def _run(application: Any, host: str, port: int) -> None:
    """Serve with uvicorn: no access log and no server header (nothing about the viewers is
    written anywhere but the view log), no proxy headers unless asked."""
    import uvicorn

    uvicorn.run(
        application,
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        server_header=False,
        proxy_headers=False,
    )
