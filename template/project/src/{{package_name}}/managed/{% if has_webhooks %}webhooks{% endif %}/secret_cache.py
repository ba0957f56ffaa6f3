# Managed by scaffold and kept current by `scaffold update`: configure it, do not edit it.
"""What verification needs from a subscription, kept for a few seconds per subscription id.

Looking a subscription up costs the storage server two HTTP round trips (subscription, then
connection); without a cache every delivery, refused ones included, pays them. An entry holds
the subscription's trigger, its active signing secrets (current first, then the one rotating
out, both accepted while listed) and, for schemes that sign the URL, its public base URL.

- Entries live `ttl_seconds` (short: a change made straight in storage shows after at most
  that long). The SDK has no route that updates a subscription; deleting one goes through the
  hardening layer, which calls `invalidate` before the delete's answer leaves this process.
- With Redis configured, `invalidate` is also published, and every replica's
  `InvalidationListener` drops the entry; a listener that loses its connection clears its
  whole cache, since it may have missed a message.
- Only lookups that succeeded are cached: an unknown subscription id is refused every time and
  never takes a slot. A lookup that overlapped an invalidation is not stored (it may be older
  than the change).
- Concurrent misses for one subscription share one lookup (`get_or_load`): when an entry
  expires under a burst, storage sees one lookup, not one per waiting request.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

log = logging.getLogger(__name__)

CHANNEL = "webhook-subscriptions:changed"


@dataclass(frozen=True)
class SubscriptionEntry:
    """What the webhook pipeline needs to verify a delivery for one subscription."""

    trigger: str | None
    secrets: tuple[bytes, ...] = field(repr=False)
    public_base_url: str = ""


class SecretCache:
    """Bounded, short-lived entries per subscription id; thread-safe."""

    def __init__(
        self,
        ttl_seconds: float = 30.0,
        max_entries: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
        publish: Callable[[str], None] | None = None,
    ) -> None:
        self.ttl_seconds = ttl_seconds
        self._entries: OrderedDict[str, tuple[float, SubscriptionEntry]] = OrderedDict()
        self._max_entries = max_entries
        self._now = clock
        self._lock = threading.Lock()
        self._generation = 0
        self._loading: dict[str, asyncio.Task[SubscriptionEntry]] = {}
        self.publish = publish

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def generation(self) -> int:
        """A token to pass to `put`: the store is skipped if anything was invalidated since."""
        with self._lock:
            return self._generation

    def get(self, subscription_id: str) -> SubscriptionEntry | None:
        """The unexpired entry for `subscription_id`, or None."""
        now = self._now()
        with self._lock:
            found = self._entries.get(subscription_id)
            if found is None:
                return None
            expires, entry = found
            if expires <= now:
                del self._entries[subscription_id]
                return None
            return entry

    async def get_or_load(
        self, subscription_id: str, load: Callable[[], Awaitable[SubscriptionEntry]]
    ) -> SubscriptionEntry:
        """The unexpired entry, or what `load()` returns, stored as `put` stores it.

        Concurrent misses for one subscription on one event loop await a single `load`; its
        failure reaches each of them and nothing is cached. A waiter that is cancelled (its
        client went away) leaves the lookup running for the others.
        """
        cached = self.get(subscription_id)
        if cached is not None:
            return cached
        loop = asyncio.get_running_loop()
        pending = self._loading.get(subscription_id)
        if pending is None or pending.get_loop() is not loop:
            # The generation of the miss, not of the task's start: an invalidation in between
            # must still keep this lookup's answer out of the cache.
            pending = loop.create_task(self._load(subscription_id, load, self.generation()))
            self._loading[subscription_id] = pending
            pending.add_done_callback(partial(self._loaded, subscription_id))
        return await asyncio.shield(pending)

    async def _load(
        self,
        subscription_id: str,
        load: Callable[[], Awaitable[SubscriptionEntry]],
        generation: int,
    ) -> SubscriptionEntry:
        entry = await load()
        self.put(subscription_id, entry, generation)
        return entry

    def _loaded(self, subscription_id: str, task: asyncio.Task[SubscriptionEntry]) -> None:
        if self._loading.get(subscription_id) is task:
            del self._loading[subscription_id]
        if not task.cancelled():
            task.exception()  # marks a failure seen even if every waiter went away

    def put(self, subscription_id: str, entry: SubscriptionEntry, generation: int) -> None:
        """Keep `entry` unless caching is off or an invalidation happened after `generation`."""
        if self.ttl_seconds <= 0:
            return
        with self._lock:
            if generation != self._generation:
                return
            self._entries[subscription_id] = (self._now() + self.ttl_seconds, entry)
            self._entries.move_to_end(subscription_id)
            while len(self._entries) > self._max_entries:
                self._entries.popitem(last=False)

    def invalidate(self, subscription_id: str) -> None:
        """Drop the entry here and, with Redis configured, in every replica."""
        self.drop(subscription_id)
        if self.publish is not None:
            try:
                self.publish(subscription_id)
            except Exception as error:  # the other replicas' entries expire within the TTL
                log.warning(
                    "subscription invalidation not published: error=%s", type(error).__name__
                )

    def drop(self, subscription_id: str) -> None:
        """Drop the entry in this process only."""
        with self._lock:
            self._generation += 1
            self._entries.pop(subscription_id, None)

    def clear(self) -> None:
        """Drop every entry in this process."""
        with self._lock:
            self._generation += 1
            self._entries.clear()


def redis_publisher(client: Any) -> Callable[[str], None]:
    """`publish` for a SecretCache: announce a changed subscription on CHANNEL."""

    def publish(subscription_id: str) -> None:
        client.publish(CHANNEL, subscription_id.encode())

    return publish


class InvalidationListener:
    """Drops the cache entries other replicas announce on CHANNEL (one daemon thread)."""

    def __init__(self, client: Any, cache: SecretCache, retry_seconds: float = 1.0) -> None:
        self._client = client
        self._cache = cache
        self._retry_seconds = retry_seconds
        self._pubsub: Any = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def subscribe(self) -> None:
        """(Re)subscribe; the cache is cleared, since messages may have been missed."""
        self._pubsub = self._client.pubsub(ignore_subscribe_messages=True)
        self._pubsub.subscribe(CHANNEL)
        self._cache.clear()

    def pump(self, timeout: float = 1.0) -> int:
        """Apply the announcements that arrive within `timeout`; how many were applied."""
        if self._pubsub is None:
            self.subscribe()
        applied = 0
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            # Once one arrived, take only what is already there.
            message = self._pubsub.get_message(timeout=0.0 if applied else max(0.0, remaining))
            if message is None:
                # None also stands for a skipped subscribe confirmation: keep waiting then.
                if applied or remaining <= 0:
                    return applied
                continue
            if message.get("type") == "message":
                data = message.get("data")
                self._cache.drop(data.decode() if isinstance(data, bytes) else str(data))
                applied += 1

    def start(self) -> None:
        """Listen in a daemon thread until `stop`."""
        self._thread = threading.Thread(target=self._run, name="secret-cache-listener", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """End the listening thread."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.pump()
            except Exception as error:  # Redis restarting: forget everything, then resubscribe
                log.warning(
                    "subscription invalidations interrupted: error=%s", type(error).__name__
                )
                self._pubsub = None
                self._cache.clear()
                self._stop.wait(self._retry_seconds)
