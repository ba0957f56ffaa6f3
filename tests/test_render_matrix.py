"""Every webhook preset (and feature combinations) renders a project we would sign:
no leftover Jinja, ruff and ruff-format clean, mypy --strict clean, no sentinel secret."""

from __future__ import annotations

from pathlib import Path

import pytest

from scaffold.presets import WEBHOOK_PRESETS

from scaffold_support import install, make_venv, render_project, run_tool

pytestmark = pytest.mark.slow

VARIANTS: dict[str, dict[str, object]] = {
    **{f"preset-{name}": {"webhook_preset": name} for name in WEBHOOK_PRESETS},
    "all-verbs-two-resources": {
        "resources": [
            {
                "name": "ticket",
                "verbs": ["get", "list", "search", "create", "update", "close", "delete"],
            },
            {
                "name": "contact",
                "verbs": ["get", "list", "search", "create", "update", "close", "delete"],
            },
        ]
    },
    "auth-basic-no-features": {"api_auth": "basic", "features": []},
    "auth-api-key": {"api_auth": "api-key-header", "api_key_header": "X-Acme-Key"},
    "auth-oauth2": {
        "api_auth": "oauth2-client-credentials",
        "oauth_token_url": "https://auth.acme.example/oauth/token",
        "oauth_scopes": ["tickets.read"],
        "features": ["docker", "redis"],
    },
    "generic-hmac-base64-timestamp": {
        "webhook_preset": "generic-hmac",
        "hmac_encoding": "base64",
        "hmac_prefix": "",
        "hmac_timestamp_header": "X-Timestamp",
        "hmac_signed_content": "timestamp.body",
    },
}

SENTINEL = "sk_live_SENTINEL_0123456789abcdef"


@pytest.fixture(scope="module")
def tool_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One venv with the generated projects' dependencies and the checkers."""
    project = render_project(tmp_path_factory.mktemp("deps") / "deps-probe")
    python = make_venv(tmp_path_factory.mktemp("venv") / "venv")
    install(python, "-e", ".[test]", cwd=project)
    return python


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_variant_renders_clean(variant: str, tmp_path: Path, tool_python: Path) -> None:
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
    for check in checks:
        result = run_tool(tool_python, *check, cwd=project)
        assert result.returncode == 0, (
            f"{' '.join(check)}:\n{result.stdout[-3000:]}{result.stderr[-1000:]}"
        )
