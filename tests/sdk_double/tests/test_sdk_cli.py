"""CONTRACT.md section 12: the `integrations` CLI's requests, against a local fake server."""

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from integrations_sdk import cli

from .support import FakeHTTPServer

ENV = ("CHALLENGER_URL", "CHALLENGER_TOKEN", "BOT_ID")


@pytest.fixture
def challenger(fake_server: FakeHTTPServer, monkeypatch: pytest.MonkeyPatch) -> FakeHTTPServer:
    """The fake server as the Challenger API, answering 201 for bot b1."""
    monkeypatch.setenv("CHALLENGER_URL", fake_server.url)
    monkeypatch.setenv("CHALLENGER_TOKEN", "CH-TOKEN")
    monkeypatch.delenv("BOT_ID", raising=False)
    for resource, method in (("secrets", "POST"), ("env-variables", "POST"), ("config", "PATCH")):
        fake_server.respond(method, f"/api/bots/b1/{resource}", 201, {})
    return fake_server


@pytest.mark.parametrize(
    ("args", "method", "resource", "body"),
    [
        (
            ["create-secret", "KEY", "s3cr3t"],
            "POST",
            "secrets",
            {"name": "KEY", "secret": "s3cr3t"},
        ),
        (
            ["create-env", "REGION", "eu"],
            "POST",
            "env-variables",
            {"name": "REGION", "value": "eu"},
        ),
        (["set-debug", "true"], "PATCH", "config", {"debug": True}),
        (["set-persona", "friendly"], "PATCH", "config", {"persona": "friendly"}),
        (["set-mcp-servers", "a", "b"], "PATCH", "config", {"mcpServers": ["a", "b"]}),
        (["set-endeavour-servers", "e"], "PATCH", "config", {"endeavourServers": ["e"]}),
    ],
)
def test_each_command_sends_its_request_with_the_bearer_token(
    challenger: FakeHTTPServer, args: list[str], method: str, resource: str, body: Any
) -> None:
    result = CliRunner().invoke(cli.app, [*args, "--bot-id", "b1"])
    assert result.exit_code == 0, result.output
    (request,) = challenger.requests
    assert (request.method, request.path, request.body) == (
        method,
        f"/api/bots/b1/{resource}",
        body,
    )
    assert request.headers["authorization"] == "Bearer CH-TOKEN"


def test_bot_id_falls_back_to_the_environment(
    challenger: FakeHTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BOT_ID", "b1")
    assert CliRunner().invoke(cli.app, ["set-persona", "p"]).exit_code == 0
    assert challenger.requests[0].path == "/api/bots/b1/config"


def test_anything_but_201_raises(challenger: FakeHTTPServer) -> None:
    challenger.respond("POST", "/api/bots/b1/secrets", 200, {})
    result = CliRunner().invoke(cli.app, ["create-secret", "K", "v", "--bot-id", "b1"])
    assert result.exit_code != 0
    assert type(result.exception) is Exception
    assert str(result.exception) == "Could not create secret: 200 OK"


def test_dotenv_is_loaded_at_import_from_the_working_directory(workdir: Path) -> None:
    (workdir / ".env").write_text("CHALLENGER_URL=http://from-dotenv\nBOT_ID=dotenv-bot\n")
    environment = {key: value for key, value in os.environ.items() if key not in ENV}
    script = (
        "import os, integrations_sdk.cli\nprint(os.environ['CHALLENGER_URL'], os.environ['BOT_ID'])"
    )
    completed = subprocess.run(
        [sys.executable, "-c", script],
        cwd=workdir,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert completed.stdout.split() == ["http://from-dotenv", "dotenv-bot"]
