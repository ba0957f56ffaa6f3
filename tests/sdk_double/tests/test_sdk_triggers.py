"""CONTRACT.md section 6: trigger declaration, getEnv, getSubscriptions, events, with_triggers."""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from integrations_sdk.connection import EmptyOptions
from integrations_sdk.dev_server import DevServerWorkflowStorage
from integrations_sdk.errors import SafeValidationError
from integrations_sdk.triggers import (
    InvalidTriggerException,
    Trigger,
    TriggerEvents,
    TriggerMetadata,
    Triggers,
    with_triggers,
    workflow_trigger,
)
from integrations_sdk.workflow import Callback, NewSubscription

from .fns import triggers as fns_triggers
from .fns.models import TOpts
from .support import GOOD_CONNECTION, AppFactory, PackageFactory, subscribe

RESULT = {"type": "object"}


def test_trigger_declaration_uses_camel_case_keywords() -> None:
    @workflow_trigger(
        description="d",
        result=RESULT,
        connectionEnv=["a"],
        connectionSecrets=["b"],
        triggerOptions=TOpts,
        triggerSecrets=None,
        installInstructions="I",
        docs="D",
    )
    def hook(dispatch: Any, app: Any, getEnv: Any, events: Any, getSubscriptions: Any) -> None:
        """Uses every allowed parameter."""

    assert isinstance(hook, Trigger)
    assert (hook.name, hook.env, hook.secrets) == ("hook", ["a"], ["b"])
    assert (hook.triggerOptionsType, hook.triggerSecretsType) == (TOpts, None)
    assert (hook.installInstructions, hook.docs) == ("I", "D")
    defaults = workflow_trigger(description="d", result=RESULT)(lambda dispatch: None)
    assert defaults.triggerOptionsType is EmptyOptions
    assert defaults.triggerSecretsType is EmptyOptions


def test_unknown_trigger_parameter_fails_at_decoration() -> None:
    with pytest.raises(ValidationError, match="Invalid parameter 'request'"):

        @workflow_trigger(description="d", result=RESULT)
        def hook(dispatch: Any, request: Any) -> None: ...


def test_get_env_merges_connection_and_subscription_data(
    client: TestClient, connection_id: str, callback: dict[str, str]
) -> None:
    sid = subscribe(
        client,
        connection_id,
        "env_hook",
        callback,
        options={"label": "L", "undeclared": 1},
        secrets={"signing": "S", "undeclared": 2},
    ).json()["id"]
    assert client.get(f"/double/env/{sid}").json() == {
        "info": {"region": "eu", "label": "L"},
        "secrets": {"apiKey": "CANARY-1", "signing": "S"},
    }


def test_get_env_missing_connection_key_is_500_naming_it(
    client: TestClient, connection_id: str, callback: dict[str, str]
) -> None:
    sid = subscribe(client, connection_id, "missing_env_hook", callback).json()["id"]
    response = client.get(f"/double/missing-env/{sid}")
    assert (response.status_code, response.json()) == (500, {"detail": "Missing env var: nope"})


def test_get_env_stored_data_failing_the_model_is_a_safe_500(
    build_app: AppFactory, connection_id: str, callback: dict[str, str]
) -> None:
    sid = (
        DevServerWorkflowStorage()
        .save_subscription(
            connection_id,
            NewSubscription(
                callback=Callback(**callback),
                name="env_hook",
                options={"label": ["CANARY-BAD"]},
                secrets={"signing": "S"},
            ),
        )
        .id
    )
    app = build_app()
    response = TestClient(app, raise_server_exceptions=False).get(f"/double/env/{sid}")
    assert (response.status_code, response.text) == (500, "Internal Server Error")
    with pytest.raises(SafeValidationError) as error:
        TestClient(app).get(f"/double/env/{sid}")
    assert str(error.value).startswith("Invalid model: TOpts: ")
    assert "CANARY-BAD" not in str(error.value)


