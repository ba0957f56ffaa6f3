# Managed by scaffold and kept current by `scaffold update`: configure it, do not edit it.
"""`dev --upstream URL`: the dev server sends every upstream call to a local stand-in.

Connections keep their real, allowlisted `baseUrl`, so every check of the server runs as in
production (Options validation, the per-request URL check, the byte cap, typed errors); only
the transport below the app's client differs: it sends each request, with its path and Host
header unchanged, to the stand-in at URL (plain http, loopback only) instead of the network.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import httpx

from ..hardening.subscriptions import LOOPBACK_HOSTS


class LocalUpstreamError(ValueError):
    """The local upstream URL is not an http(s) URL on loopback."""


def check_local_upstream(url: str) -> str:
    """`url` without a trailing slash if it names a server on this machine."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or (parts.hostname or "") not in LOOPBACK_HOSTS:
        raise LocalUpstreamError("--upstream must be a local stand-in: http://127.0.0.1:PORT")
    return url.rstrip("/")


class LocalUpstream(httpx.BaseTransport):
    """Sends every request to the local stand-in at `url` (dev only, never in `serve`)."""

    def __init__(self, url: str) -> None:
        target = httpx.URL(check_local_upstream(url))
        self._scheme, self._host, self._port = target.scheme, target.host, target.port
        self._inner = httpx.HTTPTransport(trust_env=False, retries=0)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Forward `request` to the stand-in; the path, query and headers stay as sent."""
        request.url = request.url.copy_with(scheme=self._scheme, host=self._host, port=self._port)
        return self._inner.handle_request(request)

    def close(self) -> None:
        """Close the stand-in's connection pool."""
        self._inner.close()
