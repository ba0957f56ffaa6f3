"""The built wheel carries the template: `scaffold new` works from any directory."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from scaffold_support import REPO, install, make_venv, uv

pytestmark = pytest.mark.slow


def test_installed_wheel_generates_a_project_from_another_directory(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    uv("build", "--wheel", "--out-dir", str(dist), str(REPO))
    [wheel] = dist.glob("ebbot_scaffold-*.whl")
    python = make_venv(tmp_path / "venv")
    install(python, str(wheel))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    done = subprocess.run(
        [str(tmp_path / "venv" / "bin" / "scaffold"), "new", "demo", "--defaults", "--no-git"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert (elsewhere / "demo" / "src" / "demo" / "app.py").is_file()
    answers = (elsewhere / "demo" / ".copier-answers.yml").read_text()
    assert str(REPO) not in answers  # rendered from the installed package, not this checkout
    assert sys.executable  # the suite's own interpreter is untouched
