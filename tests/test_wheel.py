"""The built wheel carries the template: `scaffold new` works from any directory."""

from __future__ import annotations

import os
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


def _quickstart_commands() -> list[str]:
    """The shell commands of README's quickstart, in order (one per ```bash block)."""
    readme = (REPO / "README.md").read_text()
    section = readme.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    return [block.split("```", 1)[0].strip() for block in section.split("```bash\n")[1:]]


def test_the_quickstart_generates_beside_the_checkout_and_leaves_it_clean(
    tmp_path: Path,
) -> None:
    install_and_new, run_tests = _quickstart_commands()
    assert run_tests == "scripts/test"  # what .ci/run calls
    checkout = tmp_path / "checkout"
    subprocess.run(["git", "clone", "-q", str(REPO), str(checkout)], check=True)
    uv("venv", "--quiet", "--seed", "--python", sys.executable, str(tmp_path / "venv"))
    path = f"{tmp_path / 'venv' / 'bin'}:{os.environ['PATH']}"
    done = subprocess.run(
        ["bash", "-c", install_and_new],
        cwd=checkout,
        env={**os.environ, "PATH": path, "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    demo = tmp_path / "demo"
    log = subprocess.run(
        ["git", "log", "--oneline"], cwd=demo, capture_output=True, text=True, check=True
    )
    assert len(log.stdout.splitlines()) == 1
    status = subprocess.run(
        ["git", "status", "--porcelain", "--ignored"],
        cwd=checkout,
        capture_output=True,
        text=True,
        check=True,
    )
    assert status.stdout == ""
