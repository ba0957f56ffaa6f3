"""Usage errors end in typer's usage message and exit 2, whichever click typer runs on."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from scaffold_support import REPO, Run, make_venv, run_scaffold, uv

USAGE_ERRORS = [
    (["new", "--bogus"], "No such option"),
    (["add", "action"], "Missing argument"),
    (["add", "action", "ticket"], "Missing argument"),
    (["bogus"], "No such command"),
    (["new", "acme", "--directory"], "requires an argument"),
]


def assert_usage_error(run: Run, reason: str) -> None:
    assert run.code == 2, run.stderr
    assert "Traceback" not in run.stderr, run.stderr
    errors = [line for line in run.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1 and reason in errors[0], run.stderr


@pytest.mark.parametrize(("args", "reason"), USAGE_ERRORS)
def test_usage_errors_show_usage_and_exit_2(workdir: Path, args: list[str], reason: str) -> None:
    assert_usage_error(run_scaffold(*args, cwd=workdir), reason)
    assert list(workdir.iterdir()) == []


def test_a_usage_error_names_the_command_and_its_help(workdir: Path) -> None:
    run = run_scaffold("add", "action", cwd=workdir)
    assert "Usage: " in run.stderr and "add action [OPTIONS]" in run.stderr
    assert "add action --help" in run.stderr


def test_a_scaffold_error_from_a_callback_is_one_line_and_exit_2(workdir: Path) -> None:
    run = run_scaffold("add", cwd=workdir)
    assert run.code == 2
    assert run.stderr.strip().splitlines() == [
        "error: say what to add, e.g. scaffold add action ticket close --yes "
        "(see scaffold add --help)"
    ]


# Runs the CLI with `import click` refused, as in a venv where typer vendors click and no
# separate click is installed; a stray `import click` anywhere on the path fails loudly.
_WITHOUT_CLICK = textwrap.dedent(
    """
    import importlib.abc, sys

    class RefuseClick(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name == "click" or name.startswith("click."):
                raise ModuleNotFoundError(f"No module named {name!r} (hidden by the test)")
            return None

    sys.meta_path.insert(0, RefuseClick())
    try:
        import click
    except ModuleNotFoundError:
        pass
    else:
        raise SystemExit("click could still be imported")
    sys.argv = ["scaffold", *sys.argv[1:]]
    from scaffold.cli import main
    main()
    """
)


def run_without_click(*args: str, cwd: Path) -> Run:
    done = subprocess.run(
        [sys.executable, "-c", _WITHOUT_CLICK, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(REPO)},
        timeout=120,
    )
    return Run(done.returncode, done.stdout, done.stderr)


@pytest.mark.skipif(
    importlib.util.find_spec("typer._click") is None,
    reason="this typer depends on a separate click; hiding click would hide typer",
)
@pytest.mark.parametrize(("args", "reason"), USAGE_ERRORS)
def test_usage_errors_need_no_separate_click(workdir: Path, args: list[str], reason: str) -> None:
    assert_usage_error(run_without_click(*args, cwd=workdir), reason)


@pytest.mark.skipif(
    importlib.util.find_spec("typer._click") is None,
    reason="this typer depends on a separate click; hiding click would hide typer",
)
def test_scaffold_errors_and_exits_need_no_separate_click(workdir: Path) -> None:
    refused = run_without_click("add", cwd=workdir)
    assert refused.code == 2 and refused.stderr.startswith("error: say what to add")
    version = run_without_click("--version", cwd=workdir)
    assert version.code == 0 and version.stdout.startswith("scaffold ")


@pytest.mark.slow
def test_usage_errors_on_the_oldest_supported_typer_which_depends_on_click(
    tmp_path: Path, workdir: Path
) -> None:
    """typer 0.15.4 is the floor in pyproject.toml; it imports a separately installed click."""
    python = make_venv(tmp_path / "venv")
    uv("pip", "install", "--quiet", "--python", str(python), "typer==0.15.4")
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(REPO)}

    def run(*args: str) -> Run:
        done = subprocess.run(
            [str(python), "-m", "scaffold", *args],
            cwd=workdir,
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        return Run(done.returncode, done.stdout, done.stderr)

    probe = run("--version")
    assert probe.code == 0 and probe.stdout.startswith("scaffold "), probe.stderr
    click = subprocess.run(
        [str(python), "-c", "import click, typer; assert not hasattr(typer, '_click')"],
        capture_output=True,
        text=True,
    )
    assert click.returncode == 0, click.stderr
    for args, reason in USAGE_ERRORS:
        assert_usage_error(run(*args), reason)
    refused = run("add")
    assert refused.code == 2 and refused.stderr.startswith("error: say what to add")


def test_scripts_test_lints_scaffold_before_pytest_and_stops_on_findings() -> None:
    script = (REPO / "scripts" / "test").read_text()
    assert "set -euo pipefail" in script
    pytest_line = script.index('-m pytest "$@"')
    for command in (
        '/bin/ruff" check scaffold tests',
        '/bin/ruff" format --check scaffold',
        '/bin/mypy" scaffold',
    ):
        assert command in script, command
        assert script.index(command) < pytest_line, command
