# Managed by scaffold and kept current by `scaffold update`: configure it, do not edit it.
"""A local stand-in for the Ebbot engine: the HTTP endpoint dispatches are POSTed to.

The SDK POSTs every dispatch to the subscription's callback URL with the engine key as a
bearer token (`Authorization: Bearer <CONNECTION_SERVER_KEY>`). `EngineStandIn` serves that
endpoint on loopback for `python -m <package> dev`, for tests and for benchmarks: it checks
the key, records each dispatch (by dispatch id and by `metadata.referenceId`), calls an
`on_dispatch` callback, and can be told to answer slowly or with an error status, to see how
the server behaves when the engine is slow or down.

Only the standard library is used, so importing it costs nothing; one thread serves each
connection (the SDK opens a new connection per dispatch).
"""

from __future__ import annotations

import hmac
import json
import logging
import socket
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self

log = logging.getLogger(__name__)

MAX_DISPATCH_BYTES = 8 * 1024 * 1024
ACCEPTED = 200


@dataclass(frozen=True)
class Dispatch:
    """One dispatch as the engine received it, and the status it was answered with."""

    id: str
    trigger: str
    connection_id: str
    subscription_id: str
    reference_id: str | None
    payload: Any
    metadata: Any
    path: str
    status: int
    received_at: float = field(default=0.0, compare=False)

    @property
    def accepted(self) -> bool:
        """True when the engine answered 2xx (the SDK then reports success upstream)."""
        return 200 <= self.status < 300


