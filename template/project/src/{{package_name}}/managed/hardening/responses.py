# Managed by scaffold and kept current by `scaffold update`: configure it, do not edit it.
"""Response rewriting: what the SDK sends back is made safe before it leaves the process.

- every 500 (the SDK's plain-text ones and `Missing env var: <name>`)
  becomes a generic JSON body with the request's correlation id;
- every 422 keeps only field locations and messages: never `input` or `ctx`, and never a
  `jsonschema` message, which quotes the offending value;
- connection and subscription responses lose every `secrets` key (the SDK echoes them); the values
  are registered for redaction on the way out;
- any registered secret value left in a JSON or text body, e.g. put there by an `info=` or
  `post_install_instructions` callback, is masked.
"""

from __future__ import annotations

import json
import re
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..log import request_id
from ..redaction import redact, register_secret_tree, secret_registry
from .asgi import route_path
from .context import generic_error

SECRET_BEARING = re.compile(r"^/connections(?:/[^/]+(?:/subscriptions(?:/[^/]+)?)?)?$")
GENERIC_422 = {"loc": ["body"], "msg": "request does not match the expected schema"}
MAX_LOC_PART = 64
MAX_MESSAGE = 200


def strip_secrets(document: Any) -> Any:
    """`document` without any `secrets` key, at any depth; their values get registered."""
    if isinstance(document, dict):
        if "secrets" in document:
            register_secret_tree(document["secrets"])
        return {key: strip_secrets(value) for key, value in document.items() if key != "secrets"}
    if isinstance(document, list):
        return [strip_secrets(item) for item in document]
    return document


def _loc_part(part: Any) -> str | int:
    if isinstance(part, int):
        return part
    return redact(str(part))[:MAX_LOC_PART]


def input_free_422(document: Any) -> dict[str, Any]:
    """A 422 body listing only where and what, never the submitted values."""
    detail = document.get("detail") if isinstance(document, dict) else None
    if isinstance(detail, list) and all(isinstance(item, dict) for item in detail):
        return {
            "detail": [
                {
                    "loc": [_loc_part(part) for part in item.get("loc", [])],
                    "msg": redact(str(item.get("msg", "invalid value")))[:MAX_MESSAGE],
                }
                for item in detail
            ]
        }
    if (
        isinstance(detail, dict)
        and set(detail) == {"code", "message"}
        and all(isinstance(value, str) for value in detail.values())
    ):
        # This project's own action errors: fixed codes and messages written in fns/.
        return {"detail": {key: redact(value)[:MAX_MESSAGE] for key, value in detail.items()}}
    # A bare string is a jsonschema message (it may quote the value): never passed on.
    return {"detail": [GENERIC_422]}


class ResponseRewriter:
    """Buffers each response, rewrites it per the rules above, then sends it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        chunks: list[bytes] = []

        async def hold(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return
            if message["type"] != "http.response.body" or start is None:
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                await self._send_rewritten(scope, start, b"".join(chunks), send)

        await self.app(scope, receive, hold)

    async def _send_rewritten(self, scope: Scope, start: Message, body: bytes, send: Send) -> None:
        status = int(start["status"])
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
        content_type = dict(headers).get(b"content-type", b"").decode("latin-1").lower()
        if status == 500:
            body = json.dumps(generic_error(request_id.get())).encode()
            headers = [(k, v) for k, v in headers if k.lower() != b"content-type"]
            headers.append((b"content-type", b"application/json"))
        elif status == 422:
            body = json.dumps(input_free_422(_parse(body))).encode()
            headers = [(k, v) for k, v in headers if k.lower() != b"content-type"]
            headers.append((b"content-type", b"application/json"))
        elif "json" in content_type and SECRET_BEARING.fullmatch(route_path(scope)):
            document = _parse(body)
            if document is not None:
                body = json.dumps(strip_secrets(document)).encode()
        if "json" in content_type or content_type.startswith("text/"):
            body = _mask_registered(body)
        headers.append((b"content-length", str(len(body)).encode()))
        await send({**start, "headers": headers})
        await send({"type": "http.response.body", "body": body, "more_body": False})


def _parse(body: bytes) -> Any:
    try:
        return json.loads(body)
    except (ValueError, RecursionError):
        return None


def _mask_registered(body: bytes) -> bytes:
    try:
        text = body.decode()
    except UnicodeDecodeError:
        return body
    return secret_registry.redact(text).encode()
