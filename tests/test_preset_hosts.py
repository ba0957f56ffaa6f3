"""A base URL outside the chosen preset's API domain is flagged (the outbound allowlist)."""

from __future__ import annotations

from pathlib import Path

import pytest

from scaffold.presets import WEBHOOK_PRESETS, known_api_domain, preset_host_warning

from scaffold_support import run_scaffold


@pytest.mark.parametrize(
    "url",
    [
        "https://api.evil.com",
        "https://api.github.com.evil.com",
        "https://evilgithub.com",
        "https://github.com-api.example.net",
    ],
)
def test_a_url_outside_the_presets_domain_is_warned_about(url: str) -> None:
    warning = preset_host_warning("github", url)
    assert warning is not None
    assert "github.com" in warning and "GitHub" in warning


@pytest.mark.parametrize(
    ("preset", "url"),
    [
        ("github", "https://api.github.com"),
        ("github", "https://uploads.github.com/v2"),
        ("zendesk", "https://{subdomain}.zendesk.com/api/v2"),
        ("zendesk", "https://acme.zendesk.com/api/v2"),
        ("intercom", "https://api.eu.intercom.io"),
    ],
)
def test_a_url_in_the_presets_domain_passes(preset: str, url: str) -> None:
    assert preset_host_warning(preset, url) is None


@pytest.mark.parametrize("preset", ["standard-webhooks", "generic-hmac", "bearer-token", "none"])
def test_generic_presets_know_no_host(preset: str) -> None:
    assert known_api_domain(WEBHOOK_PRESETS[preset]) is None
    assert preset_host_warning(preset, "https://api.anything.com") is None


def test_every_named_upstream_knows_its_own_suggested_host() -> None:
    for name, preset in WEBHOOK_PRESETS.items():
        assert preset_host_warning(name, preset.api_base_url) is None, name


def test_without_a_terminal_new_warns_and_proceeds(workdir: Path) -> None:
    run = run_scaffold(
        "new",
        "gh-sync",
        "--defaults",
        "--no-git",
        "--data",
        "webhook_preset=github",
        "--data",
        "api_base_url=https://api.evil.com",
        cwd=workdir,
    )
    assert run.code == 0, run.stderr
    assert "warning: the API host api.evil.com is outside GitHub's domain github.com" in run.stderr
    assert (workdir / "gh-sync" / "pyproject.toml").is_file()
