"""CONTRACT.md section 13: the double HAS each security weakness of the real SDK.

These are not bugs of the double: a generated project's hardening layer must be proven against
an SDK that behaves this badly. One test per numbered weakness.
"""

import inspect
import logging
from typing import Any

import pytest
import responses
from fastapi.testclient import TestClient

from integrations_sdk import auth
from integrations_sdk.storage_server import StorageServerWorkflowStorage
from integrations_sdk.trigger_runtime import TriggerRuntime
from integrations_sdk.workflow import Callback, Subscription, SubscriptionResult

from .fns import triggers as fns_triggers
from .support import ENGINE_KEY, GOOD_CONNECTION, AppFactory, FakeHTTPServer, subscribe


def test_13_1_token_check_is_a_plain_exact_string_comparison(build_app: AppFactory) -> None:
    source = inspect.getsource(auth)
    assert "auth_header != expected" in source
    assert "compare_digest" not in source
    client = TestClient(build_app(auth_token="tok"))
    assert client.get("/manifest", headers={"Authorization": "Bearer tok"}).status_code == 200
    assert client.get("/manifest", headers={"Authorization": "BEARER tok"}).status_code == 401


def test_13_2_without_auth_anyone_can_do_everything(
    client: TestClient, connection_id: str, fake_server: FakeHTTPServer
) -> None:
    assert client.post("/connections", json=GOOD_CONNECTION).status_code == 201
    assert client.post(f"/connections/{connection_id}/call/uses_env", json={}).status_code == 200
    own_secrets = {
        "name": "plain_tool",
        "ebbot_data": {},
        "llm_arguments": {"text": "t"},
        "secrets": {"token": "ATTACKER-TOKEN"},
        "env": {"mode": "m"},
    }
    ran = client.post("/call", json=own_secrets).json()
    assert ran["result"]["token"] == "ATTACKER-TOKEN"
    subscribe(
        client,
        connection_id,
        "env_hook",
        fake_server.url,
        options={"label": "L"},
        secrets={"signing": "CANARY-SUB"},
    )
    assert "CANARY-SUB" in client.get(f"/connections/{connection_id}/subscriptions").text


def test_13_3_docs_and_openapi_are_public_and_reveal_secret_names(build_app: AppFactory) -> None:
    client = TestClient(build_app(auth_token="tok"))
    for path in ("/docs", "/redoc", "/openapi.json"):
        assert client.get(path).status_code == 200
    openapi = client.get("/openapi.json").text
    assert "apiKey" in openapi
    assert "/connections/{connection_id}/call/say_hello" in openapi


def test_13_4_dispatch_sends_the_engine_key_to_any_callback_url(
    client: TestClient, connection_id: str, fake_server: FakeHTTPServer
) -> None:
    for odd in ("ftp://internal.example/x", "not even a url"):
        assert subscribe(client, connection_id, "plain_hook", odd).status_code == 201
    attacker = f"{fake_server.url}/attacker"
    sid = subscribe(client, connection_id, "plain_hook", attacker).json()["id"]
    client.post(f"/double/plain/{sid}", json={"messageId": "m", "message": "x"})
    assert fake_server.requests[0].path == "/attacker"
    assert fake_server.requests[0].headers["authorization"] == f"Bearer {ENGINE_KEY}"


def test_13_5_secrets_are_returned_in_responses(
    client: TestClient, connection_id: str, callback: dict[str, str]
) -> None:
    created = client.post(
        "/connections", json={"options": {"region": "eu"}, "secrets": {"apiKey": "CANARY-C"}}
    )
    assert created.json()["secrets"] == {"apiKey": "CANARY-C"}
    sub = subscribe(
        client,
        connection_id,
        "env_hook",
        callback["url"],
        options={"label": "L"},
        secrets={"signing": "CANARY-S"},
    )
    assert sub.json()["secrets"] == {"signing": "CANARY-S"}
    one = client.get(f"/connections/{connection_id}/subscriptions/{sub.json()['id']}").json()
    assert one["secrets"] == {"signing": "CANARY-S"}
    assert "secrets" not in one["data"]
    listed = client.get(f"/connections/{connection_id}/subscriptions").json()
    assert listed["data"][0]["secrets"] == {"signing": "CANARY-S"}


def test_13_6_422_bodies_echo_submitted_secrets(build_app: AppFactory, connection_id: str) -> None:
    def validator(secrets: Any, options: Any) -> None:
        raise ValueError("no")

    client = TestClient(build_app(validator=validator))
    assert (
        "CANARY-V"
        in client.post(
            "/connections", json={"options": {"region": "eu"}, "secrets": {"apiKey": "CANARY-V"}}
        ).text
    )
    assert "CANARY-F" in client.post("/connections", json={"secrets": {"apiKey": "CANARY-F"}}).text
    call = {
        "name": "plain_tool",
        "ebbot_data": {},
        "llm_arguments": {"text": "t"},
        "secrets": {"token": "CANARY-T", "extra": "x"},
        "env": {"mode": "m"},
    }
    assert "CANARY-T" in client.post("/call", json=call).text
    quoted = client.post(
        f"/connections/{connection_id}/call/typed_count", json={"count": "CANARY-J"}
    )
    assert quoted.json() == {"detail": "'CANARY-J' is not of type 'integer'"}


