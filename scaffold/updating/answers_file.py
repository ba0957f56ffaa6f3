"""`.copier-answers.yml`: the only module that reads or writes a project's recorded answers.

copier writes the file when it renders; scaffold reads the answers back for updates and
rewrites one thing in it, the template source (`_src_path`, plus `_commit` after a render from
the plain template directory). That rewrite replaces the line and keeps every other byte, so
the file stays exactly what copier would have written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from scaffold.errors import UpdateError

ANSWERS_FILE = ".copier-answers.yml"
SOURCE_KEY = "_src_path"
COMMIT_KEY = "_commit"

Answers = dict[str, Any]


def read(project: Path) -> Answers:
    """The answers recorded in the project's .copier-answers.yml."""
    path = project / ANSWERS_FILE
    if not path.is_file():
        raise UpdateError(
            f"{project} has no {ANSWERS_FILE}; run this in a project made by `scaffold new`"
        )
    try:
        answers = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError:
        raise UpdateError(f"{path} is not valid YAML; restore it with `git checkout`") from None
    if not isinstance(answers, dict):
        raise UpdateError(f"{path} holds no answers; restore it with `git checkout`")
    return answers


def user_answers(recorded: Answers) -> Answers:
    """The answers proper, without copier's `_src_path`/`_commit` bookkeeping."""
    return {key: value for key, value in recorded.items() if not str(key).startswith("_")}


def record_source(project: Path, url: str, commit: str | None = None) -> None:
    """Record `url` as the template source (and `commit` as its version, when given)."""
    path = project / ANSWERS_FILE
    recorded = {COMMIT_KEY: commit} if commit else {}
    replacement = yaml.safe_dump({**recorded, SOURCE_KEY: url}, width=10_000)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not (commit and line.startswith(f"{COMMIT_KEY}:"))]
    if not any(line.startswith(f"{SOURCE_KEY}:") for line in kept):
        kept.insert(0, f"{SOURCE_KEY}: ''\n")
    path.write_text(
        "".join(replacement if line.startswith(f"{SOURCE_KEY}:") else line for line in kept),
        encoding="utf-8",
    )
