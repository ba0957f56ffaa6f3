"""Request logging middleware (CONTRACT.md section 2).

Logs `"<METHOD> <path> -> <status>"` for every request under `integrations_sdk.server`, at DEBUG
for the health paths and INFO otherwise. The full path, ids included, is logged (deliberate:
CONTRACT §13.12).
"""

import logging

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["RequestLogMiddleware"]

logger = logging.getLogger("integrations_sdk.server")

HEALTH_PATHS = frozenset({"/liveness", "/readiness"})


class RequestLogMiddleware:
    """Pure ASGI middleware logging each HTTP request's method, path and status."""

    def __init__(self, app: ASGIApp) -> None:
        """Wrap `app`."""
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on and log it once the response status is known."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 500

        async def send_with_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_with_status)
        finally:
            path = scope["path"]
            level = logging.DEBUG if path in HEALTH_PATHS else logging.INFO
            # deliberate: CONTRACT §13.12, the full path (connection/subscription ids) is logged
            logger.log(level, "%s %s -> %s", scope["method"], path, status)
