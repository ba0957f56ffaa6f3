"""Client of the Ebbot connection/storage server (CONTRACT.md section 9).

Every request carries `Authorization: Bearer <auth_key>`. Status < 300 is parsed into the model,
404 becomes `HTTPException(404, "not found")`, anything else a bare `Exception("Error code: N")`
(a 500 for the caller). No request has a timeout (deliberate: CONTRACT §13.8).
"""

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


class StorageServerWorkflowStorage:
    """`WorkflowStorage` backed by the storage server's REST API."""

    def __init__(self, server_url: str, auth_key: str) -> None:
        """Remember the base URL and the bearer key sent on every request."""
        self.server_url = server_url
        self.auth_key = auth_key

    def _request(
        self,
        method: str,
        path: str,
        json: dict[str, Any] | None = None,
        params: dict[str, Any] | None = None,
    ) -> requests.Response:
        response = requests.request(  # noqa: S113 - deliberate: CONTRACT §13.8, no timeout
            method,
            f"{self.server_url}{path}",
            json=json,
            params=params,
            headers={"Authorization": f"Bearer {self.auth_key}"},
        )
        if response.status_code < 300:
            return response
        if response.status_code == 404:
            raise HTTPException(status_code=404, detail="not found")
        raise Exception(f"Error code: {response.status_code}")

    def save_connection(self, options: dict[str, Any], secrets: dict[str, Any]) -> Connection:
        """POST /connections."""
        body = {"options": options, "secrets": secrets}
        return Connection.model_validate(self._request("POST", "/connections", json=body).json())

    def get_connection(self, connection_id: str) -> Connection:
        """GET /connections/{id}."""
        response = self._request("GET", f"/connections/{connection_id}")
        return Connection.model_validate(response.json())

    def save_subscription(self, connection_id: str, subscription: NewSubscription) -> Subscription:
        """POST /connections/{cid}/subscriptions with callback, name, options and secrets."""
        response = self._request(
            "POST", f"/connections/{connection_id}/subscriptions", json=subscription.model_dump()
        )
        return Subscription.model_validate(response.json())

    def get_subscription(self, subscription_id: str) -> Subscription:
        """GET /subscriptions/{sid}: not scoped by connection."""
        response = self._request("GET", f"/subscriptions/{subscription_id}")
        return Subscription.model_validate(response.json())

    def remove_subscription(self, connection_id: str, subscription_id: str) -> None:
        """DELETE /connections/{cid}/subscriptions/{sid}."""
        self._request("DELETE", f"/connections/{connection_id}/subscriptions/{subscription_id}")

    def update_subscription(self, subscription: Subscription) -> Subscription:
        """PATCH /connections/{cid}/subscriptions/{sid} with only the non-null options/secrets."""
        body = {
            key: value
            for key, value in (("options", subscription.options), ("secrets", subscription.secrets))
            if value is not None
        }
        response = self._request(
            "PATCH",
            f"/connections/{subscription.connectionId}/subscriptions/{subscription.id}",
            json=body,
        )
        return Subscription.model_validate(response.json())

    def get_subscriptions(
        self, limit: int = 1000, offset: int = 0, name: str | None = None
    ) -> SubscriptionResult:
        """GET /subscriptions?limit=&offset=&name= (name left out when None)."""
        params = {"limit": limit, "offset": offset, "name": name}
        return SubscriptionResult.model_validate(
            self._request("GET", "/subscriptions", params=params).json()
        )

    def get_connection_subscriptions(
        self, connection_id: str, limit: int = 1000, offset: int = 0, name: str | None = None
    ) -> SubscriptionResult:
        """GET /connections/{cid}/subscriptions?limit=&offset=&name=."""
        params = {"limit": limit, "offset": offset, "name": name}
        path = f"/connections/{connection_id}/subscriptions"
        response = self._request("GET", path, params=params)
        return SubscriptionResult.model_validate(response.json())
