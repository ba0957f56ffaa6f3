"""`scaffold new` on a real terminal (a pseudo-terminal): Ctrl-C, Cancel and Create at the
summary, through questionary and prompt_toolkit as a user would meet them."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from terminal_support import Terminal

from scaffold.spec import ANSWER_FIELDS, ProjectSpec

from scaffold_support import DOUBLE_REQUIREMENT

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")

DOWN, ENTER, CTRL_C = "\x1b[B", "\r", "\x03"


def all_answers_file(directory: Path) -> Path:
    answers = ProjectSpec(project_name="acme", sdk_requirement=DOUBLE_REQUIREMENT).template_data()
    path = directory.parent / "answers.json"
    path.write_text(json.dumps({name: answers[name] for name in ANSWER_FIELDS}))
    return path


def last_line(screen: str) -> str:
    """The last line shown, without terminal control sequences (colours, cursor moves)."""
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen).replace("\r", "")
    return [line for line in plain.splitlines() if line.strip()][-1]


def test_ctrl_c_at_a_prompt_exits_130_and_writes_nothing(workdir: Path) -> None:
    terminal = Terminal("new", cwd=workdir)
    terminal.wait_for("Project name")
    terminal.type(CTRL_C)
    assert terminal.finish() == 130
    assert last_line(terminal.screen).endswith("error: aborted at a prompt; nothing was written")
    assert "Traceback" not in terminal.screen
    assert list(workdir.iterdir()) == []


def test_cancel_at_the_summary_exits_130_and_writes_nothing(workdir: Path) -> None:
    terminal = Terminal("new", "--answers-file", str(all_answers_file(workdir)), cwd=workdir)
    terminal.wait_for("Create the project?")
    assert "resources: ticket (get, create)" in terminal.screen
    terminal.type(DOWN + DOWN + ENTER)
    assert terminal.finish() == 130
    assert last_line(terminal.screen).endswith("error: cancelled; nothing was written")
    assert list(workdir.iterdir()) == []


def test_create_at_the_summary_writes_the_project(workdir: Path) -> None:
    terminal = Terminal(
        "new", "--no-git", "--answers-file", str(all_answers_file(workdir)), cwd=workdir
    )
    terminal.wait_for("Create the project?")
    terminal.type(ENTER)
    assert terminal.finish() == 0, terminal.screen[-2000:]
    assert (workdir / "acme" / "pyproject.toml").is_file()
