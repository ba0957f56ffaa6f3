"""Connection and subscription models and the storage protocol (CONTRACT.md section 8).

`Callback.url` accepts any string on purpose (deliberate: CONTRACT §13.4): the double must let a
subscription point anywhere, like the real SDK does.
"""

from typing import Any, Literal, Protocol

from pydantic import BaseModel

__all__ = [
    "Callback",
    "Connection",
    "NewSubscription",
    "Subscription",
    "SubscriptionResult",
    "WorkflowStorage",
]


class Connection(BaseModel):
    """One tenant's stored connection: its options and (plaintext) secrets."""

    id: str
    wfServerId: str
    secrets: dict[str, Any] | None
    options: dict[str, Any] | None
    createdAt: str
    updatedAt: str


# Where the engine wants dispatched events delivered. No docstring on purpose: it would become
# a `description` in the manifest's subscriptionSchema, which the real SDK does not have.
class Callback(BaseModel):
    type: Literal["http"]
    method: Literal["post"]
    url: str  # deliberate: CONTRACT §13.4, any scheme or host is accepted


class NewSubscription(BaseModel):
    """A subscription before storage has given it an id."""

    callback: Callback
    name: str
    options: dict[str, Any] | None = None
    secrets: dict[str, Any] | None = None


class Subscription(NewSubscription):
    """A stored subscription; extra keys from storage (createdAt, ...) are ignored."""

    id: str
    connectionId: str


class SubscriptionResult(BaseModel):
    """One page of subscriptions and storage's total count."""

    total: int
    data: list[Subscription]


class WorkflowStorage(Protocol):
    """What the server needs from storage (dev SQLite or the storage server)."""

    def save_connection(self, options: dict[str, Any], secrets: dict[str, Any]) -> Connection:
        """Store a new connection and return it with its id and timestamps."""
        ...

    def get_connection(self, connection_id: str) -> Connection:
        """Return a connection; `HTTPException(404)` if it does not exist."""
        ...

    def save_subscription(self, connection_id: str, subscription: NewSubscription) -> Subscription:
        """Store a new subscription under `connection_id` and return it."""
        ...

    def get_subscription(self, subscription_id: str) -> Subscription:
        """Return a subscription by id, whatever its connection."""
        ...

    def remove_subscription(self, connection_id: str, subscription_id: str) -> None:
        """Delete a subscription; `HTTPException(404)` if it does not exist."""
        ...

    def update_subscription(self, subscription: Subscription) -> Subscription:
        """Persist a subscription's `options` and `secrets` and return the result."""
        ...

    def get_subscriptions(
        self, limit: int = 1000, offset: int = 0, name: str | None = None
    ) -> SubscriptionResult:
        """Return one page of all subscriptions, optionally only those named `name`."""
        ...

    def get_connection_subscriptions(
        self, connection_id: str, limit: int = 1000, offset: int = 0, name: str | None = None
    ) -> SubscriptionResult:
        """Return one page of a connection's subscriptions."""
        ...
