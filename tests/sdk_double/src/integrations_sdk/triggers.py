"""Triggers: `workflow_trigger`, `with_triggers`, their types and dispatch (CONTRACT.md
sections 6, 7 and 15).

Dispatch lives here because the real SDK's does: this module binds `from requests import
request` at import and dispatch calls that bound name, so patching `requests.request` (or
`requests.post`) afterwards does not intercept it (CONTRACT §15); only the transport below
requests does (the `responses` library, a real HTTP server). The rest of the runtime (calling
the trigger functions, getEnv, getSubscriptions) lives in `trigger_runtime`.

The decorator objects carry exactly the public fields of CONTRACT §15 and nothing else, so a
test written against the double cannot lean on an attribute the real SDK lacks.

Deliberate gaps kept from the real SDK:
- the parameter ORDER is not checked: the SDK calls `fn(dispatch, **extras)`, so a first
  parameter other than `dispatch` fails only at server start (deliberate: CONTRACT §6);
- `with_triggers` parameter names are not validated at all (deliberate: CONTRACT §6);
- `TriggerEvents.on_removed` only stores the callback, nobody ever calls it (deliberate:
  CONTRACT §13.10);
- dispatch POSTs to whatever callback URL the subscription creator supplied and sends the
  storage-server key as its bearer token (deliberate: CONTRACT §13.4), synchronously, with no
  timeout and no retry (deliberate: CONTRACT §13.8).
"""

import inspect
import logging
import uuid
from collections.abc import Callable, Iterator
from typing import Any

from fastapi import HTTPException
from pydantic import BaseModel, ConfigDict, Field, field_validator
from requests import request

from integrations_sdk.component import FunctionEnv
from integrations_sdk.connection import EmptyOptions
from integrations_sdk.workflow import Subscription, WorkflowStorage

__all__ = [
    "DispatchFn",
    "GetEnvFn",
    "GetSubscriptionsByNameFn",
    "GetSubscriptionsFn",
    "InvalidTriggerException",
    "Trigger",
    "TriggerEvents",
    "TriggerMetadata",
    "Triggers",
    "with_triggers",
    "workflow_trigger",
]

logger = logging.getLogger(__name__)

TRIGGER_PARAMETERS = ("dispatch", "app", "getEnv", "events", "getSubscriptions")

DispatchFn = Callable[..., None]
"""`dispatch(subscription_id, data, metadata=None)`; see `create_dispatch_fn`."""
GetEnvFn = Callable[[str], FunctionEnv]
GetSubscriptionsFn = Callable[[], Iterator[Subscription]]
GetSubscriptionsByNameFn = Callable[[str], Iterator[Subscription]]
OnCreatedFn = Callable[[Subscription], Subscription]
OnRemovedFn = Callable[[Subscription], None]


class InvalidTriggerException(Exception):
    """A `with_triggers` handler names a trigger that does not exist (raised at server start)."""


class TriggerMetadata(BaseModel):
    """Optional metadata sent along with a dispatched event."""

    referenceId: str
    data: dict[str, Any] | None = None


class TriggerEvents(BaseModel):
    """Subscription lifecycle hooks handed to a trigger function as `events`."""

    created_listener: OnCreatedFn | None = None
    removed_listener: OnRemovedFn | None = None

    def on_created(self, fn: OnCreatedFn) -> OnCreatedFn:
        """Register the hook run after a subscription is saved; its result is persisted."""
        self.created_listener = fn
        return fn

    def on_removed(self, fn: OnRemovedFn) -> OnRemovedFn:
        """Store `fn`; it is never invoked (deliberate: CONTRACT §13.10)."""
        self.removed_listener = fn
        return fn