def test_get_subscriptions_yields_this_trigger_across_all_connections(
    client: TestClient, connection_id: str, callback: dict[str, str]
) -> None:
    other = client.post("/connections", json=GOOD_CONNECTION).json()["id"]
    for cid in (connection_id, other):
        subscribe(client, cid, "removal_hook", callback)
    subscribe(client, connection_id, "plain_hook", callback)
    assert client.get("/double/removal/count").json() == {"n": 2}


def test_on_created_result_is_persisted_and_returned(
    client: TestClient, connection_id: str, callback: dict[str, str]
) -> None:
    response = subscribe(client, connection_id, "created_hook", callback)
    assert response.status_code == 201
    assert response.json()["options"] == {"label": "set-by-hook"}


def test_on_created_failure_deletes_the_subscription_and_is_500(
    client: TestClient, connection_id: str, callback: dict[str, str]
) -> None:
    response = subscribe(client, connection_id, "failing_hook", callback)
    assert (response.status_code, response.text) == (500, "Internal Server Error")
    assert client.get(f"/connections/{connection_id}/subscriptions").json()["total"] == 0


def test_on_removed_is_never_called(
    client: TestClient, connection_id: str, callback: dict[str, str]
) -> None:
    sid = subscribe(client, connection_id, "removal_hook", callback).json()["id"]
    assert client.delete(f"/connections/{connection_id}/subscriptions/{sid}").status_code == 204
    assert fns_triggers.REMOVED == []


def test_trigger_events_store_hooks() -> None:
    events = TriggerEvents()
    created = events.on_created(lambda s: s)
    removed = events.on_removed(lambda s: None)
    assert (events.created_listener, events.removed_listener) == (created, removed)


def test_with_triggers_unknown_name_raises_at_server_start(
    build_app: AppFactory, make_package: PackageFactory
) -> None:
    package = make_package(
        {
            "hooks.py": (
                "from integrations_sdk.triggers import with_triggers\n"
                "@with_triggers(['ghost'])\n"
                "def handler(dispatch):\n"
                "    pass\n"
            )
        }
    )
    with pytest.raises(InvalidTriggerException, match="ghost"):
        build_app(path=package)


def test_with_triggers_parameter_names_are_not_validated_and_events_not_supplied(
    build_app: AppFactory, make_package: PackageFactory
) -> None:
    @with_triggers(["anything"])
    def handler(dispatch: Any, whatever: Any) -> None: ...

    assert isinstance(handler, Triggers)
    package = make_package(
        {
            "hooks.py": (
                "from integrations_sdk.triggers import with_triggers, workflow_trigger\n"
                "@workflow_trigger(description='d', result={})\n"
                "def hook(dispatch):\n"
                "    pass\n"
                "@with_triggers(['hook'])\n"
                "def handler(dispatch, events):\n"
                "    pass\n"
            )
        }
    )
    with pytest.raises(TypeError, match="events"):
        build_app(path=package)


def test_with_triggers_get_env_picks_the_trigger_from_the_subscription(
    client: TestClient, connection_id: str, callback: dict[str, str]
) -> None:
    env_sid = subscribe(
        client,
        connection_id,
        "env_hook",
        callback,
        options={"label": "L"},
        secrets={"signing": "S"},
    ).json()["id"]
    plain_sid = subscribe(client, connection_id, "plain_hook", callback).json()["id"]
    assert client.get(f"/double/shared/env/{env_sid}").json() == {
        "info": {"region": "eu", "label": "L"}
    }
    assert client.get(f"/double/shared/env/{plain_sid}").json() == {"info": {}}


def test_with_triggers_get_subscriptions_takes_a_name(
    client: TestClient, connection_id: str, callback: dict[str, str]
) -> None:
    subscribe(client, connection_id, "plain_hook", callback)
    subscribe(client, connection_id, "plain_hook", callback)
    assert client.get("/double/shared/count/plain_hook").json() == {"n": 2}
    assert client.get("/double/shared/count/env_hook").json() == {"n": 0}


def test_trigger_metadata_model() -> None:
    assert TriggerMetadata(referenceId="r").model_dump() == {"referenceId": "r", "data": None}
