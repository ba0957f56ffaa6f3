# Managed by scaffold and kept current by `scaffold update`: configure it, do not edit it.
"""Request body cap for every route, enforced before the body is read.

fastapi <0.116 (what the SDK pins) has no `max_body_size`, so the cap is ours: a declared
`Content-Length` over the cap is refused at once, and streamed (chunked) bodies are counted
as they arrive, so a missing or lying `Content-Length` cannot get more bytes in.
"""

from __future__ import annotations

import logging

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .asgi import BodyTooLarge, header, send_json

log = logging.getLogger(__name__)

TOO_LARGE = {"detail": "payload too large"}


class BodyCap:
    """413 for bodies over `max_bytes`, declared or streamed."""

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = header(scope, b"content-length")
        if declared is not None:
            if not declared.isdigit():
                log.info("refused: a Content-Length that is not a byte count")
                await send_json(send, 400, {"detail": "invalid Content-Length"})
                return
            if int(declared) > self.max_bytes:
                log.info("refused: declared body over the %d byte cap", self.max_bytes)
                await send_json(send, 413, TOO_LARGE)
                return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge:
            log.info("refused: streamed body over the %d byte cap", self.max_bytes)
            if not started:
                await send_json(send, 413, TOO_LARGE)
