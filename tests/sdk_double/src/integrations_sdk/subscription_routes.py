"""Subscription routes under `/connections/{connectionId}/subscriptions` (CONTRACT.md sections
3 and 6).

Deliberate weaknesses kept from the real SDK:
- the create response and both GET routes return the subscription's `secrets` (the GET routes
  at top level, next to a secret-free `data`) (deliberate: CONTRACT §13.5);
- 422 bodies echo the submitted secrets (deliberate: CONTRACT §13.6);
- the callback URL is stored as given, any scheme or host (deliberate: CONTRACT §13.4);
- DELETE never calls `on_removed` (deliberate: CONTRACT §13.10).
"""

from typing import Any

from fastapi import APIRouter, HTTPException, Response
from pydantic import BaseModel, create_model

from integrations_sdk.payload import plain_data
from integrations_sdk.trigger_runtime import TriggerRuntime
from integrations_sdk.triggers import Trigger
from integrations_sdk.workflow import Callback, NewSubscription, Subscription, WorkflowStorage

__all__ = ["SubscriptionInfo", "SubscriptionPage", "subscription_endpoints"]


class SubscriptionInfoData(BaseModel):
    """The secret-free part of a subscription shown to clients."""

    options: dict[str, Any] | None


class SubscriptionInfo(Subscription):
    """A stored subscription as the GET routes return it, top-level secrets included."""

    data: SubscriptionInfoData
    postInstallInstructions: str | None


class SubscriptionPage(BaseModel):
    """`total` is storage's count; `data` keeps only subscriptions of known triggers."""

    total: int
    data: list[SubscriptionInfo]


def _request_model(trigger: Trigger) -> type[BaseModel]:
    """`{"callback": Callback, "data": {"options": ..., "secrets": ...}}`; extra keys ignored."""
    prefix = "".join(part.capitalize() for part in trigger.name.split("_"))
    data_model = create_model(
        f"{prefix}SubscriptionData",
        options=(trigger.triggerOptionsType or dict[str, Any], ...),
        secrets=(trigger.triggerSecretsType or dict[str, Any], ...),
    )
    return create_model(
        f"{prefix}SubscriptionRequest", callback=(Callback, ...), data=(data_model, ...)
    )


def _add_create_route(
    router: APIRouter, storage: WorkflowStorage, runtime: TriggerRuntime, trigger: Trigger
) -> None:
    request_model: Any = _request_model(trigger)

    def create_subscription(connection_id: str, body: request_model) -> Subscription:
        new = NewSubscription(
            callback=body.callback,  # deliberate: CONTRACT §13.4, any URL
            name=trigger.name,
            options=plain_data(body.data.options),
            secrets=plain_data(body.data.secrets),
        )
        saved = storage.save_subscription(connection_id, new)
        hook = trigger.events.created_listener
        if hook is None:
            return saved  # deliberate: CONTRACT §13.5, secrets in the response
        try:
            return storage.update_subscription(hook(saved))
        except Exception:
            storage.remove_subscription(connection_id, saved.id)  # rollback, then re-raise
            raise

    router.add_api_route(
        f"/connections/{{connection_id}}/subscriptions/{trigger.name}",
        create_subscription,
        methods=["POST"],
        status_code=201,
        response_model=Subscription,
        name=f"subscribe_{trigger.name}",
    )


def subscription_endpoints(
    router: APIRouter, storage: WorkflowStorage, runtime: TriggerRuntime
) -> None:
    """Register one create route per trigger, and list/get/delete if there is any trigger."""
    for trigger in runtime.triggers.values():
        _add_create_route(router, storage, runtime, trigger)
    if not runtime.triggers:
        return

    def info(subscription: Subscription) -> SubscriptionInfo:
        return SubscriptionInfo(
            **subscription.model_dump(),  # deliberate: CONTRACT §13.5, top-level secrets
            data=SubscriptionInfoData(options=subscription.options),
            postInstallInstructions=runtime.post_install_instructions(subscription),
        )

    @router.get("/connections/{connectionId}/subscriptions")
    def list_subscriptions(
        connectionId: str, limit: int = 1000, offset: int = 0, name: str | None = None
    ) -> SubscriptionPage:
        page = storage.get_connection_subscriptions(connectionId, limit, offset, name)
        known = [s for s in page.data if s.name in runtime.triggers]
        return SubscriptionPage(total=page.total, data=[info(s) for s in known])

    @router.get("/connections/{connectionId}/subscriptions/{subscriptionId}")
    def get_subscription(connectionId: str, subscriptionId: str) -> SubscriptionInfo:
        subscription = storage.get_subscription(subscriptionId)
        if subscription.connectionId != connectionId or subscription.name not in runtime.triggers:
            raise HTTPException(status_code=404, detail="Not Found")
        return info(subscription)

    @router.delete(
        "/connections/{connectionId}/subscriptions/{subscriptionId}",
        status_code=204,
        response_class=Response,
    )
    def delete_subscription(connectionId: str, subscriptionId: str) -> Response:
        # deliberate: CONTRACT §13.10, on_removed is not called
        storage.remove_subscription(connectionId, subscriptionId)
        return Response(status_code=204)
