"""CONTRACT.md section 8: workflow models, the storage protocol, and the ebbot dataclasses."""

import inspect

import pytest
from pydantic import ValidationError
from pydantic.dataclasses import is_pydantic_dataclass

from integrations_sdk import ebbot
from integrations_sdk.dev_server import DevServerWorkflowStorage
from integrations_sdk.storage_server import StorageServerWorkflowStorage
from integrations_sdk.workflow import (
    Callback,
    Connection,
    NewSubscription,
    Subscription,
    SubscriptionResult,
    WorkflowStorage,
)

CALLBACK = {"type": "http", "method": "post", "url": "anything at all"}
STORAGE_METHODS = [
    "save_connection",
    "get_connection",
    "save_subscription",
    "get_subscription",
    "remove_subscription",
    "update_subscription",
    "get_subscriptions",
    "get_connection_subscriptions",
]


def test_connection_fields() -> None:
    connection = Connection(
        id="c", wfServerId="w", secrets=None, options={"a": 1}, createdAt="t", updatedAt="u"
    )
    assert list(Connection.model_fields) == [
        "id",
        "wfServerId",
        "secrets",
        "options",
        "createdAt",
        "updatedAt",
    ]
    assert connection.secrets is None


def test_callback_accepts_any_url_but_only_http_post() -> None:
    assert Callback(**CALLBACK).url == "anything at all"
    with pytest.raises(ValidationError):
        Callback(**{**CALLBACK, "type": "grpc"})
    with pytest.raises(ValidationError):
        Callback(**{**CALLBACK, "method": "get"})


def test_new_subscription_defaults_and_subscription_ignores_extra_keys() -> None:
    new = NewSubscription(callback=Callback(**CALLBACK), name="n")
    assert (new.options, new.secrets) == (None, None)
    stored = Subscription.model_validate(
        {**new.model_dump(), "id": "s", "connectionId": "c", "createdAt": "t"}
    )
    assert isinstance(stored, NewSubscription)
    assert "createdAt" not in stored.model_dump()


def test_subscription_result() -> None:
    result = SubscriptionResult(total=5, data=[])
    assert (result.total, result.data) == (5, [])


@pytest.mark.parametrize("storage", [DevServerWorkflowStorage, StorageServerWorkflowStorage])
def test_both_storages_implement_the_protocol(storage: type) -> None:
    protocol_methods = {
        name
        for name, _ in inspect.getmembers(WorkflowStorage, inspect.isfunction)
        if not name.startswith("_")
    }
    assert protocol_methods == set(STORAGE_METHODS)
    for name in STORAGE_METHODS:
        assert inspect.signature(getattr(storage, name)).parameters.keys() == (
            inspect.signature(getattr(WorkflowStorage, name)).parameters.keys()
        )


@pytest.mark.parametrize("name", ["User", "Bot", "Chat", "Company", "Message"])
def test_ebbot_types_are_pydantic_dataclasses(name: str) -> None:
    assert is_pydantic_dataclass(getattr(ebbot, name))


def test_ebbot_dataclasses_validate() -> None:
    assert ebbot.User(id="u").id == "u"
    with pytest.raises(ValidationError):
        ebbot.Message(text=None)  # type: ignore[arg-type]
