"""Helpers for the update tests: tiny copier templates in git, built inline (copier's own
style), and one real generated project per test session that tests copy instead of rendering."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from pathlib import Path
from unittest import mock

import pytest

from scaffold_support import Run, run_scaffold

ANSWERS_TEMPLATE = "{{ _copier_answers|to_nice_yaml -}}\n"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.com",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.com",
}


def git(cwd: Path, *args: str) -> str:
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


def generated_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`scaffold new acme --defaults` with scaffold's first commit, made once per test session.

    Read-only: tests work on `copy_project` of it. It records the portable template source and a
    version tag, so every test's own template cache serves it as well as the one it came from.
    """
    return _generate_once(tmp_path_factory.getbasetemp())


@functools.cache
def _generate_once(basetemp: Path) -> Path:
    work = basetemp / "generated-once"
    work.mkdir()
    with mock.patch.dict(os.environ, {"SCAFFOLD_CACHE_DIR": str(work / "cache")}):
        run = run_scaffold("new", "acme", "--defaults", cwd=work)
    assert run.code == 0, run.stderr
    return work / "acme"


def copy_project(source: Path, destination: Path) -> Path:
    """A private copy of a project, git repository included."""
    shutil.copytree(source, destination, symlinks=True)
    # The copies have new inodes: refresh git's index now, so that the first `git status` of
    # the test (scaffold runs one) does not rewrite it and look like a change.
    git(destination, "update-index", "-q", "--refresh")
    return destination


def one_line_error(run: Run) -> str:
    """The failed run's error line, checked to be the one line scaffold promises."""
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert run.code != 0
    assert lines[-1].startswith("error: "), run.stderr
    assert "Traceback" not in run.stderr
    return lines[-1]
