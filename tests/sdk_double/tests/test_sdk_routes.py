"""CONTRACT.md section 3: every route, its success shape and its error statuses."""

import json
import sqlite3
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel, SecretStr

from integrations_sdk.dev_server import DevServerWorkflowStorage
from integrations_sdk.workflow import Callback, NewSubscription

from .support import GOOD_CONNECTION, AppFactory, PackageFactory, subscribe

SUBSCRIPTION_INFO_KEYS = {
    "callback",
    "name",
    "options",
    "secrets",
    "id",
    "connectionId",
    "data",
    "postInstallInstructions",
}


# --- connections ---------------------------------------------------------------------------


def test_create_connection_is_201_with_secrets_and_metadata(client: TestClient) -> None:
    response = client.post("/connections", json=GOOD_CONNECTION)
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {
        "secrets",
        "options",
        "id",
        "wfServerId",
        "createdAt",
        "updatedAt",
        "postInstallInstructions",
    }
    assert body["secrets"] == {"apiKey": "CANARY-1"}
    assert body["options"] == {"region": "eu", "note": None}
    assert body["postInstallInstructions"] is None


def test_undeclared_connection_fields_are_dropped_before_storage(
    client: TestClient,
) -> None:
    body = {"options": {"region": "eu", "extra": 1}, "secrets": {"apiKey": "k", "more": "m"}}
    created = client.post("/connections", json=body).json()
    stored = DevServerWorkflowStorage().get_connection(created["id"])
    assert stored.options == {"region": "eu", "note": None}
    assert stored.secrets == {"apiKey": "k"}


def test_secret_str_fields_are_stored_revealed_and_echoed_masked(
    build_app: AppFactory,
) -> None:
    class SecretSecrets(BaseModel):
        apiKey: SecretStr

    client = TestClient(build_app(secrets=SecretSecrets))
    created = client.post("/connections", json=GOOD_CONNECTION).json()
    assert created["secrets"] == {"apiKey": "**********"}
    assert DevServerWorkflowStorage().get_connection(created["id"]).secrets == {
        "apiKey": "CANARY-1"
    }


def test_create_connection_validation_error_is_422(client: TestClient) -> None:
    response = client.post("/connections", json={"options": {}, "secrets": {"apiKey": "k"}})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "options", "region"]


def test_get_connection_excludes_secrets(client: TestClient, connection_id: str) -> None:
    response = client.get(f"/connections/{connection_id}")
    assert response.status_code == 200
    assert set(response.json()) == {
        "id",
        "wfServerId",
        "options",
        "createdAt",
        "updatedAt",
        "postInstallInstructions",
    }
    assert "CANARY-1" not in response.text


def test_get_unknown_connection_is_404_not_found(client: TestClient) -> None:
    response = client.get("/connections/nope")
    assert (response.status_code, response.json()) == (404, {"detail": "not found"})


def test_stored_options_that_no_longer_fit_give_plain_500(
    client: TestClient, connection_id: str
) -> None:
    with sqlite3.connect("dev.db") as db:
        db.execute("UPDATE connections SET options = '{}' WHERE id = ?", (connection_id,))
    response = client.get(f"/connections/{connection_id}")
    assert (response.status_code, response.text) == (500, "Internal Server Error")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/connections"),
        ("DELETE", "/connections/{cid}"),
        ("PUT", "/connections/{cid}"),
        ("PATCH", "/connections/{cid}"),
    ],
)
def test_there_are_no_list_update_or_delete_connection_routes(
    client: TestClient, connection_id: str, method: str, path: str
) -> None:
    response = client.request(method, path.format(cid=connection_id), json={})
    assert response.status_code in (404, 405)


# --- actions -------------------------------------------------------------------------------


def call(client: TestClient, connection_id: str, action: str, body: Any) -> Any:
    return client.post(f"/connections/{connection_id}/call/{action}", json=body)


def test_call_returns_the_model_fields(client: TestClient, connection_id: str) -> None:
    response = call(client, connection_id, "say_hello", {"name": "Bob"})
    assert (response.status_code, response.json()) == (200, {"result": "Hello Bob", "detail": None})


def test_async_actions_are_awaited(client: TestClient, connection_id: str) -> None:
    assert call(client, connection_id, "async_hello", {"name": "Al"}).json()["result"] == "Hi Al"


def test_call_result_schema_is_not_enforced(client: TestClient, connection_id: str) -> None:
    response = call(client, connection_id, "wrong_result", {})
    assert (response.status_code, response.json()) == (200, {"unexpected": 1})


@pytest.mark.parametrize(
    ("body", "message"),
    [({}, "'name' is a required property"), ({"name": "a", "x": 1}, "Additional properties")],
)
def test_call_arguments_are_checked_with_jsonschema(
    client: TestClient, connection_id: str, body: dict[str, Any], message: str
) -> None:
    response = call(client, connection_id, "say_hello", body)
    assert response.status_code == 422
    assert message in response.json()["detail"]


def test_call_unknown_action_is_404(client: TestClient, connection_id: str) -> None:
    assert call(client, connection_id, "nope", {}).status_code == 404


