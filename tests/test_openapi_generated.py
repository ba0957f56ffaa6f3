"""A project generated from an OpenAPI description installs, lints and passes its own suite,
including the per-action tests that hold each action to the description."""

from __future__ import annotations

from pathlib import Path

import pytest

from scaffold import openapi

from scaffold_support import PROJECT_TOOLS, assert_tool_passes, installed, render_project

pytestmark = pytest.mark.slow

FIXTURE = Path(__file__).parent / "fixtures" / "openapi" / "tickets-3.0.yaml"
OPERATIONS = [
    "listTickets",
    "createTicket",
    "showTicket",
    "DELETE /tickets/{ticket_id}",
    "POST /users/{user_id}/notes",
    "showUser",
]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    # Picked result fields (one three levels deep, one in a list's items) go through the same
    # generated checks as the default ones.
    picked = {
        "createTicket": ["ticket.id", "ticket.status", "ticket.requester.email"],
        "listTickets": ["id", "status"],
    }
    choice = openapi.choose(openapi.load(str(FIXTURE)), OPERATIONS, result_fields=picked)
    destination = tmp_path_factory.mktemp("openapi") / "tix"
    rendered = render_project(
        destination, extra_files={openapi.SLICE_PATH: choice.slice}, **choice.answers
    )
    return rendered, installed(rendered)


@pytest.mark.parametrize("tool", sorted(PROJECT_TOOLS))
def test_the_generated_project_is_clean_and_its_suite_passes(
    project: tuple[Path, Path], tool: str
) -> None:
    directory, python = project
    assert_tool_passes(python, directory, tool)
