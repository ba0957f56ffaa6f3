"""After rendering: a git repository with a first commit, and the next steps to print."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

from scaffold.errors import GitMissingError, PostGenerationError
from scaffold.spec import ProjectSpec


def _git(project: Path, *args: str, env: dict[str, str] | None = None) -> str:
    try:
        return subprocess.run(
            ["git", *args], cwd=project, check=True, capture_output=True, text=True, env=env
        ).stdout
    except subprocess.CalledProcessError as error:
        detail = (error.stderr or error.stdout or "").strip().splitlines()
        reason = detail[-1] if detail else f"exit code {error.returncode}"
        raise PostGenerationError(
            f"the project was written, but `git {args[0]}` failed ({reason}); "
            "fix git and commit by hand, or use --no-git"
        ) from None


def _literal_paths() -> dict[str, str]:
    # Generated file names are paths, never patterns (a file named `*.md` is just that file).
    return {**os.environ, "GIT_LITERAL_PATHSPECS": "1"}


def git_installed() -> bool:
    """Whether a `git` executable is on PATH."""
    return shutil.which("git") is not None


def initialise_git(project: Path, spec: ProjectSpec, files: Sequence[Path] | None = None) -> bool:
    """`git init` and commit the generated `files` (relative paths; default: everything).

    With --force the directory may also hold the user's own files; naming the generated ones
    leaves those untracked. False when the directory already is a git repository (its owner
    commits by hand).
    """
    if not git_installed():
        raise GitMissingError("`scaffold new` makes the project a git repository", "pass --no-git")
    if (project / ".git").exists():
        return False
    # Use the user's git identity when they have one, the project author otherwise.
    env = {
        "GIT_AUTHOR_NAME": spec.author_name,
        "GIT_AUTHOR_EMAIL": spec.author_email,
        "GIT_COMMITTER_NAME": spec.author_name,
        "GIT_COMMITTER_EMAIL": spec.author_email,
    }
    inherited = {key: value for key, value in os.environ.items() if key not in env}
    if _has_git_identity(project):
        env = {}
    _git(project, "init", "--quiet", "--initial-branch=main")
    if files is None:
        _git(project, "add", "--all")
    else:
        _git(project, "add", "--", *_committable(project, files), env=_literal_paths())
    _git(
        project,
        "commit",
        "--quiet",
        "--no-verify",
        "--no-gpg-sign",
        "-m",
        "Generate project with scaffold",
        env={**inherited, **env},
    )
    return True


def _committable(project: Path, files: Sequence[Path]) -> list[str]:
    """The generated files the project's .gitignore does not exclude (what `add --all` takes).

    Naming an ignored file to `git add` is an error, so they are filtered out first.
    """
    listed = _git(
        project,
        "ls-files",
        "-z",
        "--others",
        "--exclude-standard",
        "--",
        *(path.as_posix() for path in files),
        env=_literal_paths(),
    )
    return [name for name in listed.split("\0") if name]


def _has_git_identity(project: Path) -> bool:
    found = subprocess.run(
        ["git", "config", "--get", "user.email"], cwd=project, capture_output=True, text=True
    )
    return found.returncode == 0 and bool(found.stdout.strip())


def next_steps(project: Path, spec: ProjectSpec) -> str:
    """What to do now, as shell commands."""
    return "\n".join(
        [
            "Next steps:",
            f"  cd {project}",
            "  python3.13 -m venv .venv && . .venv/bin/activate",
            "  pip install -e '.[test]'",
            "  # no access to the SDK's git repository? point at a copy you can reach first:",
            "  #   scaffold set 'sdk_requirement=integrations_sdk @ file:///path' --yes",
            "  pytest",
            "  cp .env.example .env   # dev mode; edit before production",
            f"  python -m {spec.package_name} serve",
        ]
    )
