"""Import: exports uploaded from the browser, stored in the journal by a background job whose
page shows its progress (see :mod:`sincere.web.imports`)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from sincere.errors import InputTooLargeError, SincereError, UsageError
from sincere.web import i18n
from sincere.web.imports import Job, Jobs, save
from sincere.web.pages import json_response, respond, wants_json
from sincere.web.routes import PRIVATE, PRIVATE_FORM, ShownOn, multipart_form, settings_of
from sincere.web.security import mebibytes, read_form

router = APIRouter(tags=["import"])

#: The form, as the OpenAPI document describes it.
FORM_SCHEMA = multipart_form(
    {
        "files": {
            "type": "array",
            "items": {"type": "string", "format": "binary"},
            "description": "Exports: files or zip archives.",
        },
        "me": {"type": "string", "description": "Your names in them, separated by commas."},
    },
    required=("files",),
)


def jobs_of(request: Request) -> Jobs:
    jobs: Jobs = request.app.state.imports
    return jobs


def _form(request: Request, me: list[str] | None = None) -> dict[str, Any]:
    limit: int = request.app.state.upload_limit
    return {
        "me": me if me is not None else list(settings_of(request).me),
        "limit": limit,
        "jobs": [job.as_dict() for job in jobs_of(request).latest()],
    }


@router.get("/import.json", dependencies=PRIVATE, summary="The import form and recent imports")
@router.get("/import", dependencies=PRIVATE, summary="Import exports into your journal")
def import_page(request: Request) -> Response:
    return respond(request, "import.html", _form(request))


@router.post(
    "/import.json",
    dependencies=PRIVATE_FORM,
    status_code=202,
    summary="Start importing uploaded exports (JSON)",
    openapi_extra=FORM_SCHEMA,
)
@router.post(
    "/import",
    dependencies=PRIVATE_FORM,
    summary="Start importing uploaded exports; then see the import's page",
    openapi_extra=FORM_SCHEMA,
)
async def start_import(request: Request) -> Response:
    fields = await read_form(request)
    try:
        me_field = fields.get("me")
        me = me_field if isinstance(me_field, str) else ""
        aliases = [part.strip() for part in me.split(",") if part.strip()]
        uploads = [
            item
            for item in fields.getlist("files")
            if isinstance(item, UploadFile) and item.filename
        ]
        try:
            job = await _start(request, uploads, aliases)
        except SincereError as error:
            raise ShownOn(error, "import.html", _form(request, aliases)) from None
    finally:
        await fields.close()
    url = f"/import/jobs/{job.id}"
    if wants_json(request):
        return json_response({**job.as_dict(), "url": url}, status=202)
    return RedirectResponse(url, status_code=303)


async def _start(request: Request, uploads: list[UploadFile], me: list[str]) -> Job:
    if not uploads:
        raise UsageError(
            i18n.gettext("Choose at least one file."),
            hint=i18n.gettext("Exports of WhatsApp, Telegram, Signal, Slack… or zip archives."),
        )
    limit: int = request.app.state.upload_limit
    for upload in uploads:
        if (upload.size or 0) > limit:
            raise InputTooLargeError(
                i18n.gettext("The file is larger than %(size)s.") % {"size": mebibytes(limit)},
                path=upload.filename,
            )
    jobs = jobs_of(request)
    job = jobs.new(me)
    try:
        saved = []
        for index, upload in enumerate(uploads):
            name = upload.filename or "upload"
            await upload.seek(0)
            path = await run_in_threadpool(save, job.directory, index, name, upload.file)
            saved.append((path.name, upload.size or path.stat().st_size, path))
    except BaseException:
        jobs.discard(job)
        raise
    return jobs.start(job, saved)


# The ``.json`` route first: ``{job_id}`` would take "abc.json" too.
@router.get("/import/jobs/{job_id}", dependencies=PRIVATE, summary="An import's progress")
@router.get(
    "/import/jobs/{job_id}.json", dependencies=PRIVATE, summary="An import's progress (JSON)"
)
def job_page(request: Request, job_id: str) -> Response:
    return respond(request, "import_job.html", jobs_of(request).get(job_id).as_dict())
