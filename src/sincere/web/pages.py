"""Pages and their JSON twins: one data dictionary, shown as HTML or as JSON.

Every page's view builds a dictionary from the store's functions; :func:`respond` renders it with
the page's template, or writes it as JSON when the request asks for JSON (a ``.json`` path, or
``Accept: application/json`` preferred to HTML). The twin is the same data, so what a page shows
is exactly what its JSON says (dates as ISO 8601 strings).

Templates are Jinja2 with autoescaping always on: every piece of conversation text (names,
messages, evidence, labels) is untrusted and is shown literally.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from sincere.analysis.lexicon import available_languages
from sincere.journal.events import ENTRY_KINDS
from sincere.web import chart, i18n
from sincere.web.security import csrf_token

TEMPLATES = Path(__file__).parent / "templates"
JSON_TYPE = "application/json"


def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(  # type: ignore[attr-defined]
        i18n.gettext, i18n.ngettext, newstyle=True
    )
    env.filters.update(
        day=i18n.day,
        moment=i18n.moment,
        number=i18n.number,
        signed=i18n.signed,
        percent=i18n.percent,
        size=i18n.size,
        say=i18n.say,
    )
    env.globals.update(
        LANGUAGES=i18n.LANGUAGES,
        ENTRY_KINDS=ENTRY_KINDS,
        ANALYSIS_LANGUAGES=list(available_languages()),
        trust_layout=chart.layout,
    )
    return env


def wants_json(request: Request) -> bool:
    """Whether to answer JSON: a ``.json`` path, or an ``Accept`` header that prefers JSON."""
    if request.url.path.endswith(".json"):
        return True
    accept = request.headers.get("accept", "")
    if JSON_TYPE not in accept:
        return False
    html = accept.find("text/html")
    return html < 0 or accept.find(JSON_TYPE) < html


def jsonable(value: Any) -> Any:
    """``value`` with dates as ISO 8601 strings and dataclasses as dictionaries."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(item) for item in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return jsonable(dataclasses.asdict(value))
    return value


def json_response(
    data: Any, *, status: int = 200, headers: dict[str, str] | None = None
) -> Response:
    body = json.dumps(jsonable(data), ensure_ascii=False, indent=2) + "\n"
    return Response(body, status_code=status, media_type=JSON_TYPE, headers=headers)


def chrome(request: Request) -> dict[str, Any]:
    """What every template needs besides its page's data: language, CSRF token, login state."""
    path = request.url.path
    query = request.url.query
    return {
        "lang": i18n.current(),
        "csrf_token": csrf_token(request),
        "authenticated": bool(getattr(request.state, "authenticated", False)),
        "here": path + ("?" + query if query else ""),
        "path": path,
    }


def render(
    request: Request,
    template: str,
    data: dict[str, Any],
    *,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    env: Environment = request.app.state.templates
    page = env.get_template(template).render({**data, "ui": chrome(request)})
    return HTMLResponse(page, status_code=status, headers=headers)


def respond(
    request: Request,
    template: str,
    data: dict[str, Any],
    *,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:
    """The page ``template`` showing ``data``, or ``data`` as JSON (see :func:`wants_json`)."""
    if wants_json(request):
        return json_response(data, status=status, headers=headers)
    return render(request, template, data, status=status, headers=headers)
