"""The update engine on tiny inline templates: 3-way merge, conflicts, dry run, refusals,
migrations, and plain `copier update` on the same projects."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from scaffold import render
from scaffold.errors import UpdateError
from scaffold.updating import engine
from scaffold.updating.migrations import migrate
from scaffold.updating.template_cache import TemplateRef

from update_support import commit_all, commit_template, git, init_project, numbered

COPIER_V1 = "greeting:\n  type: str\n  default: hello\n"
APP_V1 = 'GREETING = "{{ greeting }}"\n' + numbered("line")
APP_V2 = APP_V1.replace("line 12\n", "line 12\nline 13 from v2\n")
NOTES_V1 = "value = 1\n"


def identity(answers: dict[str, Any]) -> dict[str, Any]:
    return answers


@pytest.fixture
def template(tmp_path: Path) -> Path:
    repo = tmp_path / "template"
    files = {"copier.yml": COPIER_V1, "app.py.jinja": APP_V1, "notes.txt": NOTES_V1}
    commit_template(repo, files, "v1.0.0")
    return repo


def release_v2(template: Path) -> None:
    files = {
        "copier.yml": COPIER_V1,
        "app.py.jinja": APP_V2,
        "notes.txt": "value = 3\n",
        "new.txt": "added in v2\n",
    }
    commit_template(template, files, "v2.0.0")


@pytest.fixture
def project(tmp_path: Path, template: Path) -> Path:
    destination = tmp_path / "project"
    render.render({"greeting": "howdy"}, destination, source=TemplateRef(str(template), "v1.0.0"))
    init_project(destination)
    return destination


def edit_project(project: Path) -> None:
    app = project / "app.py"
    app.write_text(app.read_text().replace("line 1\n", "line 1 edited by the user\n"))
    commit_all(project, "user edit")


def test_update_keeps_edits_adds_files_and_reports_a_conflict(
    template: Path, project: Path
) -> None:
    edit_project(project)
    (project / "notes.txt").write_text("value = 2\n")
    commit_all(project, "user changes the same line as the template")
    release_v2(template)

    plan = engine.plan(project, transform=identity)
    assert (plan.from_ref, plan.to_ref) == ("v1.0.0", "v2.0.0")
    assert {c.path: c.status for c in plan.changes} == {
        ".copier-answers.yml": "modified",
        "app.py": "modified",
        "new.txt": "added",
        "notes.txt": "modified",
    }
    assert plan.conflicts == ("notes.txt",)
    engine.apply(plan)

    app = (project / "app.py").read_text()
    assert "line 1 edited by the user" in app and "line 13 from v2" in app
    assert 'GREETING = "howdy"' in app
    assert (project / "new.txt").read_text() == "added in v2\n"
    notes = (project / "notes.txt").read_text()
    assert "<<<<<<< before updating" in notes and "value = 2" in notes and "value = 3" in notes
    assert yaml.safe_load((project / ".copier-answers.yml").read_text())["_commit"] == "v2.0.0"


def test_dry_run_changes_zero_bytes(template: Path, project: Path) -> None:
    edit_project(project)
    release_v2(template)
    before = engine.tree_hash(project)
    head = git(project, "rev-parse", "HEAD")
    plan = engine.plan(project, transform=identity)
    assert b"+added in v2" in plan.patch
    assert engine.tree_hash(project) == before
    assert git(project, "rev-parse", "HEAD") == head
    assert git(project, "status", "--porcelain") == ""


def test_a_dirty_tree_is_refused_with_the_files_listed(template: Path, project: Path) -> None:
    release_v2(template)
    (project / "app.py").write_text("changed\n")
    (project / "untracked.txt").write_text("new\n")
    with pytest.raises(UpdateError, match=r"uncommitted changes in .*app\.py.*untracked\.txt"):
        engine.plan(project, transform=identity)


def test_a_downgrade_is_refused(template: Path, project: Path) -> None:
    release_v2(template)
    engine.apply(engine.plan(project, transform=identity))
    commit_all(project, "update to v2")
    with pytest.raises(UpdateError, match=r"uses template v2.0.0, newer than v1.0.0"):
        engine.plan(project, transform=identity, vcs_ref="v1.0.0")


def test_an_explicit_template_source_and_ref(tmp_path: Path, template: Path, project: Path) -> None:
    release_v2(template)
    moved = tmp_path / "moved-template"
    git(tmp_path, "clone", "--quiet", str(template), str(moved))
    plan = engine.plan(project, transform=identity, template=str(moved), vcs_ref="v2.0.0")
    engine.apply(plan)
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert answers["_src_path"] == str(moved.resolve())
    assert (project / "new.txt").is_file()


def test_nothing_to_do_gives_an_empty_plan(template: Path, project: Path) -> None:
    assert engine.plan(project, transform=identity).empty


def test_plain_copier_update_works_on_the_project(template: Path, project: Path) -> None:
    edit_project(project)
    release_v2(template)
    done = subprocess.run(
        [sys.executable, "-m", "copier", "update", "--defaults", "--quiet"],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    app = (project / "app.py").read_text()
    assert "line 1 edited by the user" in app and "line 13 from v2" in app


def test_a_migration_renames_an_answer_before_copier_runs(template: Path, project: Path) -> None:
    copier_v2 = (
        "salutation:\n  type: str\n  default: hello\n"
        "answers_schema_version:\n  type: int\n  default: 2\n"
    )
    files = {
        "copier.yml": copier_v2,
        "app.py.jinja": APP_V1.replace("{{ greeting }}", "{{ salutation }}"),
        "notes.txt": NOTES_V1,
    }
    commit_template(template, files, "v2.0.0")

    def rename(answers: dict[str, Any]) -> dict[str, Any]:
        answers["salutation"] = answers.pop("greeting")
        return answers

    def transform(answers: dict[str, Any]) -> dict[str, Any]:
        return migrate(answers, migrations={1: rename}, target=2)

    engine.apply(engine.plan(project, transform=transform))
    assert 'GREETING = "howdy"' in (project / "app.py").read_text()
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert answers["salutation"] == "howdy"
    assert answers["answers_schema_version"] == 2
    assert "greeting" not in answers


def test_migrate_refuses_answers_from_the_future() -> None:
    with pytest.raises(UpdateError, match="newer than this scaffold"):
        migrate({"answers_schema_version": 5}, target=1)
    assert migrate({"a": 1}, target=1) == {"a": 1, "answers_schema_version": 1}


def test_not_a_generated_project(tmp_path: Path) -> None:
    with pytest.raises(UpdateError, match=r"no \.copier-answers\.yml"):
        engine.plan(tmp_path, transform=identity)


def test_every_answer_but_the_name_has_a_default() -> None:
    """A new question must default to the old behaviour, so recorded answers stay valid."""
    from scaffold.spec import ProjectSpec

    required = [name for name, field in ProjectSpec.model_fields.items() if field.is_required()]
    assert required == ["project_name"]
