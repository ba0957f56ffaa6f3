"""The entry point's one mapping from failures to exit codes, tested in process.

`main()` runs scaffold's app, or one whose only command fails with an injected error; the
subprocess tests (test_cli_usage.py, test_cli_new.py) cover the same through the real CLI.
"""

from __future__ import annotations

import inspect
import sys

import pytest
import typer

from scaffold import cli, errors
from scaffold.errors import (
    AnswersError,
    ConflictError,
    DestinationError,
    GitMissingError,
    OpenAPIError,
    PostGenerationError,
    PromptAborted,
    RenderError,
    ScaffoldError,
    UpdateError,
    UsageError,
)

# The exit codes README.md documents, per error class.
EXIT_CODES: dict[type[ScaffoldError], int] = {
    ScaffoldError: 1,
    UsageError: 2,
    AnswersError: 2,
    OpenAPIError: 2,
    DestinationError: 3,
    RenderError: 4,
    PostGenerationError: 5,
    UpdateError: 6,
    ConflictError: 7,
    GitMissingError: 8,
    PromptAborted: 130,
}
ERROR_CLASSES = [
    member
    for _, member in inspect.getmembers(errors, inspect.isclass)
    if issubclass(member, ScaffoldError) and member.__module__ == errors.__name__
]


def failing_app(error: BaseException) -> typer.Typer:
    """An app like scaffold's whose one command fails with `error`."""
    application = typer.Typer(pretty_exceptions_enable=cli.app.pretty_exceptions_enable)

    @application.command()
    def fail() -> None:
        raise error

    return application


def run_main(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    *args: str,
    application: typer.Typer = cli.app,
) -> tuple[object, str, str]:
    """`scaffold ARGS...` in process: its exit code, stdout and stderr."""
    monkeypatch.setattr(sys, "argv", ["scaffold", *args])
    with pytest.raises(SystemExit) as exited:
        cli.main(application=application)
    captured = capsys.readouterr()
    return exited.value.code, captured.out, captured.err


def test_every_error_class_has_a_documented_exit_code() -> None:
    assert sorted(map(str, ERROR_CLASSES)) == sorted(map(str, EXIT_CODES))
    assert {cls: cls.exit_code for cls in ERROR_CLASSES} == EXIT_CODES


@pytest.mark.parametrize("error_class", ERROR_CLASSES, ids=lambda cls: cls.__name__)
def test_an_error_ends_in_its_exit_code_and_one_line(
    error_class: type[ScaffoldError],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    error = error_class("the injected problem; do this next")
    code, out, err = run_main(monkeypatch, capsys, application=failing_app(error))
    assert code == EXIT_CODES[error_class]
    assert out == ""
    assert err.splitlines() == [f"error: {error}"]
    assert "the injected problem" in err


def test_git_missing_under_any_command_is_exit_8(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    missing_git = FileNotFoundError(2, "No such file or directory", "git")
    code, _, err = run_main(monkeypatch, capsys, application=failing_app(missing_git))
    assert code == 8
    assert err.splitlines() == [
        "error: git is not installed (not found on PATH) and this command runs git; install git"
    ]


@pytest.mark.parametrize(
    "unexpected",
    [RuntimeError("a bug"), FileNotFoundError(2, "No such file or directory", "answers.yml")],
    ids=["bug", "other-missing-file"],
)
def test_an_unexpected_exception_is_not_swallowed(
    unexpected: Exception, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["scaffold"])
    with pytest.raises(type(unexpected)) as raised:
        cli.main(application=failing_app(unexpected))
    assert raised.value is unexpected
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["new", "--bogus"], "No such option"),
        (["bogus"], "No such command"),
        (["add", "action", "ticket"], "Missing argument"),
        (["check", "--format"], "requires an argument"),
    ],
)
def test_a_usage_error_exits_2_with_usage_and_no_traceback(
    args: list[str],
    reason: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run_main(monkeypatch, capsys, *args)
    assert code == 2
    assert out == ""
    assert "Traceback" not in err
    errors = [line for line in err.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1 and reason in errors[0], err


def test_an_exit_the_app_asks_for_passes_through(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_main(monkeypatch, capsys, "--version")
    assert code == 0
    assert out.startswith("scaffold ") and err == ""
