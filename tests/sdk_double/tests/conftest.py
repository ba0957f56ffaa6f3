"""Fixtures of the SDK double's tests.

Every server runs in dev mode inside a fresh temporary working directory, so each test gets
its own `./dev.db` (CONTRACT.md section 10).
"""

import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from integrations_sdk.server import start_workflow_server

from .fns import triggers as fns_triggers
from .fns.models import Options, Secrets
from .support import (
    ENGINE_KEY,
    FNS_PACKAGE,
    GOOD_CONNECTION,
    AppFactory,
    FakeHTTPServer,
    PackageFactory,
)

# The conformance folder holds the real SDK's probe program and fixture server, which run
# their probes at import time: they are data for test_conformance.py, never test modules.
collect_ignore = ["conformance"]


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh current working directory (dev-mode storage writes ./dev.db there)."""
    monkeypatch.chdir(tmp_path)
    fns_triggers.STARTED.clear()
    fns_triggers.REMOVED.clear()
    return tmp_path


@pytest.fixture
def build_app(workdir: Path) -> AppFactory:
    """Build a dev-mode server over the `fns` package; keyword arguments override defaults."""

    def build(**overrides: Any) -> FastAPI:
        arguments: dict[str, Any] = {
            "path": FNS_PACKAGE,
            "storage_server_url": "http://storage.invalid",
            "storage_server_key": ENGINE_KEY,
            "options": Options,
            "secrets": Secrets,
            "dev_mode": True,
            **overrides,
        }
        return start_workflow_server(**arguments)

    return build


@pytest.fixture
def client(build_app: AppFactory) -> TestClient:
    """A client of the default server; unhandled errors become plain-text 500 responses."""
    return TestClient(build_app(), raise_server_exceptions=False)


@pytest.fixture
def connection_id(client: TestClient) -> str:
    """The id of a connection created through the API (region "eu", apiKey "CANARY-1")."""
    response = client.post("/connections", json=GOOD_CONNECTION)
    assert response.status_code == 201
    return str(response.json()["id"])


@pytest.fixture
def fake_server() -> Iterator[FakeHTTPServer]:
    """A recording HTTP server on 127.0.0.1 (callback sink, storage server, Challenger API)."""
    server = FakeHTTPServer()
    yield server
    server.close()


@pytest.fixture
def callback(fake_server: FakeHTTPServer) -> dict[str, str]:
    """A subscription callback pointing at the fake server's /cb."""
    return {"type": "http", "method": "post", "url": f"{fake_server.url}/cb"}


@pytest.fixture
def make_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[PackageFactory]:
    """Write a uniquely named package from `{relative path: source}` and put it on sys.path."""
    root = tmp_path / "packages"
    root.mkdir()
    monkeypatch.syspath_prepend(str(root))
    names: list[str] = []

    def make(files: dict[str, str]) -> str:
        name = f"pkg_{uuid.uuid4().hex[:12]}"
        for relative, source in {"__init__.py": "", **files}.items():
            target = root / name / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(source)
        names.append(name)
        return name

    yield make
    for module in [m for m in sys.modules if m.split(".")[0] in names]:
        del sys.modules[module]
