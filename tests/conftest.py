"""Shared fixtures for scaffold's own suite."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SDK_DOUBLE = REPO / "tests" / "sdk_double"
DOUBLE_REQUIREMENT = f"integrations_sdk @ {SDK_DOUBLE.as_uri()}"


@dataclass(frozen=True)
class Run:
    """A finished scaffold process."""

    code: int
    stdout: str
    stderr: str


def run_scaffold(*args: str, cwd: Path, stdin: str | None = None) -> Run:
    """Run the real CLI in a subprocess (no terminal: stdin is a pipe)."""
    env = {**os.environ, "NO_COLOR": "1", "GIT_CONFIG_NOSYSTEM": "1"}
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


@pytest.fixture
def workdir(tmp_path: Path) -> Iterator[Path]:
    """An empty directory to run scaffold in."""
    directory = tmp_path / "work"
    directory.mkdir()
    yield directory
