"""Helpers for scaffold's suite: run the CLI, snapshot directories, render projects and run
their tools in Python 3.13 virtualenvs. (A plain module, not conftest.py, so that test folders
with conftests of their own cannot shadow it.)"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scaffold.answers import build_spec
from scaffold.generate import generate

REPO = Path(__file__).resolve().parent.parent
SDK_DOUBLE = REPO / "tests" / "sdk_double"
DOUBLE_REQUIREMENT = f"integrations_sdk @ {SDK_DOUBLE.as_uri()}"


@dataclass(frozen=True)
class Run:
    """A finished scaffold process."""

    code: int
    stdout: str
    stderr: str


def run_scaffold(
    *args: str, cwd: Path, stdin: str | None = None, env: dict[str, str] | None = None
) -> Run:
    """Run the real CLI in a subprocess (no terminal: stdin is a pipe); `env` adds variables."""
    env = {**os.environ, "NO_COLOR": "1", "GIT_CONFIG_NOSYSTEM": "1", **(env or {})}
    done = subprocess.run(
        [sys.executable, "-m", "scaffold", *args],
        cwd=cwd,
        input=stdin or "",
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    return Run(done.returncode, done.stdout, done.stderr)


def snapshot(directory: Path) -> dict[str, bytes]:
    """Every file below `directory` with its content, to prove nothing changed."""
    return {
        str(path.relative_to(directory)): path.read_bytes()
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


# generic-hmac's answers that change what its verifier computes (base64, a signed timestamp,
# no prefix): the render matrix lints them and tests/managed tests the verifier.
GENERIC_HMAC_BASE64_TIMESTAMP: dict[str, Any] = {
    "webhook_preset": "generic-hmac",
    "hmac_encoding": "base64",
    "hmac_prefix": "",
    "hmac_timestamp_header": "X-Timestamp",
    "hmac_signed_content": "timestamp.body",
}


def render_project(
    destination: Path, *, extra_files: dict[str, bytes] | None = None, **answers: Any
) -> Path:
    """Render a project that installs the SDK double instead of the real SDK (`extra_files`:
    files written beside the template's, e.g. an OpenAPI slice)."""
    name = answers.pop("project_name", destination.name)
    spec = build_spec({"project_name": name, "sdk_requirement": DOUBLE_REQUIREMENT, **answers})
    return generate(spec, destination, extra_files=extra_files).path


def uv(*args: str, cwd: Path | None = None) -> None:
    """Run uv (installed in scaffold's test environment) and fail loudly with its output."""
    done = subprocess.run(
        [sys.executable, "-m", "uv", *args], cwd=cwd, capture_output=True, text=True
    )
    assert done.returncode == 0, f"uv {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"


def make_venv(path: Path) -> Path:
    """A Python 3.13 virtualenv; returns its python."""
    uv(
        "venv",
        "--quiet",
        "--python",
        sys.executable,
        "--python-preference",
        "only-system",
        str(path),
    )
    return path / "bin" / "python"


def install(python: Path, *requirements: str, cwd: Path | None = None) -> None:
    uv("pip", "install", "--quiet", "--python", str(python), *requirements, cwd=cwd)


def installed(project: Path) -> Path:
    """`project` installed with its test extras in its own `.venv`; returns that python."""
    python = make_venv(project / ".venv")
    install(python, "-e", ".[test]", cwd=project)
    return python


def run_tool(
    python: Path, *args: str, cwd: Path, timeout: float = 900
) -> subprocess.CompletedProcess[str]:
    """Run `python -m <tool>` in the project, with a clean environment for its settings."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEV_MODE", "AUTH_TOKEN", "APP_ENV", "PYTHONPATH"}
    }
    return subprocess.run(
        [str(python), "-m", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
    )


# What a generated project's own CI runs, as `python -m` commands: the bar every render meets.
PROJECT_TOOLS = {
    "ruff": ("ruff", "check", "."),
    "ruff-format": ("ruff", "format", "--check", "."),
    "mypy": ("mypy", "--strict", "src", "tests"),
    "pytest": ("pytest", "-q", "-p", "no:cacheprovider"),
}


def assert_tool_passes(python: Path, project: Path, tool: str) -> str:
    """Run PROJECT_TOOLS[tool] in `project`; fail with its output unless it passes (a suite
    must run and skip nothing). Returns its stdout."""
    result = run_tool(python, *PROJECT_TOOLS[tool], cwd=project)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    if tool == "pytest":
        assert " passed" in result.stdout and "skipped" not in result.stdout
    return result.stdout
