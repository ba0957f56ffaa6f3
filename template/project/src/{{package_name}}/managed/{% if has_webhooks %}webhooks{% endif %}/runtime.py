# Managed by scaffold and kept current by `scaffold update`: configure it, do not edit it.
"""What the webhook routes share in one process, built from the settings.

- Without REPLAY_STORE_URL: an in-memory replay guard and secret cache; deliveries are
  dispatched before the route answers.
- With it (Redis): the replay guard, the secret cache's invalidations and, unless
  WEBHOOK_DELIVERY=sync, the delivery stream is shared by every replica. Its workers run in
  this process with WEBHOOK_DELIVERY_WORKERS=inline (the default); with `external` the server
  only accepts, and `python -m <package> deliver` processes deliver.

Background threads (inline delivery workers, the invalidation listener) start and stop with
the app's lifespan, whatever lifespan the SDK's app has.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, Protocol

from fastapi import FastAPI

from ..hardening import cleanup_registry
from ..settings import Settings
from .delivery import (
    DeliveryPolicy,
    DeliveryQueue,
    DeliveryService,
    dispatch_registry,
)
from .inbound import WebhookRuntime
from .replay import MemoryReplayGuard, RedisReplayGuard
from .secret_cache import InvalidationListener, SecretCache, redis_publisher


class RedisFactory(Protocol):
    """Builds the Redis client for a URL, blocking or (`asynchronous`) asyncio: redis-py by
    default, fakeredis in tests (create_app)."""

    def __call__(self, url: str, *, asynchronous: bool = False) -> Any: ...


def connect_redis(url: str, *, asynchronous: bool = False) -> Any:
    """A redis-py client with bounded waits (imported here: only deployments with Redis need
    it); `asynchronous`: its redis.asyncio twin, for the intake's one script call."""
    if asynchronous:
        import redis.asyncio

        return redis.asyncio.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=2)
    import redis

    return redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=2)


def delivery_policy(settings: Settings) -> DeliveryPolicy:
    """The workers' bounds from the settings."""
    return DeliveryPolicy(
        workers=settings.delivery_workers,
        max_attempts=settings.delivery_max_attempts,
        timeout_seconds=settings.delivery_timeout_seconds,
        reclaim_idle_seconds=settings.delivery_reclaim_idle_seconds,
    )


def install_webhook_runtime(
    app: FastAPI, settings: Settings, redis: RedisFactory = connect_redis
) -> WebhookRuntime:
    """Build the runtime for `settings`, put it on `app.state.webhooks`, tie it to the lifespan;
    `redis` builds the client when REPLAY_STORE_URL is set."""
    cache = SecretCache(ttl_seconds=settings.webhook_secret_cache_seconds)
    runtime = WebhookRuntime(replay_guard=MemoryReplayGuard(), secret_cache=cache)
    background: list[Any] = []
    if settings.replay_store_url:
        client = redis(settings.replay_store_url)
        guard = RedisReplayGuard(settings.replay_store_url, client=client)
        runtime.replay_guard = guard
        cache.publish = redis_publisher(client)
        background.append(InvalidationListener(client, cache))
        if settings.webhook_delivery == "queued":
            url = settings.replay_store_url
            queue = DeliveryQueue(client, connect_async=lambda: redis(url, asynchronous=True))
            runtime.delivery = DeliveryService(
                queue, dispatch_registry(app), delivery_policy(settings), guard.key
            )
            if settings.webhook_delivery_workers == "inline":
                background.append(runtime.delivery)
    # The hardening layer calls this before a subscription delete's answer leaves the process.
    cleanup_registry(app).on_deleted(cache.invalidate)
    app.state.webhooks = runtime
    _run_during_lifespan(app, background)
    return runtime


def _run_during_lifespan(app: FastAPI, background: list[Any]) -> None:
    if not background:
        return
    inner = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(served: Any) -> AsyncIterator[Any]:
        for part in background:
            part.start()
        try:
            async with inner(served) as state:
                yield state
        finally:
            for part in reversed(background):
                part.stop()

    app.router.lifespan_context = lifespan
