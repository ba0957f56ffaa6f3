"""The one exception hierarchy of scaffold.

Every failure a user can cause or fix is a `ScaffoldError` subclass with an exit code and a
one-line message that says what to do next. `cli.py` turns them into exit codes in one place.
"""

from __future__ import annotations


class ScaffoldError(Exception):
    """Base class: `str(error)` is the one-line message shown to the user."""

    exit_code: int = 1


class UsageError(ScaffoldError):
    """The command line or an argument is wrong (bad path, unknown option value, ...)."""

    exit_code = 2


class AnswersError(ScaffoldError):
    """Answers (flags, --data, answers file, prompts) are missing or invalid."""

    exit_code = 2


class OpenAPIError(ScaffoldError):
    """An OpenAPI description cannot be used: malformed, unsupported, or a choice not in it.

    The message names the JSON pointer at fault (e.g. `#/paths/~1tickets/post`); nothing is
    written when it is raised.
    """

    exit_code = 2


class PromptAborted(ScaffoldError):
    """The user pressed Ctrl-C or Ctrl-D at a prompt, or chose Cancel: nothing was written."""

    exit_code = 130  # what a shell reports for a command stopped by Ctrl-C

    def __init__(self, message: str = "aborted at a prompt; nothing was written") -> None:
        super().__init__(message)


class DestinationError(ScaffoldError):
    """The destination directory cannot be written as asked (not empty, not a directory, ...)."""

    exit_code = 3


class RenderError(ScaffoldError):
    """The template could not be rendered or updated."""

    exit_code = 4


class PostGenerationError(ScaffoldError):
    """The project was written but a follow-up step (git, install) failed."""

    exit_code = 5


class UpdateError(ScaffoldError):
    """A project cannot be updated as asked (dirty tree, downgrade, not a generated project)."""

    exit_code = 6


class ConflictError(ScaffoldError):
    """The update was applied but some files hold conflicts the user must resolve."""

    exit_code = 7


class GitMissingError(ScaffoldError):
    """git is needed for what was asked and is not installed (not found on PATH)."""

    exit_code = 8

    def __init__(self, needed_for: str, alternative: str = "") -> None:
        instead = f", or {alternative}" if alternative else ""
        super().__init__(
            f"git is not installed (not found on PATH) and {needed_for}; install git{instead}"
        )
