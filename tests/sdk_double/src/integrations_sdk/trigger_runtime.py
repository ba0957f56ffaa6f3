"""What the server does with triggers: start them, dispatch, getEnv, getSubscriptions
(CONTRACT.md sections 6 and 7).

Deliberate weaknesses kept from the real SDK:
- dispatch POSTs to whatever callback URL the subscription creator supplied and sends the
  storage-server key as its bearer token (deliberate: CONTRACT §13.4), synchronously, with no
  timeout and no retry (deliberate: CONTRACT §13.8);
- `getSubscriptions` adds the TOTAL instead of the page length to the offset, so it never
  yields more than the first page of 1000 (deliberate: CONTRACT §13.13);
- `on_removed` hooks are never called (deliberate: CONTRACT §13.10): nothing here reads them.
"""

import functools
import inspect
import logging
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import requests
from fastapi import FastAPI, HTTPException
from pydantic import BaseModel, ValidationError

from integrations_sdk.component import FunctionEnv, function_env_from_connection
from integrations_sdk.errors import SafeValidationError
from integrations_sdk.triggers import (
    DispatchFn,
    InvalidTriggerException,
    Trigger,
    TriggerEvents,
    Triggers,
)
from integrations_sdk.workflow import Subscription, WorkflowStorage

__all__ = ["PAGE_SIZE", "TriggerRuntime"]

logger = logging.getLogger(__name__)

PAGE_SIZE = 1000


def _plain(value: Any) -> Any:
    return value.model_dump() if isinstance(value, BaseModel) else value


def _validated_dump(model: type[BaseModel] | None, data: dict[str, Any] | None) -> dict[str, Any]:
    """`model.model_dump()` of the stored data; undeclared keys are dropped."""
    if model is None:
        return dict(data or {})
    try:
        return model.model_validate(data or {}).model_dump()
    except ValidationError as error:
        raise SafeValidationError.from_validation_error(error) from None


class TriggerRuntime:
    """The triggers of one server, their events, and the functions injected into them."""

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
                    f"Handler '{handler.name}' names unknown triggers: {unknown}"
                )
        self.triggers = triggers
        self.handlers = handlers
        self.storage = storage
        self.storage_server_key = storage_server_key
        self.events = {name: TriggerEvents() for name in triggers}

    def dispatch_fn(self, trigger_name: str | None) -> DispatchFn:
        """`dispatch(subscription_id, data, metadata=None)` for one trigger (or any, if None)."""

        def dispatch(subscription_id: str, data: Any, metadata: Any = None) -> None:
            subscription = self.storage.get_subscription(subscription_id)
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
            response = requests.request(  # noqa: S113
                "Post",
                subscription.callback.url,
                json=body,
                headers={"Authorization": f"Bearer {self.storage_server_key}"},
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

    def env_for(self, trigger: Trigger, subscription: Subscription) -> FunctionEnv:
        """The connection's listed env/secrets merged with the subscription's validated data."""
        connection = self.storage.get_connection(subscription.connectionId)
        env = function_env_from_connection(
            trigger.connectionEnv, trigger.connectionSecrets, connection
        )
        return FunctionEnv(
            info={**env.info, **_validated_dump(trigger.triggerOptions, subscription.options)},
            secrets={
                **env.secrets,
                **_validated_dump(trigger.triggerSecrets, subscription.secrets),
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
                trigger.fn,
                self.dispatch_fn(name),
                {
                    "app": app,
                    "getEnv": functools.partial(self.get_env, trigger),
                    "events": self.events[name],
                    "getSubscriptions": functools.partial(self.subscriptions, name),
                },
            )
        for handler in self.handlers.values():
            _call(
                handler.fn,
                self.dispatch_fn(None),
                {"app": app, "getEnv": self.get_env_any, "getSubscriptions": self.subscriptions},
            )


def _call(fn: Callable[..., Any], dispatch: DispatchFn, available: dict[str, Any]) -> None:
    parameters = inspect.signature(fn).parameters
    wanted = {name: available[name] for name in parameters if name in available}
    fn(dispatch, **wanted)
