# Managed by scaffold and kept current by `scaffold update`: configure it, do not edit it.
"""Who may reach what: closed CORS, refused routes, docs only in dev mode, and the bearer guard.

Decisions (see SECURITY.md):
- `POST /call` is refused with 404 for everyone, token or not: it runs any action with
  secrets the CALLER supplies, without a connection, and the Ebbot platform
  calls actions through `/connections/{id}/call/{action}` instead. 404 rather than 403 so the
  route looks absent, like any other path this server does not serve.
- `/docs`, `/redoc`, `/openapi.json` answer 404 outside dev mode (they list every route and
  schema). In dev mode a browser on this machine (a loopback client) may read them without the
  token, since a browser cannot send one; from anywhere else they need the token.
- Public without a token: `/liveness`, `/readiness` (answered from a short cache, see
  readiness.py) and the webhook routes under `/webhooks/`, which authenticate the upstream
  themselves (signature checks in managed/webhooks/inbound.py).
- Everything else needs `Authorization: Bearer <AUTH_TOKEN>`, compared in constant time on
  bytes (the SDK's own check is a plain `!=`, which leaks timing). Unknown paths also get 401, so
  the route inventory is not visible without the token.
- CORS is closed: a preflight is refused with 403 and no `Access-Control-*` header is sent.
"""

from __future__ import annotations

import hmac
import logging

from starlette.types import ASGIApp, Receive, Scope, Send

from .asgi import header, route_path, send_json

log = logging.getLogger(__name__)

PUBLIC_PATHS = frozenset({"/liveness", "/readiness"})
WEBHOOK_PREFIX = "/webhooks/"
DOCS_PATHS = frozenset({"/docs", "/redoc", "/openapi.json", "/docs/oauth2-redirect"})
REFUSED_PATHS = frozenset({"/call"})


def is_public(path: str) -> bool:
    """Routes that answer without the bearer token."""
    return path in PUBLIC_PATHS or path.startswith(WEBHOOK_PREFIX)


class RoutePolicy:
    """Refuse CORS preflights, `/call`, and the docs outside dev mode, before anything else."""

    def __init__(self, app: ASGIApp, *, docs_enabled: bool) -> None:
        self.app = app
        self.docs_enabled = docs_enabled

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = route_path(scope)
        if scope["method"] == "OPTIONS" and header(scope, b"access-control-request-method"):
            log.info("refused: CORS preflight")
            await send_json(send, 403, {"detail": "cross-origin requests are not allowed"})
        elif path in REFUSED_PATHS or (path in DOCS_PATHS and not self.docs_enabled):
            log.info("refused: %s is not served", path)
            await send_json(send, 404, {"detail": "Not Found"})
        else:
            await self.app(scope, receive, send)


LOOPBACK_CLIENTS = frozenset({"127.0.0.1", "::1"})


def is_loopback_docs_request(scope: Scope) -> bool:
    """A request for the docs from this machine itself."""
    client = scope.get("client") or ("", 0)
    return route_path(scope) in DOCS_PATHS and client[0] in LOOPBACK_CLIENTS


class BearerGuard:
    """Constant-time bearer check in front of every non-public route."""

    def __init__(self, app: ASGIApp, *, token: str | None, docs_on_loopback: bool) -> None:
        self.app = app
        self.expected = token.encode() if token else None
        self.docs_on_loopback = docs_on_loopback

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or self.expected is None
            or is_public(route_path(scope))
            or (self.docs_on_loopback and is_loopback_docs_request(scope))
        ):
            await self.app(scope, receive, send)
            return
        presented = _bearer(header(scope, b"authorization"))
        # compare_digest on bytes: its time does not depend on where the values differ.
        if presented is None or not hmac.compare_digest(presented, self.expected):
            log.warning(
                "refused: %s bearer token on %s %s",
                "missing" if presented is None else "invalid",
                scope["method"],
                route_path(scope),
            )
            await send_json(
                send, 401, {"detail": "Unauthorized"}, [(b"www-authenticate", b"Bearer")]
            )
            return
        # The SDK repeats the check with an exact string match: hand it the canonical form.
        headers = [(k, v) for k, v in scope["headers"] if k != b"authorization"]
        headers.append((b"authorization", b"Bearer " + presented))
        await self.app({**scope, "headers": headers}, receive, send)


def _bearer(value: bytes | None) -> bytes | None:
    if value is None:
        return None
    scheme, _, credentials = value.strip().partition(b" ")
    if scheme.lower() != b"bearer" or not credentials.strip():
        return None
    return credentials.strip()
