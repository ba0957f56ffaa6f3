"""ProjectSpec: defaults, preset suggestions and validation of every answer."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from scaffold.presets import WEBHOOK_PRESETS
from scaffold.spec import ProjectSpec, format_validation_error


def spec(**answers: object) -> ProjectSpec:
    return ProjectSpec.model_validate({"project_name": "acme-tickets", **answers})


def problems(**answers: object) -> str:
    with pytest.raises(ValidationError) as refused:
        spec(**answers)
    return format_validation_error(refused.value)


def test_defaults_describe_a_complete_project() -> None:
    data = spec().template_data()
    assert data["package_name"] == "acme_tickets"
    assert data["project_title"] == "Acme Tickets"
    assert data["events"][0]["trigger_name"] == "on_ticket_created"
    assert data["resources"] == [{"name": "ticket", "verbs": ["get", "create"]}]
    assert data["has_webhooks"] is True


@pytest.mark.parametrize("preset", sorted(WEBHOOK_PRESETS))
def test_each_preset_suggests_its_upstream(preset: str) -> None:
    chosen = spec(webhook_preset=preset)
    suggestion = WEBHOOK_PRESETS[preset]
    assert chosen.upstream_name == suggestion.upstream
    assert chosen.api_base_url == suggestion.api_base_url
    assert bool(chosen.events) == (preset != "none")


def test_explicit_answers_beat_preset_suggestions() -> None:
    chosen = spec(webhook_preset="zendesk", upstream_name="Our Zendesk")
    assert chosen.upstream_name == "Our Zendesk"


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://api.acme.example", "https"),
        ("https://user:pw@api.acme.example", "credentials"),
        ("https://127.0.0.1", "IP address"),
        ("https://[::1]", "IP address"),
        ("https://api.acme.example:8443", "443"),
        ("https://localhost", "valid public host"),
        ("https://api.acme.example/?q=1", "query"),
        ("https://{a}.{b}.example", "at most one"),
    ],
)
def test_bad_base_urls_are_refused(url: str, reason: str) -> None:
    assert reason in problems(api_base_url=url)


def test_a_tenant_placeholder_is_allowed_in_the_host_only() -> None:
    assert spec(api_base_url="https://{subdomain}.zendesk.com/api/v2").api_base_url
    assert "host" in problems(api_base_url="https://api.acme.example/{tenant}")


def test_verbs_are_kept_in_canonical_order_and_resources_unique() -> None:
    chosen = spec(resources=[{"name": "ticket", "verbs": ["delete", "get", "get"]}])
    assert chosen.resources[0].verbs == ["get", "delete"]
    assert "once" in problems(
        resources=[{"name": "ticket", "verbs": ["get"]}, {"name": "ticket", "verbs": ["list"]}]
    )


@pytest.mark.parametrize(
    ("answers", "location"),
    [
        ({"resources": [{"name": "Bad Name", "verbs": ["get"]}]}, "resources.0.name"),
        ({"resources": [{"name": "ticket", "verbs": ["manage"]}]}, "resources.0.verbs.0"),
        ({"events": [{"name": "x", "fields": ["has space"]}]}, "events.0.fields.0"),
        ({"webhook_preset": "nope"}, "webhook_preset"),
        ({"author_email": "not-an-email"}, "author_email"),
        ({"description": "two\nlines"}, "description"),
        ({"api_auth": "oauth2-client-credentials"}, "oauth_token_url"),
        ({"unknown_answer": 1}, "unknown_answer"),
        (
            {"webhook_preset": "generic-hmac", "hmac_signed_content": "timestamp.body"},
            "needs hmac_timestamp_header",
        ),
        (
            {"webhook_preset": "generic-hmac", "hmac_timestamp_header": "X-Timestamp"},
            "only checked when it is signed",
        ),
    ],
)
def test_invalid_answers_name_their_location(answers: dict[str, object], location: str) -> None:
    assert location in problems(**answers)


def test_validation_messages_never_echo_the_input() -> None:
    secretish = "sk_live_" + "x" * 30
    assert secretish not in problems(author_email=secretish)


def test_recorded_answers_round_trip() -> None:
    original = spec(webhook_preset="github")
    reloaded = ProjectSpec.model_validate(
        {k: v for k, v in original.template_data().items() if k in ProjectSpec.model_fields}
    )
    assert reloaded == original
