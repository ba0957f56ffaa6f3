"""A project generated before the two rooms existed updates to the new layout.

It is rendered from the template as it was at PRE_ROOMS (read from this repository's history),
committed, and edited in its own room (connection.py); `scaffold update` to the current template
then moves scaffold's code under `managed/`, keeps the edit, and the project's suite passes.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path

import pytest

from scaffold import evolve, postgen, render
from scaffold.updating import answers_file
from scaffold.updating.changes import update_project

from scaffold_support import REPO, install, make_venv, render_project, run_tool
from update_support import commit_all

pytestmark = pytest.mark.slow

# The last commit of main with the old layout (hardening/, settings.py, ... at the package top).
PRE_ROOMS = "01bb9f680308ddfd7030b081277ceca5659550d4"
EDIT = "# The team's note: tenants are agencies.\n"


def old_template(destination: Path) -> Path:
    """template/ as it was at PRE_ROOMS."""
    archive = subprocess.run(
        ["git", "archive", PRE_ROOMS, "template"], cwd=REPO, capture_output=True, check=False
    )
    assert archive.returncode == 0, (
        f"commit {PRE_ROOMS} is not in this clone's history: {archive.stderr.decode()[:200]}"
    )
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(destination, filter="data")
    return destination / "template"


def test_a_project_of_the_old_layout_updates_to_the_two_rooms(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SCAFFOLD_CACHE_DIR", str(tmp_path / "cache"))
    current = render.template_dir()
    old = old_template(tmp_path / "old")
    assert (old / "project/src/{{package_name}}/hardening").is_dir()
    monkeypatch.setattr(render, "template_dir", lambda: old)
    project = render_project(tmp_path / "acme", project_name="acme")
    spec = evolve.current_spec(answers_file.user_answers(answers_file.read(project)))
    assert postgen.initialise_git(project, spec)
    connection = project / "src/acme/connection.py"
    connection.write_text(connection.read_text() + "\n" + EDIT)
    commit_all(project, "our edit")

    monkeypatch.setattr(render, "template_dir", lambda: current)
    update_project(project, template=None, vcs_ref=None, dry_run=False)

    assert connection.read_text().endswith(EDIT)
    package = project / "src/acme"
    assert (package / "managed/hardening/__init__.py").is_file()
    assert not (package / "hardening").exists() and not (package / "settings.py").exists()
    leftovers = [p for p in project.rglob("*") if p.suffix in {".rej", ".orig"}]
    assert leftovers == []
    commit_all(project, "update to the two rooms")

    python = make_venv(tmp_path / "venv")
    install(python, "-e", f"{project}[test]")
    done = run_tool(python, "pytest", "-q", "-p", "no:cacheprovider", cwd=project)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
