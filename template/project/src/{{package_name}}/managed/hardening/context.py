# Managed by scaffold and kept current by `scaffold update`: configure it, do not edit it.
"""Outermost layer: a request id, the app's Runtime, security headers on every response, no
CORS headers, and a generic 500 for anything that escapes the app.

The request id is new for every request (a client-chosen id could carry anything into the
logs); it is set in the `log.request_id` context variable, so every log line of the request
carries it, and returned as `X-Request-ID` so a user can quote it. An unhandled exception is
logged (through the redacting handler) and answered with the id only: no message, no trace.
"""

from __future__ import annotations

import logging
import secrets

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..log import adopt_server_loggers, request_id
from ..runtime import Runtime
from .asgi import route_path, send_json

log = logging.getLogger(__name__)

SECURITY_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"cache-control", b"no-store"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
)
STRICT_CSP = b"default-src 'none'; frame-ancestors 'none'"
# Only in dev mode, and only for the interactive docs pages (they load Swagger UI / ReDoc).
DOCS_CSP = (
    b"default-src 'none'; script-src 'unsafe-inline' https://cdn.jsdelivr.net; "
    b"style-src 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.googleapis.com; "
    b"font-src https://fonts.gstatic.com; img-src data: https://fastapi.tiangolo.com "
    b"https://cdn.redoc.ly; connect-src 'self'; worker-src blob:; frame-ancestors 'none'"
)
DOCS_PAGES = frozenset({"/docs", "/redoc"})
_DROPPED = (b"access-control-", b"server")


def generic_error(correlation_id: str) -> dict[str, str]:
    """The only body a 500 ever has."""
    return {"detail": "internal error", "correlation_id": correlation_id}


class RequestContext:
    """Request id, runtime, security headers, CORS headers removed, unhandled errors contained."""

    def __init__(self, app: ASGIApp, *, docs_enabled: bool, runtime: Runtime) -> None:
        self.app = app
        self.docs_enabled = docs_enabled
        self.runtime = runtime

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self.app(scope, self._on_startup(receive), send)
            return
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        correlation_id = secrets.token_hex(16)  # 32 hex digits, as a uuid4's hex
        token = request_id.set(correlation_id)
        csp = DOCS_CSP if self.docs_enabled and route_path(scope) in DOCS_PAGES else STRICT_CSP
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = [
                    (key, value)
                    for key, value in message.get("headers", [])
                    if not key.lower().startswith(_DROPPED)
                ]
                headers += [*SECURITY_HEADERS, (b"content-security-policy", csp)]
                headers.append((b"x-request-id", correlation_id.encode()))
                message = {**message, "headers": headers}
            await send(message)

        try:
            with self.runtime.serving():
                await self.app(scope, receive, send_with_headers)
        except Exception:
            log.exception("unhandled error while serving %s", scope.get("method"))
            if not started:
                await send_json(send_with_headers, 500, generic_error(correlation_id))
        finally:
            request_id.reset(token)

    @staticmethod
    def _on_startup(receive: Receive) -> Receive:
        async def receive_startup() -> Message:
            message = await receive()
            if message["type"] == "lifespan.startup":
                adopt_server_loggers()  # uvicorn has installed its own handlers by now
            return message

        return receive_startup