class Trigger(BaseModel):
    """A decorated trigger function (`call`) and its declaration.

    `env`/`secrets` are the decorator's `connectionEnv`/`connectionSecrets`, and
    `triggerOptionsType`/`triggerSecretsType` its `triggerOptions`/`triggerSecrets`.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    name: str
    description: str
    result: type[BaseModel] | dict[str, Any]
    call: Callable[..., Any]
    env: list[str] = []
    secrets: list[str] = []
    triggerOptionsType: type[BaseModel] | None = EmptyOptions
    triggerSecretsType: type[BaseModel] | None = EmptyOptions
    installInstructions: str | None = None
    postInstallInstructions: Callable[[Subscription, Callable[[], FunctionEnv]], str] | None = None
    docs: str | None = None
    events: TriggerEvents = Field(default_factory=TriggerEvents)

    @field_validator("call")
    @classmethod
    def _check_parameter_names(cls, fn: Callable[..., Any]) -> Callable[..., Any]:
        for parameter in inspect.signature(fn).parameters:
            if parameter not in TRIGGER_PARAMETERS:
                raise ValueError(
                    f"Invalid parameter '{parameter}' in trigger '{fn.__name__}'. "
                    f"Must be one of {list(TRIGGER_PARAMETERS)}"
                )
        return fn


class Triggers(BaseModel):
    """A shared handler (`call`) serving the named `triggers` (from `with_triggers`)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    triggers: list[str]
    call: Callable[..., Any]


def workflow_trigger(
    description: str,
    result: type[BaseModel] | dict[str, Any],
    connectionEnv: list[str] | None = None,
    connectionSecrets: list[str] | None = None,
    triggerOptions: type[BaseModel] | None = EmptyOptions,
    triggerSecrets: type[BaseModel] | None = EmptyOptions,
    installInstructions: str | None = None,
    postInstallInstructions: Callable[[Subscription, Callable[[], FunctionEnv]], str] | None = None,
    docs: str | None = None,
) -> Callable[[Callable[..., Any]], Trigger]:
    """Declare a trigger; its name is the function's `__name__`.

    Parameter names must be among dispatch, app, getEnv, events and getSubscriptions, else
    `pydantic_core.ValidationError` at decoration time.
    """

    def decorate(fn: Callable[..., Any]) -> Trigger:
        return Trigger(
            name=fn.__name__,
            description=description,
            result=result,
            call=fn,
            env=connectionEnv or [],
            secrets=connectionSecrets or [],
            triggerOptionsType=triggerOptions,
            triggerSecretsType=triggerSecrets,
            installInstructions=installInstructions,
            postInstallInstructions=postInstallInstructions,
            docs=docs,
        )

    return decorate


def with_triggers(triggers: list[str]) -> Callable[[Callable[..., Any]], Triggers]:
    """Declare one handler shared by the named triggers (checked only at server start)."""

    def decorate(fn: Callable[..., Any]) -> Triggers:
        return Triggers(triggers=triggers, call=fn)

    return decorate


def _plain(value: Any) -> Any:
    return value.model_dump() if isinstance(value, BaseModel) else value


def create_dispatch_fn(
    storage: WorkflowStorage, storage_server_key: str, trigger_name: str | None
) -> DispatchFn:
    """`dispatch(subscription_id, data, metadata=None)` for one trigger (or any, if None).

    It POSTs through `request`, the name this module bound at import (CONTRACT §15).
    """

    def dispatch(subscription_id: str, data: Any, metadata: Any = None) -> None:
        subscription = storage.get_subscription(subscription_id)
        name = trigger_name or subscription.name
        payload = _plain(data)
        # Payload KEYS only, never values (CONTRACT §13.12).
        logger.debug(
            "Trigger triggered: %s for subscription %s on connection %s (payload keys: %s)",
            name,
            subscription.id,
            subscription.connectionId,
            sorted(payload) if isinstance(payload, dict) else type(payload).__name__,
        )
        body = {
            "id": str(uuid.uuid4()),
            "name": name,
            "connectionId": subscription.connectionId,
            "subscriptionId": subscription.id,
            "payload": payload,
            "metadata": _plain(metadata),
        }
        # deliberate: CONTRACT §13.4 (engine key to any URL) and §13.8 (no timeout)
        response = request(  # noqa: S113
            "Post",
            subscription.callback.url,
            json=body,
            headers={"Authorization": f"Bearer {storage_server_key}"},
        )
        if response.status_code >= 400:
            logger.error(
                "Dispatch of %s for subscription %s failed: %s %s",
                name,
                subscription.id,
                response.status_code,
                response.reason,
            )
            raise HTTPException(status_code=response.status_code, detail=response.reason)

    return dispatch
