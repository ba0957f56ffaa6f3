"""The default project installs in a fresh Python 3.13 venv, passes its own suite and serves."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
import urllib.request
from pathlib import Path
from xml.etree import ElementTree

import pytest

from scaffold.presets import WEBHOOK_PRESETS

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


# Presets whose default answers carry one event get a second, so that every preset's suite
# also proves a subscription is refused on another trigger's route.
SECOND_EVENT = {
    "slack": "app_mention",
    "zendesk": "zen:event-type:ticket.updated",
    "hubspot-v3": "contact.deletion",
    "intercom": "conversation.admin.replied",
    "jira": "jira:issue_updated",
    "twilio": "message.status",
}
# Other answers spread over the presets, so the full suites also cover every API auth kind,
# every verb and the long destructive path.
EXTRA_ANSWERS: dict[str, dict[str, object]] = {
    "stripe": {
        "resources": [
            {"name": "charge", "verbs": ["get", "list", "search", "create", "update", "close"]}
        ]
    },
    "github": {"api_auth": "basic", "resources": [{"name": "issue", "verbs": ["get", "delete"]}]},
    "twilio": {
        "api_auth": "oauth2-client-credentials",
        "oauth_token_url": "https://api.twilio.com/oauth/token",
    },
    "none": {"api_auth": "api-key-header"},
}


def full_suite_answers(preset: str) -> dict[str, object]:
    """The answers of one preset's full-suite render (two events wherever it has webhooks)."""
    answers: dict[str, object] = {"webhook_preset": preset, **EXTRA_ANSWERS.get(preset, {})}
    events = [{"name": e.name, "fields": list(e.fields)} for e in WEBHOOK_PRESETS[preset].events]
    if preset in SECOND_EVENT:
        events.append({"name": SECOND_EVENT[preset], "fields": events[0]["fields"]})
    if events:
        answers["events"] = events[:2]
    return answers


def junit_outcomes(report: Path) -> dict[str, str]:
    """Test name -> "passed" or "failed", from a JUnit XML report pytest wrote here."""
    root = ElementTree.parse(report).getroot()  # noqa: S314 - our own pytest's report
    return {
        case.get("name", ""): "failed" if case.find("failure") is not None else "passed"
        for case in root.iter("testcase")
    }


@pytest.mark.parametrize("preset", list(WEBHOOK_PRESETS))
def test_every_preset_passes_its_own_suite(preset: str, tmp_path: Path) -> None:
    project = render_project(tmp_path / "representative", **full_suite_answers(preset))
    python = make_venv(project / ".venv")
    install(python, "-e", ".[test]", cwd=project)
    report = tmp_path / "suite.xml"
    result = run_tool(
        python, "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={report}", cwd=project
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and " skipped" not in result.stdout
    print(f"{preset}: {result.stdout.strip().splitlines()[-1]}")  # shown with pytest -rP
    if WEBHOOK_PRESETS[preset].events:
        outcomes = junit_outcomes(report)
        cross_route = "test_another_triggers_route_refuses_the_subscription_before_the_signature"
        assert outcomes.get(cross_route) == "passed"


# The proofs that must go red when the hardening layer is taken away; 13.13 is about the
# triggers' design, not the layer, so it holds either way.
PROOFS_HOLDING_WITHOUT_HARDENING = {
    "test_13_13_no_trigger_relies_on_the_paginated_subscription_walk"
}


def test_the_proofs_fail_without_the_hardening_layer(
    installed_default: tuple[Path, Path], tmp_path: Path
) -> None:
    project, python = installed_default
    report = tmp_path / "proofs.xml"
    env_run = subprocess.run(
        [
            str(python),
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            f"--junitxml={report}",
            "tests/test_canary.py",
            "tests/test_sdk_weaknesses.py",
        ],
        cwd=project,
        env={**os.environ, "PROOF_WITHOUT_HARDENING": "1"},
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert env_run.returncode == 1, env_run.stdout[-3000:]
    outcomes = junit_outcomes(report)
    assert len(outcomes) >= 10
    for name, outcome in outcomes.items():
        expected = "passed" if name in PROOFS_HOLDING_WITHOUT_HARDENING else "failed"
        assert outcome == expected, f"{name} {outcome} without the hardening layer"