def test_call_unknown_connection_is_404(client: TestClient) -> None:
    response = call(client, "nope", "say_hello", {"name": "x"})
    assert (response.status_code, response.json()) == (404, {"detail": "not found"})


def test_call_missing_env_key_is_500_naming_it(client: TestClient, connection_id: str) -> None:
    response = call(client, connection_id, "needs_missing", {})
    assert (response.status_code, response.json()) == (500, {"detail": "Missing env var: nope"})


def test_call_exception_is_plain_500_without_message(
    client: TestClient, connection_id: str
) -> None:
    response = call(client, connection_id, "raises", {})
    assert (response.status_code, response.text) == (500, "Internal Server Error")


def test_call_http_exception_passes_through(client: TestClient, connection_id: str) -> None:
    response = call(client, connection_id, "http_error", {})
    assert (response.status_code, response.json()) == (409, {"detail": "conflict detail"})


def test_call_declared_but_unaccepted_argument_is_500(
    client: TestClient, connection_id: str
) -> None:
    response = call(client, connection_id, "declared_not_accepted", {"name": "a", "extra": "b"})
    assert (response.status_code, response.text) == (500, "Internal Server Error")


def test_call_body_must_be_an_object(client: TestClient, connection_id: str) -> None:
    assert call(client, connection_id, "say_hello", ["name"]).status_code == 422


# --- forms ---------------------------------------------------------------------------------


def test_form_get_serializes_field_info(client: TestClient, connection_id: str) -> None:
    response = client.get(f"/connections/{connection_id}/form/with_info")
    assert response.status_code == 200
    assert response.json()["word"] == {
        "label": "Word",
        "options": [["a", "A"], ["b", "B"]],
        "translations": {
            "sv": {"label": "Ord", "options": None, "translations": None, "description": None}
        },
        "description": "Pick (eu)",
    }


def test_form_post_hands_selected_to_a_two_parameter_callback(
    client: TestClient, connection_id: str
) -> None:
    path = f"/connections/{connection_id}/form/with_selected"
    assert client.get(path).json()["city"]["options"] == []
    posted = client.post(path, json={"selected": {"country": "se"}}).json()
    assert posted["city"]["options"] == [["sto", "Stockholm"]]
    assert posted["city"]["depends_on"] == ["country"]


def test_form_post_selected_must_be_an_object(client: TestClient, connection_id: str) -> None:
    path = f"/connections/{connection_id}/form/with_info"
    assert client.post(path, json={"selected": "x"}).status_code == 422


def test_form_routes_exist_only_for_actions_with_info(
    client: TestClient, connection_id: str
) -> None:
    assert client.get(f"/connections/{connection_id}/form/say_hello").status_code == 404


def test_form_unknown_connection_is_404(client: TestClient) -> None:
    assert client.get("/connections/nope/form/with_info").status_code == 404


# --- subscriptions -------------------------------------------------------------------------


def test_create_subscription_is_201_with_the_stored_subscription(
    client: TestClient, connection_id: str, callback: dict[str, str]
) -> None:
    response = client.post(
        f"/connections/{connection_id}/subscriptions/plain_hook",
        json={
            "callback": callback,
            "data": {"options": {}, "secrets": {}},
            "triggerName": "ignored",
        },
    )
    assert response.status_code == 201
    assert response.json() == {
        "callback": callback,
        "name": "plain_hook",
        "options": {},
        "secrets": {},
        "id": response.json()["id"],
        "connectionId": connection_id,
    }


def test_create_subscription_validation_error_is_422(
    client: TestClient, connection_id: str, callback: dict[str, str]
) -> None:
    response = subscribe(client, connection_id, "env_hook", callback)
    assert response.status_code == 422
    bad_callback = {**callback, "method": "get"}
    assert subscribe(client, connection_id, "plain_hook", bad_callback).status_code == 422


def test_create_subscription_for_unknown_trigger_is_rejected(
    client: TestClient, connection_id: str, callback: dict[str, str]
) -> None:
    # No POST route for that name; the GET/DELETE `{subscriptionId}` pattern makes it a 405.
    response = subscribe(client, connection_id, "no_such_trigger", callback)
    assert response.status_code == 405
    assert client.get(f"/connections/{connection_id}/subscriptions").json()["total"] == 0


def test_list_subscriptions_filters_data_but_not_total(
    client: TestClient, connection_id: str, callback: dict[str, str]
) -> None:
    subscribe(client, connection_id, "plain_hook", callback)
    subscribe(client, connection_id, "removal_hook", callback)
    DevServerWorkflowStorage().save_subscription(
        connection_id, NewSubscription(callback=Callback(**callback), name="retired_trigger")
    )
    body = client.get(f"/connections/{connection_id}/subscriptions").json()
    assert body["total"] == 3
    assert sorted(s["name"] for s in body["data"]) == ["plain_hook", "removal_hook"]
    assert set(body["data"][0]) == SUBSCRIPTION_INFO_KEYS
    assert body["data"][0]["data"] == {"options": {}}


