"""`scaffold set KEY=VALUE`: one recorded answer changes through the update engine; every other
answer and the user's edits stay."""

from __future__ import annotations

from pathlib import Path

import pytest

from scaffold.errors import AnswersError, UsageError
from scaffold.prompts import ScriptedPrompter
from scaffold.updating import answers_file, engine
from scaffold.updating.assignments import parse_assignments, set_answers
from scaffold.updating.changes import change_project

from scaffold_support import run_scaffold, snapshot
from update_support import commit_all, copy_project, generated_project, one_line_error

LOCAL_SDK = "integrations_sdk @ file:///opt/integrations_sdk"
README_EDIT = "\n## Our deployment notes\n\nKept by every update.\n"


@pytest.fixture(autouse=True)
def isolated_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCAFFOLD_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture
def project(tmp_path_factory: pytest.TempPathFactory, workdir: Path) -> Path:
    """A generated project with a committed user edit."""
    path = copy_project(generated_project(tmp_path_factory), workdir / "acme")
    readme = path / "README.md"
    readme.write_text(readme.read_text() + README_EDIT)
    commit_all(path, "our notes")
    return path


def without(answers: dict[str, object], key: str) -> dict[str, object]:
    return {name: value for name, value in answers.items() if name != key}


def test_set_the_sdk_source_keeps_the_edits_and_every_other_answer(project: Path) -> None:
    before = answers_file.read(project)
    assert before["sdk_requirement"] != LOCAL_SDK

    run = run_scaffold("set", f"sdk_requirement={LOCAL_SDK}", "--yes", cwd=project)

    assert run.code == 0, run.stderr
    assert "~ pyproject.toml" in run.stderr
    assert f'"{LOCAL_SDK}",' in (project / "pyproject.toml").read_text()
    assert (project / "README.md").read_text().endswith(README_EDIT)
    after = answers_file.read(project)
    assert after["sdk_requirement"] == LOCAL_SDK
    assert without(after, "sdk_requirement") == without(before, "sdk_requirement")


def test_set_dry_run_shows_the_diff_and_writes_nothing(project: Path) -> None:
    before = snapshot(project)
    run = run_scaffold("set", f"sdk_requirement={LOCAL_SDK}", "--dry-run", cwd=project)
    assert run.code == 0, run.stderr
    assert f'+    "{LOCAL_SDK}",' in run.stdout
    assert "Nothing was written" in run.stderr
    assert snapshot(project) == before


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("sdk_requirement=requests", "--yes"), 2, "sdk_requirement: must name the distribution"),
        (("colour=blue", "--yes"), 2, "unknown answer 'colour'"),
        (("package_name=other", "--yes"), 2, "derived from project_name"),
        (("project_name=other", "--yes"), 2, "project_name cannot be set"),
        (("description", "--yes"), 2, "expected KEY=VALUE"),
        (("--yes",), 2, "say which answer to change"),
        ((f"sdk_requirement={LOCAL_SDK}",), 2, "pass --yes"),
    ],
)
def test_bad_sets_fail_with_one_line_and_change_nothing(
    project: Path, args: tuple[str, ...], code: int, message: str
) -> None:
    before = snapshot(project)
    run = run_scaffold("set", *args, cwd=project)
    assert run.code == code
    assert message in one_line_error(run)
    assert snapshot(project) == before


def test_values_are_yaml_and_scalars_stay_as_typed() -> None:
    assert parse_assignments(["features=[docker, redis]", "description=a=b: c"]) == {
        "features": ["docker", "redis"],
        "description": "a=b: c",
    }
    assert parse_assignments(["author_name=2024"]) == {"author_name": "2024"}
    with pytest.raises(AnswersError, match="given twice"):
        parse_assignments(["description=a", "description=b"])
    with pytest.raises(UsageError):
        parse_assignments([])


def test_set_asks_before_it_applies(project: Path) -> None:
    declined = ScriptedPrompter({"confirm": False})
    before = engine.tree_hash(project)
    edit = set_answers({"sdk_requirement": LOCAL_SDK})
    change_project(project, lambda _spec: edit, yes=False, dry_run=False, prompter=declined)
    assert declined.asked == ["confirm"]
    assert engine.tree_hash(project) == before

    accepted = ScriptedPrompter({"confirm": True})
    change_project(project, lambda _spec: edit, yes=False, dry_run=False, prompter=accepted)
    assert answers_file.read(project)["sdk_requirement"] == LOCAL_SDK


def test_setting_the_current_value_changes_nothing(project: Path) -> None:
    current = answers_file.read(project)["description"]
    before = snapshot(project)
    run = run_scaffold("set", f"description={current}", "--yes", cwd=project)
    assert run.code == 0, run.stderr
    assert "nothing to do" in run.stderr
    assert snapshot(project) == before
