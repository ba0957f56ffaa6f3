# Managed by scaffold and kept current by `scaffold update`: configure it, do not edit it.
"""`/readiness` stays public (orchestrators probe it without credentials) but is made cheap.

The SDK answers it by fetching up to 1000 subscriptions from storage on every call, which
turns an unauthenticated request into an expensive one. Here the SDK is
asked at most once per `ttl_seconds`; every other probe gets the last answer.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .asgi import route_path

log = logging.getLogger(__name__)

READINESS_TTL_SECONDS = 5.0
_NOT_READY_BODY = json.dumps({"status": "not ready"}).encode()
NOT_READY: list[Message] = [
    {
        "type": "http.response.start",
        "status": 503,
        "headers": [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(_NOT_READY_BODY)).encode()),
        ],
    },
    {"type": "http.response.body", "body": _NOT_READY_BODY},
]


class ReadinessCache:
    """Serve `GET /readiness` from a short-lived cache of the SDK's answer."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        ttl_seconds: float = READINESS_TTL_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.app = app
        self.ttl_seconds = ttl_seconds
        self.clock = clock
        self._answer: list[Message] = []
        self._expires = 0.0
        self._lock = asyncio.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or route_path(scope) != "/readiness" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        async with self._lock:
            if not self._answer or self.clock() >= self._expires:
                recorded: list[Message] = []

                async def record(message: Message) -> None:
                    recorded.append(message)

                try:
                    await self.app(scope, receive, record)
                except Exception:
                    # Storage is down: say so, and keep saying so until the TTL ends.
                    log.warning("readiness probe failed", exc_info=True)
                    recorded = NOT_READY
                self._answer, self._expires = recorded, self.clock() + self.ttl_seconds
            answer = list(self._answer)
        for message in answer:
            await send(message)
