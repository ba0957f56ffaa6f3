"""After rendering: a git repository with a first commit, and the next steps to print."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from scaffold.errors import PostGenerationError
from scaffold.spec import ProjectSpec


def _git(project: Path, *args: str, env: dict[str, str] | None = None) -> None:
    try:
        subprocess.run(
            ["git", *args], cwd=project, check=True, capture_output=True, text=True, env=env
        )
    except subprocess.CalledProcessError as error:
        detail = (error.stderr or error.stdout or "").strip().splitlines()
        reason = detail[-1] if detail else f"exit code {error.returncode}"
        raise PostGenerationError(
            f"the project was written, but `git {args[0]}` failed ({reason}); "
            "fix git and commit by hand, or use --no-git"
        ) from None


def initialise_git(project: Path, spec: ProjectSpec) -> bool:
    """`git init` and commit everything; False when git is missing or a repo already exists."""
    if shutil.which("git") is None or (project / ".git").exists():
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
    _git(project, "add", "--all")
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
            "  pytest",
            "  cp .env.example .env   # dev mode; edit before production",
            f"  python -m {spec.package_name} serve",
        ]
    )
