"""Client of the Ebbot connection/storage server (CONTRACT.md sections 9 and 15).

Like the real SDK, it does `import requests` and calls `requests.post`, `requests.get`,
`requests.patch` and `requests.delete` per operation, never `requests.request` (CONTRACT §15):
a test that patches `requests.request` must not see these calls on the double either.

Every request carries `Authorization: Bearer <auth_key>`. Status < 300 is parsed into the model,
404 becomes `HTTPException(404, "not found")`, anything else a bare `Exception("Error code: N")`
(a 500 for the caller).
"""

# No request has a timeout (deliberate: CONTRACT §13.8), hence S113 for the whole module.
# ruff: noqa: S113

from typing import Any

import requests
from fastapi import HTTPException

from integrations_sdk.workflow import (
    Connection,
    NewSubscription,
    Subscription,
    SubscriptionResult,
)

__all__ = ["StorageServerWorkflowStorage"]


def _checked(response: requests.Response) -> requests.Response:
    """The response if its status is < 300; the SDK's errors otherwise."""
    if response.status_code < 300:
        return response
    if response.status_code == 404:
        raise HTTPException(status_code=404, detail="not found")
    raise Exception(f"Error code: {response.status_code}")


class StorageServerWorkflowStorage:
    """`WorkflowStorage` backed by the storage server's REST API."""

    def __init__(self, server_url: str, auth_key: str) -> None:
        """Remember the base URL and the bearer key sent on every request."""
        self.server_url = server_url
        self.auth_key = auth_key

    @property
    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.auth_key}"}

    def save_connection(self, options: dict[str, Any], secrets: dict[str, Any]) -> Connection:
        """POST /connections."""
        body = {"options": options, "secrets": secrets}
        response = requests.post(f"{self.server_url}/connections", json=body, headers=self._headers)
        return Connection.model_validate(_checked(response).json())

    def get_connection(self, connection_id: str) -> Connection:
        """GET /connections/{id}."""
        response = requests.get(
            f"{self.server_url}/connections/{connection_id}", headers=self._headers
        )
        return Connection.model_validate(_checked(response).json())

    def save_subscription(self, connection_id: str, subscription: NewSubscription) -> Subscription:
        """POST /connections/{cid}/subscriptions with callback, name, options and secrets."""
        response = requests.post(
            f"{self.server_url}/connections/{connection_id}/subscriptions",
            json=subscription.model_dump(),
            headers=self._headers,
        )
        return Subscription.model_validate(_checked(response).json())

    def get_subscription(self, subscription_id: str) -> Subscription:
        """GET /subscriptions/{sid}: not scoped by connection."""
        response = requests.get(
            f"{self.server_url}/subscriptions/{subscription_id}", headers=self._headers
        )
        return Subscription.model_validate(_checked(response).json())

    def remove_subscription(self, connection_id: str, subscription_id: str) -> None:
        """DELETE /connections/{cid}/subscriptions/{sid}."""
        _checked(
            requests.delete(
                f"{self.server_url}/connections/{connection_id}/subscriptions/{subscription_id}",
                headers=self._headers,
            )
        )

    def update_subscription(self, subscription: Subscription) -> Subscription:
        """PATCH /connections/{cid}/subscriptions/{sid} with only the non-null options/secrets."""
        body = {
            key: value
            for key, value in (("options", subscription.options), ("secrets", subscription.secrets))
            if value is not None
        }
        path = f"/connections/{subscription.connectionId}/subscriptions/{subscription.id}"
        response = requests.patch(f"{self.server_url}{path}", json=body, headers=self._headers)
        return Subscription.model_validate(_checked(response).json())

    def get_subscriptions(
        self, limit: int = 1000, offset: int = 0, name: str | None = None
    ) -> SubscriptionResult:
        """GET /subscriptions?limit=&offset=&name= (name left out when None)."""
        return self._page("/subscriptions", limit, offset, name)

    def get_connection_subscriptions(
        self, connection_id: str, limit: int = 1000, offset: int = 0, name: str | None = None
    ) -> SubscriptionResult:
        """GET /connections/{cid}/subscriptions?limit=&offset=&name=."""
        return self._page(f"/connections/{connection_id}/subscriptions", limit, offset, name)

    def _page(self, path: str, limit: int, offset: int, name: str | None) -> SubscriptionResult:
        response = requests.get(
            f"{self.server_url}{path}",
            params={"limit": limit, "offset": offset, "name": name},
            headers=self._headers,
        )
        return SubscriptionResult.model_validate(_checked(response).json())
