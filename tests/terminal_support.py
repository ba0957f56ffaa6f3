"""The real CLI on a pseudo-terminal, as a user meets it (questionary, prompt_toolkit)."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

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
