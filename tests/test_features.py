"""Optional features are sets of conditional files: present when picked, absent otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from scaffold import DISTRIBUTION, __version__

from scaffold_support import render_project

FEATURE_FILES = {
    "docker": ["Dockerfile", ".dockerignore"],
    "github-ci": [".github/workflows/ci.yml"],
    "pre-commit": [".pre-commit-config.yaml"],
    "redis": ["compose.yaml"],
}


@pytest.mark.parametrize("feature", sorted(FEATURE_FILES))
def test_each_feature_adds_only_its_files(feature: str, tmp_path: Path) -> None:
    project = render_project(tmp_path / "feature-project", features=[feature])
    for name, files in FEATURE_FILES.items():
        for relative in files:
            assert (project / relative).is_file() == (name == feature), relative


def test_no_features_render_no_extra_files(tmp_path: Path) -> None:
    project = render_project(tmp_path / "bare-project", features=[])
    for files in FEATURE_FILES.values():
        for relative in files:
            assert not (project / relative).exists(), relative


def test_dockerfile_runs_as_non_root_with_a_liveness_health_check(tmp_path: Path) -> None:
    dockerfile = (
        render_project(tmp_path / "docker-project", features=["docker"]) / "Dockerfile"
    ).read_text()
    assert "USER app" in dockerfile
    assert "HEALTHCHECK" in dockerfile and "/liveness" in dockerfile
    assert "DEV_MODE=false" in dockerfile


def test_ci_workflow_runs_the_quality_gates_and_scaffold_check(tmp_path: Path) -> None:
    project = render_project(tmp_path / "ci-project", features=["github-ci"])
    workflow = yaml.safe_load((project / ".github/workflows/ci.yml").read_text())
    commands = " ".join(step.get("run", "") for step in workflow["jobs"]["test"]["steps"])
    for gate in ("ruff check", "ruff format --check", "mypy", "pytest", "scaffold check"):
        assert gate in commands, gate
    assert workflow["jobs"]["audit"]["continue-on-error"] is True
    # scaffold by its own distribution name and exactly this release, never a bare name that
    # someone else owns on the public index.
    assert f"--from '{DISTRIBUTION}=={__version__}' scaffold check" in commands
    assert "--from scaffold " not in commands
