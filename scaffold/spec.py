"""`ProjectSpec`: the one model of every answer a project is generated from.

It drives the prompts (which question, in which order, when, with which text, choices and
validation), the `--data`/answers-file validation, `scaffold questions --json`, and the data
handed to copier. `template/copier.yml` is generated from it (scaffold/copier_questions.py) so
plain `copier copy` asks the same questions; tests/test_spec_copier_sync.py keeps them in step.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, get_args, get_origin

from annotated_types import GroupedMetadata
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    WrapValidator,
    computed_field,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

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
ApiAuth = Literal[
    "api-key-header", "api-key-query", "bearer-token", "basic", "oauth2-client-credentials"
]

# The template nests a payload field `a__b` as field b of the event's object a.
NESTING_SEPARATOR = "__"
MAX_FIELD_DEPTH = 4

# pydantic's own texts for these quote the raw regex or length; answers get a sentence instead.
_FORMAT_ERRORS = frozenset({"string_pattern_mismatch", "string_too_short", "string_too_long"})


def _in_plain_words(words: str) -> WrapValidator:
    """Report a broken format constraint as `words` (the constraint itself still decides)."""

    def validate(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        try:
            return handler(value)
        except ValidationError as error:
            if {problem["type"] for problem in error.errors()} & _FORMAT_ERRORS:
                raise PydanticCustomError("answer_format", words) from None
            raise

    return WrapValidator(validate)


@dataclass(frozen=True)
class Rule(GroupedMetadata):
    """A string format and the sentence that explains it to whoever breaks it.

    The sentence reaches every error: prompts, `--data`, answers files and recorded answers.
    """

    pattern: str
    words: str
    min_length: int | None = None
    max_length: int | None = None
    strip: bool = True

    def __iter__(self) -> Iterator[Any]:
        yield StringConstraints(
            pattern=self.pattern,
            min_length=self.min_length,
            max_length=self.max_length,
            strip_whitespace=self.strip,
        )
        yield _in_plain_words(self.words)


def _line(max_length: int, *, required: bool = False) -> Rule:
    """One line of text, at most `max_length` characters (and not empty when `required`)."""
    size = f"1 to {max_length}" if required else f"at most {max_length}"
    return Rule(
        r"^[^\r\n]*$",
        f"give one line of {size} characters",
        min_length=1 if required else None,
        max_length=max_length,
    )


def _snake_case(value: Any) -> Any:
    # "Ticket" and "sales order" mean ticket and sales_order; the questionnaire notes the change.
    if isinstance(value, str):
        return re.sub(r"[\s-]+", "_", value.strip()).lower()
    return value


def _nested_path(value: Any) -> Any:
    # `detail.id` is written the way the template reads nesting: `detail__id`.
    if isinstance(value, str) and "." in value:
        return NESTING_SEPARATOR.join(part.strip() for part in value.strip().split("."))
    return value


def _usable_attribute(value: str) -> str:
    # The field becomes an attribute of a pydantic model in the generated payloads.py.
    if keyword.iskeyword(value) or value.startswith("model_") or hasattr(BaseModel, value):
        raise PydanticCustomError(
            "answer_format",
            "this field name is reserved in Python or pydantic (e.g. class, json, model_x); "
            "dispatch it nested under its parent instead",
        )
    return value


# Lowercase snake_case words: these become Python identifiers and URL segments.
Identifier = Annotated[
    str,
    Rule(
        r"^[a-z][a-z0-9_]{0,19}$",
        "use snake_case: a lowercase letter, then lowercase letters, digits or _, "
        "at most 20 characters (e.g. sales_order)",
    ),
    BeforeValidator(_snake_case),
]
EventName = Annotated[
    str,
    Rule(
        r"^[A-Za-z][A-Za-z0-9_.:/-]{0,49}$",
        "an event type starts with a letter and holds only letters, digits and . _ : / - "
        "(no spaces), at most 50 characters (e.g. ticket.created)",
    ),
]
_SEGMENT = r"[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*"
PayloadField = Annotated[
    str,
    Rule(
        rf"^{_SEGMENT}(?:{NESTING_SEPARATOR}{_SEGMENT}){{0,{MAX_FIELD_DEPTH - 1}}}$",
        "a field name starts with a letter and holds letters, digits and single _ "
        "(at most 64 characters); write a nested field as parent.child, e.g. detail.id, "
        f"at most {MAX_FIELD_DEPTH} levels deep",
        max_length=64,
    ),
    AfterValidator(_usable_attribute),
    BeforeValidator(_nested_path),
]
Email = Annotated[
    str,
    Rule(
        r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
        "give an email address such as name@example.com (at most 200 characters)",
        max_length=200,
    ),
]
_HEADER_WORDS = "a header name holds only letters, digits and - (at most 64 characters)"
HeaderName = Annotated[str, Rule(r"^[A-Za-z0-9-]{1,64}$", f"{_HEADER_WORDS}, e.g. X-Api-Key")]
# A query parameter name the key travels in: plain characters, so it needs no escaping anywhere.
QueryParamName = Annotated[
    str,
    Rule(
        r"^[A-Za-z0-9_.-]{1,64}$",
        "a query parameter name holds only letters, digits and _ . - (at most 64 characters), "
        "e.g. api_key",
    ),
]
OptionalHeaderName = Annotated[
    str,
    Rule(r"^[A-Za-z0-9-]{0,64}$", f"{_HEADER_WORDS}, e.g. X-Timestamp, or empty for none"),
]
SignaturePrefix = Annotated[
    str,
    Rule(
        r"^[A-Za-z0-9=_-]{0,16}$",
        "a prefix holds only letters, digits and = _ - (at most 16 characters), "
        "e.g. sha256=, or empty for none",
        strip=False,
    ),
]
OAuthScope = Annotated[
    str,
    Rule(
        r"^[A-Za-z0-9_.:/-]{1,100}$",
        "a scope holds only letters, digits and _ . : / - (1 to 100 characters), e.g. tickets.read",
        strip=False,
    ),
]
SingleLine = Annotated[str, _line(200)]

# In a partial check (see check_answer) the context names the answers given so far: a rule
# tying one answer to another waits until both are given.
_ANSWERED = "answered"


def _waits(info: ValidationInfo, name: str) -> bool:
    """Whether the rule about answer `name` waits, because `name` is not answered yet."""
    answered = (info.context or {}).get(_ANSWERED)
    return answered is not None and name not in answered


def prompt(
    text: str,
    *,
    hint: str = "",
    when: str = "",
    depends_on: Sequence[str] = (),
    labels: Mapping[str, str] | None = None,
    item_prompt: str = "",
    internal: bool = False,
    **extra: Any,
) -> dict[str, Any]:
    """Metadata the questionnaire reads (see `Question`); unset keys stay out of the schema."""
    metadata: dict[str, Any] = {
        "prompt": text,
        "hint": hint,
        "when": when,
        "depends_on": list(depends_on),
        "labels": dict(labels or {}),
        "item_prompt": item_prompt,
        "internal": internal,
        **extra,
    }
    return {key: value for key, value in metadata.items() if value}


class Resource(BaseModel):
    """An upstream resource and the verbs the integration exposes for it as actions."""

    model_config = ConfigDict(extra="forbid")

    name: Identifier = Field(description="Resource name in snake_case, e.g. 'ticket'.")
    verbs: list[Verb] = Field(min_length=1, description="Verbs to expose as actions.")

    @field_validator("verbs")
    @classmethod
    def _unique_in_canonical_order(cls, verbs: list[str]) -> list[str]:
        return [verb for verb in VERBS if verb in verbs]


# What a server variable may hold in the URL (the generated connection.py uses the same):
# in the host one DNS label, in the path one segment of unreserved characters not starting
# with a dot (so never `.` or `..`). Enum values in the host may be several labels.
DNS_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
PATH_SEGMENT = r"[A-Za-z0-9_~-][A-Za-z0-9._~-]{0,99}"
HOST_VALUE = rf"{DNS_LABEL}(?:\.{DNS_LABEL})*"
VariableName = Annotated[
    str,
    Rule(
        r"^[a-z][a-z0-9_]{0,29}$",
        "a server variable name is a lowercase letter, then lowercase letters, digits or _ "
        "(at most 30 characters)",
    ),
    AfterValidator(_usable_attribute),
]


class ServerVariable(BaseModel):
    """A variable of the upstream's server URL: an Options field of every connection."""

    model_config = ConfigDict(extra="forbid")

    name: VariableName = Field(description="Its {placeholder} in api_base_url and Options field.")
    in_host: bool = Field(description="Whether it stands in the host (else in the path).")
    enum: list[Annotated[str, _line(100, required=True)]] = Field(
        default_factory=list, max_length=50, description="The only values allowed, if any."
    )
    default: Annotated[str, _line(100)] = Field(
        default="", description="Its default ('' for a host variable a connection must give)."
    )
    description: Annotated[
        str, Rule(r"^[ !#-\[\]-~]*$", "give one line of plain text without quotes", max_length=120)
    ] = Field(default="", description="What it means, from the description.")

    @model_validator(mode="after")
    def _values_keep_the_url_structure(self) -> ServerVariable:
        pattern = HOST_VALUE if self.in_host else PATH_SEGMENT
        where = "one or more host labels" if self.in_host else "one path segment"
        for value in self.enum:
            if not re.fullmatch(pattern, value):
                raise ValueError(
                    f"server variable {self.name}: enum value {value!r} is not {where}"
                )
        if self.enum and self.default not in self.enum:
            raise ValueError(f"server variable {self.name}: the default must be an enum value")
        if (
            not self.enum
            and self.default
            and not re.fullmatch(DNS_LABEL if self.in_host else PATH_SEGMENT, self.default)
        ):
            one = "one DNS label" if self.in_host else where
            raise ValueError(f"server variable {self.name}: the default is not {one}")
        if not self.enum and not self.default and not self.in_host:
            raise ValueError(f"server variable {self.name}: a path variable needs a default")
        return self

    @property
    def sample(self) -> str:
        """A value it may hold: its default, else a tenant label."""
        return self.default or "tenant"


