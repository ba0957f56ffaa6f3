"""OpenAPI projects keep current offline: `scaffold update` re-derives the plan from the stored
slice, `scaffold add actions --openapi` adds operations (with their slice and tests)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from scaffold_support import run_scaffold, snapshot
from update_support import git

FIXTURE = Path(__file__).parent / "fixtures" / "openapi" / "tickets-3.0.yaml"


@pytest.fixture(autouse=True)
def isolated_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCAFFOLD_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture
def project(workdir: Path) -> Path:
    run = run_scaffold(
        "new", "tix", "--defaults", "--openapi", str(FIXTURE), "--operation", "createTicket",
        cwd=workdir,
    )  # fmt: skip
    assert run.code == 0, run.stderr
    return workdir / "tix"


def test_update_rederives_the_same_plan_from_the_slice_offline(project: Path) -> None:
    # The description is gone: only the project's slice is left to derive from.
    before = snapshot(project)
    run = run_scaffold("update", str(project), cwd=project.parent)
    assert run.code == 0, run.stderr
    assert "Already up to date" in run.stderr
    assert snapshot(project) == before


def test_update_replaces_a_stale_plan_with_the_one_the_slice_gives(project: Path) -> None:
    answers_path = project / ".copier-answers.yml"
    original = yaml.safe_load(answers_path.read_text())["openapi_actions"]
    stale = yaml.safe_load(answers_path.read_text())
    stale["openapi_actions"][0]["summary"] = "Written by an older scaffold"
    answers_path.write_text(yaml.safe_dump(stale, sort_keys=False))
    git(project, "commit", "--quiet", "-am", "an older plan")
    run = run_scaffold("update", str(project), cwd=project.parent)
    assert run.code == 0, run.stderr
    assert yaml.safe_load(answers_path.read_text())["openapi_actions"] == original


def test_add_actions_adds_operations_their_slice_and_answers(project: Path) -> None:
    run = run_scaffold(
        "add", "actions", "--openapi", str(FIXTURE), "--operation", "showTicket", "--yes",
        cwd=project,
    )  # fmt: skip
    assert run.code == 0, run.stderr
    module = (project / "src" / "tix" / "fns" / "actions" / "operations.py").read_text()
    assert "def create_ticket(" in module and "def show_ticket(" in module
    sliced = json.loads((project / "openapi" / "upstream.slice.json").read_text())
    assert set(sliced["paths"]) == {"/tickets", "/tickets/{ticket_id}"}
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert answers["openapi_operations"] == ["createTicket", "showTicket"]
    cases = json.loads((project / "tests" / "openapi_cases.json").read_text())
    assert [case["name"] for case in cases] == ["create_ticket", "show_ticket"]


def test_adding_an_operation_the_project_has_is_refused(project: Path) -> None:
    before = snapshot(project)
    run = run_scaffold(
        "add", "actions", "--openapi", str(FIXTURE), "--operation", "createTicket", "--yes",
        cwd=project,
    )  # fmt: skip
    assert run.code == 2
    assert "already has every operation chosen" in run.stderr
    assert snapshot(project) == before


def test_result_fields_picked_when_adding_are_kept_by_later_updates(project: Path) -> None:
    run = run_scaffold(
        "add", "actions", "--openapi", str(FIXTURE), "--operation", "showTicket",
        "--result-field", "showTicket=ticket.status", "--yes",
        cwd=project,
    )  # fmt: skip
    assert run.code == 0, run.stderr
    answers_path = project / ".copier-answers.yml"
    assert yaml.safe_load(answers_path.read_text())["openapi_result_fields"] == {
        "showTicket": ["ticket.status"]
    }
    cases = json.loads((project / "tests" / "openapi_cases.json").read_text())
    [shown] = [case for case in cases if case["name"] == "show_ticket"]
    assert json.dumps(shown).count('"status"') >= 1
    git(project, "add", "-A")
    git(project, "commit", "--quiet", "-m", "show_ticket")
    before = snapshot(project)
    run = run_scaffold("update", str(project), cwd=project.parent)
    assert run.code == 0, run.stderr
    assert snapshot(project) == before  # the picks re-derive to the same plan, offline
