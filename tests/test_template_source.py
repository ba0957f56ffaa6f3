"""The local snapshot repository: content-addressed tags, dev snapshots, the shipped bundle,
concurrent first use, and updating an old project on a machine that never ran its version."""

from __future__ import annotations

import importlib.util
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import yaml

from scaffold import render
from scaffold.errors import RenderError
from scaffold.updating import engine, template_cache
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
    return git(cache / "template.git", "tag").split()


def test_same_content_same_tag_and_changed_content_gets_a_local_tag(
    tmp_path: Path, isolated_cache: Path
) -> None:
    template = tiny_template(tmp_path / "t", "one\n")
    first = snapshot(template, version="1.2.0")
    assert first == TemplateRef(str(isolated_cache / "template.git"), "v1.2.0")
    assert snapshot(template, version="1.2.0") == first
    (template / "app.txt.jinja").write_text("two\n")
    assert snapshot(template, version="1.2.0").ref == "v1.2.0+local.1"
    (template / "app.txt.jinja").write_text("one\n")
    assert snapshot(template, version="1.2.0").ref == "v1.2.0"
    (template / "app.txt.jinja").write_text("three\n")
    assert snapshot(template, version="1.2.0").ref == "v1.2.0+local.2"
    assert git(isolated_cache / "template.git", "status", "--porcelain") == ""


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
    init_project(project)
    (project / "app.txt").write_text("edited by the user\n" + (project / "app.txt").read_text())
    commit_all(project, "user edit")

    # Machine B, scaffold 0.2.0 with the bundle, never ran 0.1.0; machine A's cache is gone.
    shutil.rmtree(tmp_path / "machine-a")
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
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert answers["_src_path"] == str(tmp_path / "machine-b" / "template.git")
    # The bundled 0.2.0 snapshot and the installed one are the same content: one tag, reused.
    assert tags(tmp_path / "machine-b") == ["v0.1.0", "v0.2.0"]


def test_a_version_missing_everywhere_is_a_clear_error(tmp_path: Path) -> None:
    template = tiny_template(tmp_path / "t", "one\n")
    ref = snapshot(template, version="1.0.0")
    with pytest.raises(RenderError, match=r"template version v0\.9\.0 is not in"):
        template_cache.ensure_ref(ref.url, "v0.9.0")
