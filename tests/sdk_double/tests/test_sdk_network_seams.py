"""CONTRACT.md section 15: how the double reaches the network, and what a test may rely on.

The real SDK's dispatch calls the `request` that `integrations_sdk.triggers` bound with `from
requests import request` at import, and its storage client calls `requests.post/get/patch/
delete`. So on the double too, patching `requests.request` or `requests.post` after import must
NOT intercept anything, while a mock at requests' transport adapter (`responses`) or a real
HTTP server must. A seam that works only on the double would make generated suites green here
and red against the real SDK.
"""

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
import responses
from fastapi.testclient import TestClient
from pydantic import BaseModel

from integrations_sdk.component import EbbotComponent
from integrations_sdk.storage_server import StorageServerWorkflowStorage
from integrations_sdk.triggers import Trigger, TriggerEvents, Triggers
from integrations_sdk.workflow import Callback, NewSubscription, Subscription

from .fns import actions as fns_actions
from .fns import triggers as fns_triggers
from .support import (
    ENGINE_CALLBACK_URL,
    ENGINE_KEY,
    GOOD_CONNECTION,
    STORED_CONNECTION,
    STORED_SUBSCRIPTION,
    AppFactory,
    FakeHTTPServer,
    subscribe,
)

HOOK = {"messageId": "m1", "message": "hi"}
STORAGE = "https://storage.example"
"""The production storage server; no host answers it, only the `responses` mock does."""
PROD_CONNECTION = {
    **STORED_CONNECTION,
    "options": {"region": "eu"},
    "secrets": {"apiKey": "CANARY-STORED"},
}
"""A stored connection that fits the test Options/Secrets models."""

TRIGGER_FIELDS = {
    "name",
    "description",
    "result",
    "call",
    "env",
    "secrets",
    "triggerOptionsType",
    "triggerSecretsType",
    "installInstructions",
    "postInstallInstructions",
    "docs",
    "events",
}
COMPONENT_FIELDS = {
    "name",
    "description",
    "ebbot_arguments",
    "llm_arguments",
    "call",
    "env",
    "secrets",
    "result",
    "errors",
    "info",
    "displayName",
    "docs",
    "argumentDocs",
    "type",
}


def _engine_stub(seen: list[str], name: str) -> Callable[..., requests.Response]:
    """What generated tests used to install: answers 200 without touching the network."""

    def stub(*args: Any, **kwargs: Any) -> requests.Response:
        seen.append(name)
        response = requests.Response()
        response.status_code = 200
        return response

    return stub


def _forwarding_spy(seen: list[str], name: str) -> Callable[..., requests.Response]:
    """Records that `requests.<name>` was called, then does the real call."""
    real = getattr(requests, name)

    def spy(*args: Any, **kwargs: Any) -> requests.Response:
        seen.append(name)
        response: requests.Response = real(*args, **kwargs)
        return response

    return spy


def _sent(transport: responses.RequestsMock) -> list[tuple[str | None, str]]:
    return [(call.request.method, urlsplit(call.request.url).path) for call in transport.calls]


@pytest.mark.parametrize("patched", ["request", "post"])
def test_patching_requests_after_import_does_not_intercept_dispatch(
    client: TestClient,
    connection_id: str,
    fake_server: FakeHTTPServer,
    monkeypatch: pytest.MonkeyPatch,
    patched: str,
) -> None:
    sid = subscribe(client, connection_id, "plain_hook", f"{fake_server.url}/cb").json()["id"]
    seen: list[str] = []
    monkeypatch.setattr(requests, patched, _engine_stub(seen, patched))
    response = client.post(f"/double/plain/{sid}", json=HOOK)
    assert response.json() == {"dispatched": True}
    assert seen == []
    assert [(r.method, r.path) for r in fake_server.requests] == [("POST", "/cb")]


