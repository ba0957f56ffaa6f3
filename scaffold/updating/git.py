"""The one way the update stack runs git: captured output, one-line errors.

A failing git command becomes the caller's `ScaffoldError` subclass, because what it means
differs by caller: a broken template cache is a RenderError (it breaks `scaffold new` too), a
failure in the user's repository an UpdateError. The message names the command, the directory
and git's last line, then says what to do (`hint`).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from pathlib import Path

from scaffold.errors import ScaffoldError, UpdateError

REPOSITORY_HINT = "check the repository with `git status`"


def call(
    cwd: Path, *args: str, stdin: bytes | None = None, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run git and return the finished process whatever its exit code."""
    return subprocess.run(
        ["git", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        env={**os.environ, **env} if env else None,
    )


def run(
    cwd: Path,
    *args: str,
    stdin: bytes | None = None,
    env: Mapping[str, str] | None = None,
    error: type[ScaffoldError] = UpdateError,
    hint: str = REPOSITORY_HINT,
) -> bytes:
    """Run git and return its stdout; a non-zero exit raises `error` with `hint`."""
    done = call(cwd, *args, stdin=stdin, env=env)
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).decode(errors="replace").strip().splitlines()
        raise error(
            f"git {args[0]} failed in {cwd} ({detail[-1] if detail else done.returncode}); {hint}"
        )
    return done.stdout


def text(
    cwd: Path,
    *args: str,
    env: Mapping[str, str] | None = None,
    error: type[ScaffoldError] = UpdateError,
    hint: str = REPOSITORY_HINT,
) -> str:
    """`run`, decoded and stripped."""
    return run(cwd, *args, env=env, error=error, hint=hint).decode().strip()


def succeeds(cwd: Path, *args: str) -> bool:
    """Whether git exits with 0 (for questions such as "does this ref exist?")."""
    return call(cwd, *args).returncode == 0
