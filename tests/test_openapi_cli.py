"""`scaffold new --openapi`: the CLI writes the actions, their tests and the slice, or nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from scaffold_support import DOUBLE_REQUIREMENT, run_scaffold, snapshot

FIXTURES = Path(__file__).parent / "fixtures" / "openapi"


def new(workdir: Path, *args: str) -> tuple[int, str]:
    run = run_scaffold(
        "new",
        "tix",
        "--defaults",
        "--no-git",
        "--data",
        f"sdk_requirement={DOUBLE_REQUIREMENT}",
        *args,
        cwd=workdir,
    )
    return run.code, run.stderr


def test_new_with_openapi_writes_the_operations_their_tests_and_the_slice(workdir: Path) -> None:
    code, stderr = new(
        workdir,
        "--openapi",
        str(FIXTURES / "tickets-3.0.yaml"),
        "--operation",
        "createTicket",
        "--operation",
        "DELETE /tickets/{ticket_id}",
    )
    assert code == 0, stderr
    project = workdir / "tix"
    actions = project / "src" / "tix" / "fns" / "actions"
    assert sorted(p.name for p in actions.glob("*.py")) == ["__init__.py", "operations.py"]
    module = (actions / "operations.py").read_text()
    assert "def create_ticket(" in module and "def delete_ticket(" in module
    assert not (project / "tests" / "test_actions.py").exists()  # the resources' tests
    assert (project / "tests" / "test_openapi_actions.py").exists()
    sliced = json.loads((project / "openapi" / "upstream.slice.json").read_text())
    assert set(sliced["paths"]) == {"/tickets", "/tickets/{ticket_id}"}
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert answers["openapi_operations"] == ["createTicket", "DELETE /tickets/{ticket_id}"]
    assert answers["api_base_url"] == "https://{subdomain}.tickets.example/api/v2"
    assert "(destructive)" in (project / "src" / "tix" / "manifest.py").read_text()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--openapi", "missing.yaml", "--operation", "x"], "missing.yaml: no such file"),
        (["--openapi", str(FIXTURES / "broken-3.0.yaml"), "--operation", "x"], "#/paths/~1things"),
        (["--openapi", str(FIXTURES / "tickets-3.0.yaml"), "--operation", "nope"], "'nope'"),
        (["--openapi", str(FIXTURES / "tickets-3.0.yaml")], "--openapi needs the operations"),
        (["--operation", "createTicket"], "add --openapi PATH"),
    ],
)
def test_bad_openapi_input_is_one_line_and_writes_nothing(
    workdir: Path, args: list[str], message: str
) -> None:
    before = snapshot(workdir)
    code, stderr = new(workdir, *args)
    assert code == 2
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and message in lines[0], stderr
    assert snapshot(workdir) == before