def test_13_7_callbacks_receive_secrets_and_can_return_them(
    build_app: AppFactory,
) -> None:
    def instructions(connection: Any, get_env: Any) -> str:
        return f"Your key is {get_env().secrets['apiKey']}"

    client = TestClient(build_app(post_install_instructions=instructions))
    created = client.post("/connections", json=GOOD_CONNECTION).json()
    assert created["postInstallInstructions"] == "Your key is CANARY-1"
    form = client.get(f"/connections/{created['id']}/form/with_info").json()
    assert form["leak"]["label"] == "CANARY-1"


def test_13_8_outbound_requests_have_no_timeout(client: TestClient, connection_id: str) -> None:
    sid = subscribe(client, connection_id, "plain_hook", "https://engine.example/cb").json()["id"]
    # Observed at requests' transport adapter (CONTRACT §15), where `timeout` is what the
    # SDK passed down: None means it set none.
    with responses.RequestsMock() as transport:
        transport.post("https://engine.example/cb", json={})
        transport.get("https://storage.example/subscriptions", json={"total": 0, "data": []})
        client.post(f"/double/plain/{sid}", json={"messageId": "m", "message": "x"})
        StorageServerWorkflowStorage("https://storage.example", "k").get_subscriptions()
        sent = [
            (call.request.method, call.request.req_kwargs["timeout"]) for call in transport.calls
        ]
    assert sent == [("POST", None), ("GET", None)]


def test_13_9_dev_mode_is_plaintext_unowned_and_corruptible(
    client: TestClient, connection_id: str, callback: dict[str, str]
) -> None:
    with open("dev.db", "rb") as db:
        assert b"CANARY-1" in db.read()
    orphan = subscribe(client, "no-such-connection", "plain_hook", callback["url"])
    assert orphan.status_code == 201
    other = client.post("/connections", json=GOOD_CONNECTION).json()["id"]
    sid = subscribe(client, connection_id, "plain_hook", callback["url"]).json()["id"]
    assert client.delete(f"/connections/{other}/subscriptions/{sid}").status_code == 204
    subscribe(client, connection_id, "created_hook", callback["url"])
    assert client.get("/readiness").status_code == 500


def test_13_10_on_removed_is_never_called(
    client: TestClient, connection_id: str, callback: dict[str, str]
) -> None:
    sid = subscribe(client, connection_id, "removal_hook", callback["url"]).json()["id"]
    client.delete(f"/connections/{connection_id}/subscriptions/{sid}")
    assert fns_triggers.REMOVED == []


def test_13_11_missing_env_error_names_the_key(client: TestClient, connection_id: str) -> None:
    response = client.post(f"/connections/{connection_id}/call/needs_missing", json={})
    assert response.json() == {"detail": "Missing env var: nope"}


def test_13_12_logs_carry_ids_and_client_ip_but_only_payload_keys(
    build_app: AppFactory, callback: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    client = TestClient(build_app(auth_token="tok"))
    headers = {"Authorization": "Bearer tok"}
    cid = client.post("/connections", json=GOOD_CONNECTION, headers=headers).json()["id"]
    sid = subscribe(
        TestClient(client.app, headers=headers), cid, "plain_hook", callback["url"]
    ).json()["id"]
    with caplog.at_level(logging.DEBUG, logger="integrations_sdk"):
        client.get(f"/connections/{cid}", headers=headers)
        client.get("/manifest")
        client.post(f"/double/plain/{sid}", json={"messageId": "m", "message": "CANARY-P"})
    assert f"GET /connections/{cid} -> 200" in caplog.messages
    assert any("from testclient" in m for m in caplog.messages)
    assert any(m.startswith("Trigger triggered") and "message" in m for m in caplog.messages)
    assert not any("CANARY" in m for m in caplog.messages)


class PagedStorage:
    """Pretends to hold `total` subscriptions named "hook", served in pages."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.offsets: list[int] = []

    def get_subscriptions(
        self, limit: int = 1000, offset: int = 0, name: str | None = None
    ) -> SubscriptionResult:
        self.offsets.append(offset)
        callback = Callback(type="http", method="post", url="u")
        page = [
            Subscription(id=str(i), connectionId="c", callback=callback, name="hook")
            for i in range(offset, min(offset + limit, self.total))
        ]
        return SubscriptionResult(total=self.total, data=page)


def test_13_13_get_subscriptions_stops_after_the_first_1000() -> None:
    storage = PagedStorage(total=1500)
    runtime = TriggerRuntime({}, {}, storage, "k")  # type: ignore[arg-type]
    assert sum(1 for _ in runtime.subscriptions("hook")) == 1000
    assert storage.offsets == [0]