def test_list_subscriptions_query_parameters(
    client: TestClient, connection_id: str, callback: dict[str, str]
) -> None:
    for _ in range(3):
        subscribe(client, connection_id, "plain_hook", callback)
    subscribe(client, connection_id, "removal_hook", callback)
    path = f"/connections/{connection_id}/subscriptions"
    named = client.get(path, params={"name": "plain_hook", "limit": 2, "offset": 0}).json()
    assert (named["total"], len(named["data"])) == (3, 2)
    assert client.get(path, params={"offset": 3}).json()["data"][0]["name"] == "removal_hook"


def test_get_subscription_is_scoped_to_its_connection(
    client: TestClient, connection_id: str, callback: dict[str, str]
) -> None:
    sid = subscribe(client, connection_id, "plain_hook", callback).json()["id"]
    other = client.post("/connections", json=GOOD_CONNECTION).json()["id"]
    response = client.get(f"/connections/{connection_id}/subscriptions/{sid}")
    assert (response.status_code, set(response.json())) == (200, SUBSCRIPTION_INFO_KEYS)
    foreign = client.get(f"/connections/{other}/subscriptions/{sid}")
    assert (foreign.status_code, foreign.json()) == (404, {"detail": "Not Found"})


def test_get_subscription_of_unknown_trigger_is_404(
    client: TestClient, connection_id: str, callback: dict[str, str]
) -> None:
    saved = DevServerWorkflowStorage().save_subscription(
        connection_id, NewSubscription(callback=Callback(**callback), name="retired_trigger")
    )
    response = client.get(f"/connections/{connection_id}/subscriptions/{saved.id}")
    assert (response.status_code, response.json()) == (404, {"detail": "Not Found"})


def test_get_subscription_post_install_instructions(
    client: TestClient, connection_id: str, callback: dict[str, str]
) -> None:
    sid = subscribe(
        client,
        connection_id,
        "env_hook",
        callback,
        options={"label": "L"},
        secrets={"signing": "s"},
    ).json()["id"]
    body = client.get(f"/connections/{connection_id}/subscriptions/{sid}").json()
    assert body["postInstallInstructions"] == "Label L"


def test_delete_subscription_is_204_then_404(
    client: TestClient, connection_id: str, callback: dict[str, str]
) -> None:
    sid = subscribe(client, connection_id, "plain_hook", callback).json()["id"]
    path = f"/connections/{connection_id}/subscriptions/{sid}"
    deleted = client.delete(path)
    assert (deleted.status_code, deleted.content) == (204, b"")
    again = client.delete(path)
    assert (again.status_code, again.json()) == (404, {"detail": "not found"})


def test_subscription_routes_exist_only_with_triggers(
    build_app: AppFactory, make_package: PackageFactory
) -> None:
    package = make_package({})
    client = TestClient(build_app(path=package))
    assert client.get("/connections/c/subscriptions").status_code == 404
    assert client.get("/connections/c/subscriptions/s").status_code == 404


# --- tools ---------------------------------------------------------------------------------


def test_components_lists_all_components(client: TestClient) -> None:
    components = {c["name"]: c for c in client.get("/components").json()}
    assert {"say_hello", "greet_user", "plain_tool"} <= set(components)
    greet = components["greet_user"]
    assert set(greet) == {
        "name",
        "ebbotArguments",
        "description",
        "secrets",
        "env",
        "toolSchema",
        "displayName",
    }
    assert greet["ebbotArguments"] == ["user"]
    assert greet["toolSchema"]["function"]["name"] == "greet_user"
    assert components["say_hello"]["displayName"] == "Say hello"


def tool_call(name: str, **overrides: Any) -> dict[str, Any]:
    return {
        "name": name,
        "ebbot_data": {},
        "llm_arguments": {},
        "secrets": {},
        "env": {},
        **overrides,
    }


def test_call_wraps_workflow_action_results(client: TestClient) -> None:
    response = client.post("/call", json=tool_call("say_hello", llm_arguments={"name": "x"}))
    assert response.json() == {"result": {"result": "Hello x", "detail": None}, "actions": None}


def test_call_spreads_component_results_and_passes_ebbot_data(client: TestClient) -> None:
    body = tool_call(
        "greet_user", llm_arguments={"greeting": "Hej"}, ebbot_data={"user": {"id": "u1"}}
    )
    assert client.post("/call", json=body).json() == {
        "result": "Hej u1",
        "actions": [{"type": "noop"}],
    }


@pytest.mark.parametrize(
    "overrides",
    [{"secrets": {}}, {"secrets": {"token": "t", "more": "m"}}, {"env": {}}, {"llm_arguments": {}}],
)
def test_call_secrets_and_env_must_equal_the_declared_lists(
    client: TestClient, overrides: dict[str, Any]
) -> None:
    base = tool_call(
        "plain_tool", llm_arguments={"text": "t"}, secrets={"token": "t"}, env={"mode": "m"}
    )
    response = client.post("/call", json={**base, **overrides})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body"]


def test_call_unknown_component_is_422(client: TestClient) -> None:
    response = client.post("/call", json=tool_call("nope"))
    assert response.status_code == 422
    assert "Unknown component" in json.dumps(response.json())
