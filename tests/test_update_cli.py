"""`scaffold update` / `add` / `remove` through the real CLI on real generated projects."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

from scaffold.updating.template_cache import PORTABLE_SOURCE

from scaffold_support import run_scaffold, snapshot
from update_support import commit_all, copy_project, generated_project, git, one_line_error


@pytest.fixture(autouse=True)
def isolated_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCAFFOLD_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture
def project(tmp_path_factory: pytest.TempPathFactory, workdir: Path) -> Path:
    return copy_project(generated_project(tmp_path_factory), workdir / "acme")


def test_new_records_a_portable_source_and_a_version_tag(
    project: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    text = (project / ".copier-answers.yml").read_text()
    answers = yaml.safe_load(text)
    assert answers["_src_path"] == PORTABLE_SOURCE
    assert answers["_commit"].startswith("v")
    assert answers["answers_schema_version"] == 1
    # Nothing of the generating machine: not its cache (under the session's temp dir), not home.
    assert str(tmp_path_factory.getbasetemp()) not in text
    assert str(Path.home()) not in text


def test_a_fresh_clone_updates_on_another_machine(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The project was generated with a cache of its own (machine A); machine B's is empty and
    # somewhere else.
    machine_b = tmp_path / "machine-b-cache"
    assert not machine_b.exists()
    monkeypatch.setenv("SCAFFOLD_CACHE_DIR", str(machine_b))
    clone = tmp_path / "teammate" / "acme"
    git(tmp_path, "clone", "--quiet", str(project), str(clone))
    before = snapshot(clone)

    run = run_scaffold("update", str(clone), cwd=clone.parent)
    assert run.code == 0, run.stderr
    assert "Already up to date" in run.stderr
    assert snapshot(clone) == before

    run = run_scaffold("remove", "feature", "docker", "--yes", cwd=clone)
    assert run.code == 0, run.stderr
    assert not (clone / "Dockerfile").exists()
    answers = (clone / ".copier-answers.yml").read_text()
    assert yaml.safe_load(answers)["_src_path"] == PORTABLE_SOURCE
    assert str(tmp_path) not in answers


def test_update_of_a_current_project_is_a_no_op(project: Path) -> None:
    run = run_scaffold("update", str(project), cwd=project.parent)
    assert run.code == 0, run.stderr
    assert "Already up to date" in run.stderr


def test_update_refuses_a_dirty_tree_and_lists_the_files(project: Path) -> None:
    (project / "README.md").write_text("changed\n")
    run = run_scaffold("update", cwd=project)
    assert run.code == 6
    assert "uncommitted changes in README.md" in one_line_error(run)


def test_update_refuses_a_downgrade(project: Path) -> None:
    answers = project / ".copier-answers.yml"
    answers.write_text(answers.read_text().replace("_commit: v", "_commit: v99."))
    commit_all(project, "pretend a newer template generated it")
    run = run_scaffold("update", cwd=project)
    assert run.code == 6
    assert "newer than" in one_line_error(run)


def test_add_without_a_terminal_needs_yes(project: Path) -> None:
    before = snapshot(project)
    run = run_scaffold("add", "action", "ticket", "close", cwd=project)
    assert run.code == 2
    assert "--yes" in one_line_error(run)
    assert snapshot(project) == before


def test_bare_add_without_a_terminal_says_what_to_type(project: Path) -> None:
    run = run_scaffold("add", cwd=project)
    assert run.code == 2
    assert "scaffold add action ticket close" in one_line_error(run)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add", "action", "ticket", "explode"), "unknown verb"),
        (("add", "action", "ticket", "get"), "already has the get action"),
        (("add", "feature", "docker"), "already on"),
        (("add", "feature", "kubernetes"), "unknown feature"),
        (("add", "resource", "ticket"), "resource ticket exists"),
    ],
)
def test_bad_additions_fail_with_one_line(
    project: Path, args: tuple[str, ...], message: str
) -> None:
    before = snapshot(project)
    run = run_scaffold(*args, "--yes", cwd=project)
    assert run.code == 2
    assert message in one_line_error(run)
    assert snapshot(project) == before


def test_add_dry_run_prints_the_diff_and_changes_nothing(project: Path) -> None:
    before = snapshot(project)
    run = run_scaffold("add", "action", "ticket", "close", "--dry-run", cwd=project)
    assert run.code == 0, run.stderr
    assert "+    - close" in run.stdout or "- close" in run.stdout
    assert "close_ticket" in run.stdout
    assert "Nothing was written" in run.stderr
    assert snapshot(project) == before


def test_remove_and_add_a_feature(project: Path) -> None:
    assert (project / "Dockerfile").is_file()
    run = run_scaffold("remove", "feature", "docker", "--yes", cwd=project)
    assert run.code == 0, run.stderr
    assert not (project / "Dockerfile").exists()
    assert "removed by the template: " in run.stderr
    commit_all(project, "no docker")
    run = run_scaffold("add", "feature", "docker", "--yes", cwd=project)
    assert run.code == 0, run.stderr
    assert (project / "Dockerfile").is_file()


def test_add_trigger_with_fields(project: Path) -> None:
    run = run_scaffold(
        "add", "trigger", "ticket.closed", "--fields", "id,status", "--yes", cwd=project
    )
    assert run.code == 0, run.stderr
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert {"name": "ticket.closed", "fields": ["id", "status"]} in [
        {"name": e["name"], "fields": e["fields"]} for e in answers["events"]
    ]
    status = git(project, "status", "--porcelain")
    assert status.strip(), "the trigger changed files"
    assert subprocess.run(["git", "diff", "--check"], cwd=project).returncode == 0
