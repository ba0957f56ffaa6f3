"""Answers given up front (--data, --answers-file, NAME) and which answers apply."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from scaffold.answers import build_spec, given_answers, load_answers_file, parse_data_pairs
from scaffold.errors import AnswersError
from scaffold.spec import applicable_answers


def refusal(call: Callable[..., object], *args: object) -> str:
    with pytest.raises(AnswersError) as refused:
        call(*args)
    message = str(refused.value)
    assert "\n" not in message
    return message


@pytest.mark.parametrize(
    "text", ["Tickets: Zendesk", "123", "yes", "null", "[not a list]", "  spaced  ", "@home"]
)
def test_string_answers_are_taken_exactly_as_typed(text: str) -> None:
    assert parse_data_pairs([f"description={text}"]) == {"description": text}


def test_list_answers_are_yaml() -> None:
    parsed = parse_data_pairs(
        [
            "features=[docker, redis]",
            "oauth_scopes=[read, 'tickets:write']",
            "resources=[{name: ticket, verbs: [get]}]",
        ]
    )
    assert parsed == {
        "features": ["docker", "redis"],
        "oauth_scopes": ["read", "tickets:write"],
        "resources": [{"name": "ticket", "verbs": ["get"]}],
    }


def test_bad_yaml_in_a_list_answer_names_the_answer_and_the_column() -> None:
    message = refusal(parse_data_pairs, ["features=[docker"])
    assert message.startswith("--data features: not valid YAML: expected ',' or ']'")
    assert "(line 1, column 8)" in message


def test_the_oauth_token_url_is_named_in_its_own_errors() -> None:
    with pytest.raises(AnswersError) as refused:
        build_spec(
            {
                "project_name": "acme",
                "api_auth": "oauth2-client-credentials",
                "oauth_token_url": "http://auth.acme.example/token",
            }
        )
    assert str(refused.value) == (
        "invalid answers: oauth_token_url: the OAuth2 token URL must start with https://"
    )


def test_a_name_given_twice_must_agree(tmp_path: Path) -> None:
    message = refusal(given_answers, "acme", ["project_name=other"], None)
    assert message == (
        "two project names: 'acme' as NAME and 'other' in --data project_name; give it once"
    )
    assert given_answers("acme", ["project_name=acme"], None)["project_name"] == "acme"


def test_name_replaces_an_answers_file_name_with_a_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    recorded = tmp_path / "answers.yml"
    recorded.write_text(yaml.safe_dump({"project_name": "old", "upstream_name": "Zendesk"}))
    given = given_answers("new", ["upstream_name=Jira"], recorded)
    assert given == {"project_name": "new", "upstream_name": "Jira"}
    assert "NAME 'new' replaces project_name from the answers file" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("bad.yml", "description: x\nfeatures: [docker\n", "not valid YAML: "),
        ("bad.yml", "a: b: c\n", "(line 1, column 5)"),
        ("bad.json", '{"description": "x",\n  "features": [docker]}', "(line 2, column 16)"),
        ("bad.json", '{"description": "x",\n  "features": [docker]}', "not valid JSON: "),
    ],
)
def test_a_broken_answers_file_is_located(
    tmp_path: Path, name: str, content: str, expected: str
) -> None:
    path = tmp_path / name
    path.write_text(content)
    message = refusal(load_answers_file, path)
    assert message.startswith(f"answers file {path}: not valid ")
    assert expected in message


def test_an_answers_file_that_is_not_text_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "answers.yml"
    path.write_bytes(b"\xff\xfe\x00binary")
    assert refusal(load_answers_file, path) == f"answers file {path} is not UTF-8 text"


BASE = [
    "project_name",
    "description",
    "author_name",
    "author_email",
    "webhook_preset",  # before upstream_name, whose suggestion depends on it
    "upstream_name",
    "events",
    "resources",
    "api_base_url",
    "api_auth",
]
TAIL = ["features", "sdk_requirement"]


@pytest.mark.parametrize(
    ("given", "extra"),
    [
        ({}, []),
        ({"webhook_preset": "stripe"}, []),
        # zendesk suggests basic auth, shopify an API key header
        ({"webhook_preset": "zendesk"}, []),
        ({"webhook_preset": "shopify"}, ["api_key_header"]),
        ({"webhook_preset": "shopify", "api_auth": "bearer-token"}, []),
        ({"api_auth": "api-key-header"}, ["api_key_header"]),
        ({"api_auth": "oauth2-client-credentials"}, ["oauth_token_url", "oauth_scopes"]),
        (
            {"webhook_preset": "generic-hmac"},
            [
                "api_key_header",
                "hmac_signature_header",
                "hmac_encoding",
                "hmac_prefix",
                "hmac_timestamp_header",
                "hmac_signed_content",
            ],
        ),
        ({"webhook_preset": "carrier-pigeon"}, []),  # refused later, by validation
    ],
)
def test_applicable_answers_follow_preset_and_auth(given: dict[str, str], extra: list[str]) -> None:
    assert applicable_answers(given) == BASE + extra + TAIL


def test_a_project_without_webhooks_is_not_asked_for_events() -> None:
    assert applicable_answers({"webhook_preset": "none"}) == [
        name for name in BASE + TAIL if name != "events"
    ]
