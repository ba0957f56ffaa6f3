"""Terminal output: messages on stderr so that stdout stays clean for machine-readable output."""

from __future__ import annotations

import sys


def _stderr_supports_color() -> bool:
    return sys.stderr.isatty()


def _style(text: str, code: str) -> str:
    return f"\033[{code}m{text}\033[0m" if _stderr_supports_color() else text


def info(message: str) -> None:
    """A progress or status line."""
    print(message, file=sys.stderr)


def step(message: str) -> None:
    """A step of a longer operation, shown so the user knows what is happening."""
    print(_style("==> ", "1;34") + message, file=sys.stderr)


def success(message: str) -> None:
    """The final line of a successful command."""
    print(_style(message, "1;32"), file=sys.stderr)


def warning(message: str) -> None:
    """Something the user should know about but that did not stop the command."""
    print(_style("warning: ", "1;33") + message, file=sys.stderr)


def error(message: str) -> None:
    """The one-line reason a command failed."""
    print(_style("error: ", "1;31") + message, file=sys.stderr)


def output(text: str) -> None:
    """Machine-readable or primary output, on stdout."""
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
