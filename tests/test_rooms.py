"""A generated project keeps its two rooms apart: what its owner writes, and `managed/`, what
scaffold writes and `scaffold update` keeps current."""

from __future__ import annotations

from pathlib import Path

import pytest

from scaffold_support import render_project

MANAGED_HEADER = (
    "# Managed by scaffold and kept current by `scaffold update`: configure it, do not edit it."
)
# The user's room of the default render stays small enough to read in one sitting.
MAX_USER_SOURCE_LINES = 1000

VARIANTS: dict[str, dict[str, object]] = {
    "default": {},
    "no-webhooks": {"webhook_preset": "none"},
    "oauth2": {
        "api_auth": "oauth2-client-credentials",
        "oauth_token_url": "https://auth.acme.example/oauth/token",
    },
}


@pytest.fixture(scope="module", params=VARIANTS, ids=VARIANTS)
def project(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    name = str(request.param)
    return render_project(tmp_path_factory.mktemp(name) / "rooms", **VARIANTS[name])


def _sources(project: Path) -> list[Path]:
    return sorted((project / "src").rglob("*.py"))


def _managed(path: Path) -> bool:
    return "managed" in path.parts


def test_every_managed_file_says_so_in_its_first_line(project: Path) -> None:
    managed = [path for path in _sources(project) if _managed(path)]
    assert managed
    unmarked = [str(path) for path in managed if not path.read_text().startswith(MANAGED_HEADER)]
    assert unmarked == []


def test_no_file_of_the_users_room_claims_to_be_managed(project: Path) -> None:
    claimed = [
        str(path)
        for path in _sources(project)
        if not _managed(path) and MANAGED_HEADER in path.read_text()
    ]
    assert claimed == []


def test_the_users_room_is_small(project: Path) -> None:
    lines = sum(
        len(path.read_text().splitlines()) for path in _sources(project) if not _managed(path)
    )
    assert 0 < lines <= MAX_USER_SOURCE_LINES


def test_the_users_room_holds_the_integration_itself(project: Path) -> None:
    package = next((project / "src").iterdir())
    for owned in ("app.py", "connection.py", "manifest.py", "fns/actions/ticket.py"):
        assert (package / owned).is_file(), owned
    assert (package / "managed" / "hardening" / "__init__.py").is_file()
    assert not (package / "hardening").exists() and not (package / "settings.py").exists()
