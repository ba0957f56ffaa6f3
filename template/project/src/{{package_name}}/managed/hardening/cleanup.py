# Managed by scaffold and kept current by `scaffold update`: configure it, do not edit it.
"""Upstream cleanup when a subscription is deleted.

The SDK stores `events.on_removed` callbacks but never calls them, so a
webhook registered upstream for a subscription would outlive it. Trigger code registers a
hook here instead, per trigger name; the hardening layer calls it after the SDK has deleted
the subscription, with the subscription as it was just before the delete.

    from ..managed.hardening import cleanup_registry

    def on_ticket_created(dispatch, app, getEnv, events):
        cleanup_registry(app).register("on_ticket_created", unregister_upstream_webhook)

Upstreams without a webhook API need no hook: deleting then only removes the stored row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette


@dataclass(frozen=True)
class RemovedSubscription:
    """A deleted subscription: enough to find and remove what it registered upstream."""

    id: str
    connection_id: str
    trigger: str
    options: dict[str, Any] = field(default_factory=dict)
    secrets: dict[str, Any] = field(default_factory=dict, repr=False)


CleanupHook = Callable[[RemovedSubscription], None]
DeletedListener = Callable[[str], None]


class SubscriptionCleanup:
    """Hooks to run, per trigger name, once a subscription of that trigger is deleted."""

    def __init__(self) -> None:
        self._hooks: dict[str, list[CleanupHook]] = {}
        self._deleted: list[DeletedListener] = []

    def on_deleted(self, listener: DeletedListener) -> None:
        """Call `listener(subscription_id)` as soon as a delete succeeded, before its answer
        leaves the process (caches of the subscription must not outlive it)."""
        if listener not in self._deleted:
            self._deleted.append(listener)

    def deleted_listeners(self) -> list[DeletedListener]:
        """The listeners `on_deleted` registered."""
        return list(self._deleted)

    def register(self, trigger: str, hook: CleanupHook) -> None:
        """Run `hook` after every successful delete of a `trigger` subscription."""
        hooks = self._hooks.setdefault(trigger, [])
        if hook not in hooks:
            hooks.append(hook)

    def hooks_for(self, trigger: str) -> list[CleanupHook]:
        """The hooks registered for `trigger` (empty when it needs no cleanup)."""
        return list(self._hooks.get(trigger, []))


def cleanup_registry(app: Starlette) -> SubscriptionCleanup:
    """The cleanup registry of `app`, created on first use (kept on `app.state`)."""
    registry = getattr(app.state, "subscription_cleanup", None)
    if not isinstance(registry, SubscriptionCleanup):
        registry = SubscriptionCleanup()
        app.state.subscription_cleanup = registry
    return registry
