# Managed by scaffold and kept current by `scaffold update`: configure it, do not edit it.
"""The public lane: routes that authenticate their callers themselves (the webhook routes)
are served right inside the request context, through the body cap, and nothing else.

Every layer between them does nothing for such a route: the rewriter's bodies are the SDK's
(a public route answers its own constant ones), the route policy and bearer guard let
`/webhooks/` through, readiness and subscription guarding are for other paths, and the SDK's
middleware and router only find the route again. Each of those layers costs every delivery,
and every forged one, its share of the server (about 80k instructions of a refusal's 500k).
What the lane keeps: the request id, security headers and the generic 500 (RequestContext,
outside it) and the one body cap (BodyCap, the same class and limit as every other route's).

Only a prefix the access policy already makes public (access.py: `/webhooks/`) can be
registered, so the lane never opens a route the bearer guard would close. A request takes
the lane only if it is a POST whose raw path (as access.py judges it) is a registered prefix
followed by one non-empty segment without a slash. Any other method, a trailing slash or a
deeper path goes the whole way, and gets the router's 405, redirect or 404 as before; so does
every request behind a `root_path` (slower, never less guarded). The webhook routes are also
in the app's router (`inbound.mount_webhook_route`), so an app served without the hardening
layer still answers them.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import FastAPI
from starlette.types import ASGIApp, Receive, Scope, Send

from .access import is_public
from .body import BodyCap


@dataclass(frozen=True)
class PublicRoute:
    """`POST <prefix>{<parameter>}`, served by the ASGI app `endpoint` with the segment in
    `scope["path_params"][parameter]`, as the router would."""

    prefix: str
    parameter: str
    endpoint: ASGIApp


class PublicRoutes:
    """The app's public routes by prefix (kept on `app.state`, filled before `harden`)."""

    def __init__(self) -> None:
        self._by_prefix: dict[str, PublicRoute] = {}

    def register(self, route: PublicRoute) -> None:
        prefix = route.prefix
        names = prefix[1:-1].split("/")
        if not (prefix.startswith("/") and prefix.endswith("/")) or any(
            name in ("", ".", "..") for name in names
        ):
            raise ValueError(
                f"a public route's prefix is '/'-separated names, ending in '/': {prefix!r}"
            )
        if not is_public(prefix):  # the lane skips the bearer guard: never open a route
            raise ValueError(f"{prefix!r} is not public by the access policy (access.py)")
        if prefix in self._by_prefix:
            raise ValueError(f"{prefix!r} is registered already: one route per prefix")
        self._by_prefix[prefix] = route

    def match(self, scope: Scope) -> PublicRoute | None:
        """The route a POST to this path takes, or None (the request goes the whole way)."""
        if scope["method"] != "POST":
            return None
        path: str = scope["path"]
        cut = path.rfind("/") + 1
        if cut == len(path):  # empty last segment: "/webhooks/x/"
            return None
        return self._by_prefix.get(path[:cut])


def public_routes(app: FastAPI) -> PublicRoutes:
    """The public routes registered on `app` (an empty registry the first time)."""
    routes: PublicRoutes | None = getattr(app.state, "public_routes", None)
    if routes is None:
        routes = app.state.public_routes = PublicRoutes()
    return routes


class PublicLane:
    """POSTs to a registered public route go straight to it, through the body cap."""

    def __init__(self, app: ASGIApp, *, routes: PublicRoutes, max_bytes: int) -> None:
        self.app = app
        self.routes = routes
        self.capped = BodyCap(self._endpoint, max_bytes=max_bytes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        route = self.routes.match(scope) if scope["type"] == "http" else None
        if route is None:
            await self.app(scope, receive, send)
            return
        segment = scope["path"][len(route.prefix) :]
        scope["public_route"] = route
        scope["path_params"] = {route.parameter: segment}
        await self.capped(scope, receive, send)

    @staticmethod
    async def _endpoint(scope: Scope, receive: Receive, send: Send) -> None:
        route: PublicRoute = scope["public_route"]
        await route.endpoint(scope, receive, send)
