"""The `scaffold new` questionnaire: which questions, in which order, with which defaults.

It asks only what the user has not already answered (flags, --data, an answers file), and
validates each answer against ProjectSpec as it is typed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from scaffold.presets import WEBHOOK_PRESETS
from scaffold.prompts import Choice, Prompter, Validator
from scaffold.spec import DESTRUCTIVE_VERBS, FEATURES, VERBS, ProjectSpec

_FEATURE_LABELS = {
    "docker": "docker: slim non-root Dockerfile with a health check",
    "github-ci": "github-ci: GitHub Actions workflow (ruff, mypy, pytest, scaffold check)",
    "pre-commit": "pre-commit: hooks for ruff and mypy",
    "redis": "redis: Redis replay store wired and a compose file for local Redis",
}
_AUTH_LABELS = {
    "bearer-token": "Bearer token (Authorization: Bearer ...)",
    "api-key-header": "API key in a header",
    "basic": "HTTP Basic (user name and password or token)",
    "oauth2-client-credentials": "OAuth2 client credentials",
}


def _field_validator(answers: Mapping[str, Any], name: str) -> Validator:
    """Validate one answer in the context of the answers so far; report only its problems."""

    def validate(value: Any) -> str | None:
        try:
            ProjectSpec.model_validate({**answers, name: value})
        except ValidationError as error:
            for problem in error.errors(include_input=False, include_url=False):
                if problem["loc"] and problem["loc"][0] == name:
                    return str(problem["msg"]).removeprefix("Value error, ")
        return None

    return validate


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.replace("\n", ",").split(",") if part.strip()]


def ask_missing(prompter: Prompter, given: Mapping[str, Any]) -> dict[str, Any]:
    """Ask every question not in `given`; return `given` plus the answers."""
    answers: dict[str, Any] = dict(given)
    defaults = ProjectSpec.model_validate(
        {"project_name": answers.get("project_name", "placeholder")}
        | {k: v for k, v in answers.items() if k == "webhook_preset"}
    )

    def text(name: str, message: str, default: str) -> None:
        if name not in answers:
            answers[name] = prompter.text(
                name, message, default, _field_validator(answers, name)
            ).strip()

    text("project_name", "Project name", "")
    text("description", "One-line description", defaults.description)
    text("author_name", "Author name", defaults.author_name)
    text("author_email", "Author email", defaults.author_email)

    if "webhook_preset" not in answers:
        answers["webhook_preset"] = prompter.select(
            "webhook_preset",
            "Which system sends the webhooks?",
            [Choice(name, preset.label) for name, preset in WEBHOOK_PRESETS.items()],
            defaults.webhook_preset,
        )
    preset = WEBHOOK_PRESETS[answers["webhook_preset"]]
    suggested = ProjectSpec.model_validate(
        {"project_name": "placeholder", "webhook_preset": preset.name}
    )
    text("upstream_name", "Which upstream system does this integrate?", suggested.upstream_name)

    if "events" not in answers and preset.name != "none":
        suggestions = {event.name: list(event.fields) for event in preset.events}
        names = _split(
            prompter.text(
                "event_names",
                "Which event types should trigger workflows? (comma-separated)",
                ", ".join(event.name for event in preset.events[:1]),
            )
        )
        answers["events"] = [
            {
                "name": name,
                "fields": _split(
                    prompter.text(
                        f"event_fields.{name}",
                        f"Payload fields of {name} to dispatch (comma-separated allowlist)",
                        ", ".join(suggestions.get(name, ["id"])),
                    )
                ),
            }
            for name in names
        ]

    text("api_base_url", "Upstream API base URL (https)", suggested.api_base_url)
    if "api_auth" not in answers:
        answers["api_auth"] = prompter.select(
            "api_auth",
            "How does the upstream API authenticate calls?",
            [Choice(value, label) for value, label in _AUTH_LABELS.items()],
            suggested.api_auth,
        )
    if answers["api_auth"] == "api-key-header":
        text("api_key_header", "Header name for the API key", suggested.api_key_header)
    if answers["api_auth"] == "oauth2-client-credentials":
        text("oauth_token_url", "OAuth2 token URL (https)", "")
        if "oauth_scopes" not in answers:
            answers["oauth_scopes"] = _split(
                prompter.text("oauth_scopes", "OAuth2 scopes (comma-separated)", "")
            )
    if preset.name == "generic-hmac":
        text("hmac_signature_header", "Signature header", defaults.hmac_signature_header)
        if "hmac_encoding" not in answers:
            answers["hmac_encoding"] = prompter.select(
                "hmac_encoding",
                "Signature encoding",
                [Choice("hex", "hex"), Choice("base64", "base64")],
                "hex",
            )
        text("hmac_prefix", "Signature prefix ('' for none)", defaults.hmac_prefix)
        text("hmac_timestamp_header", "Signed timestamp header ('' for none)", "")
        # A timestamp only bounds replays when it is signed, so it decides the layout.
        answers.setdefault(
            "hmac_signed_content", "timestamp.body" if answers["hmac_timestamp_header"] else "body"
        )

    if "resources" not in answers:
        answers["resources"] = _ask_resources(prompter)

    if "features" not in answers:
        answers["features"] = prompter.checkbox(
            "features",
            "Optional features",
            [Choice(feature, _FEATURE_LABELS[feature]) for feature in FEATURES],
            list(FEATURES),
        )
    text("sdk_requirement", "integrations_sdk requirement", defaults.sdk_requirement)
    return answers


def _ask_resources(prompter: Prompter) -> list[dict[str, Any]]:
    names = _split(
        prompter.text(
            "resource_names",
            "Which upstream resources should actions work on? (comma-separated, snake_case)",
            "ticket",
        )
    )
    resources = []
    safe_verbs = [verb for verb in VERBS if verb not in DESTRUCTIVE_VERBS]
    for name in names:
        verbs = prompter.checkbox(
            f"verbs.{name}",
            f"Actions on {name}",
            [Choice(verb, f"{verb}_{name}") for verb in safe_verbs],
            ["get", "create"],
        )
        for verb in sorted(DESTRUCTIVE_VERBS):
            if prompter.confirm(
                f"destructive.{name}.{verb}",
                f"Also add {verb}_{name}? It {verb}s {name}s upstream (destructive).",
                False,
            ):
                verbs.append(verb)
        resources.append({"name": name, "verbs": verbs})
    return resources
