"""The SDK requirement: pinned to one commit recorded in scaffold/sdk_pin.py, validated as a
requirement on integrations_sdk, and moved to the current pin by `scaffold update` unless the
user chose another source."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from scaffold import postgen, sdk_pin
from scaffold.answers import build_spec
from scaffold.errors import AnswersError
from scaffold.render import template_dir
from scaffold.spec import ProjectSpec
from scaffold.updating import answers_file
from scaffold.updating.changes import project_spec, update_project

from scaffold_support import DOUBLE_REQUIREMENT, render_project, run_scaffold
from update_support import one_line_error

OLD_MAIN_DEFAULT = "integrations_sdk @ git+https://github.com/ebbot-ai/integrations_sdk.git@main"
FORK = "integrations_sdk @ git+https://github.com/acme/integrations_sdk.git@main"


def test_the_default_is_one_commit_of_the_sdk_repository() -> None:
    default = ProjectSpec(project_name="acme").sdk_requirement
    assert default == sdk_pin.DEFAULT_SDK_REQUIREMENT
    assert re.fullmatch(
        r"integrations_sdk @ git\+https://github\.com/ebbot-ai/integrations_sdk\.git@[0-9a-f]{40}",
        default,
    )
    assert default.endswith(sdk_pin.PINNED_COMMITS[-1])


def test_copier_yml_takes_the_same_pin() -> None:
    copier = yaml.safe_load((template_dir() / "copier.yml").read_text())
    assert copier["sdk_requirement"]["default"] == sdk_pin.DEFAULT_SDK_REQUIREMENT


def test_earlier_defaults_are_recognised_and_user_choices_are_not() -> None:
    assert sdk_pin.is_earlier_default(OLD_MAIN_DEFAULT)
    assert not sdk_pin.is_earlier_default(sdk_pin.DEFAULT_SDK_REQUIREMENT)
    for chosen in (
        FORK,
        DOUBLE_REQUIREMENT,
        sdk_pin.requirement_at("0123456789abcdef0123456789abcdef01234567"),
    ):
        assert not sdk_pin.is_earlier_default(chosen), chosen
        assert sdk_pin.moved_pin({"sdk_requirement": chosen}) == {"sdk_requirement": chosen}


def test_moved_pin_changes_only_the_requirement() -> None:
    answers = {"project_name": "acme", "sdk_requirement": OLD_MAIN_DEFAULT, "features": []}
    assert sdk_pin.moved_pin(answers) == {
        **answers,
        "sdk_requirement": sdk_pin.DEFAULT_SDK_REQUIREMENT,
    }
    assert answers["sdk_requirement"] == OLD_MAIN_DEFAULT, "the input is not modified"
    assert sdk_pin.moved_pin({"project_name": "acme"}) == {"project_name": "acme"}


@pytest.mark.parametrize(
    ("requirement", "message"),
    [
        ("requests", "must name the distribution integrations_sdk"),
        ("requests @ git+https://github.com/psf/requests.git", "must name the distribution"),
        ("../integrations_sdk", "not a PEP 508 requirement"),
        ("integrations_sdk @", "not a PEP 508 requirement"),
    ],
)
def test_a_requirement_on_anything_else_is_refused(requirement: str, message: str) -> None:
    with pytest.raises(AnswersError) as raised:
        build_spec({"project_name": "acme", "sdk_requirement": requirement})
    text = str(raised.value)
    assert "\n" not in text
    assert text.startswith("invalid answers: sdk_requirement: ")
    assert message in text


@pytest.mark.parametrize(
    "requirement",
    [
        DOUBLE_REQUIREMENT,
        FORK,
        "integrations-sdk @ file:///opt/sdk",  # the same distribution, spelled the other way
        "integrations_sdk==1.2.0",
    ],
)
def test_requirements_on_the_sdk_are_accepted(requirement: str) -> None:
    spec = build_spec({"project_name": "acme", "sdk_requirement": requirement})
    assert spec.sdk_requirement == requirement


def test_the_cli_refuses_another_distribution_with_one_line(workdir: Path) -> None:
    run = run_scaffold(
        "new", "acme", "--defaults", "--data", "sdk_requirement=requests", cwd=workdir
    )
    assert run.code == 2
    assert one_line_error(run).startswith("error: invalid answers: sdk_requirement: must name")
    assert list(workdir.iterdir()) == []


def committed_project(destination: Path, requirement: str) -> Path:
    project = render_project(destination, project_name="acme", sdk_requirement=requirement)
    assert postgen.initialise_git(project, project_spec(project))
    return project


def test_update_moves_an_earlier_default_to_the_current_pin(tmp_path: Path) -> None:
    project = committed_project(tmp_path / "acme", OLD_MAIN_DEFAULT)
    assert OLD_MAIN_DEFAULT in (project / "pyproject.toml").read_text()
    before = answers_file.read(project)

    update_project(project, template=None, vcs_ref=None, dry_run=False)

    pyproject = (project / "pyproject.toml").read_text()
    assert f'"{sdk_pin.DEFAULT_SDK_REQUIREMENT}",' in pyproject
    assert "@main" not in pyproject
    after = answers_file.read(project)
    assert after["sdk_requirement"] == sdk_pin.DEFAULT_SDK_REQUIREMENT
    assert {k: v for k, v in after.items() if k != "sdk_requirement"} == {
        k: v for k, v in before.items() if k != "sdk_requirement"
    }


def test_update_keeps_a_requirement_the_user_chose(tmp_path: Path) -> None:
    project = committed_project(tmp_path / "acme", DOUBLE_REQUIREMENT)
    before = (project / "pyproject.toml").read_text()

    update_project(project, template=None, vcs_ref=None, dry_run=False)

    assert (project / "pyproject.toml").read_text() == before
    assert answers_file.read(project)["sdk_requirement"] == DOUBLE_REQUIREMENT
