"""Triggers: `workflow_trigger`, `with_triggers` and their types (CONTRACT.md section 6).

The runtime side (calling the trigger functions, dispatch, getEnv, getSubscriptions) lives in
`trigger_runtime`. Deliberate gaps kept from the real SDK:
- the parameter ORDER is not checked: the SDK calls `fn(dispatch, **extras)`, so a first
  parameter other than `dispatch` fails only at server start (deliberate: CONTRACT §6);
- `with_triggers` parameter names are not validated at all (deliberate: CONTRACT §6);
- `TriggerEvents.on_removed` only stores the callback, nobody ever calls it (deliberate:
  CONTRACT §13.10).
"""

import inspect
from collections.abc import Callable, Iterator
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator

from integrations_sdk.component import FunctionEnv
from integrations_sdk.connection import EmptyOptions
from integrations_sdk.workflow import Subscription

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

TRIGGER_PARAMETERS = ("dispatch", "app", "getEnv", "events", "getSubscriptions")

DispatchFn = Callable[..., None]
"""`dispatch(subscription_id, data, metadata=None)`; see `trigger_runtime`."""
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


class TriggerEvents:
    """Subscription lifecycle hooks handed to a trigger function as `events`."""

    def __init__(self) -> None:
        """Start with no hooks registered."""
        self.created: OnCreatedFn | None = None
        self.removed: OnRemovedFn | None = None

    def on_created(self, fn: OnCreatedFn) -> OnCreatedFn:
        """Register the hook run after a subscription is saved; its result is persisted."""
        self.created = fn
        return fn

    def on_removed(self, fn: OnRemovedFn) -> OnRemovedFn:
        """Store `fn`; it is never invoked (deliberate: CONTRACT §13.10)."""
        self.removed = fn
        return fn


class Trigger(BaseModel):
    """A decorated trigger function and its declaration."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    name: str
    description: str
    result: type[BaseModel] | dict[str, Any]
    connectionEnv: list[str] = []
    connectionSecrets: list[str] = []
    triggerOptions: type[BaseModel] | None = EmptyOptions
    triggerSecrets: type[BaseModel] | None = EmptyOptions
    installInstructions: str | None = None
    postInstallInstructions: Callable[[Subscription, Callable[[], FunctionEnv]], str] | None = None
    docs: str | None = None
    fn: Callable[..., Any]

    @field_validator("fn")
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
    """A shared handler serving several triggers (from `with_triggers`)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    name: str
    triggers: list[str]
    fn: Callable[..., Any]


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
            connectionEnv=connectionEnv or [],
            connectionSecrets=connectionSecrets or [],
            triggerOptions=triggerOptions,
            triggerSecrets=triggerSecrets,
            installInstructions=installInstructions,
            postInstallInstructions=postInstallInstructions,
            docs=docs,
            fn=fn,
        )

    return decorate


def with_triggers(triggers: list[str]) -> Callable[[Callable[..., Any]], Triggers]:
    """Declare one handler shared by the named triggers (checked only at server start)."""

    def decorate(fn: Callable[..., Any]) -> Triggers:
        return Triggers(name=fn.__name__, triggers=triggers, fn=fn)

    return decorate
