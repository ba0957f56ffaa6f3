"""Plain `copier copy` of the template makes the project `scaffold new` makes, and refuses an
answer with the words scaffold uses: template/copier.yml is generated from ProjectSpec."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from scaffold.render import template_dir
from scaffold.updating.answers_file import ANSWERS_FILE

from scaffold_support import Run, run_scaffold, snapshot

SCENARIOS: dict[str, dict[str, str]] = {
    "defaults": {"project_name": "acme-tickets"},
    # A preset that hides the events question, and the OAuth2 questions it shows instead.
    # Copier does not apply a preset's suggestions (see copier.yml), so every answer the
    # preset changes is given, including none's empty events.
    "no-webhooks-oauth2": {
        "project_name": "ledger-sync",
        "webhook_preset": "none",
        "events": "[]",
        "api_auth": "oauth2-client-credentials",
        "api_base_url": "https://api.ledger.example/v1",
        "oauth_token_url": "https://auth.ledger.example/oauth/token",
    },
}


def data_arguments(answers: dict[str, str]) -> list[str]:
    """`--data key=value` for each answer: copier and scaffold read them alike."""
    return [argument for key, value in answers.items() for argument in ("--data", f"{key}={value}")]


def copier_copy(destination: Path, answers: dict[str, str]) -> Run:
    copier = [sys.executable, "-m", "copier", "copy", "--defaults", "--quiet"]
    done = subprocess.run(
        [*copier, *data_arguments(answers), str(template_dir()), str(destination)],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
        timeout=300,
    )
    return Run(done.returncode, done.stdout, done.stderr)


def recorded_answers(text: bytes) -> dict[str, Any]:
    """The answers a project records, without copier's source keys and derived trigger names
    (scaffold records them in events; ProjectSpec recomputes them on every read)."""
    answers = yaml.safe_load(text)
    for event in answers.get("events", []):
        event.pop("trigger_name", None)
    return {key: value for key, value in answers.items() if not key.startswith("_")}


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_plain_copier_makes_the_project_scaffold_new_makes(
    scenario: str, tmp_path: Path, workdir: Path
) -> None:
    answers = SCENARIOS[scenario]
    copied = copier_copy(tmp_path / "copier", answers)
    assert copied.code == 0, copied.stderr
    new = run_scaffold(
        "new",
        "--defaults",
        "--no-git",
        "-C",
        str(tmp_path / "new"),
        *data_arguments(answers),
        cwd=workdir,
    )
    assert new.code == 0, new.stderr
    by_copier, by_scaffold = snapshot(tmp_path / "copier"), snapshot(tmp_path / "new")
    assert recorded_answers(by_copier.pop(ANSWERS_FILE)) == recorded_answers(
        by_scaffold.pop(ANSWERS_FILE)
    )
    assert sorted(by_copier) == sorted(by_scaffold)
    assert [name for name in by_copier if by_copier[name] != by_scaffold[name]] == []


def test_plain_copier_refuses_a_bad_answer_in_the_spec_words(tmp_path: Path) -> None:
    refused = copier_copy(tmp_path / "copier", {"project_name": "acme", "author_email": "nope"})
    assert refused.code != 0
    assert "give an email address such as name@example.com" in refused.stderr
    assert not (tmp_path / "copier").exists()
