"""Helpers to render projects and run their tools in Python 3.13 virtualenvs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from scaffold.generate import build_spec, generate

from conftest import DOUBLE_REQUIREMENT


def render_project(destination: Path, **answers: Any) -> Path:
    """Render a project that installs the SDK double instead of the real SDK."""
    name = answers.pop("project_name", destination.name)
    spec = build_spec({"project_name": name, "sdk_requirement": DOUBLE_REQUIREMENT, **answers})
    return generate(spec, destination).path


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
