"""A project whose connection comes from servers with variables and an API key in the query
installs, lints, passes `scaffold check` and its own suite (which holds the Options fields,
the built base URL, the allowlist and the key's redaction to account)."""

from __future__ import annotations

from pathlib import Path

import pytest

from scaffold import openapi
from scaffold.audit import run_check

from scaffold_support import PROJECT_TOOLS, assert_tool_passes, installed, render_project

pytestmark = pytest.mark.slow

FIXTURE = Path(__file__).parent / "fixtures" / "openapi" / "regions-3.0.yaml"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    choice = openapi.choose(openapi.load(str(FIXTURE)), ["getOrder"])
    assert choice.answers["api_auth"] == "api-key-query"
    assert len(choice.answers["api_server_variables"]) == 3
    destination = tmp_path_factory.mktemp("openapi") / "regions"
    rendered = render_project(
        destination, extra_files={openapi.SLICE_PATH: choice.slice}, **choice.answers
    )
    return rendered, installed(rendered)


def test_scaffold_check_finds_nothing(project: tuple[Path, Path]) -> None:
    report, exit_code = run_check(project[0], output_format="text", fail_on="low")
    assert exit_code == 0, report


@pytest.mark.parametrize("tool", sorted(PROJECT_TOOLS))
def test_the_generated_project_is_clean_and_its_suite_passes(
    project: tuple[Path, Path], tool: str
) -> None:
    directory, python = project
    assert_tool_passes(python, directory, tool)
    if tool == "pytest":  # the connection's own tests are among those that ran
        written = (directory / "tests" / "test_connection.py").read_text() + (
            directory / "tests" / "test_upstream.py"
        ).read_text()
        assert "def test_an_enum_variable_takes_only_its_listed_values" in written
        assert "def test_the_key_reaches_no_log_record_and_no_error" in written
