"""Loopback stand-ins for the Ebbot storage server and engine, over TLS, in one process.

    <project venv>/bin/python benchmarks/_standins.py PACKAGE TLS_DIR DELAY_MS KEY PORTS_FILE

Run by the delivery benchmark and the fault run in the generated project's virtualenv.
Production settings require https, so both serve TLS with the throwaway CA's certificate in
TLS_DIR (server.pem, server.key; the server under test trusts ca.pem through
REQUESTS_CA_BUNDLE). Every request waits DELAY_MS first, like a storage server or engine a
network hop away. KEY is CONNECTION_SERVER_KEY: the SDK sends it to both.

- storage: the storage-server routes the SDK calls (CONTRACT §9), in memory;
- engine: the generated project's own `managed.dev.engine.EngineStandIn`;
- control (on the storage port, same key): `POST /_control/subscriptions` stores a
  subscription as-is (its callback is the engine stand-in on a non-443 port, which the
  hardening layer rightly refuses through the public route), `POST /_control/engine`
  `{"status": 500}` makes the engine fail until `{"status": 200}`, `GET /_control/stats`
  counts what the engine accepted by referenceId.

Writes `{"storage": port, "engine": port}` to PORTS_FILE once both listen.
"""

from __future__ import annotations

import hmac
import importlib
import json
import ssl
import sys
import threading
import time
import uuid
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

STAMP = "2026-01-01T00:00:00Z"


class Storage:
    """Connections and subscriptions in memory, answering as the storage server does."""

    def __init__(self) -> None:
        self.connections: dict[str, dict[str, Any]] = {}
        self.subscriptions: dict[str, dict[str, Any]] = {}
        self.calls = 0
        self.lock = threading.Lock()

    def handle(self, method: str, path: str, query: str, body: Any) -> tuple[int, Any]:
        segments = path.strip("/").split("/")
        with self.lock:
            self.calls += 1
            if method == "POST" and segments == ["connections"]:
                connection = {
                    "id": uuid.uuid4().hex,
                    "wfServerId": "bench",
                    "createdAt": STAMP,
                    "updatedAt": STAMP,
                    **body,
                }
                self.connections[connection["id"]] = connection
                return 201, connection
            if method == "GET" and len(segments) == 2 and segments[0] == "connections":
                found = self.connections.get(segments[1])
                return (200, found) if found else (404, {"detail": "not found"})
            if method == "POST" and len(segments) == 3 and segments[0] == "connections":
                return 201, self.add_subscription(segments[1], body)
            if method == "GET" and len(segments) == 2 and segments[0] == "subscriptions":
                found = self.subscriptions.get(segments[1])
                return (200, found) if found else (404, {"detail": "not found"})
            if len(segments) == 4 and segments[2] == "subscriptions":
                found = self.subscriptions.get(segments[3])
                if found is None or found["connectionId"] != segments[1]:
                    return 404, {"detail": "not found"}
                if method == "PATCH":
                    found.update({k: v for k, v in body.items() if v is not None})
                    return 200, found
                if method == "DELETE":
                    del self.subscriptions[segments[3]]
                    return 204, None
            if method == "GET" and segments[-1] == "subscriptions":
                name = parse_qs(query).get("name", [None])[0]
                data = [
                    s
                    for s in self.subscriptions.values()
                    if (len(segments) == 1 or s["connectionId"] == segments[1])
                    and (name is None or s["name"] == name)
                ]
                return 200, {"total": len(data), "data": data}
            return 404, {"detail": "not found"}

    def add_subscription(self, connection_id: str, body: dict[str, Any]) -> dict[str, Any]:
        subscription = {"id": uuid.uuid4().hex, "connectionId": connection_id, **body}
        self.subscriptions[subscription["id"]] = subscription
        return subscription


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 30
    server: StorageServer

    def _any(self) -> None:
        stand_in = self.server
        time.sleep(stand_in.delay)
        length = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(length) if length else b""
        expected = f"Bearer {stand_in.key}".encode()
        if not hmac.compare_digest((self.headers.get("authorization") or "").encode(), expected):
            self._answer(401, {"detail": "Unauthorized"})
            return
        body = json.loads(raw) if raw else {}
        parts = urlsplit(self.path)
        if parts.path.startswith("/_control/"):
            self._answer(*stand_in.control(self.command, parts.path, body))
            return
        self._answer(*stand_in.storage.handle(self.command, parts.path, parts.query, body))

    do_GET = do_POST = do_PATCH = do_DELETE = _any

    def _answer(self, status: int, document: Any) -> None:
        payload = b"" if status == 204 else json.dumps(document).encode()
        self.send_response(status)
        if status != 204:
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""


class StorageServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 1024

    def __init__(self, context: ssl.SSLContext, delay: float, key: str, engine: Any) -> None:
        self.context = context
        self.delay = delay
        self.key = key
        self.engine = engine
        self.storage = Storage()
        super().__init__(("127.0.0.1", 0), Handler)

    def finish_request(self, request: Any, client_address: Any) -> None:
        try:
            wrapped = self.context.wrap_socket(request, server_side=True)
        except (OSError, ssl.SSLError):
            return
        try:
            super().finish_request(wrapped, client_address)
        finally:
            wrapped.close()

    def control(self, method: str, path: str, body: dict[str, Any]) -> tuple[int, Any]:
        if method == "POST" and path == "/_control/subscriptions":
            with self.storage.lock:
                stored = self.storage.add_subscription(body.pop("connectionId"), body)
            return 201, stored
        if method == "POST" and path == "/_control/engine":
            self.engine.answer(int(body["status"]))
            return 200, {"ok": True}
        if method == "GET" and path == "/_control/stats":
            return 200, self.stats()
        return 404, {"detail": "not found"}

    def stats(self) -> dict[str, Any]:
        accepted = Counter(d.reference_id for d in self.engine.dispatches)
        return {
            "received": len(self.engine.received),
            "accepted": sum(accepted.values()),
            "references": len(accepted),
            "references_twice_or_more": sum(1 for n in accepted.values() if n > 1),
            "reference_ids": sorted(r for r in accepted if r is not None),
            "twice": {  # when each copy arrived (Unix time), to match them with the faults
                reference: [d.received_at for d in self.engine.by_reference(reference)]
                for reference, n in accepted.items()
                if reference is not None and n > 1
            },
            "storage_calls": self.storage.calls,
        }


def main(argv: list[str]) -> None:
    package, tls_dir, delay_ms, key, ports_file = argv
    tls = Path(tls_dir)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(tls / "server.pem", tls / "server.key")
    delay = float(delay_ms) / 1000
    engine_module = importlib.import_module(f"{package}.managed.dev.engine")
    engine = engine_module.EngineStandIn(key, ssl_context=context, delay=delay).start()
    storage = StorageServer(context, delay, key, engine)
    threading.Thread(target=storage.serve_forever, daemon=True).start()
    ports = {"storage": storage.server_address[1], "engine": engine.port}
    Path(ports_file).write_text(json.dumps(ports))
    threading.Event().wait()


if __name__ == "__main__":
    main(sys.argv[1:])
