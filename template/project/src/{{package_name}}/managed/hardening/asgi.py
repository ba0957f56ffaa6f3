# Managed by scaffold and kept current by `scaffold update`: configure it, do not edit it.
"""Small ASGI helpers shared by the hardening middlewares (no framework objects needed)."""

from __future__ import annotations

import json
from typing import Any

from starlette.exceptions import HTTPException
from starlette.types import Message, Receive, Scope, Send


class BodyTooLarge(HTTPException):
    """The request body went over the cap while it was being read.

    An HTTPException, so that a route reading the body (FastAPI's parser, the webhook
    pipeline) turns it into a 413 instead of a 400 or a 500.
    """

    def __init__(self) -> None:
        super().__init__(status_code=413, detail="payload too large")


def header(scope: Scope, name: bytes) -> bytes | None:
    """The first value of request header `name` (lower-case bytes), or None."""
    for key, value in scope.get("headers", []):
        if key == name:
            return bytes(value)
    return None


def route_path(scope: Scope) -> str:
    """The request path as the router matches it, without a trailing slash."""
    path = str(scope.get("path", "/"))
    return path.rstrip("/") or "/"


async def send_json(
    send: Send, status: int, body: Any, headers: list[tuple[bytes, bytes]] | None = None
) -> None:
    """Send a complete JSON response."""
    payload = json.dumps(body, separators=(",", ":")).encode()
    await send_body(send, status, payload, b"application/json", headers)


async def send_body(
    send: Send,
    status: int,
    payload: bytes,
    content_type: bytes,
    headers: list[tuple[bytes, bytes]] | None = None,
) -> None:
    """Send a complete response of `payload`, already encoded as `content_type`."""
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", content_type),
                (b"content-length", str(len(payload)).encode()),
                *(headers or []),
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})


async def read_body(receive: Receive) -> bytes:
    """Read the whole request body (the body cap further out bounds its size)."""
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def replay(body: bytes) -> Receive:
    """A `receive` that hands `body` to the app once, then reports a disconnect."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


def json_object(body: bytes) -> dict[str, Any] | None:
    """`body` parsed as a JSON object, or None when it is anything else."""
    try:
        document = json.loads(body)
    except (ValueError, RecursionError):
        return None
    return document if isinstance(document, dict) else None