DispatchCallback = Callable[[Dispatch], None]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 1024

    def __init__(self, address: tuple[str, int], engine: EngineStandIn) -> None:
        self.engine = engine
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, _Handler)

    def finish_request(self, request: Any, client_address: Any) -> None:
        # The TLS handshake runs here, in the connection's own thread, so a slow client
        # never holds up the accept loop.
        context = self.engine.ssl_context
        if context is None:
            super().finish_request(request, client_address)
            return
        try:
            wrapped = context.wrap_socket(request, server_side=True)
        except (OSError, ssl.SSLError):
            return
        try:
            super().finish_request(wrapped, client_address)
        finally:
            wrapped.close()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 30  # an idle keep-alive connection gives its thread back after this
    server: _Server

    def do_POST(self) -> None:
        engine = self.server.engine
        length_header = self.headers.get("content-length")
        try:
            length = int(length_header) if length_header is not None else -1
        except ValueError:
            length = -1
        if not 0 <= length <= MAX_DISPATCH_BYTES:
            self._answer(411 if length_header is None else 413, {"detail": "bad length"})
            return
        body = self.rfile.read(length)
        if not engine.authorized(self.headers.get("authorization")):
            engine.count_refused()
            self._answer(401, {"detail": "Unauthorized"})
            return
        try:
            document = json.loads(body)
        except ValueError:
            document = None
        if not isinstance(document, dict):
            self._answer(400, {"detail": "a dispatch is a JSON object"})
            return
        status = engine.receive(document, self.path)
        if status < 300:
            self._answer(status, {"ok": True})
        else:
            self._answer(status, {"detail": "engine stand-in told to fail"})

    def do_GET(self) -> None:
        self._answer(200 if self.path == "/health" else 404, {"status": "engine stand-in"})

    def _answer(self, status: int, document: dict[str, Any]) -> None:
        payload = json.dumps(document).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: every dispatch reaches `on_dispatch` instead of stderr."""


class EngineStandIn:
    """The engine's dispatch endpoint on `host:port` (port 0 picks a free port).

    Use it as a context manager, or call `start()`/`stop()`. After start, `url` is the base
    URL to use as a subscription's callback URL (any path under it is accepted).
    """

    def __init__(
        self,
        engine_key: str,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        ssl_context: ssl.SSLContext | None = None,
        delay: float = 0.0,
        on_dispatch: DispatchCallback | None = None,
    ) -> None:
        self.engine_key = engine_key
        self.host = host
        self.port = port
        self.ssl_context = ssl_context
        self.delay = delay
        self.on_dispatch = on_dispatch
        self._lock = threading.Lock()
        self._arrived = threading.Condition(self._lock)
        self._received: list[Dispatch] = []
        self._by_id: dict[str, Dispatch] = {}
        self._by_reference: dict[str, list[Dispatch]] = {}
        self._refused = 0
        self._failure: tuple[int, int | None] | None = None
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> Self:
        """Bind and serve in a background thread; returns self."""
        if self._server is not None:
            return self
        self._server = _Server((self.host, self.port), self)
        self.port = int(self._server.server_address[1])
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.1},
            name="engine-stand-in",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and release the port (idempotent)."""
        server, thread = self._server, self._thread
        self._server = self._thread = None
        if server is None:
            return
        server.shutdown()
        server.server_close()
        if thread is not None:
            thread.join()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """Base URL of the running stand-in, e.g. `http://127.0.0.1:53211`."""
        if self._server is None:
            raise RuntimeError("the engine stand-in is not running; call start() first")
        scheme = "https" if self.ssl_context is not None else "http"
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{scheme}://{host}:{self.port}"

    # -- faults ------------------------------------------------------------------------------

    def answer(self, status: int, *, times: int | None = None) -> None:
        """Answer `status` to the next `times` dispatches (all of them while `times` is None).

        `answer(200)` goes back to normal.
        """
        if not 100 <= status <= 599:
            raise ValueError("status must be an HTTP status code")
        if times is not None and times < 0:
            raise ValueError("times must be zero or more")
        with self._lock:
            self._failure = None if 200 <= status < 300 and times is None else (status, times)

    def _status(self) -> int:
        with self._lock:
            if self._failure is None:
                return ACCEPTED
            status, left = self._failure
            if left is not None:
                if left == 0:
                    self._failure = None
                    return ACCEPTED
                self._failure = (status, left - 1) if left > 1 else None
            return status

    # -- receiving ---------------------------------------------------------------------------

    def authorized(self, header: str | None) -> bool:
        """True when `header` is exactly `Bearer <engine key>` (compared in constant time)."""
        expected = f"Bearer {self.engine_key}".encode()
        return hmac.compare_digest((header or "").encode(), expected)

    def count_refused(self) -> None:
        """Count one request that carried a missing or wrong engine key."""
        with self._lock:
            self._refused += 1

    def receive(self, document: dict[str, Any], path: str = "/") -> int:
        """Record one dispatch body, call `on_dispatch`, and return the status to answer."""
        if self.delay > 0:
            time.sleep(self.delay)
        status = self._status()
        metadata = document.get("metadata")
        reference = metadata.get("referenceId") if isinstance(metadata, dict) else None
        dispatch = Dispatch(
            id=str(document.get("id", "")),
            trigger=str(document.get("name", "")),
            connection_id=str(document.get("connectionId", "")),
            subscription_id=str(document.get("subscriptionId", "")),
            reference_id=None if reference is None else str(reference),
            payload=document.get("payload"),
            metadata=metadata,
            path=path,
            status=status,
            received_at=time.time(),
        )
        with self._arrived:
            self._received.append(dispatch)
            self._by_id[dispatch.id] = dispatch
            if dispatch.reference_id is not None:
                self._by_reference.setdefault(dispatch.reference_id, []).append(dispatch)
            self._arrived.notify_all()
        if self.on_dispatch is not None:
            try:
                self.on_dispatch(dispatch)
            except Exception:
                # A broken printer must not turn into an engine error the server would see.
                log.exception("on_dispatch failed")
        return status

    # -- what was received -------------------------------------------------------------------

    @property
    def received(self) -> list[Dispatch]:
        """Every dispatch that carried the right key, in arrival order (failed answers too)."""
        with self._lock:
            return list(self._received)

    @property
    def dispatches(self) -> list[Dispatch]:
        """The dispatches answered 2xx, in arrival order."""
        with self._lock:
            return [dispatch for dispatch in self._received if dispatch.accepted]

    @property
    def refused(self) -> int:
        """How many requests carried a missing or wrong engine key (answered 401)."""
        with self._lock:
            return self._refused

    def get(self, dispatch_id: str) -> Dispatch | None:
        """The dispatch with this id (the SDK's per-dispatch uuid), if it arrived."""
        with self._lock:
            return self._by_id.get(dispatch_id)

    def by_reference(self, reference_id: str) -> list[Dispatch]:
        """Every dispatch whose `metadata.referenceId` is `reference_id`, in arrival order."""
        with self._lock:
            return list(self._by_reference.get(reference_id, ()))

    def wait_for(self, count: int, timeout: float = 10.0) -> bool:
        """Block until at least `count` dispatches arrived (or `timeout` s); True if they did."""
        with self._arrived:
            return self._arrived.wait_for(lambda: len(self._received) >= count, timeout)

    def clear(self) -> None:
        """Forget everything received so far (the failure mode is kept)."""
        with self._lock:
            self._received.clear()
            self._by_id.clear()
            self._by_reference.clear()
            self._refused = 0
