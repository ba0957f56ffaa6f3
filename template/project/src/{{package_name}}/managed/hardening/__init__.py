# Managed by scaffold and kept current by `scaffold update`: configure it, do not edit it.
"""The hardening layer: an ASGI middleware stack this project owns, around the SDK app.

The SDK's own protections are thin (see SECURITY.md), so every request passes these layers, in
this order, before the SDK sees it (and every response passes them on the way out):

1. RequestContext    request id (logs and X-Request-ID), the app's Runtime made current,
                     security headers, no CORS headers, a generic 500 with the correlation
                     id for anything unhandled;
   PublicLane        a POST to a public route that authenticates its caller itself (a
                     webhook route) goes from here through BodyCap straight to it: none of
                     the layers below applies to it (lane.py says why);
2. ResponseRewriter  generic 500 bodies, input-free 422 bodies, `secrets` stripped from
                     connection/subscription responses, registered secret values masked;
3. RoutePolicy       CORS preflight refused, `POST /call` absent, docs absent outside dev mode;
4. BearerGuard       constant-time bearer token on every non-public route;
5. BodyCap           413 for bodies over MAX_BODY_BYTES, declared or streamed;
6. ReadinessCache    `/readiness` asks storage at most once every few seconds;
7. SubscriptionGuard secrets registered for redaction, callback URLs kept on the engine host,
                     ownership check and upstream cleanup on subscription delete.
"""

from __future__ import annotations

from fastapi import FastAPI

from ..runtime import Runtime
from ..settings import Settings
from .access import BearerGuard, RoutePolicy
from .body import BodyCap
from .cleanup import RemovedSubscription, SubscriptionCleanup, cleanup_registry
from .context import RequestContext
from .lane import PublicLane, PublicRoute, public_routes
from .readiness import ReadinessCache
from .responses import ResponseRewriter
from .subscriptions import SubscriptionGuard

__all__ = [
    "PublicRoute",
    "RemovedSubscription",
    "SubscriptionCleanup",
    "cleanup_registry",
    "harden",
    "public_routes",
]


def harden(app: FastAPI, settings: Settings, runtime: Runtime) -> FastAPI:
    """Wrap `app` in the hardening stack (outermost first, as listed in the module doc);
    every request it serves runs with `runtime` current."""
    docs_enabled = settings.dev_mode
    # add_middleware puts each new layer OUTSIDE the previous ones: add innermost first.
    app.add_middleware(
        SubscriptionGuard,
        engine_host=settings.callback_host,
        dev_mode=settings.dev_mode,
        cleanup=cleanup_registry(app),
    )
    app.add_middleware(ReadinessCache)
    app.add_middleware(BodyCap, max_bytes=settings.max_body_bytes)
    app.add_middleware(BearerGuard, token=settings.auth_token_value, docs_on_loopback=docs_enabled)
    app.add_middleware(RoutePolicy, docs_enabled=docs_enabled)
    app.add_middleware(ResponseRewriter)
    app.add_middleware(PublicLane, routes=public_routes(app), max_bytes=settings.max_body_bytes)
    app.add_middleware(RequestContext, docs_enabled=docs_enabled, runtime=runtime)
    return app
