"""`scaffold new --openapi`: the CLI writes the actions, their tests and the slice, or nothing."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import yaml
from terminal_support import Terminal

from scaffold_support import DOUBLE_REQUIREMENT, run_scaffold, snapshot

FIXTURES = Path(__file__).parent / "fixtures" / "openapi"
CREATE_TICKET = ["--openapi", str(FIXTURES / "tickets-3.0.yaml"), "--operation", "createTicket"]


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


def test_result_fields_picked_on_the_command_line_are_recorded_and_rendered(
    workdir: Path,
) -> None:
    code, stderr = new(
        workdir,
        "--openapi",
        str(FIXTURES / "tickets-3.0.yaml"),
        "--operation",
        "createTicket",
        "--result-field",
        "createTicket=ticket.status",
        "--result-field",
        "createTicket=ticket.requester.email",
    )
    assert code == 0, stderr
    project = workdir / "tix"
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert answers["openapi_result_fields"] == {
        "createTicket": ["ticket.requester.email", "ticket.status"]
    }
    module = (project / "src" / "tix" / "fns" / "actions" / "operations.py").read_text()
    result_model = module[module.index("class CreateTicketResultTicket(") :]
    result_model = result_model[: result_model.index("\n\n\n")]
    assert '"status"' in result_model or "status:" in result_model
    assert "subject" not in result_model  # a default field, not picked: not returned


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_the_chooser_runs_on_a_real_terminal(workdir: Path) -> None:
    """`scaffold new --openapi` on a pseudo-terminal: search, pick, confirm, pick fields."""
    document = FIXTURES / "many-3.0.json"
    terminal = Terminal(
        "new", "things", "--defaults", "--no-git", "--openapi", str(document), cwd=workdir
    )
    terminal.wait_for("Which operations should become actions?")
    terminal.type("things17 ")  # search, then pick the match
    terminal.type("\x7f" * len("things17") + "delete ")  # clear, search again, pick
    terminal.type("\r")
    terminal.wait_for("Expose it as an action?")
    terminal.type("y")
    terminal.wait_for("Choose which response fields")
    terminal.type("y")
    terminal.wait_for("Fields getThing17 returns")
    terminal.type("\x1b[B\x1b[B ")  # down to the third field (status) and tick it
    terminal.type("\r")
    code = terminal.finish()
    assert code == 0, terminal.screen[-2000:]
    answers = yaml.safe_load((workdir / "things" / ".copier-answers.yml").read_text())
    assert answers["openapi_operations"] == ["deleteThing3", "getThing17"]  # document order
    assert answers["openapi_result_fields"] == {"getThing17": ["id", "name", "status"]}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--openapi", "missing.yaml", "--operation", "x"], "missing.yaml: no such file"),
        (["--openapi", str(FIXTURES / "broken-3.0.yaml"), "--operation", "x"], "#/paths/~1things"),
        (["--openapi", str(FIXTURES / "tickets-3.0.yaml"), "--operation", "nope"], "'nope'"),
        (["--openapi", str(FIXTURES / "tickets-3.0.yaml")], "--openapi needs the operations"),
        (["--operation", "createTicket"], "add --openapi PATH"),
        (["--result-field", "createTicket=ticket.id"], "add --openapi PATH"),
        (
            [*CREATE_TICKET, "--result-field", "createTicket"],
            "write OPERATION=FIELD",
        ),
        (
            [*CREATE_TICKET, "--result-field", "createTicket=ticket.nope"],
            "no field 'ticket.nope' to pick; its fields: ticket.id",
        ),
    ],
    ids=[
        "missing-file",
        "broken-pointer",
        "unknown-operation",
        "no-operation",
        "operation-without-openapi",
        "result-field-without-openapi",
        "result-field-malformed",
        "result-field-unknown",
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