@pytest.mark.parametrize(("engine_status", "route_status"), [(200, 200), (503, 503)])
def test_a_responses_mock_intercepts_dispatch(
    client: TestClient, connection_id: str, engine_status: int, route_status: int
) -> None:
    sid = subscribe(client, connection_id, "plain_hook", ENGINE_CALLBACK_URL).json()["id"]
    with responses.RequestsMock() as transport:
        transport.post(ENGINE_CALLBACK_URL, json={}, status=engine_status)
        response = client.post(f"/double/plain/{sid}", json=HOOK)
        (call,) = transport.calls
    assert response.status_code == route_status
    assert call.request.headers["Authorization"] == f"Bearer {ENGINE_KEY}"
    assert json.loads(call.request.body or b"null")["payload"] == HOOK


def test_a_responses_mock_intercepts_every_storage_call_in_production_mode(
    build_app: AppFactory,
) -> None:
    client = TestClient(
        build_app(dev_mode=False, storage_server_url=STORAGE), raise_server_exceptions=False
    )
    hooked = {**STORED_SUBSCRIPTION, "name": "created_hook"}
    plain = {**STORED_SUBSCRIPTION, "id": "s2", "name": "plain_hook"}
    page = {"total": 1, "data": [hooked]}
    # RequestsMock fails on exit if any registered answer was not used.
    with responses.RequestsMock() as transport:
        transport.post(f"{STORAGE}/connections", json=PROD_CONNECTION, status=201)
        transport.get(f"{STORAGE}/connections/c1", json=PROD_CONNECTION)
        transport.post(f"{STORAGE}/connections/c1/subscriptions", json=hooked, status=201)
        transport.patch(f"{STORAGE}/connections/c1/subscriptions/s1", json=hooked)
        transport.get(f"{STORAGE}/subscriptions/s1", json=hooked)
        transport.get(f"{STORAGE}/connections/c1/subscriptions", json=page)
        transport.delete(f"{STORAGE}/connections/c1/subscriptions/s1", status=204)
        transport.get(f"{STORAGE}/subscriptions", json=page)
        transport.get(f"{STORAGE}/subscriptions/s2", json=plain)
        transport.post(ENGINE_CALLBACK_URL, json={})
        answers = [
            client.post("/connections", json=GOOD_CONNECTION),
            client.get("/connections/c1"),
            subscribe(client, "c1", "created_hook", ENGINE_CALLBACK_URL),
            client.get("/connections/c1/subscriptions/s1"),
            client.get("/connections/c1/subscriptions"),
            client.delete("/connections/c1/subscriptions/s1"),
            client.get("/readiness"),
            client.post("/double/plain/s2", json=HOOK),
        ]
        sent = _sent(transport)
        patch_body = json.loads(transport.calls[3].request.body or b"null")
        auth = {call.request.headers["Authorization"] for call in transport.calls}
    assert [answer.status_code for answer in answers] == [201, 200, 201, 200, 200, 204, 200, 200]
    assert sent == [
        ("POST", "/connections"),
        ("GET", "/connections/c1"),
        ("POST", "/connections/c1/subscriptions"),
        ("PATCH", "/connections/c1/subscriptions/s1"),
        ("GET", "/subscriptions/s1"),
        ("GET", "/connections/c1/subscriptions"),
        ("DELETE", "/connections/c1/subscriptions/s1"),
        ("GET", "/subscriptions"),
        ("GET", "/subscriptions/s2"),
        ("POST", "/cb"),
    ]
    assert patch_body == {"options": {"label": "set-by-hook"}}
    assert auth == {f"Bearer {ENGINE_KEY}"}


