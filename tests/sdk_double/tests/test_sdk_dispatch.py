"""CONTRACT.md section 7: dispatch's request to the callback URL, against a real local sink."""

import logging
import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient

from .support import ENGINE_KEY, FakeHTTPServer

HOOK = {"messageId": "m1", "message": "hi"}


@pytest.fixture
def subscription_id(client: TestClient, connection_id: str, callback: dict[str, str]) -> str:
    """A plain_hook subscription whose callback is the fake server's /cb."""
    body = {"callback": callback, "data": {"options": {}, "secrets": {}}}
    response = client.post(f"/connections/{connection_id}/subscriptions/plain_hook", json=body)
    return str(response.json()["id"])


def test_dispatch_posts_the_envelope_with_the_storage_key(
    client: TestClient,
    connection_id: str,
    subscription_id: str,
    fake_server: FakeHTTPServer,
) -> None:
    response = client.post(f"/double/plain/{subscription_id}", json=HOOK)
    assert response.json() == {"dispatched": True}
    (sent,) = fake_server.requests
    assert (sent.method, sent.path) == ("POST", "/cb")
    assert sent.headers["authorization"] == f"Bearer {ENGINE_KEY}"  # even in dev mode
    assert sent.headers["content-type"] == "application/json"
    assert uuid.UUID(sent.body["id"]).version == 4
    assert sent.body == {
        "id": sent.body["id"],
        "name": "plain_hook",
        "connectionId": connection_id,
        "subscriptionId": subscription_id,
        "payload": HOOK,
        "metadata": {"referenceId": "ref-1", "data": {"k": "v"}},
    }


@pytest.mark.parametrize(
    ("metadata", "expected"), [("dict", {"referenceId": "ref-2"}), ("none", None)]
)
def test_metadata_may_be_a_dict_or_none(
    client: TestClient,
    subscription_id: str,
    fake_server: FakeHTTPServer,
    metadata: str,
    expected: Any,
) -> None:
    client.post(f"/double/plain/{subscription_id}", params={"metadata": metadata}, json=HOOK)
    assert fake_server.requests[0].body["metadata"] == expected


def test_dict_data_is_sent_as_is_and_each_dispatch_gets_a_new_id(
    client: TestClient, subscription_id: str, fake_server: FakeHTTPServer
) -> None:
    for _ in range(2):
        client.post(f"/double/raw/{subscription_id}", json={"free": ["form"]})
    first, second = fake_server.requests
    assert first.body["payload"] == {"free": ["form"]}
    assert first.body["id"] != second.body["id"]


def test_shared_handler_dispatch_uses_the_subscription_name(
    client: TestClient, subscription_id: str, fake_server: FakeHTTPServer
) -> None:
    client.post(f"/double/shared/dispatch/{subscription_id}")
    assert fake_server.requests[0].body["name"] == "plain_hook"
    assert fake_server.requests[0].body["payload"] == {"x": 1}


def test_engine_error_becomes_http_exception_with_its_status_and_reason(
    client: TestClient,
    subscription_id: str,
    fake_server: FakeHTTPServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    fake_server.respond("POST", "/cb", 503, {"detail": "busy"})
    with caplog.at_level(logging.ERROR):
        response = client.post(f"/double/plain/{subscription_id}", json=HOOK)
    assert (response.status_code, response.json()) == (503, {"detail": "Service Unavailable"})
    assert any(record.levelno == logging.ERROR for record in caplog.records)


def test_unknown_subscription_is_404(client: TestClient) -> None:
    response = client.post("/double/plain/nope", json=HOOK)
    assert (response.status_code, response.json()) == (404, {"detail": "not found"})


def test_debug_log_records_payload_keys_only(
    client: TestClient, subscription_id: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG, logger="integrations_sdk"):
        client.post(f"/double/plain/{subscription_id}", json={"messageId": "m", "message": "XYZ"})
    (line,) = [m for m in caplog.messages if m.startswith("Trigger triggered:")]
    assert line.startswith(f"Trigger triggered: plain_hook for subscription {subscription_id}")
    assert "message" in line
    assert "XYZ" not in line
