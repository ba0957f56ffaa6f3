"""What the server does with triggers: start them, getEnv, getSubscriptions (CONTRACT.md
section 6). Dispatch itself is built by `triggers.create_dispatch_fn`, which owns the network
call (CONTRACT §15).

Deliberate weaknesses kept from the real SDK:
- `getSubscriptions` adds the TOTAL instead of the page length to the offset, so it never
  yields more than the first page of 1000 (deliberate: CONTRACT §13.13);
- `on_removed` hooks are never called (deliberate: CONTRACT §13.10): nothing here reads them.
"""

import functools
import inspect
from collections.abc import Callable, Iterator
from typing import Any

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel, ValidationError

from integrations_sdk.component import FunctionEnv, function_env_from_connection
from integrations_sdk.errors import SafeValidationError
from integrations_sdk.triggers import (
    DispatchFn,
    InvalidTriggerException,
    Trigger,
    Triggers,
    create_dispatch_fn,
)
from integrations_sdk.workflow import Subscription, WorkflowStorage

__all__ = ["PAGE_SIZE", "TriggerRuntime"]

PAGE_SIZE = 1000


def _validated_dump(model: type[BaseModel] | None, data: dict[str, Any] | None) -> dict[str, Any]:
    """`model.model_dump()` of the stored data; undeclared keys are dropped."""
    if model is None:
        return dict(data or {})
    try:
        return model.model_validate(data or {}).model_dump()
    except ValidationError as error:
        raise SafeValidationError.from_validation_error(error) from None


class TriggerRuntime:
    """The triggers of one server and the functions injected into them."""

    def __init__(
        self,
        triggers: dict[str, Trigger],
        handlers: dict[str, Triggers],
        storage: WorkflowStorage,
        storage_server_key: str,
    ) -> None:
        """Check the shared handlers' trigger names; `InvalidTriggerException` if unknown."""
        for handler in handlers.values():
            unknown = [name for name in handler.triggers if name not in triggers]
            if unknown:
                raise InvalidTriggerException(
                    f"Handler '{handler.call.__name__}' names unknown triggers: {unknown}"
                )
        self.triggers = triggers
        self.handlers = handlers
        self.storage = storage
        self.storage_server_key = storage_server_key

    def dispatch_fn(self, trigger_name: str | None) -> DispatchFn:
        """`dispatch(subscription_id, data, metadata=None)` for one trigger (or any, if None)."""
        return create_dispatch_fn(self.storage, self.storage_server_key, trigger_name)

    def env_for(self, trigger: Trigger, subscription: Subscription) -> FunctionEnv:
        """The connection's listed env/secrets merged with the subscription's validated data."""
        connection = self.storage.get_connection(subscription.connectionId)
        env = function_env_from_connection(trigger.env, trigger.secrets, connection)
        return FunctionEnv(
            info={**env.info, **_validated_dump(trigger.triggerOptionsType, subscription.options)},
            secrets={
                **env.secrets,
                **_validated_dump(trigger.triggerSecretsType, subscription.secrets),
            },
        )

    def get_env(self, trigger: Trigger, subscription_id: str) -> FunctionEnv:
        """`getEnv(subscription_id)` of one trigger function (bound with `functools.partial`)."""
        return self.env_for(trigger, self.storage.get_subscription(subscription_id))

    def get_env_any(self, subscription_id: str) -> FunctionEnv:
        """`getEnv` for shared handlers: the trigger is picked by the subscription's name."""
        subscription = self.storage.get_subscription(subscription_id)
        trigger = self.triggers.get(subscription.name)
        if trigger is None:
            raise HTTPException(status_code=404, detail="Not Found")
        return self.env_for(trigger, subscription)

    def subscriptions(self, name: str) -> Iterator[Subscription]:
        """Every subscription named `name`, across ALL connections (first page only)."""
        offset = 0
        while True:
            page = self.storage.get_subscriptions(limit=PAGE_SIZE, offset=offset, name=name)
            yield from page.data
            offset += page.total  # deliberate: CONTRACT §13.13, should add len(page.data)
            if offset >= page.total:
                return

    def post_install_instructions(self, subscription: Subscription) -> str | None:
        """The trigger's `postInstallInstructions` for a subscription, if it declares one."""
        trigger = self.triggers[subscription.name]
        if trigger.postInstallInstructions is None:
            return None
        return trigger.postInstallInstructions(
            subscription, lambda: self.env_for(trigger, subscription)
        )

    def start(self, app: FastAPI) -> None:
        """Call every trigger function, then every shared handler, once: `fn(dispatch, **x)`.

        dispatch is passed POSITIONALLY and the rest by name (deliberate: CONTRACT §6, a
        first parameter other than `dispatch` fails here, not at decoration).
        """
        for trigger in self.triggers.values():
            name = trigger.name
            _call(
                trigger.call,
                self.dispatch_fn(name),
                {
                    "app": app,
                    "getEnv": functools.partial(self.get_env, trigger),
                    "events": trigger.events,
                    "getSubscriptions": functools.partial(self.subscriptions, name),
                },
            )
        for handler in self.handlers.values():
            _call(
                handler.call,
                self.dispatch_fn(None),
                {"app": app, "getEnv": self.get_env_any, "getSubscriptions": self.subscriptions},
            )


def _call(fn: Callable[..., Any], dispatch: DispatchFn, available: dict[str, Any]) -> None:
    parameters = inspect.signature(fn).parameters
    wanted = {name: available[name] for name in parameters if name in available}
    fn(dispatch, **wanted)
