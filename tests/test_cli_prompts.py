"""`scaffold new` on a real terminal (a pseudo-terminal): Ctrl-C, Cancel and Create at the
summary, through questionary and prompt_toolkit as a user would meet them."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scaffold.spec import ANSWER_FIELDS, ProjectSpec

from scaffold_support import DOUBLE_REQUIREMENT

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")

DOWN, ENTER, CTRL_C = "\x1b[B", "\r", "\x03"
# Only a guard against a hung prompt, never a measurement.
HANG_GUARD_SECONDS = 120


class Terminal:
    """`python -m scaffold ...` with its stdin, stdout and stderr on a pseudo-terminal."""

    def __init__(self, *args: str, cwd: Path) -> None:
        self._master, slave = pty.openpty()
        env = {**os.environ, "TERM": "xterm", "NO_COLOR": "1", "GIT_CONFIG_NOSYSTEM": "1"}
        self._process = subprocess.Popen(
            [sys.executable, "-m", "scaffold", *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=cwd,
            env=env,
            close_fds=True,
        )
        os.close(slave)
        self.screen = ""

    def _read(self) -> bool:
        ready, _, _ = select.select([self._master], [], [], 1)
        if not ready:
            return True
        try:
            chunk = os.read(self._master, 65536)
        except OSError:  # the child closed the terminal
            return False
        self.screen += chunk.decode(errors="replace")
        return bool(chunk)

    def wait_for(self, text: str) -> None:
        deadline = time.monotonic() + HANG_GUARD_SECONDS
        while text not in self.screen:
            assert time.monotonic() < deadline, f"never showed {text!r}:\n{self.screen[-2000:]}"
            assert self._read(), f"exited before showing {text!r}:\n{self.screen[-2000:]}"

    def type(self, keys: str) -> None:
        os.write(self._master, keys.encode())

    def finish(self) -> int:
        code = self._process.wait(timeout=HANG_GUARD_SECONDS)
        while self._read():
            pass
        os.close(self._master)
        return code


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
