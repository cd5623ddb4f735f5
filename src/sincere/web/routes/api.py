"""The API's description: FastAPI's OpenAPI document at ``/api/openapi.json``, and ``/api/docs``,
a page drawn from it on the server (no script, so it keeps to the app's Content-Security-Policy
and needs no network)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from sincere.web.pages import render

router = APIRouter(tags=["api"])

_METHODS = ("get", "post", "put", "patch", "delete")


def _resolve(schema: dict[str, Any], document: dict[str, Any]) -> dict[str, Any]:
    reference = schema.get("$ref")
    if not isinstance(reference, str) or not reference.startswith("#/"):
        return schema
    found: Any = document
    for part in reference[2:].split("/"):
        found = found.get(part, {})
    return found if isinstance(found, dict) else {}


def _type(schema: dict[str, Any]) -> str:
    if "type" in schema:
        return str(schema["type"]) + (f" ({schema['format']})" if "format" in schema else "")
    options = schema.get("anyOf") or schema.get("oneOf") or []
    return " | ".join(_type(option) for option in options) or "any"


def operations(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Each operation of the OpenAPI document, with its parameters and form fields."""
    found: list[dict[str, Any]] = []
    for path, item in document.get("paths", {}).items():
        for method in _METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            fields: list[dict[str, Any]] = []
            content = operation.get("requestBody", {}).get("content", {})
            for media, body in content.items():
                schema = _resolve(body.get("schema", {}), document)
                required = set(schema.get("required", ()))
                for name, prop in schema.get("properties", {}).items():
                    fields.append(
                        {
                            "name": name,
                            "media": media,
                            "type": _type(prop),
                            "required": name in required,
                            "description": prop.get("description", ""),
                        }
                    )
            found.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "tags": operation.get("tags", []),
                    "parameters": [
                        {
                            "name": parameter.get("name", ""),
                            "in": parameter.get("in", ""),
                            "type": _type(parameter.get("schema", {})),
                            "required": bool(parameter.get("required")),
                            "description": parameter.get("description", ""),
                        }
                        for parameter in operation.get("parameters", [])
                    ],
                    "fields": fields,
                }
            )
    return found


@router.get("/api/docs", summary="This description of the API, as a page")
def api_docs(request: Request) -> Response:
    document = request.app.openapi()
    return render(
        request,
        "api_docs.html",
        {
            "title": document.get("info", {}).get("title", ""),
            "version": document.get("info", {}).get("version", ""),
            "operations": operations(document),
        },
    )