class Event(BaseModel):
    """An upstream event type the webhook trigger accepts, and the fields it dispatches."""

    model_config = ConfigDict(extra="forbid")

    name: EventName = Field(description="Event type as the upstream names it.")
    fields: list[PayloadField] = Field(
        min_length=1,
        max_length=30,
        description=(
            "Payload fields to dispatch (an allowlist); a nested one as parent.child, "
            "recorded as parent__child."
        ),
    )

    @model_validator(mode="before")
    @classmethod
    def _drop_derived(cls, data: Any) -> Any:
        # Recorded answers carry the derived trigger name; it is recomputed, never trusted.
        if isinstance(data, dict):
            data = {key: value for key, value in data.items() if key != "trigger_name"}
        return data

    @field_validator("fields")
    @classmethod
    def _unique_fields(cls, fields: list[str]) -> list[str]:
        # After nesting is normalised: detail.id and detail__id are the same attribute.
        _once_each(fields, "each field may be listed once")
        return fields

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


def _once_each(values: Sequence[str], message: str) -> None:
    if len(set(values)) != len(values):
        raise ValueError(message)


def _default_events() -> list[Event]:
    preset = WEBHOOK_PRESETS[DEFAULT_WEBHOOK_PRESET]
    return [Event(name=event.name, fields=list(event.fields)) for event in preset.events[:1]]


