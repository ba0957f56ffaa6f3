"""The production-shaped rig of the delivery benchmark and the fault run.

A throwaway CA (`trustme`), the TLS stand-ins for storage server and engine
(benchmarks/_standins.py, in the project's virtualenv), a real `redis-server`, and the
environment that runs the generated server in production mode against them. Not a benchmark
itself (the leading underscore keeps run_all.py from treating it as one).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from _common import BENCHMARKS, PACKAGE, WORK, Server, free_port


def write_tls(directory: Path) -> Path:
    """A throwaway CA and a localhost certificate in `directory`; returns the CA file."""
    import trustme  # a benchmark dependency: pip install 'ebbot-scaffold[bench]'

    directory.mkdir(parents=True, exist_ok=True)
    authority = trustme.CA()
    certificate = authority.issue_cert("localhost", "127.0.0.1")
    authority.cert_pem.write_to_path(str(directory / "ca.pem"))
    certificate.private_key_pem.write_to_path(str(directory / "server.key"))
    with (directory / "server.pem").open("wb") as chain:
        for blob in certificate.cert_chain_pems:
            chain.write(blob.bytes())
    return directory / "ca.pem"


@dataclass
class StandIns:
    """The running stand-ins: ports, the key both expect, and a TLS client for control."""

    storage_port: int
    engine_port: int
    key: str
    ca: Path

    @property
    def storage_url(self) -> str:
        return f"https://localhost:{self.storage_port}"

    @property
    def engine_url(self) -> str:
        return f"https://localhost:{self.engine_port}/dispatch"

    def control(self, method: str, path: str, document: Any = None) -> Any:
        """Call a /_control route of the storage stand-in."""
        request = urllib.request.Request(  # noqa: S310 (https on loopback)
            self.storage_url + path,
            data=None if document is None else json.dumps(document).encode(),
            headers={"authorization": f"Bearer {self.key}", "content-type": "application/json"},
            method=method,
        )
        context = ssl.create_default_context(cafile=str(self.ca))
        with urllib.request.urlopen(request, timeout=30, context=context) as response:  # noqa: S310
            return json.loads(response.read())

    def stats(self) -> dict[str, Any]:
        """What the engine accepted, by referenceId, and how often storage was called."""
        found: dict[str, Any] = self.control("GET", "/_control/stats")
        return found

    def engine_answers(self, status: int) -> None:
        """Make the engine answer `status` to every dispatch (200: back to normal)."""
        self.control("POST", "/_control/engine", {"status": status})

    def seed_subscription(self, connection_id: str, trigger: str, secret: str) -> dict[str, Any]:
        """Store a subscription whose callback is the engine stand-in (its port is not 443,
        which the hardening layer refuses on the public route, rightly)."""
        found: dict[str, Any] = self.control(
            "POST",
            "/_control/subscriptions",
            {
                "connectionId": connection_id,
                "name": trigger,
                "callback": {"type": "http", "method": "post", "url": self.engine_url},
                "options": {"trigger": trigger},
                "secrets": {"signingSecret": secret},
            },
        )
        return found


@contextmanager
def running_standins(python: Path, work: Path, delay_ms: float) -> Iterator[StandIns]:
    """Start benchmarks/_standins.py over TLS; stop it afterwards."""
    ca = write_tls(work / "tls")
    key = secrets.token_urlsafe(32)
    ports_file = work / "standin-ports.json"
    ports_file.unlink(missing_ok=True)
    process = subprocess.Popen(
        [
            str(python),
            str(BENCHMARKS / "_standins.py"),
            PACKAGE,
            str(work / "tls"),
            str(delay_ms),
            key,
            str(ports_file),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while not ports_file.is_file() or not ports_file.read_text():
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("the stand-ins did not start")
            time.sleep(0.05)
        ports = json.loads(ports_file.read_text())
        yield StandIns(int(ports["storage"]), int(ports["engine"]), key, ca)
    finally:
        process.terminate()
        process.wait(timeout=10)


class RedisServer:
    """A real redis-server on loopback, append-only with fsync on every write (durable)."""

    def __init__(self, directory: Path) -> None:
        if shutil.which("redis-server") is None:
            raise SystemExit("redis-server is not installed (apt-get install redis-server)")
        self.directory = directory
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port", str(self.port),
                "--bind", "127.0.0.1",
                "--dir", str(self.directory),
                "--save", "",
                "--appendonly", "yes",
                "--appendfsync", "always",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 20
        while not self.ping():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("redis-server did not start")
            time.sleep(0.05)

    def ping(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as connection:
                connection.sendall(b"PING\r\n")
                return connection.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=20)
            self.process = None


@contextmanager
def running_redis() -> Iterator[RedisServer]:
    """A fresh redis-server in a temporary directory."""
    with tempfile.TemporaryDirectory(prefix="scaffold-redis-") as directory:
        server = RedisServer(Path(directory))
        server.start()
        try:
            yield server
        finally:
            server.stop()


@contextmanager
def running_deliver(
    python: Path, server: Server, environment: dict[str, str], nice: int = 10
) -> Iterator[subprocess.Popen[bytes]]:
    """`python -m <package> deliver` beside `server`: its settings, its working directory
    (dev mode's ./dev.db); stopped with SIGTERM (it finishes its current events)."""
    process = subprocess.Popen(
        [str(python), "-m", PACKAGE, "deliver", "--nice", str(nice)],
        cwd=WORK / f"state-{server.port}",
        env={**_clean_env(), **environment, "AUTH_TOKEN": server.token},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _clean_env() -> dict[str, str]:
    drop = {"DEV_MODE", "APP_ENV", "AUTH_TOKEN", "PYTHONPATH"}
    return {key: value for key, value in os.environ.items() if key not in drop}


def production_env(standins: StandIns, redis_url: str | None, **extra: str) -> dict[str, str]:
    """Production settings against the stand-ins (https with the throwaway CA trusted)."""
    environment = {
        "APP_ENV": "production",
        "DEV_MODE": "false",
        "CONNECTION_SERVER_URL": standins.storage_url,
        "CONNECTION_SERVER_KEY": standins.key,
        "ENGINE_CALLBACK_HOST": "localhost",
        "REQUESTS_CA_BUNDLE": str(standins.ca),  # the SDK's requests trusts the test CA
        "LOG_LEVEL": "WARNING",
        **extra,
    }
    if redis_url:
        environment["REPLAY_STORE_URL"] = redis_url
    return environment


def dev_env(standins: StandIns, redis_url: str | None, **extra: str) -> dict[str, str]:
    """Dev mode (SQLite storage), dispatching to the engine stand-in over TLS."""
    environment = {
        "APP_ENV": "development",
        "DEV_MODE": "true",
        "CONNECTION_SERVER_KEY": standins.key,
        "REQUESTS_CA_BUNDLE": str(standins.ca),
        "LOG_LEVEL": "WARNING",
        **extra,
    }
    if redis_url:
        environment["REPLAY_STORE_URL"] = redis_url
    return environment


def post_json(port: int, token: str, path: str, document: Any) -> Any:
    """POST to the server under test (plain HTTP on loopback, as behind a load balancer)."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        data=json.dumps(document).encode(),
        headers={"authorization": f"Bearer {token}", "content-type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (loopback)
        return json.loads(response.read())
