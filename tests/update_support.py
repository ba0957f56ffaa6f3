"""Tiny copier templates in git, built inline, for the update tests (copier's own style)."""

from __future__ import annotations

import subprocess
from pathlib import Path

ANSWERS_TEMPLATE = "{{ _copier_answers|to_nice_yaml -}}\n"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.com",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.com",
}


def git(cwd: Path, *args: str) -> str:
    import os

    done = subprocess.run(
        ["git", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, **GIT_ENV},
    )
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
    return done.stdout


def write_tree(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def commit_template(repo: Path, files: dict[str, str], tag: str) -> None:
    """Replace the template's files with `files` (plus the answers file) and tag a commit."""
    if not (repo / ".git").exists():
        repo.mkdir(parents=True, exist_ok=True)
        git(repo, "init", "--quiet", "--initial-branch=main")
    for path in repo.iterdir():
        if path.name != ".git":
            subprocess.run(["rm", "-rf", str(path)], check=True)
    write_tree(repo, {"{{_copier_conf.answers_file}}.jinja": ANSWERS_TEMPLATE, **files})
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--allow-empty", "-m", tag)
    git(repo, "tag", tag)


def commit_all(project: Path, message: str = "change") -> None:
    git(project, "add", "--all")
    git(project, "commit", "--quiet", "--no-verify", "-m", message)


def init_project(project: Path) -> None:
    git(project, "init", "--quiet", "--initial-branch=main")
    commit_all(project, "generated")


def numbered(prefix: str, count: int = 12) -> str:
    return "".join(f"{prefix} {n}\n" for n in range(1, count + 1))