def _default_resources() -> list[Resource]:
    return [Resource(name="ticket", verbs=["get", "create"])]


_PRESET = ("webhook_preset",)
_AUTH_LABELS = {
    "bearer-token": "Bearer token (Authorization: Bearer ...)",
    "api-key-header": "API key in a header",
    "api-key-query": "API key in a query parameter",
    "basic": "HTTP Basic (user name and password or token)",
    "oauth2-client-credentials": "OAuth2 client credentials",
}
_FEATURE_LABELS = {
    "docker": "docker: slim non-root Dockerfile with a health check",
    "github-ci": "github-ci: GitHub Actions workflow (ruff, mypy, pytest, scaffold check)",
    "pre-commit": "pre-commit: hooks for ruff and mypy",
    "redis": "redis: Redis replay store wired and a compose file for local Redis",
}


class ProjectSpec(BaseModel):
    """Every answer a generated project depends on, validated, with its derived names.

    Questions follow the field order, except that an answer others depend on (their
    suggestion, condition or choices) is asked before them: see `QUESTIONS`.
    """

    model_config = ConfigDict(extra="forbid", validate_default=True)

    project_name: str = Field(
        description="Project name; becomes the directory, distribution and package name.",
        json_schema_extra=prompt(
            "Project name", hint="lowercase words joined by -, e.g. acme-tickets"
        ),
    )
    description: SingleLine = Field(
        default="A secure Ebbot workflow server.",
        description="One line describing the integration.",
        json_schema_extra=prompt("One-line description"),
    )
    author_name: Annotated[str, _line(200, required=True)] = Field(
        default="Integration Team",
        description="Shown in the manifest as the author.",
        json_schema_extra=prompt("Author name"),
    )
    author_email: Email = Field(
        default="integrations@example.com",
        description="Shown in the manifest as the contact email.",
        json_schema_extra=prompt("Author email"),
    )
    upstream_name: Annotated[str, _line(60, required=True)] = Field(
        default="Acme",
        description="The upstream system this integration talks to (e.g. Zendesk).",
        json_schema_extra=prompt("Which upstream system does this integrate?", depends_on=_PRESET),
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
        json_schema_extra=prompt(
            "Which event types should trigger workflows?",
            hint="comma-separated, as the upstream names them",
            when="webhook_preset!=none",
            item_prompt="Payload fields of {name} to dispatch",
        ),
    )
    resources: list[Resource] = Field(
        default_factory=_default_resources,
        min_length=1,
        max_length=20,
        description="Upstream resources and, per resource, the verbs exposed as actions.",
        json_schema_extra=prompt(
            "Which upstream resources should actions work on?",
            hint="comma-separated, snake_case",
            item_prompt="Actions on {name}",
        ),
    )
    # From an OpenAPI description's server variables (`--openapi`), never asked: each becomes
    # a validated Options field and a {placeholder} in api_base_url. Empty: today's single
    # tenant placeholder, filled in by the connection's baseUrl.
    api_server_variables: list[ServerVariable] = Field(
        default_factory=list,
        max_length=10,
        description="Server variables of the upstream URL (set by --openapi): Options fields.",
        json_schema_extra=prompt("Server variables (set by --openapi)", internal=True),
    )
    api_base_url: SingleLine = Field(
        default="https://api.acme.example",
        description=(
            "Base URL of the upstream API (https). Its host becomes the outbound allowlist; "
            "a tenant host may hold one placeholder, e.g. https://{subdomain}.zendesk.com/api/v2."
        ),
        json_schema_extra=prompt(
            "Upstream API base URL",
            hint="https; a tenant host may hold one {placeholder}",
            depends_on=_PRESET,
        ),
    )
    api_auth: ApiAuth = Field(
        default="bearer-token",
        description="How the integration authenticates its calls to the upstream API.",
        json_schema_extra=prompt(
            "How does the upstream API authenticate calls?",
            depends_on=_PRESET,
            labels=_AUTH_LABELS,
        ),
    )
    api_key_header: HeaderName = Field(
        default="X-Api-Key",
        description="Header carrying the API key (api_auth=api-key-header).",
        json_schema_extra=prompt(
            "Header name for the API key", when="api_auth=api-key-header", depends_on=_PRESET
        ),
    )
    api_key_query_param: QueryParamName = Field(
        default="api_key",
        description="Query parameter carrying the API key (api_auth=api-key-query).",
        json_schema_extra=prompt(
            "Query parameter name for the API key", when="api_auth=api-key-query"
        ),
    )
    oauth_token_url: SingleLine = Field(
        default="",
        description="OAuth2 token endpoint (api_auth=oauth2-client-credentials), https.",
        json_schema_extra=prompt(
            "OAuth2 token URL", hint="https", when="api_auth=oauth2-client-credentials"
        ),
    )
    oauth_scopes: list[OAuthScope] = Field(
        default_factory=list,
        max_length=30,
        description="OAuth2 scopes to request (api_auth=oauth2-client-credentials).",
        json_schema_extra=prompt(
            "OAuth2 scopes", hint="comma-separated", when="api_auth=oauth2-client-credentials"
        ),
    )
    api_token_source: Annotated[
        str, Rule(r"^[ !#-\[\]-~]*$", "give one line of plain text without quotes", max_length=200)
    ] = Field(
        default="",
        description=(
            "Where the bearer token comes from when the description's OAuth2 flow is not client "
            "credentials (set by --openapi), for the connection docs."
        ),
        json_schema_extra=prompt("Bearer token source (set by --openapi)", internal=True),
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
    hmac_prefix: SignaturePrefix = Field(
        default="sha256=",
        description="generic-hmac: prefix before the signature value ('' for none).",
        json_schema_extra=prompt(
            "Signature prefix", hint="empty for none", when="webhook_preset=generic-hmac"
        ),
    )
    hmac_timestamp_header: OptionalHeaderName = Field(
        default="",
        description="generic-hmac: header carrying a Unix timestamp ('' for none).",
        json_schema_extra=prompt(
            "Signed timestamp header", hint="empty for none", when="webhook_preset=generic-hmac"
        ),
    )
    hmac_signed_content: Literal["body", "timestamp.body"] = Field(
        default="body",
        description="generic-hmac: what is signed: the raw body, or '<timestamp>.<body>'.",
        json_schema_extra=prompt(
            "Signed content",
            when="webhook_preset=generic-hmac",
            # A timestamp only bounds replays when it is signed, so the header decides it.
            depends_on=("hmac_timestamp_header",),
        ),
    )
    features: list[Feature] = Field(
        default_factory=lambda: list(FEATURES),
        description="Optional extras: docker, github-ci, pre-commit, redis.",
        json_schema_extra=prompt("Optional features", labels=_FEATURE_LABELS),
    )
    sdk_requirement: Annotated[str, _line(500, required=True)] = Field(
        default=DEFAULT_SDK_REQUIREMENT,
        description=(
            "PEP 508 requirement for integrations_sdk (default: the SDK commit this scaffold was "
            "checked against; or a fork, or 'integrations_sdk @ file:///path/to/sdk')."
        ),
        json_schema_extra=prompt("integrations_sdk requirement"),
    )

    # Actions from an OpenAPI description (`--openapi`): derived by scaffold/openapi/, never
    # asked. When `openapi_actions` is set its operations replace the `resources` actions.
    openapi_operations: list[Annotated[str, _line(300, required=True)]] = Field(
        default_factory=list,
        max_length=50,
        description="Operations (operationId or 'METHOD /path') chosen from the description.",
        json_schema_extra=prompt("OpenAPI operations (set by --openapi)", internal=True),
    )
    openapi_sha256: Annotated[str, Rule(r"^([0-9a-f]{64})?$", "a sha256 hex digest")] = Field(
        default="",
        description="Content hash of the OpenAPI description the actions were generated from.",
        json_schema_extra=prompt("OpenAPI description hash (set by --openapi)", internal=True),
    )
    openapi_result_fields: dict[
        Annotated[str, _line(300, required=True)], list[Annotated[str, _line(300, required=True)]]
    ] = Field(
        default_factory=dict,
        max_length=50,
        description=(
            "Result fields picked per operation (dotted wire paths); the others return "
            "identifiers and required scalars."
        ),
        json_schema_extra=prompt("OpenAPI result fields (set by --result-field)", internal=True),
    )
    openapi_actions: list[dict[str, Any]] = Field(
        default_factory=list,
        max_length=50,
        description="The derived plan of the OpenAPI actions (see scaffold/openapi/plan.py).",
        json_schema_extra=prompt("OpenAPI action plan (set by --openapi)", internal=True),
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
        variables: list[ServerVariable] = info.data.get("api_server_variables") or []
        if info.field_name == "oauth_token_url":
            if not value:
                return value
            if variables:
                return _with_variables(value, variables, "the OAuth2 token URL", host_only=True)
            return validate_https_base_url(value, "the OAuth2 token URL")
        if variables:
            return _with_variables(value, variables, "the upstream API base URL")
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
        _once_each([resource.name for resource in resources], "each resource may be listed once")
        return resources

    # Rules that tie two answers are field validators on the later one, so that a problem
    # names that answer and the questionnaire can refuse it at its prompt.

    @field_validator("events")
    @classmethod
    def _events_fit_the_preset(cls, events: list[Event], info: ValidationInfo) -> list[Event]:
        if info.data.get("webhook_preset", "none") == "none":
            return events
        if not events:
            raise ValueError("a webhook preset needs at least one event (or choose 'none')")
        _once_each(
            [event.trigger_name for event in events],
            "event names must differ after normalisation to trigger names",
        )
        return events

    @field_validator("oauth_token_url")
    @classmethod
    def _oauth_needs_token_url(cls, value: str, info: ValidationInfo) -> str:
        oauth = info.data.get("api_auth") == "oauth2-client-credentials"
        if oauth and not value and not _waits(info, "oauth_token_url"):
            raise ValueError(
                "api_auth=oauth2-client-credentials needs oauth_token_url, "
                "the https URL of the token endpoint"
            )
        return value

    @field_validator("hmac_signed_content")
    @classmethod
    def _generic_hmac_timestamp_is_signed(cls, value: str, info: ValidationInfo) -> str:
        # An unsigned timestamp bounds nothing, and a signed one needs a header to come from.
        if info.data.get("webhook_preset") != "generic-hmac" or _waits(info, "hmac_signed_content"):
            return value
        header = info.data.get("hmac_timestamp_header", "")
        if value == "timestamp.body" and not header:
            raise ValueError("hmac_signed_content=timestamp.body needs hmac_timestamp_header")
        if header and value != "timestamp.body":
            raise ValueError(
                "hmac_timestamp_header is only checked when it is signed: "
                "set hmac_signed_content=timestamp.body"
            )
        return value

    @model_validator(mode="after")
    def _no_events_without_webhooks(self) -> ProjectSpec:
        if self.webhook_preset == "none":
            self.events = []
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


_VARIABLE = re.compile(r"\{([^{}]*)\}")


def _with_variables(
    url: str, variables: Sequence[ServerVariable], what: str, *, host_only: bool = False
) -> str:
    """`url` if its {placeholders} are the server variables, each where it may stand, and the
    URL with their sample values is a valid https base URL."""
    by_name = {variable.name: variable for variable in variables}
    netloc = url.partition("://")[2].partition("/")[0]
    for name in _VARIABLE.findall(url):
        variable = by_name.get(name)
        if variable is None:
            raise ValueError(f"{what} names {{{name}}}, which is not a server variable")
        in_host = f"{{{name}}}" in netloc
        if in_host != variable.in_host or (host_only and not in_host):
            where = "host" if variable.in_host else "path"
            raise ValueError(f"server variable {name} may only stand in the {where} of {what}")
    if all("{" in label for label in netloc.split(".")):
        # The allowlist must pin the host to a domain no connection can choose.
        raise ValueError(f"the host of {what} needs at least one label that is not a variable")
    if not host_only and set(by_name) != set(_VARIABLE.findall(url)):
        raise ValueError(f"every server variable needs its {{placeholder}} in {what}")
    concrete = _VARIABLE.sub(lambda match: by_name[match[1]].sample, url)
    validate_https_base_url(concrete, what)
    return url.rstrip("/")


_PLACEHOLDER_NAME = "placeholder"  # stands in for an unanswered project name in partial checks


@dataclass(frozen=True)
class Question:
    """How one answer is asked, read from its field's `prompt()` metadata and type."""

    name: str
    text: str
    hint: str = ""
    when: str = ""  # "answer=value" or "answer!=value": asked only then
    depends_on: tuple[str, ...] = ()  # answers asked first: suggestion, condition, choices
    choices: tuple[str, ...] = ()  # a closed set of values (select, or checkbox when `many`)
    labels: Mapping[str, str] = field(default_factory=dict)
    many: bool = False  # the answer is a list
    item_prompt: str = ""  # per item of a compound answer (events, resources)
    internal: bool = False  # never asked

    @property
    def message(self) -> str:
        """The prompt line: the question and, in brackets, how to answer it."""
        return f"{self.text} ({self.hint})" if self.hint else self.text

    @property
    def condition(self) -> tuple[str, bool, str] | None:
        """`when` taken apart as (answer, negated, value); None for a question always asked."""
        return _condition(self.when) if self.when else None

    def applies(self, answers: Mapping[str, Any]) -> bool:
        """Whether the question is asked, given the answers (suggestions stand in for others)."""
        if self.condition is None:
            return True
        name, negated, value = self.condition
        current = answers.get(name, getattr(suggested_spec(answers), name))
        return bool(current == value) != negated


def _condition(when: str) -> tuple[str, bool, str]:
    """'api_auth=basic' -> ('api_auth', False, 'basic'); 'webhook_preset!=none' negates."""
    name, _, value = when.partition("=")
    return name.removesuffix("!"), name.endswith("!"), value


def _choices(annotation: Any, metadata: Mapping[str, Any]) -> tuple[tuple[str, ...], bool]:
    many = get_origin(annotation) is list
    item = get_args(annotation)[0] if many else annotation
    if metadata.get("choices") == "webhook_presets":
        return tuple(WEBHOOK_PRESETS), many
    if get_origin(item) is Literal:
        return tuple(str(value) for value in get_args(item)), many
    return (), many


def _question(name: str) -> Question:
    info = ProjectSpec.model_fields[name]
    metadata: dict[str, Any] = dict(info.json_schema_extra or {})  # type: ignore[arg-type]
    choices, many = _choices(info.annotation, metadata)
    labels = dict(metadata.get("labels", {}))
    if metadata.get("choices") == "webhook_presets":
        labels = {preset.name: preset.label for preset in WEBHOOK_PRESETS.values()}
    when = str(metadata.get("when", ""))
    depends_on = tuple(metadata.get("depends_on", ()))
    if when:
        depends_on = (_condition(when)[0], *depends_on)
    return Question(
        name=name,
        text=str(metadata["prompt"]),
        hint=str(metadata.get("hint", "")),
        when=when,
        depends_on=depends_on,
        choices=choices,
        labels=labels,
        many=many,
        item_prompt=str(metadata.get("item_prompt", "")),
        internal=bool(metadata.get("internal", False)),
    )


def _asking_order(names: Sequence[str], depends_on: Mapping[str, Sequence[str]]) -> list[str]:
    order: list[str] = []

    def visit(name: str) -> None:
        if name not in order:
            for dependency in depends_on[name]:
                visit(dependency)
            order.append(name)

    for name in names:
        visit(name)
    return order


def _questions() -> tuple[Question, ...]:
    by_name = {name: _question(name) for name in ProjectSpec.model_fields}
    depends_on = {name: question.depends_on for name, question in by_name.items()}
    return tuple(by_name[name] for name in _asking_order(list(by_name), depends_on))


# Every answer's question, in asking order.
QUESTIONS: tuple[Question, ...] = _questions()


def dependents(name: str) -> set[str]:
    """The answers whose suggestion, condition or choices depend on `name`, transitively."""
    found: set[str] = set()
    for question in QUESTIONS:  # asking order: a dependency always comes before its dependents
        if name in question.depends_on or found & set(question.depends_on):
            found.add(question.name)
    return found


def suggested_spec(answers: Mapping[str, Any]) -> ProjectSpec:
    """The defaults to offer for unanswered questions: most come from the chosen preset."""
    data: dict[str, Any] = {"project_name": _PLACEHOLDER_NAME}
    if answers.get("webhook_preset") in WEBHOOK_PRESETS:
        data["webhook_preset"] = answers["webhook_preset"]
    return ProjectSpec.model_validate(data)


def suggestion(answers: Mapping[str, Any], name: str) -> Any:
    """The default to offer for answer `name` (JSON form; nothing for a required answer)."""
    if ProjectSpec.model_fields[name].is_required():
        return ""
    return suggested_spec(answers).model_dump(mode="json")[name]


Location = tuple[int | str, ...]


class AnswerProblem(ValueError):
    """An answer breaks a ProjectSpec rule: `problems` says where inside it, and why."""

    def __init__(self, name: str, problems: Sequence[tuple[Location, str]]) -> None:
        self.name = name
        self.problems = tuple(problems)
        super().__init__("; ".join(message for _, message in self.problems))


def _partial_errors(answers: Mapping[str, Any]) -> tuple[ProjectSpec | None, list[Any]]:
    data = {"project_name": _PLACEHOLDER_NAME, **answers}
    try:
        spec = ProjectSpec.model_validate(data, context={_ANSWERED: frozenset(answers)})
    except ValidationError as error:
        return None, error.errors(include_input=False, include_url=False)
    return spec, []


def _message(problem: Any) -> str:
    return str(problem["msg"]).removeprefix("Value error, ")


def check_answer(answers: Mapping[str, Any], name: str, value: Any) -> Any:
    """Validate one answer among those given so far, by ProjectSpec's own rules.

    Returns the answer as ProjectSpec normalises it (`Ticket` -> `ticket`, `detail.id` ->
    `detail__id`). A rule tying it to an answer not given yet waits for that answer. Raises
    AnswerProblem with this answer's problems only: the others belong to their own prompts.
    """
    spec, errors = _partial_errors({**answers, name: value})
    problems = [(tuple(p["loc"][1:]), _message(p)) for p in errors if p["loc"][:1] == (name,)]
    if problems:
        raise AnswerProblem(name, problems)
    if spec is None:  # only other answers are wrong; this one is as valid as it can be told
        return value
    return spec.model_dump(mode="json", include={name})[name]


def check_given(answers: Mapping[str, Any]) -> None:
    """Refuse answers given up front that are already wrong, before any question is asked."""
    _, errors = _partial_errors(answers)
    problems = [
        (tuple(p["loc"]), _message(p)) for p in errors if p["loc"] and p["loc"][0] in answers
    ]
    if problems:
        raise AnswerProblem(
            "answers", [((), ".".join(map(str, loc)) + ": " + text) for loc, text in problems]
        )


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


def applicable_answers(given: Mapping[str, Any]) -> list[str]:
    """The answers that apply once `given` is known, in question order; internal ones left out
    (a `when` condition holds for the answer as given or as it would default)."""
    return [
        question.name for question in QUESTIONS if not question.internal and question.applies(given)
    ]
