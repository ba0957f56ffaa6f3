"""generate(): the project directory's mode, and what --force may overwrite and when it says so."""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Sequence
from pathlib import Path

from scaffold.answers import build_spec
from scaffold.generate import generate

from scaffold_support import snapshot


def test_a_new_project_directory_has_the_mode_the_umask_gives(tmp_path: Path) -> None:
    previous = os.umask(0o027)
    try:
        generate(build_spec({"project_name": "acme"}), tmp_path / "acme")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "acme").stat().st_mode) == 0o750
    assert stat.S_IMODE((tmp_path / "acme" / "src").stat().st_mode) == 0o750
    assert [path.name for path in tmp_path.iterdir()] == ["acme"]  # no staging left behind


def test_force_reports_replaced_files_before_writing_any(tmp_path: Path) -> None:
    spec = build_spec({"project_name": "acme"})
    pristine = generate(spec, tmp_path / "pristine").path
    target = tmp_path / "acme"
    target.mkdir()
    (target / "notes.txt").write_text("mine")
    (target / "README.md").write_text("old readme")
    shutil.copy2(pristine / ".gitignore", target / ".gitignore")  # already as generated
    before = snapshot(target)
    seen: list[tuple[list[Path], dict[str, bytes]]] = []

    def before_overwrite(files: Sequence[Path]) -> None:
        seen.append((list(files), snapshot(target)))

    result = generate(spec, target, force=True, before_overwrite=before_overwrite)

    assert [files for files, _ in seen] == [[Path("README.md")]]
    assert seen[0][1] == before  # nothing in the destination was written yet
    assert (target / "README.md").read_bytes() == (pristine / "README.md").read_bytes()
    assert (target / "notes.txt").read_text() == "mine"
    assert Path(".gitignore") in result.files and Path("notes.txt") not in result.files


def test_force_into_an_empty_or_fresh_place_reports_nothing(tmp_path: Path) -> None:
    spec = build_spec({"project_name": "acme"})
    (tmp_path / "empty").mkdir()
    reported: list[Sequence[Path]] = []
    generate(spec, tmp_path / "empty", force=True, before_overwrite=reported.append)
    generate(spec, tmp_path / "fresh", force=True, before_overwrite=reported.append)
    assert reported == []
