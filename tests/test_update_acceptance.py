"""Acceptance: render, edit and commit, change the template, `scaffold update` brings the change
in and keeps the edit; `scaffold add action ticket close` adds the action with its tests and the
project's own suite passes; dry runs leave the tree untouched. Also `scaffold add` interactively.

The template is a copy of the real one (render.template_dir is pointed at it), so the test
exercises the development path too: the changed copy becomes a `v<version>+local.<n>` snapshot.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from scaffold import evolve, postgen, render
from scaffold.prompts import ScriptedPrompter
from scaffold.updating import answers_file, engine
from scaffold.updating.changes import change_project, update_project

from scaffold_support import install, make_venv, render_project, run_tool
from update_support import commit_all, git

LOG_MODULE = "src/acme/managed/log.py"
TEMPLATE_LOG = "project/src/{{package_name}}/managed/log.py"
ADDED_FUNCTION = (
    '\n\ndef template_v2_marker() -> str:\n    """Added by the new template."""\n    return "v2"\n'
)


@pytest.fixture
def template_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SCAFFOLD_CACHE_DIR", str(tmp_path / "cache"))
    copy = tmp_path / "template"
    shutil.copytree(render.template_dir(), copy)
    monkeypatch.setattr(render, "template_dir", lambda: copy)
    return copy


@pytest.fixture
def project(tmp_path: Path, template_copy: Path) -> Path:
    path = render_project(tmp_path / "acme", project_name="acme")
    spec = evolve.current_spec(answers_file.user_answers(answers_file.read(path)))
    assert postgen.initialise_git(path, spec)
    return path


def edit_log_module(project: Path) -> str:
    module = project / LOG_MODULE
    text = module.read_text()
    edited = text.replace("import json\n", "import json  # the team's edit\n", 1)
    assert edited != text
    module.write_text(edited)
    commit_all(project, "our edit")
    return edited


@pytest.mark.slow
def test_update_merges_template_changes_and_add_action_passes_the_suite(
    tmp_path: Path, template_copy: Path, project: Path
) -> None:
    edit_log_module(project)
    # The template changes: a new file, and the edited module in a region far from the edit.
    (template_copy / "project" / "UPGRADING.md").write_text("# Upgrading\n")
    template_log = template_copy / TEMPLATE_LOG
    template_log.write_text(template_log.read_text() + ADDED_FUNCTION)

    before = engine.tree_hash(project)
    update_project(project, template=None, vcs_ref=None, dry_run=True)
    assert engine.tree_hash(project) == before

    update_project(project, template=None, vcs_ref=None, dry_run=False)
    log = (project / LOG_MODULE).read_text()
    assert "import json  # the team's edit" in log
    assert "def template_v2_marker() -> str:" in log
    assert (project / "UPGRADING.md").read_text() == "# Upgrading\n"
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert "+local." in answers["_commit"]
    commit_all(project, "update")

    before = engine.tree_hash(project)
    change_project(
        project,
        lambda _s: evolve.add_action("ticket", "close"),
        yes=False,
        dry_run=True,
        prompter=None,
    )
    assert engine.tree_hash(project) == before
    change_project(
        project,
        lambda _s: evolve.add_action("ticket", "close"),
        yes=True,
        dry_run=False,
        prompter=None,
    )
    assert "close_ticket" in (project / "src/acme/manifest.py").read_text()
    assert "close" in (project / "tests/test_actions.py").read_text()
    assert "import json  # the team's edit" in (project / LOG_MODULE).read_text()
    commit_all(project, "add close_ticket")

    python = make_venv(tmp_path / "venv")
    install(python, "-e", f"{project}[test]")
    done = run_tool(python, "pytest", "-q", "-p", "no:cacheprovider", cwd=project)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]


def test_interactive_add_shows_what_exists_and_confirms(project: Path) -> None:
    edited = edit_log_module(project)
    declined = ScriptedPrompter(
        {
            "add.kind": "action",
            "add.action_resource": "ticket",
            "add.action_verb": "list",
            "confirm": False,
        }
    )
    before = engine.tree_hash(project)
    change_project(
        project,
        lambda spec: evolve.choose_addition(declined, spec),
        yes=False,
        dry_run=False,
        prompter=declined,
    )
    assert declined.asked == ["add.kind", "add.action_resource", "add.action_verb", "confirm"]
    assert engine.tree_hash(project) == before

    accepted = ScriptedPrompter(
        {
            "add.kind": "action",
            "add.action_resource": "ticket",
            "add.action_verb": "list",
            "confirm": True,
        }
    )
    change_project(
        project,
        lambda spec: evolve.choose_addition(accepted, spec),
        yes=False,
        dry_run=False,
        prompter=accepted,
    )
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert answers["resources"][0]["verbs"] == ["get", "list", "create"]
    assert (project / LOG_MODULE).read_text() == edited
    assert "list_ticket" in (project / "src/acme/manifest.py").read_text()
    assert git(project, "status", "--porcelain").strip()
