"""CONTRACT.md section 9: the storage-server client against a local fake storage server."""

from typing import Any

import pytest
from fastapi import HTTPException
from fastapi.testclient import TestClient

from integrations_sdk.storage_server import StorageServerWorkflowStorage
from integrations_sdk.workflow import Callback, NewSubscription, Subscription

from .support import STORED_CONNECTION as CONNECTION
from .support import STORED_SUBSCRIPTION as SUBSCRIPTION
from .support import FakeHTTPServer

KEY = "STORAGE-KEY"
CALLBACK = SUBSCRIPTION["callback"]
PAGE = {"total": 1, "data": [SUBSCRIPTION]}


@pytest.fixture
def storage(fake_server: FakeHTTPServer) -> StorageServerWorkflowStorage:
    """A client of the fake storage server."""
    return StorageServerWorkflowStorage(fake_server.url, KEY)


def test_every_operation_sends_the_documented_request(
    storage: StorageServerWorkflowStorage, fake_server: FakeHTTPServer
) -> None:
    fake_server.respond("POST", "/connections", 201, CONNECTION)
    fake_server.respond("GET", "/connections/c1", 200, CONNECTION)
    fake_server.respond("POST", "/connections/c1/subscriptions", 201, SUBSCRIPTION)
    fake_server.respond("GET", "/subscriptions/s1", 200, SUBSCRIPTION)
    fake_server.respond("DELETE", "/connections/c1/subscriptions/s1", 204)
    fake_server.respond("GET", "/subscriptions", 200, PAGE)
    fake_server.respond("GET", "/connections/c1/subscriptions", 200, PAGE)

    assert storage.save_connection({"o": 1}, {"k": "v"}).id == "c1"
    assert storage.get_connection("c1").secrets == {"k": "v"}
    new = NewSubscription(callback=Callback(**CALLBACK), name="hook", options={"a": 1})
    assert storage.save_subscription("c1", new).id == "s1"
    assert storage.get_subscription("s1").name == "hook"
    assert storage.remove_subscription("c1", "s1") is None
    assert storage.get_subscriptions().total == 1
    assert storage.get_subscriptions(10, 20, "hook").data[0].id == "s1"
    assert storage.get_connection_subscriptions("c1", 5, 0, "hook").total == 1

    sent = [(r.method, r.path, r.body) for r in fake_server.requests]
    assert sent == [
        ("POST", "/connections", {"options": {"o": 1}, "secrets": {"k": "v"}}),
        ("GET", "/connections/c1", None),
        (
            "POST",
            "/connections/c1/subscriptions",
            {"callback": CALLBACK, "name": "hook", "options": {"a": 1}, "secrets": None},
        ),
        ("GET", "/subscriptions/s1", None),
        ("DELETE", "/connections/c1/subscriptions/s1", None),
        ("GET", "/subscriptions?limit=1000&offset=0", None),
        ("GET", "/subscriptions?limit=10&offset=20&name=hook", None),
        ("GET", "/connections/c1/subscriptions?limit=5&offset=0&name=hook", None),
    ]
    assert {r.headers["authorization"] for r in fake_server.requests} == {f"Bearer {KEY}"}


@pytest.mark.parametrize(
    ("options", "secrets", "body"),
    [
        ({"a": 2}, None, {"options": {"a": 2}}),
        (None, {"s": 1}, {"secrets": {"s": 1}}),
        ({"a": 2}, {"s": 1}, {"options": {"a": 2}, "secrets": {"s": 1}}),
    ],
)
def test_update_patches_only_non_null_fields(
    storage: StorageServerWorkflowStorage,
    fake_server: FakeHTTPServer,
    options: Any,
    secrets: Any,
    body: dict[str, Any],
) -> None:
    fake_server.respond("PATCH", "/connections/c1/subscriptions/s1", 200, SUBSCRIPTION)
    subscription = Subscription(**{**SUBSCRIPTION, "options": options, "secrets": secrets})
    assert storage.update_subscription(subscription).id == "s1"
    (request,) = fake_server.requests
    assert (request.method, request.path, request.body) == (
        "PATCH",
        "/connections/c1/subscriptions/s1",
        body,
    )


@pytest.mark.parametrize("status", [200, 201, 202, 299])
def test_any_2xx_is_accepted(
    storage: StorageServerWorkflowStorage, fake_server: FakeHTTPServer, status: int
) -> None:
    fake_server.respond("GET", "/connections/c1", status, CONNECTION)
    assert storage.get_connection("c1").id == "c1"


def test_404_becomes_http_exception_not_found(
    storage: StorageServerWorkflowStorage, fake_server: FakeHTTPServer
) -> None:
    fake_server.respond("GET", "/subscriptions/s9", 404, {"detail": "storage words"})
    with pytest.raises(HTTPException) as error:
        storage.get_subscription("s9")
    assert (error.value.status_code, error.value.detail) == (404, "not found")


@pytest.mark.parametrize("status", [300, 400, 401, 409, 500, 503])
def test_other_statuses_become_a_bare_exception_with_the_code(
    storage: StorageServerWorkflowStorage, fake_server: FakeHTTPServer, status: int
) -> None:
    fake_server.respond("DELETE", "/connections/c1/subscriptions/s1", status, {})
    with pytest.raises(Exception) as error:  # the SDK raises a bare Exception
        storage.remove_subscription("c1", "s1")
    assert type(error.value) is Exception
    assert str(error.value) == f"Error code: {status}"


def test_server_maps_storage_errors_to_404_and_plain_500(
    build_app: Any, fake_server: FakeHTTPServer
) -> None:
    fake_server.respond("GET", "/connections/gone", 404)
    fake_server.respond("POST", "/connections", 500, {"detail": "CANARY-STORAGE"})
    client = TestClient(
        build_app(dev_mode=False, storage_server_url=fake_server.url),
        raise_server_exceptions=False,
    )
    assert client.get("/connections/gone").json() == {"detail": "not found"}
    created = client.post(
        "/connections", json={"options": {"region": "eu"}, "secrets": {"apiKey": "k"}}
    )
    assert (created.status_code, created.text) == (500, "Internal Server Error")
