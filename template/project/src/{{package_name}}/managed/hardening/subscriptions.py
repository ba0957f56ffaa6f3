# Managed by scaffold and kept current by `scaffold update`: configure it, do not edit it.
"""Connection and subscription requests, looked at before the SDK sees them.

- `POST /connections` and `POST /connections/{id}/subscriptions/{trigger}`: the submitted
  secret values are registered for redaction first, so no log line or response of this
  request can carry them.
- Subscription create: the callback URL must be https on the Ebbot engine host (dev mode
  also allows http(s) on loopback, for a local engine). The SDK sends the engine key as a
  bearer token to that URL on every dispatch, so this runs before the SDK
  stores anything, in dev mode too. This is the one place callback URLs are checked.
- `DELETE /connections/{cid}/subscriptions/{sid}`: the subscription is read first through the
  SDK's own GET route, which checks that it belongs to `cid` (dev storage deletes across
  connections); once the delete succeeded, `on_deleted` listeners (the webhook secret cache)
  run before the answer is sent on, then the trigger's cleanup hooks
  (the SDK never calls `on_removed`).
"""

from __future__ import annotations

import logging
import re
from typing import Any
from urllib.parse import urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..redaction import register_secret_tree
from .asgi import json_object, read_body, replay, route_path, send_json
from .cleanup import RemovedSubscription, SubscriptionCleanup

log = logging.getLogger(__name__)

CONNECTIONS = re.compile(r"^/connections$")
SUBSCRIPTION_CREATE = re.compile(r"^/connections/[^/]+/subscriptions/[^/]+$")
SUBSCRIPTION_ITEM = SUBSCRIPTION_CREATE  # same shape: DELETE names a subscription id
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
MAX_CALLBACK_URL = 2048
REFUSED_CALLBACK = {
    "detail": [
        {
            "loc": ["body", "callback", "url"],
            "msg": "callback URL must be https on the Ebbot engine host",
        }
    ]
}


def callback_allowed(url: str, *, engine_host: str | None, dev_mode: bool) -> bool:
    """True when dispatches to `url` can only reach the Ebbot engine."""
    if len(url) > MAX_CALLBACK_URL:
        return False
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return False
    if parts.username is not None or parts.password is not None:
        return False
    host = (parts.hostname or "").lower()
    if dev_mode and parts.scheme in ("http", "https") and host in LOOPBACK_HOSTS:
        return True
    return (
        parts.scheme == "https"
        and engine_host is not None
        and host == engine_host
        and port in (None, 443)
    )


class SubscriptionGuard:
    """Secret intake, callback check on create, ownership check and cleanup on delete."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        engine_host: str | None,
        dev_mode: bool,
        cleanup: SubscriptionCleanup,
    ) -> None:
        self.app = app
        self.engine_host = engine_host
        self.dev_mode = dev_mode
        self.cleanup = cleanup

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path, method = route_path(scope), scope["method"]
        if method == "POST" and CONNECTIONS.fullmatch(path):
            await self._create(scope, receive, send, subscription=False)
        elif method == "POST" and SUBSCRIPTION_CREATE.fullmatch(path):
            await self._create(scope, receive, send, subscription=True)
        elif method == "DELETE" and SUBSCRIPTION_ITEM.fullmatch(path):
            await self._delete(scope, receive, send)
        else:
            await self.app(scope, receive, send)

    async def _create(
        self, scope: Scope, receive: Receive, send: Send, *, subscription: bool
    ) -> None:
        body = await read_body(receive)
        document = json_object(body) or {}
        data = document.get("data") if subscription else document
        if isinstance(data, dict):
            register_secret_tree(data.get("secrets"))
        callback = document.get("callback")
        url = callback.get("url") if isinstance(callback, dict) else None
        if (
            subscription
            and isinstance(url, str)
            and not callback_allowed(url, engine_host=self.engine_host, dev_mode=self.dev_mode)
        ):
            log.warning("refused: subscription callback outside the engine host")
            await send_json(send, 422, REFUSED_CALLBACK)
            return
        await self.app(scope, replay(body), send)

    async def _delete(self, scope: Scope, receive: Receive, send: Send) -> None:
        status, before = await self._current(scope)
        if status == 404:
            await send_json(send, 404, {"detail": "not found"})
            return
        deleted = 0

        async def track(message: Message) -> None:
            nonlocal deleted
            if message["type"] == "http.response.start":
                deleted = int(message["status"])
                if 200 <= deleted < 300:
                    await self._forget(route_path(scope).rsplit("/", 1)[-1])
            await send(message)

        await self.app(scope, receive, track)
        if not 200 <= deleted < 300:
            return
        if before is None:
            log.warning("subscription deleted without upstream cleanup: it could not be read")
            return
        await self._run_hooks(before)

    async def _forget(self, subscription_id: str) -> None:
        for listener in self.cleanup.deleted_listeners():
            try:
                await run_in_threadpool(listener, subscription_id)
            except Exception:
                log.exception("subscription delete listener failed")

    async def _current(self, scope: Scope) -> tuple[int, dict[str, Any] | None]:
        """The subscription as the SDK's GET route shows it (status, document)."""
        status = 0
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        get_scope = {**scope, "method": "GET", "query_string": b""}
        await self.app(get_scope, replay(b""), capture)
        document = json_object(b"".join(chunks)) if status == 200 else None
        if document is not None:
            register_secret_tree(document.get("secrets"))
        return status, document

    async def _run_hooks(self, before: dict[str, Any]) -> None:
        removed = RemovedSubscription(
            id=str(before.get("id", "")),
            connection_id=str(before.get("connectionId", "")),
            trigger=str(before.get("name", "")),
            options=dict(before.get("options") or {}),
            secrets=dict(before.get("secrets") or {}),
        )
        for hook in self.cleanup.hooks_for(removed.trigger):
            try:
                await run_in_threadpool(hook, removed)
            except Exception:
                # The row is gone already; say which subscription needs a manual cleanup.
                log.exception("upstream cleanup failed for subscription %s", removed.id)
