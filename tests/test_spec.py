"""ProjectSpec: defaults, preset suggestions and validation of every answer."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from scaffold.presets import WEBHOOK_PRESETS
from scaffold.spec import (
    ANSWER_FIELDS,
    QUESTIONS,
    AnswerProblem,
    ProjectSpec,
    check_answer,
    check_given,
    dependents,
    format_validation_error,
)


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
        ({"resources": [{"name": "Bad Name!", "verbs": ["get"]}]}, "resources.0.name"),
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


@pytest.mark.parametrize(
    ("answers", "words"),
    [
        ({"author_email": "not-an-email"}, "give an email address such as name@example.com"),
        ({"resources": [{"name": "x" * 21, "verbs": ["get"]}]}, "use snake_case"),
        ({"events": [{"name": "ticket created!", "fields": ["id"]}]}, "no spaces"),
        ({"events": [{"name": "x", "fields": ["has space"]}]}, "parent.child"),
        ({"api_auth": "api-key-header", "api_key_header": "X Key"}, "a header name holds"),
        ({"description": "two\nlines"}, "give one line of at most 200 characters"),
        ({"upstream_name": ""}, "give one line of 1 to 60 characters"),
        ({"webhook_preset": "generic-hmac", "hmac_prefix": "sha256 ="}, "a prefix holds"),
        (
            {"api_auth": "oauth2-client-credentials", "oauth_scopes": ["a b"]},
            "a scope holds",
        ),
    ],
)
def test_format_problems_are_explained_in_plain_words(
    answers: dict[str, object], words: str
) -> None:
    message = problems(**answers)
    assert words in message
    assert "pattern" not in message and "^" not in message, message


def test_the_upstream_name_length_bound_is_enforced() -> None:
    assert spec(upstream_name="x" * 60).upstream_name == "x" * 60
    assert "1 to 60 characters" in problems(upstream_name="x" * 61)


@pytest.mark.parametrize(
    ("typed", "recorded"),
    [("Ticket", "ticket"), (" sales order ", "sales_order"), ("Sales-Order", "sales_order")],
)
def test_resource_names_are_normalised_to_snake_case(typed: str, recorded: str) -> None:
    chosen = spec(resources=[{"name": typed, "verbs": ["get"]}])
    assert chosen.resources[0].name == recorded


def fields_of(*fields: str) -> list[str]:
    return spec(events=[{"name": "ticket.created", "fields": list(fields)}]).events[0].fields


def test_dotted_payload_fields_are_the_nesting_the_template_dispatches() -> None:
    # payloads.py.jinja reads `a__b` as field b of object a (see tests/test_nested_fields.py).
    assert fields_of("id", "detail.id", "via.source.from.address") == [
        "id",
        "detail__id",
        "via__source__from__address",
    ]
    assert fields_of("issue__number") == ["issue__number"]


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        (["a.b.c.d.e"], "at most 4 levels"),
        (["a___b"], "single _"),
        (["detail._id"], "single _"),
        (["_id"], "starts with a letter"),
        (["items.0.id"], "starts with a letter"),
        (["class"], "reserved"),
        (["json"], "reserved"),
        (["model_config"], "reserved"),
        (["detail.id", "detail__id"], "listed once"),
    ],
)
def test_payload_fields_that_cannot_be_dispatched_are_refused(
    fields: list[str], words: str
) -> None:
    message = problems(events=[{"name": "ticket.created", "fields": fields}])
    assert words in message
    assert "events.0.fields" in message


def test_rules_tying_two_answers_name_the_later_answer() -> None:
    assert problems(api_auth="oauth2-client-credentials").startswith("oauth_token_url: ")
    assert problems(events=[]).startswith("events: ")
    duplicate = [{"name": "a.b", "fields": ["id"]}, {"name": "a_b", "fields": ["id"]}]
    assert problems(events=duplicate).startswith("events: ")
    unsigned = problems(webhook_preset="generic-hmac", hmac_timestamp_header="X-Timestamp")
    assert unsigned.startswith("hmac_signed_content: ")


def test_check_answer_returns_the_normalised_answer() -> None:
    assert check_answer({}, "project_name", "My Project!") == "my-project"
    resources = check_answer({}, "resources", [{"name": "Ticket", "verbs": ["get"]}])
    assert resources == [{"name": "ticket", "verbs": ["get"]}]


def test_check_answer_reports_only_that_answers_problems() -> None:
    # The given email is wrong, but that is another prompt's business.
    assert check_answer({"author_email": "nope"}, "upstream_name", "Zendesk") == "Zendesk"
    with pytest.raises(AnswerProblem) as refused:
        check_answer({}, "events", [{"name": "ok", "fields": ["id"]}, {"name": "a b"}])
    assert [location for location, _ in refused.value.problems] == [(1, "name"), (1, "fields")]


def test_a_rule_tying_two_answers_waits_for_the_later_one() -> None:
    # api_auth is asked before oauth_token_url; its rule applies once the URL is answered.
    assert check_answer({}, "api_auth", "oauth2-client-credentials")
    answers = {"api_auth": "oauth2-client-credentials"}
    with pytest.raises(AnswerProblem, match="token endpoint"):
        check_answer(answers, "oauth_token_url", "")
    hmac = {"webhook_preset": "generic-hmac", "hmac_timestamp_header": "X-Ts"}
    assert check_answer(hmac, "hmac_timestamp_header", "X-Ts") == "X-Ts"
    with pytest.raises(AnswerProblem, match=r"set hmac_signed_content=timestamp\.body"):
        check_answer(hmac, "hmac_signed_content", "body")


def test_check_given_refuses_wrong_answers_given_up_front() -> None:
    check_given({"project_name": "acme", "api_auth": "oauth2-client-credentials"})
    with pytest.raises(AnswerProblem, match="author_email: give an email address"):
        check_given({"project_name": "acme", "author_email": "nope"})


def test_questions_cover_every_answer_in_asking_order() -> None:
    names = [question.name for question in QUESTIONS]
    assert sorted(names) == sorted(ANSWER_FIELDS)
    for question in QUESTIONS:
        for dependency in question.depends_on:
            assert names.index(dependency) < names.index(question.name), question.name
    # The preset suggests the upstream name, so it is asked first, against the field order.
    assert names.index("webhook_preset") < names.index("upstream_name")
    # Never asked: the OpenAPI answers are derived by `--openapi` (scaffold/openapi/).
    assert [q.name for q in QUESTIONS if q.internal] == [
        "api_server_variables",
        "api_token_source",
        "openapi_operations",
        "openapi_sha256",
        "openapi_result_fields",
        "openapi_actions",
        "answers_schema_version",
    ]


def test_question_conditions_and_choices_come_from_the_spec() -> None:
    by_name = {question.name: question for question in QUESTIONS}
    assert by_name["api_key_header"].applies({"api_auth": "api-key-header"})
    assert not by_name["api_key_header"].applies({"api_auth": "basic"})
    # Unanswered, the condition reads the preset's suggestion (Shopify uses an API key).
    assert by_name["api_key_header"].applies({"webhook_preset": "shopify"})
    assert not by_name["events"].applies({"webhook_preset": "none"})
    assert by_name["events"].applies({})
    assert by_name["hmac_encoding"].choices == ("hex", "base64")
    assert by_name["features"].many and "docker" in by_name["features"].labels
    assert by_name["webhook_preset"].choices == tuple(WEBHOOK_PRESETS)
    assert by_name["webhook_preset"].labels["github"] == WEBHOOK_PRESETS["github"].label


def test_dependents_are_what_changing_an_answer_must_ask_again() -> None:
    assert dependents("api_auth") == {
        "api_key_header",
        "api_key_query_param",
        "oauth_token_url",
        "oauth_scopes",
    }
    changed_preset = dependents("webhook_preset")
    assert {"upstream_name", "events", "api_base_url", "hmac_signed_content"} <= changed_preset
    assert "description" not in changed_preset
    assert dependents("description") == set()


@pytest.mark.parametrize("preset", sorted(name for name in WEBHOOK_PRESETS if name != "none"))
def test_every_suggested_event_passes_the_field_rules(preset: str) -> None:
    suggested = [{"name": e.name, "fields": list(e.fields)} for e in WEBHOOK_PRESETS[preset].events]
    assert spec(webhook_preset=preset, events=suggested).events


@pytest.mark.parametrize("name", ["api_key", "key", "X-Key", "apiKey.v2"])
def test_a_query_parameter_name_for_the_api_key_is_plain(name: str) -> None:
    spec = ProjectSpec(project_name="acme", api_auth="api-key-query", api_key_query_param=name)
    assert spec.api_key_query_param == name


@pytest.mark.parametrize("name", ["", "api key", "a&b=c", "key#", "k?", "x" * 65])
def test_a_query_parameter_name_that_could_change_the_query_is_refused(name: str) -> None:
    with pytest.raises(ValidationError, match="a query parameter name holds only"):
        ProjectSpec(project_name="acme", api_auth="api-key-query", api_key_query_param=name)
