"""Analyze without storing: a pasted conversation or a dropped file, analysed and forgotten.

The form is read here rather than by FastAPI, whose form parser caps a text field at 1 MiB: a
pasted conversation may be as large as a file (the upload limit). The body as a whole is capped
before that by :class:`~sincere.web.security.BodyLimit`.
"""

from __future__ import annotations

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import Response

from sincere.errors import InputTooLargeError, SincereError, UsageError
from sincere.web import i18n
from sincere.web.pages import respond
from sincere.web.routes import PRIVATE, PRIVATE_FORM, ShownOn, multipart_form, settings_of
from sincere.web.security import mebibytes, read_form
from sincere.web.views import analyze_upload, upload_name

router = APIRouter(tags=["analyze"])

#: The form, as the OpenAPI document describes it.
FORM_SCHEMA = multipart_form(
    {
        "text": {"type": "string", "description": "A pasted conversation."},
        "file": {
            "type": "string",
            "format": "binary",
            "description": "An export: a file or a zip archive.",
        },
        "me": {"type": "string", "description": "Your names in it, separated by commas."},
        "lang": {"type": "string", "description": "auto, or a language code such as en or fr."},
    }
)


def _form(request: Request, me: list[str] | None = None, lang: str = "auto") -> dict[str, object]:
    limit: int = request.app.state.upload_limit
    return {
        "me": me if me is not None else list(settings_of(request).me),
        "lang": lang,
        "limit": limit,
        "report": None,
    }


@router.get("/analyze.json", dependencies=PRIVATE, summary="The analyze form's defaults (JSON)")
@router.get("/analyze", dependencies=PRIVATE, summary="Analyze without storing")
def analyze_page(request: Request) -> Response:
    return respond(request, "analyze.html", _form(request))


@router.post(
    "/analyze.json",
    dependencies=PRIVATE_FORM,
    summary="Analyze without storing (JSON)",
    openapi_extra=FORM_SCHEMA,
)
@router.post(
    "/analyze",
    dependencies=PRIVATE_FORM,
    summary="Analyze a pasted conversation or an uploaded export; nothing is kept",
    openapi_extra=FORM_SCHEMA,
)
async def analyze(request: Request) -> Response:
    fields = await read_form(request)
    try:
        return await _analyze(request, fields)
    finally:
        await fields.close()  # an upload spilled to a temporary file goes now


async def _analyze(request: Request, fields: FormData) -> Response:
    me, lang, text = (_text(fields.get(name)) for name in ("me", "lang", "text"))
    upload = fields.get("file")
    aliases = [part.strip() for part in me.split(",") if part.strip()]
    form = _form(request, aliases, lang or "auto")
    limit: int = request.app.state.upload_limit
    try:
        if isinstance(upload, UploadFile) and upload.filename:
            name = upload_name(upload.filename)
            data = await upload.read(limit + 1)
            if len(data) > limit:
                raise InputTooLargeError(
                    i18n.gettext("The file is larger than %(size)s.") % {"size": mebibytes(limit)},
                    path=name,
                )
        elif text.strip():
            name = "pasted.txt"
            data = text.encode("utf-8")
            if len(data) > limit:
                raise InputTooLargeError(
                    i18n.gettext("The text is larger than %(size)s.") % {"size": mebibytes(limit)}
                )
        else:
            raise UsageError(
                i18n.gettext("Paste a conversation or choose a file."),
                hint=i18n.gettext("Exports of WhatsApp, Telegram, Signal, Slack… or plain text."),
            )
        # Reading and analysing take CPU time: off the event loop.
        result = await run_in_threadpool(
            analyze_upload, data, name, me=aliases, lang=lang or "auto"
        )
    except SincereError as error:
        raise ShownOn(error, "analyze.html", form) from None
    return respond(request, "analyze.html", {**form, **result})


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""
