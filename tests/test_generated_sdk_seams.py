"""Generated projects touch the SDK only through its public names and HTTP.

A generated test that patches `requests.request` or an SDK module is green against the double
and red against the real SDK (which binds its own names at import), so every preset's render
is checked statically, and the checker itself is shown to catch each pattern.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scaffold.presets import WEBHOOK_PRESETS

from scaffold_support import render_project
from sdk_seams import check_project, check_source

FLAGGED = {
    "string target": 'monkeypatch.setattr("requests.request", fake)',
    "post by string": 'monkeypatch.setattr("requests.post", fake)',
    "sdk module by string": 'monkeypatch.setattr("integrations_sdk.triggers.request", fake)',
    "module object": "import requests\nmonkeypatch.setattr(requests, 'request', fake)",
    "aliased module": "import requests as r\nmonkeypatch.setattr(r, 'get', fake)",
    "mock.patch": "from unittest import mock\nmock.patch('requests.request')",
    "patch.object on sdk class": (
        "from integrations_sdk.triggers import Trigger\nmock.patch.object(Trigger, 'call', fake)"
    ),
    "private module": "from integrations_sdk.dev_server import DevServerWorkflowStorage",
    "private symbol": "from integrations_sdk.triggers import _create_dispatch_fn",
    "plain sdk import": "import integrations_sdk.triggers",
    "private attribute": (
        "from integrations_sdk.triggers import TriggerEvents\nTriggerEvents()._listeners"
    ),
    "transport internals": "import urllib3\nmonkeypatch.setattr(urllib3, 'PoolManager', fake)",
}

ALLOWED = {
    "public import": "from integrations_sdk.triggers import TriggerEvents, workflow_trigger",
    "own module patched": "from app import upstream\nmonkeypatch.setattr(upstream, 'X', 1)",
    "requests used for types": "import requests\ndef f(r: requests.PreparedRequest) -> None: ...",
    "hmac spy": "import hmac\nmonkeypatch.setattr(hmac, 'compare_digest', spy)",
    "public field": (
        "from integrations_sdk.triggers import TriggerEvents\nTriggerEvents().created_listener"
    ),
    "dunder": "from integrations_sdk.triggers import Trigger\nTrigger.__name__",
}


@pytest.mark.parametrize("source", FLAGGED.values(), ids=FLAGGED.keys())
def test_the_checker_flags_seams_only_a_stand_in_has(source: str) -> None:
    assert check_source(source), source


@pytest.mark.parametrize("source", ALLOWED.values(), ids=ALLOWED.keys())
def test_the_checker_allows_the_public_surface(source: str) -> None:
    assert check_source(source) == []


VARIANTS: dict[str, dict[str, object]] = {
    **{f"preset-{name}": {"webhook_preset": name} for name in WEBHOOK_PRESETS},
    "oauth2": {
        "api_auth": "oauth2-client-credentials",
        "oauth_token_url": "https://auth.acme.example/oauth/token",
    },
}


@pytest.mark.parametrize("answers", VARIANTS.values(), ids=VARIANTS.keys())
def test_generated_code_uses_only_public_sdk_seams(
    answers: dict[str, object], tmp_path: Path
) -> None:
    project = render_project(tmp_path / "seams", **answers)
    assert list((project / "tests").glob("test_*.py")), "nothing was checked"
    violations = check_project(project)
    assert violations == [], "\n".join(str(violation) for violation in violations)
