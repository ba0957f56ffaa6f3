"""Test triggers and a shared handler covering CONTRACT.md sections 6 and 7."""

from typing import Annotated, Any

from fastapi import Body, FastAPI

from integrations_sdk.component import FunctionEnv
from integrations_sdk.triggers import (
    DispatchFn,
    GetEnvFn,
    GetSubscriptionsByNameFn,
    GetSubscriptionsFn,
    TriggerEvents,
    TriggerMetadata,
    with_triggers,
    workflow_trigger,
)
from integrations_sdk.workflow import Subscription

from .models import Hook, TOpts, TSecrets

STARTED: list[str] = []
"""Names of the trigger functions and handlers called so far (server start)."""
REMOVED: list[str] = []
"""Subscription ids passed to an on_removed hook (the SDK never calls it)."""

METADATA: dict[str, Any] = {
    "model": TriggerMetadata(referenceId="ref-1", data={"k": "v"}),
    "dict": {"referenceId": "ref-2"},
    "none": None,
}


@workflow_trigger(description="Plain hook", result=Hook, installInstructions="Install", docs="Docs")
def plain_hook(dispatch: DispatchFn, app: FastAPI) -> None:
    STARTED.append("plain_hook")

    @app.post("/double/plain/{subscriptionId}")
    def receive(subscriptionId: str, data: Hook, metadata: str = "model") -> dict[str, bool]:
        dispatch(subscriptionId, data, METADATA[metadata])
        return {"dispatched": True}

    @app.post("/double/raw/{subscriptionId}")
    def receive_raw(
        subscriptionId: str, payload: Annotated[dict[str, Any], Body()]
    ) -> dict[str, bool]:
        dispatch(subscriptionId, payload)
        return {"dispatched": True}


def label_instructions(subscription: Subscription, get_env: Any) -> str:
    env: FunctionEnv = get_env()
    return f"Label {env.info['label']}"


@workflow_trigger(
    description="Env hook",
    result=Hook,
    connectionEnv=["region"],
    connectionSecrets=["apiKey"],
    triggerOptions=TOpts,
    triggerSecrets=TSecrets,
    postInstallInstructions=label_instructions,
)
def env_hook(dispatch: DispatchFn, app: FastAPI, getEnv: GetEnvFn) -> None:
    STARTED.append("env_hook")

    @app.get("/double/env/{subscriptionId}")
    def show(subscriptionId: str) -> dict[str, Any]:
        env = getEnv(subscriptionId)
        return {"info": env.info, "secrets": env.secrets}


@workflow_trigger(description="Created hook", result={"type": "object"})
def created_hook(dispatch: DispatchFn, events: TriggerEvents) -> None:
    STARTED.append("created_hook")

    @events.on_created
    def created(subscription: Subscription) -> Subscription:
        subscription.options = {"label": "set-by-hook"}
        return subscription


@workflow_trigger(description="Failing hook", result=Hook)
def failing_hook(dispatch: DispatchFn, events: TriggerEvents) -> None:
    STARTED.append("failing_hook")

    @events.on_created
    def created(subscription: Subscription) -> Subscription:
        raise RuntimeError("provisioning failed")


@workflow_trigger(description="Removal hook", result=Hook)
def removal_hook(
    dispatch: DispatchFn, events: TriggerEvents, getSubscriptions: GetSubscriptionsFn, app: FastAPI
) -> None:
    STARTED.append("removal_hook")

    @events.on_removed
    def removed(subscription: Subscription) -> None:
        REMOVED.append(subscription.id)

    @app.get("/double/removal/count")
    def count() -> dict[str, int]:
        return {"n": sum(1 for _ in getSubscriptions())}


@workflow_trigger(description="Missing env", result=Hook, connectionEnv=["nope"])
def missing_env_hook(dispatch: DispatchFn, app: FastAPI, getEnv: GetEnvFn) -> None:
    STARTED.append("missing_env_hook")

    @app.get("/double/missing-env/{subscriptionId}")
    def show(subscriptionId: str) -> dict[str, Any]:
        return {"info": getEnv(subscriptionId).info}


@with_triggers(["plain_hook", "env_hook"])
def shared(
    dispatch: DispatchFn, app: FastAPI, getEnv: GetEnvFn, getSubscriptions: GetSubscriptionsByNameFn
) -> None:
    STARTED.append("shared")

    @app.get("/double/shared/count/{name}")
    def count(name: str) -> dict[str, int]:
        return {"n": sum(1 for _ in getSubscriptions(name))}

    @app.get("/double/shared/env/{subscriptionId}")
    def env(subscriptionId: str) -> dict[str, Any]:
        return {"info": getEnv(subscriptionId).info}

    @app.post("/double/shared/dispatch/{subscriptionId}")
    def send(subscriptionId: str) -> dict[str, bool]:
        dispatch(subscriptionId, {"x": 1})
        return {"dispatched": True}
