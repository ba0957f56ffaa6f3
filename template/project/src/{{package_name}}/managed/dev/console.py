# Managed by scaffold and kept current by `scaffold update`: configure it, do not edit it.
"""What the dev commands print: rich where a terminal is attached, plain lines otherwise.

Plain lines are `label: value`, one per line, so scripts and tests can read them. Nothing is
redacted here on purpose: the dev loop prints the bearer token the developer needs. Anything
that comes from a request (dispatches, refusals) goes through the redacting logger instead.
"""

from __future__ import annotations

import sys
from typing import IO, Any


class DevConsole:
    """Headings, `label: value` lines, notes and errors for the dev commands."""

    def __init__(self, *, rich: bool | None = None, stream: IO[str] | None = None) -> None:
        self.stream = stream or sys.stdout
        wanted = self.stream.isatty() if rich is None else rich
        self._rich: Any = _rich_console(self.stream) if wanted else None

    @property
    def is_rich(self) -> bool:
        """True when output goes through rich."""
        return self._rich is not None

    def heading(self, text: str) -> None:
        """A section title."""
        if self._rich is not None:
            self._rich.rule(f"[bold]{_escape(text)}")
        else:
            self._plain(f"== {text}")

    def field(self, label: str, value: object) -> None:
        """One `label: value` line."""
        if self._rich is not None:
            self._rich.print(f"[bold cyan]{_escape(label)}[/]: {_escape(str(value))}")
        else:
            self._plain(f"{label}: {value}")

    def note(self, text: str) -> None:
        """A hint for the developer."""
        if self._rich is not None:
            self._rich.print(f"[dim]{_escape(text)}[/]")
        else:
            self._plain(text)

    def _plain(self, line: str) -> None:
        self.stream.write(line + "\n")
        self.stream.flush()


def error(message: str) -> None:
    """A one-line error on stderr."""
    print(f"error: {message}", file=sys.stderr, flush=True)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def _rich_console(stream: IO[str]) -> Any:
    from rich.console import Console

    return Console(file=stream, highlight=False, soft_wrap=True)
