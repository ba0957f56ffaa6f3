"""What a generated project says to the people who read it: no citations of documents it does
not ship, grammatical action texts whatever the names, and a README that shows how to call
the SDK routes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scaffold_support import render_project

# Section signs and the names of scaffold's own design documents; RFCs are public, so
# `RFC 6749 §4.4` may stay.
PRIVATE_CITATION = re.compile(r"(?<!RFC \d{4} )§|\bREFERENCE\b|\bCONTRACT\b")

VARIANTS: dict[str, dict[str, object]] = {
    "default": {},
    "vowels": {
        "upstream_name": "Acme",
        "resources": [
            {"name": "invoice", "verbs": ["get", "list", "search", "create", "delete"]},
            {"name": "order", "verbs": ["get", "update", "close"]},
        ],
    },
    "twilio-oauth2": {
        "webhook_preset": "twilio",
        "api_auth": "oauth2-client-credentials",
        "oauth_token_url": "https://api.twilio.com/oauth/token",
    },
    "no-webhooks": {"webhook_preset": "none"},
}


@pytest.fixture(scope="module", params=VARIANTS, ids=VARIANTS)
def project(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    name = str(request.param)
    return render_project(tmp_path_factory.mktemp(name) / "texts", **VARIANTS[name])


def _texts(project: Path) -> dict[str, str]:
    return {
        str(path.relative_to(project)): path.read_text()
        for path in sorted(project.rglob("*"))
        if path.is_file() and ".git" not in path.parts
    }


def test_no_file_cites_a_document_the_project_does_not_have(project: Path) -> None:
    cited = [
        f"{name}:{number}"
        for name, text in _texts(project).items()
        for number, line in enumerate(text.splitlines(), 1)
        if PRIVATE_CITATION.search(line)
    ]
    assert cited == []


def test_no_article_disagrees_with_a_name_from_the_answers(tmp_path: Path) -> None:
    # The names of the "vowels" variant: "a invoice", "a Acme ticket" and the like are wrong.
    project = render_project(tmp_path / "articles", **VARIANTS["vowels"])
    names = "Acme|invoice|invoices|order|orders"
    wrong = re.compile(rf"\ba ({names})\b")
    found = [
        f"{name}: {match.group(0)}"
        for name, text in _texts(project).items()
        for match in wrong.finditer(text)
    ]
    assert found == []
    assert "reads one Acme invoice by id" in (project / "README.md").read_text()


def test_the_readme_shows_the_token_for_sdk_routes_and_the_docs_url(project: Path) -> None:
    readme = (project / "README.md").read_text()
    assert 'curl -H "Authorization: Bearer $AUTH_TOKEN" http://127.0.0.1:8000/manifest' in readme
    assert "http://127.0.0.1:8000/docs" in readme
    assert "scaffold set 'sdk_requirement=" in readme
