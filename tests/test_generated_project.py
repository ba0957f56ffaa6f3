"""The default project installs in a fresh Python 3.13 venv, passes its own suite and serves."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from scaffold_support import install, make_venv, render_project, run_tool

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed_default(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    project = render_project(tmp_path_factory.mktemp("e2e") / "acme-tickets")
    python = make_venv(project / ".venv")
    install(python, "-e", ".[test]", cwd=project)
    return project, python


def test_generated_suite_passes_against_the_sdk_double(
    installed_default: tuple[Path, Path],
) -> None:
    project, python = installed_default
    result = run_tool(python, "pytest", "-q", "-p", "no:cacheprovider", cwd=project)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " passed" in result.stdout


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str) -> tuple[int, dict[str, object]]:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback only)
        return response.status, json.loads(response.read())


def test_serve_in_dev_mode_answers_liveness_and_manifest(
    installed_default: tuple[Path, Path], tmp_path: Path
) -> None:
    _, python = installed_default
    port = _free_port()
    env = {**os.environ, "DEV_MODE": "true", "APP_ENV": "development"}
    env.pop("AUTH_TOKEN", None)
    server = subprocess.Popen(
        [str(python), "-m", "acme_tickets", "serve", "--port", str(port)],
        cwd=tmp_path,  # dev.db lands here, not in the project
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                status, body = _get(f"http://127.0.0.1:{port}/liveness")
                break
            except OSError:
                assert server.poll() is None, server.stdout.read() if server.stdout else ""
                assert time.monotonic() < deadline, "server did not start within 30 s"
                time.sleep(0.2)
        assert (status, body) == (200, {"status": "alive"})
        status, manifest = _get(f"http://127.0.0.1:{port}/manifest")
        assert status == 200
        assert {a["name"] for a in manifest["actions"]} == {"get_ticket", "create_ticket"}  # type: ignore[index]
        assert [t["name"] for t in manifest["triggers"]] == ["on_ticket_created"]  # type: ignore[index]
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_serve_refuses_production_without_settings(
    installed_default: tuple[Path, Path], tmp_path: Path
) -> None:
    _, python = installed_default
    env = {key: value for key, value in os.environ.items() if key not in {"DEV_MODE", "AUTH_TOKEN"}}
    done = subprocess.run(
        [str(python), "-m", "acme_tickets", "serve", "--port", str(_free_port())],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "AUTH_TOKEN" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    "answers",
    [
        # a timestamped header scheme, per-subscription secrets, all verbs on one resource
        {
            "webhook_preset": "stripe",
            "resources": [
                {"name": "charge", "verbs": ["get", "list", "search", "create", "update", "close"]}
            ],
        },
        # no timestamp (dedupe only), basic auth, destructive verb
        {
            "webhook_preset": "github",
            "api_auth": "basic",
            "resources": [{"name": "issue", "verbs": ["get", "delete"]}],
        },
        # signs the public URL, per-connection secret, OAuth2 client credentials
        {
            "webhook_preset": "twilio",
            "api_auth": "oauth2-client-credentials",
            "oauth_token_url": "https://api.twilio.com/oauth/token",
        },
        # actions only
        {"webhook_preset": "none", "api_auth": "api-key-header"},
    ],
    ids=["stripe", "github-basic", "twilio-oauth2", "none-api-key"],
)
def test_representative_renderings_pass_their_own_suite(
    answers: dict[str, object], tmp_path: Path
) -> None:
    project = render_project(tmp_path / "representative", **answers)
    python = make_venv(project / ".venv")
    install(python, "-e", ".[test]", cwd=project)
    result = run_tool(python, "pytest", "-q", "-p", "no:cacheprovider", cwd=project)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and " skipped" not in result.stdout
