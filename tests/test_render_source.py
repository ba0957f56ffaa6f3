"""Rendering from the packaged directory records the snapshot exactly as rendering from it."""

from __future__ import annotations

from pathlib import Path

from scaffold import render
from scaffold.spec import ProjectSpec
from scaffold.updating.answers_file import ANSWERS_FILE
from scaffold.updating.template_cache import PORTABLE_SOURCE

from scaffold_support import DOUBLE_REQUIREMENT, snapshot


def test_fast_render_equals_rendering_from_the_snapshot(tmp_path: Path) -> None:
    data = ProjectSpec(
        project_name="acme-tickets", sdk_requirement=DOUBLE_REQUIREMENT
    ).template_data()
    fast, from_git = tmp_path / "fast", tmp_path / "git"
    render.render(data, fast)
    render.render(data, from_git, source=render.installed_template())
    assert snapshot(fast) == snapshot(from_git)
    answers = (fast / ANSWERS_FILE).read_text()
    assert "_commit: v" in answers and f"_src_path: {PORTABLE_SOURCE}\n" in answers
