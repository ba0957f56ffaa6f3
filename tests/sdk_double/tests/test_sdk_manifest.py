"""CONTRACT.md section 4: the manifest's shape and its schema normalisation."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from integrations_sdk.connection import EmptyOptions
from integrations_sdk.manifest import create_manifest, normalize_schema, subscription_schema

from .fns.triggers import env_hook, plain_hook
from .support import AppFactory

TOP_LEVEL = [
    "triggers",
    "actions",
    "connection",
    "installInstructions",
    "apiRateLimitInfo",
    "requiredPermissions",
    "docs",
    "email",
    "author",
    "url",
]
EMPTY_OBJECT = {"type": "object", "properties": {}, "required": []}
EMPTY_MODEL = {"properties": {}, "title": "EmptyOptions", "type": "object"}


@pytest.fixture
def manifest(build_app: AppFactory) -> dict[str, Any]:
    """The default test server's manifest."""
    body: dict[str, Any] = TestClient(build_app()).get("/manifest").json()
    return body


def by_name(entries: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {entry["name"]: entry for entry in entries}


def test_top_level_keys_are_always_present_and_null_when_unset(
    manifest: dict[str, Any],
) -> None:
    assert list(manifest) == TOP_LEVEL
    assert all(manifest[key] is None for key in TOP_LEVEL[3:])
    assert "subscriptionSchema" not in manifest


def test_connection_schema_wraps_the_options_and_secrets_models(
    manifest: dict[str, Any],
) -> None:
    connection = manifest["connection"]
    assert connection["type"] == "object"
    assert connection["required"] == ["options", "secrets"]
    assert connection["properties"]["secrets"] == {
        "description": "A connection's secrets.",
        "properties": {"apiKey": {"title": "Apikey", "type": "string"}},
        "required": ["apiKey"],
        "title": "Secrets",
        "type": "object",
    }


def test_connection_schema_with_none_and_with_the_default_models(build_app: AppFactory) -> None:
    none = TestClient(build_app(options=None, secrets=None)).get("/manifest").json()
    assert none["connection"]["properties"] == {"options": EMPTY_OBJECT, "secrets": EMPTY_OBJECT}
    default = create_manifest([], [], EmptyOptions, EmptyOptions)["connection"]["properties"]
    assert default == {"options": EMPTY_MODEL, "secrets": EMPTY_MODEL}


def test_optional_fields_lose_their_nullability(manifest: dict[str, Any]) -> None:
    note = manifest["connection"]["properties"]["options"]["properties"]["note"]
    assert note == {"type": "string", "default": None, "title": "Note"}
    result = by_name(manifest["actions"])["say_hello"]["schema"]["result"]
    assert result["properties"]["detail"]["type"] == "string"
    assert "anyOf" not in str(result)


def test_normalize_schema_collapses_only_null_pairs() -> None:
    schema = {
        "properties": {
            "a": {"anyOf": [{"type": "integer"}, {"type": "null"}], "title": "A"},
            "b": {"anyOf": [{"type": "integer"}, {"type": "string"}]},
            "c": {"items": {"anyOf": [{"type": "null"}, {"$ref": "#/$defs/X"}]}},
        }
    }
    assert normalize_schema(schema) == {
        "properties": {
            "a": {"type": "integer", "title": "A"},
            "b": {"anyOf": [{"type": "integer"}, {"type": "string"}]},
            "c": {"items": {"$ref": "#/$defs/X"}},
        }
    }


def test_dict_arguments_become_a_closed_object_schema(manifest: dict[str, Any]) -> None:
    actions = by_name(manifest["actions"])
    say_hello = actions["say_hello"]
    assert say_hello["schema"]["call"] == {
        "type": "function",
        "function": {
            "name": "say_hello",
            "description": "Say hello.",
            "parameters": {
                "type": "object",
                "additionalProperties": False,
                "properties": {"name": {"description": "Who", "type": "string"}},
                "required": ["name"],
            },
        },
    }
    assert "required" not in actions["raises"]["schema"]["call"]["function"]["parameters"]


def test_model_arguments_schema_is_raw_and_not_normalized(manifest: dict[str, Any]) -> None:
    parameters = by_name(manifest["actions"])["model_args"]["schema"]["call"]["function"][
        "parameters"
    ]
    assert "additionalProperties" not in parameters
    assert parameters["title"] == "Args"
    assert parameters["properties"]["point"]["anyOf"] == [
        {"$ref": "#/$defs/Point"},
        {"type": "null"},
    ]


def test_action_entry_shape(manifest: dict[str, Any]) -> None:
    say_hello = by_name(manifest["actions"])["say_hello"]
    assert list(say_hello) == [
        "type",
        "name",
        "description",
        "schema",
        "displayName",
        "docs",
        "argumentDocs",
    ]
    assert say_hello["type"] == "action"
    assert (say_hello["displayName"], say_hello["docs"], say_hello["argumentDocs"]) == (
        "Say hello",
        "How it works",
        {"name": "The name."},
    )
    assert say_hello["schema"]["errors"] == [
        {
            "description": "An error schema.",
            "properties": {"message": {"title": "Message", "type": "string"}},
            "required": ["message"],
            "title": "Problem",
            "type": "object",
        },
        {"type": "string"},
    ]
    assert by_name(manifest["actions"])["uses_env"]["schema"]["result"] == {"type": "object"}


def test_actions_include_tools_without_ebbot_arguments_only(manifest: dict[str, Any]) -> None:
    actions = by_name(manifest["actions"])
    assert "plain_tool" in actions
    assert actions["plain_tool"]["schema"]["result"] is None
    assert "greet_user" not in actions


def test_trigger_entry_shape(manifest: dict[str, Any]) -> None:
    triggers = by_name(manifest["triggers"])
    plain = triggers["plain_hook"]
    assert list(plain) == [
        "type",
        "name",
        "description",
        "schema",
        "subscriptionSchema",
        "installInstructions",
        "docs",
    ]
    assert (plain["type"], plain["installInstructions"], plain["docs"]) == (
        "trigger",
        "Install",
        "Docs",
    )
    assert "connectionEnv" not in str(triggers["env_hook"])
    assert "postInstallInstructions" not in triggers["env_hook"]


def test_trigger_schema_describes_the_envelope_without_metadata(
    manifest: dict[str, Any],
) -> None:
    schema = by_name(manifest["triggers"])["plain_hook"]["schema"]
    assert schema["title"] == "TriggerSchema"
    assert schema["required"] == ["id", "name", "connectionId", "subscriptionId", "payload"]
    assert all(
        schema["properties"][key]["type"] == "string"
        for key in ("id", "name", "connectionId", "subscriptionId")
    )
    assert schema["properties"]["payload"]["title"] == "Hook"
    assert "metadata" not in schema["properties"]


def test_subscription_schema_holds_callback_and_trigger_models(manifest: dict[str, Any]) -> None:
    schema = by_name(manifest["triggers"])["env_hook"]["subscriptionSchema"]
    assert schema["required"] == []
    callback = schema["properties"]["callback"]
    assert callback["properties"]["type"] == {"const": "http", "title": "Type", "type": "string"}
    assert callback["properties"]["method"]["const"] == "post"
    data = schema["properties"]["data"]
    assert data["required"] == ["options", "secrets"]
    assert data["properties"]["options"]["title"] == "TOpts"
    assert data["properties"]["secrets"]["title"] == "TSecrets"
    plain = by_name(manifest["triggers"])["plain_hook"]["subscriptionSchema"]
    assert plain["properties"]["data"]["properties"]["options"] == EMPTY_MODEL


def test_subscription_schema_function_matches_the_manifest(manifest: dict[str, Any]) -> None:
    triggers = by_name(manifest["triggers"])
    assert subscription_schema(env_hook) == triggers["env_hook"]["subscriptionSchema"]
    assert subscription_schema(plain_hook) == triggers["plain_hook"]["subscriptionSchema"]
