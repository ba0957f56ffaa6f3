"""Test helpers for the SDK double's own tests: shared constants and a recording HTTP server.

It stands in for every remote party the SDK talks to: the engine's callback URL (dispatch),
the storage server (section 9) and the Challenger API (section 12).
"""

import http.server
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI

FNS_PACKAGE = f"{__package__}.fns"
"""Dotted name of the test workflow-server package (`path` of start_workflow_server)."""
ENGINE_KEY = "ENGINE-KEY"
"""The storage-server key the test servers are built with (also dispatch's bearer token)."""
GOOD_CONNECTION = {"options": {"region": "eu"}, "secrets": {"apiKey": "CANARY-1"}}
"""A valid `POST /connections` body for the test Options/Secrets models."""
ENGINE_CALLBACK_URL = "https://engine.example/cb"
"""A callback URL no real host answers: only a transport-level mock (`responses`) can."""
STORED_CONNECTION: dict[str, Any] = {
    "id": "c1",
    "wfServerId": "w",
    "secrets": {"k": "v"},
    "options": {"o": 1},
    "createdAt": "t",
    "updatedAt": "t",
}
"""A connection as the storage server returns it (section 9), secrets included."""
STORED_SUBSCRIPTION: dict[str, Any] = {
    "id": "s1",
    "connectionId": "c1",
    "callback": {"type": "http", "method": "post", "url": ENGINE_CALLBACK_URL},
    "name": "hook",
    "options": {"a": 1},
    "secrets": None,
    "createdAt": "t",
}
"""A subscription as the storage server returns it (with an extra `createdAt`)."""

AppFactory = Callable[..., FastAPI]
"""`build_app(**overrides)`: builds a dev-mode server over `fns`."""
PackageFactory = Callable[[dict[str, str]], str]
"""`make_package({relative path: source})`: writes an importable package, returns its name."""


@dataclass
class Recorded:
    """One request the fake server received."""

    method: str
    path: str
    headers: dict[str, str]
    body: Any


@dataclass
class FakeHTTPServer:
    """Answers every request from a (method, path) table and records it."""

    requests: list[Recorded] = field(default_factory=list)
    routes: dict[tuple[str, str], tuple[int, Any]] = field(default_factory=dict)
    default: tuple[int, Any] = (200, {})

    def __post_init__(self) -> None:
        """Bind to a free port on 127.0.0.1 and serve from a daemon thread."""
        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        ).start()

    @property
    def url(self) -> str:
        """Base URL, without a trailing slash."""
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def respond(self, method: str, path: str, status: int, body: Any = None) -> None:
        """Answer `method path` (query ignored) with `status` and a JSON `body`."""
        self.routes[(method, path)] = (status, body)

    def close(self) -> None:
        """Stop serving and free the port."""
        self._server.shutdown()
        self._server.server_close()

    def _handler_class(self) -> type[http.server.BaseHTTPRequestHandler]:
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _handle(self) -> None:
                raw = self.rfile.read(int(self.headers.get("content-length") or 0))
                fake.requests.append(
                    Recorded(
                        method=self.command,
                        path=self.path,
                        headers={key.lower(): value for key, value in self.headers.items()},
                        body=json.loads(raw) if raw else None,
                    )
                )
                status, body = fake.routes.get(
                    (self.command, urlsplit(self.path).path), fake.default
                )
                payload = b"" if body is None else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _handle

            def log_message(self, format: str, *args: Any) -> None:
                """Keep the test output quiet."""

        return Handler


def subscribe(
    client: Any, connection_id: str, trigger: str, callback: dict[str, str] | str, **data: Any
) -> Any:
    """POST a subscription for `trigger`; `callback` is the callback object or just its URL,
    `data` may set `options` and `secrets` (both default to empty objects)."""
    if isinstance(callback, str):
        callback = {"type": "http", "method": "post", "url": callback}
    body = {"callback": callback, "data": {"options": {}, "secrets": {}, **data}}
    return client.post(f"/connections/{connection_id}/subscriptions/{trigger}", json=body)
