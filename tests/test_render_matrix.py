"""Every webhook preset (and feature combinations) renders a project we would sign:
no leftover Jinja, ruff and ruff-format clean, mypy --strict clean, no sentinel secret,
and `scaffold check` finds nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scaffold.audit import run_check
from scaffold.presets import WEBHOOK_PRESETS

from scaffold_support import (
    GENERIC_HMAC_BASE64_TIMESTAMP,
    install,
    make_venv,
    render_project,
    run_tool,
)

pytestmark = pytest.mark.slow

ALL_VERBS = ["get", "list", "search", "create", "update", "close", "delete"]
VARIANTS: dict[str, dict[str, object]] = {
    **{f"preset-{name}": {"webhook_preset": name} for name in WEBHOOK_PRESETS},
    "all-verbs-two-resources": {
        "resources": [
            {"name": "ticket", "verbs": ALL_VERBS},
            {"name": "contact", "verbs": ALL_VERBS},
        ]
    },
    # One verb per resource: no helper, constant or test branch of an unchosen verb is left.
    "sparse-verbs": {
        "resources": [
            {"name": "ticket", "verbs": ["get"]},
            {"name": "note", "verbs": ["delete"]},
        ]
    },
    # The longest names allowed: generated code must stay formatted whatever the names.
    "long-names": {
        "project_name": "integration-for-acme-ticketing-system-xy",
        "upstream_name": "Acme Enterprise Ticketing And Customer Relationship Suite X",
        "resources": [{"name": "customer_records_xyz", "verbs": ALL_VERBS}],
        "events": [
            {
                "name": "customer_relationship_record.entry_updated_xyz1234",
                "fields": ["id", "status"],
            }
        ],
    },
    "generic-hmac-base64-timestamp": GENERIC_HMAC_BASE64_TIMESTAMP,
}

# The non-preset answers combined pairwise: every value of api_auth meets both states of
# every feature, and every two features meet in all four on/off combinations.
FEATURES = ("docker", "github-ci", "pre-commit", "redis")
FEATURE_PATTERNS = {
    "bearer-token": ("0000", "1111"),
    "api-key-header": ("0011", "1100"),
    "api-key-query": ("1001", "0110"),
    "basic": ("0101", "1010"),
    "oauth2-client-credentials": ("0110", "1001"),
}
AUTH_EXTRAS: dict[str, dict[str, object]] = {
    "api-key-header": {"api_key_header": "X-Acme-Key"},
    "api-key-query": {"api_key_query_param": "key"},
    "oauth2-client-credentials": {
        "oauth_token_url": "https://auth.acme.example/oauth/token",
        "oauth_scopes": ["tickets.read"],
    },
}
PAIRWISE: list[dict[str, object]] = [
    {
        "api_auth": auth,
        "features": [f for f, bit in zip(FEATURES, pattern, strict=True) if bit == "1"],
        **AUTH_EXTRAS.get(auth, {}),
    }
    for auth, patterns in FEATURE_PATTERNS.items()
    for pattern in patterns
]
VARIANTS.update(
    {f"pairwise-{row['api_auth']}-{'-'.join(row['features']) or 'bare'}": row for row in PAIRWISE}  # type: ignore[str-bytes-safe]
)

SENTINEL = "sk_live_SENTINEL_0123456789abcdef"
SECRET_ENVIRONMENT = (
    "AUTH_TOKEN",
    "CONNECTION_SERVER_KEY",
    "API_KEY",
    "API_TOKEN",
    "WEBHOOK_SECRET",
    "CLIENT_SECRET",
    "GITHUB_TOKEN",
)


def test_pairwise_rows_cover_every_pair_of_values() -> None:
    rows = [
        {"auth": row["api_auth"], **{f: f in row["features"] for f in FEATURES}}  # type: ignore[operator]
        for row in PAIRWISE
    ]
    factors = ["auth", *FEATURES]
    values = {"auth": set(FEATURE_PATTERNS), **{f: {True, False} for f in FEATURES}}
    for i, first in enumerate(factors):
        for second in factors[i + 1 :]:
            seen = {(row[first], row[second]) for row in rows}
            assert seen == {(a, b) for a in values[first] for b in values[second]}, (first, second)


@pytest.fixture(scope="module")
def tool_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One venv with the generated projects' dependencies and the checkers."""
    project = render_project(tmp_path_factory.mktemp("deps") / "deps-probe")
    python = make_venv(tmp_path_factory.mktemp("venv") / "venv")
    install(python, "-e", ".[test]", cwd=project)
    return python


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_variant_renders_clean(
    variant: str, tmp_path: Path, tool_python: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Secrets never pass through copier: with every secret-ish variable set to a sentinel
    # while rendering, the sentinel must appear nowhere in the output (answers included).
    for name in SECRET_ENVIRONMENT:
        monkeypatch.setenv(name, SENTINEL)
    answers = dict(VARIANTS[variant])
    answers.setdefault("description", f"Matrix variant {variant}")
    project = render_project(tmp_path / "matrix-project", **answers)
    for path in project.rglob("*"):
        if path.is_file():
            text = path.read_text()
            assert "{{" not in text and "{%" not in text and "{#" not in text, path
            assert SENTINEL not in text, path
    checks = [
        ("ruff", "check", "--no-cache", "."),
        ("ruff", "format", "--check", "--no-cache", "."),
        ("mypy", "--no-incremental", "--cache-dir", str(tmp_path / "mypy-cache"), "src", "tests"),
    ]
    report, exit_code = run_check(project, output_format="json", fail_on="low")
    findings = json.loads(report)["findings"]
    unsuppressed = [f for f in findings if not f.get("suppressed")]
    assert exit_code == 0 and not unsuppressed, unsuppressed
    for check in checks:
        result = run_tool(tool_python, *check, cwd=project)
        assert result.returncode == 0, (
            f"{' '.join(check)}:\n{result.stdout[-3000:]}{result.stderr[-1000:]}"
        )
