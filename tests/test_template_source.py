"""The local snapshot repository: content-addressed tags, dev snapshots, the shipped bundle,
concurrent first use, and updating an old project on a machine that never ran its version."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from scaffold import render
from scaffold.errors import RenderError
from scaffold.updating import answers_file, engine, template_cache
from scaffold.updating.answers_file import ANSWERS_FILE
from scaffold.updating.template_cache import TemplateRef, snapshot

from update_support import commit_all, git, init_project, write_tree

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def isolated_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    cache = tmp_path / "cache"
    monkeypatch.setenv(template_cache.CACHE_ENV, str(cache))
    monkeypatch.setattr(template_cache, "bundle_path", lambda: None)
    return cache


def tiny_template(root: Path, body: str) -> Path:
    write_tree(
        root,
        {
            "copier.yml": "name:\n  type: str\n  default: x\n",
            "{{_copier_conf.answers_file}}.jinja": "{{ _copier_answers|to_nice_yaml -}}\n",
            "app.txt.jinja": body,
        },
    )
    return root


def tags(cache: Path) -> list[str]:
    return git(cache / template_cache.REPOSITORY_NAME, "tag").split()


def test_same_content_same_tag_and_changed_content_gets_a_local_tag(
    tmp_path: Path, isolated_cache: Path
) -> None:
    template = tiny_template(tmp_path / "t", "one\n")
    first = snapshot(template, version="1.2.0")
    assert first == TemplateRef(str(isolated_cache / template_cache.REPOSITORY_NAME), "v1.2.0")
    assert snapshot(template, version="1.2.0") == first
    (template / "app.txt.jinja").write_text("two\n")
    assert snapshot(template, version="1.2.0").ref == "v1.2.0+local.1"
    (template / "app.txt.jinja").write_text("one\n")
    assert snapshot(template, version="1.2.0").ref == "v1.2.0"
    (template / "app.txt.jinja").write_text("three\n")
    assert snapshot(template, version="1.2.0").ref == "v1.2.0+local.2"
    assert git(isolated_cache / template_cache.REPOSITORY_NAME, "status", "--porcelain") == ""


def test_concurrent_first_use_creates_one_tag(tmp_path: Path, isolated_cache: Path) -> None:
    template = tiny_template(tmp_path / "t", "one\n")
    with ThreadPoolExecutor(max_workers=4) as pool:
        refs = set(pool.map(lambda _: snapshot(template, version="2.0.0").ref, range(8)))
    assert refs == {"v2.0.0"}
    assert tags(isolated_cache) == ["v2.0.0"]


def load_bundle_script() -> Any:
    spec = importlib.util.spec_from_file_location(
        "build_template_bundle", REPO / "scripts" / "build_template_bundle.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fake_scaffold_repo(root: Path) -> Path:
    """A scaffold-like repository with release tags v0.1.0 and v0.2.0 holding template/."""
    git(root.parent, "init", "--quiet", "--initial-branch=main", str(root))
    for version, body in (("0.1.0", "old line\n" + "same\n" * 8), ("0.2.0", None)):
        if body is None:
            body = "old line\n" + "same\n" * 8 + "new in 0.2\n"
        tiny_template(root / "template", body)
        commit_all(root, version)
        git(root, "tag", f"v{version}")
    git(root, "tag", "not-a-version")
    return root


def test_an_old_project_updates_offline_on_a_fresh_machine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Release time: bundle the template of every release tag.
    releases = fake_scaffold_repo(tmp_path / "scaffold-repo")
    bundle = tmp_path / "history.bundle"
    assert load_bundle_script().build(releases, bundle) == 2

    # Machine A, scaffold 0.1.0: generate a project, edit it.
    monkeypatch.setenv(template_cache.CACHE_ENV, str(tmp_path / "machine-a"))
    old_template = tmp_path / "installed-0.1.0"
    git(releases, "checkout", "--quiet", "v0.1.0", "--", "template")
    shutil.copytree(releases / "template", old_template)
    project = tmp_path / "project"
    render.render({"name": "p"}, project, source=snapshot(old_template, version="0.1.0"))
    assert recorded_source(project) == template_cache.PORTABLE_SOURCE
    init_project(project)
    (project / "app.txt").write_text("edited by the user\n" + (project / "app.txt").read_text())
    commit_all(project, "user edit")

    # Machine B, scaffold 0.2.0 with the bundle, never ran 0.1.0, has a fresh clone of the
    # project; machine A and its cache are gone.
    clone = tmp_path / "elsewhere" / "project"
    git(tmp_path, "clone", "--quiet", str(project), str(clone))
    shutil.rmtree(tmp_path / "machine-a")
    shutil.rmtree(project)
    project = clone
    monkeypatch.setenv(template_cache.CACHE_ENV, str(tmp_path / "machine-b"))
    monkeypatch.setattr(template_cache, "bundle_path", lambda: bundle)
    git(releases, "checkout", "--quiet", "v0.2.0", "--", "template")
    installed = tmp_path / "installed-0.2.0"
    shutil.copytree(releases / "template", installed)

    plan = engine.plan(
        project,
        transform=lambda answers: answers,
        installed=lambda: snapshot(installed, version="0.2.0"),
    )
    assert (plan.from_ref, plan.to_ref) == ("v0.1.0", "v0.2.0")
    engine.apply(plan)
    text = (project / "app.txt").read_text()
    assert text.startswith("edited by the user\n") and text.endswith("new in 0.2\n")
    assert recorded_source(project) == template_cache.PORTABLE_SOURCE
    # The bundled 0.2.0 snapshot and the installed one are the same content: one tag, reused.
    assert tags(tmp_path / "machine-b") == ["v0.1.0", "v0.2.0"]


def recorded_source(project: Path) -> str:
    return str(answers_file.read(project)["_src_path"])


def test_plain_copier_update_finds_the_cache_in_its_default_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv(template_cache.CACHE_ENV)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    assert template_cache.repository_path() == home / ".cache" / "scaffold" / "templates"
    template = tiny_template(tmp_path / "t", "top\n" + "same\n" * 8)
    project = tmp_path / "project"
    render.render({"name": "p"}, project, source=snapshot(template, version="1.0.0"))
    init_project(project)
    (project / "app.txt").write_text("edited\n" + (project / "app.txt").read_text())
    commit_all(project, "user edit")
    (template / "app.txt.jinja").write_text("top\n" + "same\n" * 8 + "new in 2.0\n")
    snapshot(template, version="2.0.0")

    done = subprocess.run(
        [sys.executable, "-m", "copier", "update", "--defaults", "--quiet"],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "HOME": str(home)},
    )
    assert done.returncode == 0, done.stderr
    assert (project / "app.txt").read_text() == "edited\ntop\n" + "same\n" * 8 + "new in 2.0\n"
    answers = answers_file.read(project)
    assert (answers["_src_path"], answers["_commit"]) == (template_cache.PORTABLE_SOURCE, "v2.0.0")


def test_an_earlier_release_cache_is_adopted_with_its_tags(
    tmp_path: Path, isolated_cache: Path
) -> None:
    legacy = isolated_cache / template_cache.LEGACY_REPOSITORY_NAME
    template = tiny_template(tmp_path / "t", "one\n")
    git(isolated_cache.parent, "init", "--quiet", str(legacy))
    tree = template_cache.snapshot_tree(legacy, template)
    template_cache.tag_snapshot(legacy, tree, "0.9.0", "v0.9.0+local.1")

    assert snapshot(template, version="1.0.0").ref == "v1.0.0"
    assert not legacy.exists()
    assert tags(isolated_cache) == ["v0.9.0+local.1", "v1.0.0"]


def test_a_project_recording_an_absolute_cache_path_moves_to_the_portable_source(
    tmp_path: Path, isolated_cache: Path
) -> None:
    template = tiny_template(tmp_path / "t", "one\n")
    project = tmp_path / "project"
    render.render({"name": "p"}, project, source=snapshot(template, version="1.0.0"))
    answers = project / ANSWERS_FILE
    old_path = "/home/someone-else/.cache/scaffold/template.git"
    answers.write_text(answers.read_text().replace(template_cache.PORTABLE_SOURCE, old_path))
    init_project(project)
    (template / "app.txt.jinja").write_text("two\n")

    plan = engine.plan(
        project, transform=lambda a: a, installed=lambda: snapshot(template, version="1.1.0")
    )
    engine.apply(plan)
    assert (project / "app.txt").read_text() == "two\n"
    assert recorded_source(project) == template_cache.PORTABLE_SOURCE
    assert old_path not in answers.read_text()


def test_a_version_missing_everywhere_is_a_clear_error(tmp_path: Path) -> None:
    template = tiny_template(tmp_path / "t", "one\n")
    ref = snapshot(template, version="1.0.0")
    with pytest.raises(RenderError, match=r"template version v0\.9\.0 is not in"):
        template_cache.ensure_ref(ref.url, "v0.9.0")
