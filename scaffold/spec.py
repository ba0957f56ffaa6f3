"""`ProjectSpec`: the one model of every answer a project is generated from.

It drives the prompts (field order, help text, choices), the `--data`/answers-file validation,
`scaffold questions --json`, and the data handed to copier. `template/copier.yml` declares the
same names so plain `copier copy` works too; tests/test_spec_copier_sync.py keeps them in step.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    computed_field,
    field_validator,
    model_validator,
)

from scaffold.naming import InvalidNameError, derive_names
from scaffold.presets import DEFAULT_WEBHOOK_PRESET, WEBHOOK_PRESETS
from scaffold.sdk_pin import DEFAULT_SDK_REQUIREMENT, requirement_problem
from scaffold.urls import validate_https_base_url

# Version of the answers' layout. Bump it with a migration in scaffold/updating/migrations.py
# whenever an answer is renamed, split or changes meaning; a new answer needs no bump (see there).
ANSWERS_SCHEMA_VERSION = 1


Verb = Literal["get", "list", "search", "create", "update", "close", "delete"]
VERBS: tuple[str, ...] = ("get", "list", "search", "create", "update", "close", "delete")
DESTRUCTIVE_VERBS = frozenset({"close", "delete"})
Feature = Literal["docker", "github-ci", "pre-commit", "redis"]
FEATURES: tuple[Feature, ...] = ("docker", "github-ci", "pre-commit", "redis")
ApiAuth = Literal["api-key-header", "bearer-token", "basic", "oauth2-client-credentials"]

# Lowercase snake_case words: these become Python identifiers and URL segments.
Identifier = Annotated[
    str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,19}$", strip_whitespace=True)
]
EventName = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_.:/-]{0,49}$", strip_whitespace=True)
]
PayloadField = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,63}$", strip_whitespace=True)
]
Email = Annotated[
    str,
    StringConstraints(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=200, strip_whitespace=True),
]
HeaderName = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z0-9-]{1,64}$", strip_whitespace=True)
]
SingleLine = Annotated[
    str, StringConstraints(pattern=r"^[^\r\n]*$", max_length=200, strip_whitespace=True)
]


def prompt(text: str, **extra: Any) -> dict[str, Any]:
    """Metadata the questionnaire reads: the question text and any prompt hints."""
    return {"prompt": text, **extra}


class Resource(BaseModel):
    """An upstream resource and the verbs the integration exposes for it as actions."""

    model_config = ConfigDict(extra="forbid")

    name: Identifier = Field(description="Resource name in snake_case, e.g. 'ticket'.")
    verbs: list[Verb] = Field(min_length=1, description="Verbs to expose as actions.")

    @field_validator("verbs")
    @classmethod
    def _unique_in_canonical_order(cls, verbs: list[str]) -> list[str]:
        return [verb for verb in VERBS if verb in verbs]


class Event(BaseModel):
    """An upstream event type the webhook trigger accepts, and the fields it dispatches."""

    model_config = ConfigDict(extra="forbid")

    name: EventName = Field(description="Event type as the upstream names it.")
    fields: list[PayloadField] = Field(
        min_length=1, max_length=30, description="Payload fields to dispatch (an allowlist)."
    )

    @model_validator(mode="before")
    @classmethod
    def _drop_derived(cls, data: Any) -> Any:
        # Recorded answers carry the derived trigger name; it is recomputed, never trusted.
        if isinstance(data, dict):
            data = {key: value for key, value in data.items() if key != "trigger_name"}
        return data

    @computed_field  # type: ignore[prop-decorator]
    @property
    def trigger_name(self) -> str:
        """The SDK trigger (function) name: 'ticket.created' -> 'on_ticket_created'.

        Plain replacements, no regex, so copier.yml's Jinja derives the same name.
        """
        name = self.name.lower()
        for separator in ".:/-":
            name = name.replace(separator, "_")
        return "on_" + name


def _default_events() -> list[Event]:
    preset = WEBHOOK_PRESETS[DEFAULT_WEBHOOK_PRESET]
    return [Event(name=event.name, fields=list(event.fields)) for event in preset.events[:1]]


def _default_resources() -> list[Resource]:
    return [Resource(name="ticket", verbs=["get", "create"])]


class ProjectSpec(BaseModel):
    """Every answer a generated project depends on, validated, with its derived names."""

    model_config = ConfigDict(extra="forbid", validate_default=True)

    project_name: str = Field(
        description="Project name; becomes the directory, distribution and package name.",
        json_schema_extra=prompt("Project name"),
    )
    description: SingleLine = Field(
        default="A secure Ebbot workflow server.",
        description="One line describing the integration.",
        json_schema_extra=prompt("One-line description"),
    )
    author_name: SingleLine = Field(
        default="Integration Team",
        min_length=1,
        description="Shown in the manifest as the author.",
        json_schema_extra=prompt("Author name"),
    )
    author_email: Email = Field(
        default="integrations@example.com",
        description="Shown in the manifest as the contact email.",
        json_schema_extra=prompt("Author email"),
    )
    upstream_name: SingleLine = Field(
        default="Acme",
        min_length=1,
        max_length=60,
        description="The upstream system this integration talks to (e.g. Zendesk).",
        json_schema_extra=prompt("Which upstream system does this integrate?"),
    )
    webhook_preset: str = Field(
        default=DEFAULT_WEBHOOK_PRESET,
        description="How the upstream signs its webhooks (see `scaffold presets`).",
        json_schema_extra=prompt("Which system sends the webhooks?", choices="webhook_presets"),
    )
    events: list[Event] = Field(
        default_factory=_default_events,
        max_length=20,
        description="Event types the webhook trigger accepts and the fields each dispatches.",
        json_schema_extra=prompt("Which event types should trigger workflows?"),
    )
    resources: list[Resource] = Field(
        default_factory=_default_resources,
        min_length=1,
        max_length=20,
        description="Upstream resources and, per resource, the verbs exposed as actions.",
        json_schema_extra=prompt("Which upstream resources should actions work on?"),
    )
    api_base_url: SingleLine = Field(
        default="https://api.acme.example",
        description=(
            "Base URL of the upstream API (https). Its host becomes the outbound allowlist; "
            "a tenant host may hold one placeholder, e.g. https://{subdomain}.zendesk.com/api/v2."
        ),
        json_schema_extra=prompt("Upstream API base URL"),
    )
    api_auth: ApiAuth = Field(
        default="bearer-token",
        description="How the integration authenticates its calls to the upstream API.",
        json_schema_extra=prompt("How does the upstream API authenticate calls?"),
    )
    api_key_header: HeaderName = Field(
        default="X-Api-Key",
        description="Header carrying the API key (api_auth=api-key-header).",
        json_schema_extra=prompt("Header name for the API key", when="api_auth=api-key-header"),
    )
    oauth_token_url: SingleLine = Field(
        default="",
        description="OAuth2 token endpoint (api_auth=oauth2-client-credentials), https.",
        json_schema_extra=prompt("OAuth2 token URL", when="api_auth=oauth2-client-credentials"),
    )
    oauth_scopes: list[Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.:/-]{1,100}$")]] = (
        Field(
            default_factory=list,
            max_length=30,
            description="OAuth2 scopes to request (api_auth=oauth2-client-credentials).",
            json_schema_extra=prompt("OAuth2 scopes", when="api_auth=oauth2-client-credentials"),
        )
    )
    hmac_signature_header: HeaderName = Field(
        default="X-Signature",
        description="generic-hmac: header carrying the signature.",
        json_schema_extra=prompt("Signature header", when="webhook_preset=generic-hmac"),
    )
    hmac_encoding: Literal["hex", "base64"] = Field(
        default="hex",
        description="generic-hmac: encoding of the signature.",
        json_schema_extra=prompt("Signature encoding", when="webhook_preset=generic-hmac"),
    )
    hmac_prefix: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9=_-]{0,16}$")] = Field(
        default="sha256=",
        description="generic-hmac: prefix before the signature value ('' for none).",
        json_schema_extra=prompt("Signature prefix", when="webhook_preset=generic-hmac"),
    )
    hmac_timestamp_header: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9-]{0,64}$")] = (
        Field(
            default="",
            description="generic-hmac: header carrying a Unix timestamp ('' for none).",
            json_schema_extra=prompt("Timestamp header", when="webhook_preset=generic-hmac"),
        )
    )
    hmac_signed_content: Literal["body", "timestamp.body"] = Field(
        default="body",
        description="generic-hmac: what is signed: the raw body, or '<timestamp>.<body>'.",
        json_schema_extra=prompt("Signed content", when="webhook_preset=generic-hmac"),
    )
    features: list[Feature] = Field(
        default_factory=lambda: list(FEATURES),
        description="Optional extras: docker, github-ci, pre-commit, redis.",
        json_schema_extra=prompt("Optional features"),
    )
    sdk_requirement: SingleLine = Field(
        default=DEFAULT_SDK_REQUIREMENT,
        min_length=1,
        max_length=500,
        description=(
            "PEP 508 requirement for integrations_sdk (default: the SDK commit this scaffold was "
            "checked against; or a fork, or 'integrations_sdk @ file:///path/to/sdk')."
        ),
        json_schema_extra=prompt("integrations_sdk requirement"),
    )

    answers_schema_version: int = Field(
        default=ANSWERS_SCHEMA_VERSION,
        ge=1,
        le=ANSWERS_SCHEMA_VERSION,
        description="Layout version of these answers; scaffold migrates older ones on update.",
        json_schema_extra=prompt("Answers schema version (keep the default)", internal=True),
    )

    @model_validator(mode="before")
    @classmethod
    def _preset_suggestions(cls, data: Any) -> Any:
        """Answers not given explicitly take the chosen preset's suggestions."""
        if not isinstance(data, dict):
            return data
        preset = WEBHOOK_PRESETS.get(data.get("webhook_preset", DEFAULT_WEBHOOK_PRESET))
        if preset is None:
            return data
        suggestions: dict[str, Any] = {
            "upstream_name": preset.upstream,
            "api_base_url": preset.api_base_url,
            "api_auth": preset.api_auth,
            "events": [{"name": e.name, "fields": list(e.fields)} for e in preset.events[:1]],
        }
        if preset.api_key_header:
            suggestions["api_key_header"] = preset.api_key_header
        return {**suggestions, **data}

    @field_validator("features")
    @classmethod
    def _features_in_canonical_order(cls, features: list[str]) -> list[str]:
        return [feature for feature in FEATURES if feature in features]

    @field_validator("sdk_requirement")
    @classmethod
    def _names_the_sdk(cls, value: str) -> str:
        problem = requirement_problem(value)
        if problem is not None:
            raise ValueError(problem)
        return value

    @field_validator("api_base_url", "oauth_token_url")
    @classmethod
    def _https_url(cls, value: str, info: ValidationInfo) -> str:
        if not value and info.field_name == "oauth_token_url":
            return value
        return validate_https_base_url(value)

    @field_validator("project_name")
    @classmethod
    def _valid_project_name(cls, value: str) -> str:
        try:
            return derive_names(value).slug
        except InvalidNameError as error:
            raise ValueError(str(error)) from None

    @field_validator("webhook_preset")
    @classmethod
    def _known_preset(cls, value: str) -> str:
        if value not in WEBHOOK_PRESETS:
            known = ", ".join(WEBHOOK_PRESETS)
            raise ValueError(f"unknown webhook preset {value!r}; choose one of: {known}")
        return value

    @field_validator("resources")
    @classmethod
    def _unique_resources(cls, resources: list[Resource]) -> list[Resource]:
        names = [resource.name for resource in resources]
        if len(set(names)) != len(names):
            raise ValueError("each resource may be listed once")
        return resources

    @model_validator(mode="after")
    def _oauth_needs_token_url(self) -> ProjectSpec:
        if self.api_auth == "oauth2-client-credentials" and not self.oauth_token_url:
            raise ValueError("api_auth=oauth2-client-credentials needs oauth_token_url")
        return self

    @model_validator(mode="after")
    def _generic_hmac_timestamp_is_signed(self) -> ProjectSpec:
        # An unsigned timestamp bounds nothing, and a signed one needs a header to come from.
        if self.webhook_preset != "generic-hmac":
            return self
        if self.hmac_signed_content == "timestamp.body" and not self.hmac_timestamp_header:
            raise ValueError("hmac_signed_content=timestamp.body needs hmac_timestamp_header")
        if self.hmac_timestamp_header and self.hmac_signed_content != "timestamp.body":
            raise ValueError(
                "hmac_timestamp_header is only checked when it is signed: "
                "set hmac_signed_content=timestamp.body"
            )
        return self

    @model_validator(mode="after")
    def _events_match_preset(self) -> ProjectSpec:
        if self.webhook_preset == "none":
            self.events = []
        elif not self.events:
            raise ValueError("a webhook preset needs at least one event (or choose 'none')")
        triggers = [event.trigger_name for event in self.events]
        if len(set(triggers)) != len(triggers):
            raise ValueError("event names must differ after normalisation to trigger names")
        return self

    @computed_field  # type: ignore[prop-decorator]
    @property
    def has_webhooks(self) -> bool:
        """Whether the project receives webhooks (any preset but 'none')."""
        return self.webhook_preset != "none"

    @computed_field  # type: ignore[prop-decorator]
    @property
    def project_slug(self) -> str:
        """Directory and distribution name."""
        return derive_names(self.project_name).slug

    @computed_field  # type: ignore[prop-decorator]
    @property
    def package_name(self) -> str:
        """Python import name of the generated package."""
        return derive_names(self.project_name).package

    @computed_field  # type: ignore[prop-decorator]
    @property
    def project_title(self) -> str:
        """Human-readable title."""
        return derive_names(self.project_name).title

    def template_data(self) -> dict[str, Any]:
        """The answers handed to copier (JSON-compatible, derived names included)."""
        return self.model_dump(mode="json")


ANSWER_FIELDS: tuple[str, ...] = tuple(ProjectSpec.model_fields)
DERIVED_FIELDS: tuple[str, ...] = ("has_webhooks", "project_slug", "package_name", "project_title")


def format_validation_error(error: ValidationError) -> str:
    """One line per problem, naming the answer, never echoing a long input back."""
    lines = []
    for problem in error.errors(include_input=False, include_url=False):
        location = ".".join(str(part) for part in problem["loc"]) or "answers"
        message = problem["msg"].removeprefix("Value error, ")
        lines.append(f"{location}: {message}")
    return "; ".join(lines)