def test_storage_calls_use_post_get_patch_delete_and_never_requests_request(
    fake_server: FakeHTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = {"total": 1, "data": [STORED_SUBSCRIPTION]}
    for method, path, body in [
        ("POST", "/connections", STORED_CONNECTION),
        ("GET", "/connections/c1", STORED_CONNECTION),
        ("POST", "/connections/c1/subscriptions", STORED_SUBSCRIPTION),
        ("GET", "/subscriptions/s1", STORED_SUBSCRIPTION),
        ("DELETE", "/connections/c1/subscriptions/s1", None),
        ("PATCH", "/connections/c1/subscriptions/s1", STORED_SUBSCRIPTION),
        ("GET", "/subscriptions", page),
        ("GET", "/connections/c1/subscriptions", page),
    ]:
        fake_server.respond(method, path, 200, body)
    seen: list[str] = []
    for name in ("request", "post", "get", "patch", "delete"):
        monkeypatch.setattr(requests, name, _forwarding_spy(seen, name))
    storage = StorageServerWorkflowStorage(fake_server.url, "k")
    callback = Callback(**STORED_SUBSCRIPTION["callback"])
    operations: dict[str, Callable[[], object]] = {
        "save connection": lambda: storage.save_connection({"o": 1}, {"k": "v"}),
        "get connection": lambda: storage.get_connection("c1"),
        "save subscription": lambda: storage.save_subscription(
            "c1", NewSubscription(callback=callback, name="hook")
        ),
        "get subscription": lambda: storage.get_subscription("s1"),
        "remove subscription": lambda: storage.remove_subscription("c1", "s1"),
        "update subscription": lambda: storage.update_subscription(
            Subscription(**STORED_SUBSCRIPTION)
        ),
        "list subscriptions": lambda: storage.get_subscriptions(),
        "list for connection": lambda: storage.get_connection_subscriptions("c1"),
    }
    used: dict[str, list[str]] = {}
    for operation, run in operations.items():
        seen.clear()
        run()
        used[operation] = list(seen)
    assert used == {
        "save connection": ["post"],
        "get connection": ["get"],
        "save subscription": ["post"],
        "get subscription": ["get"],
        "remove subscription": ["delete"],
        "update subscription": ["patch"],
        "list subscriptions": ["get"],
        "list for connection": ["get"],
    }
    assert [r.method for r in fake_server.requests] == [
        "POST",
        "GET",
        "POST",
        "GET",
        "DELETE",
        "PATCH",
        "GET",
        "GET",
    ]


def test_production_mode_echoes_the_connection_storage_returned_secrets_included(
    build_app: AppFactory,
) -> None:
    client = TestClient(build_app(dev_mode=False, storage_server_url=STORAGE))
    submitted = {"options": {"region": "eu"}, "secrets": {"apiKey": "CANARY-SENT"}}
    with responses.RequestsMock() as transport:
        transport.post(f"{STORAGE}/connections", json=PROD_CONNECTION, status=201)
        transport.get(f"{STORAGE}/connections/c1", json=PROD_CONNECTION)
        created = client.post("/connections", json=submitted)
        fetched = client.get("/connections/c1")
        stored_body = json.loads(transport.calls[0].request.body or b"null")
    assert stored_body == {
        "options": {"region": "eu", "note": None},
        "secrets": submitted["secrets"],
    }
    assert created.status_code == 201
    assert created.json()["id"] == "c1"
    assert created.json()["secrets"] == {"apiKey": "CANARY-STORED"}
    assert fetched.status_code == 200
    assert "CANARY" not in fetched.text


def test_decorator_objects_have_exactly_the_public_fields_of_section_15() -> None:
    assert set(Trigger.model_fields) == TRIGGER_FIELDS
    assert set(EbbotComponent.model_fields) == COMPONENT_FIELDS
    assert set(Triggers.model_fields) == {"triggers", "call"}
    assert set(TriggerEvents.model_fields) == {"created_listener", "removed_listener"}


@pytest.mark.parametrize(
    ("model", "methods"),
    [
        (Trigger, set()),
        (EbbotComponent, set()),
        (Triggers, set()),
        (TriggerEvents, {"on_created", "on_removed"}),
    ],
)
def test_decorator_objects_offer_nothing_else_public_to_lean_on(
    model: type[BaseModel], methods: set[str]
) -> None:
    public = {name for name in dir(model) if not name.startswith("_")} - set(dir(BaseModel))
    assert public == methods


def test_decorated_objects_carry_the_function_as_call_and_no_fn(build_app: AppFactory) -> None:
    trigger, action, handler = fns_triggers.created_hook, fns_actions.say_hello, fns_triggers.shared
    for decorated, name in [(trigger, "created_hook"), (action, "say_hello"), (handler, "shared")]:
        assert decorated.call.__name__ == name
        assert not hasattr(decorated, "fn")
    assert not hasattr(handler, "name")
    assert handler.triggers == ["plain_hook", "env_hook"]
    build_app()  # starting the server calls the trigger, which registers its hook on `events`
    assert trigger.events.created_listener is not None
    assert trigger.events.created_listener.__name__ == "created"
