# Managed by scaffold and kept current by `scaffold update`: configure it, do not edit it.
"""The outbound collaborators of one app: the HTTP client every upstream call goes through,
the pause between retries and the per-connection action rate limit.

`create_app` builds one Runtime from the settings (tests hand it a MockTransport and an
instant sleep) and gives it to the hardening layer, which makes it current for every request
it serves. The SDK calls an action with its env only, so the runtime travels with the request
in a context variable, which Starlette and anyio carry into the worker thread an action runs
in. Code running outside a request (a script, a REPL) gets the runtime of the app built last.
"""

from __future__ import annotations

import contextvars
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from .egress import GuardedTransport
from .ratelimit import RateLimiter
from .settings import Settings
from .upstream import new_client

_serving: contextvars.ContextVar[Runtime] = contextvars.ContextVar("runtime")
_built_last: list[Runtime] = []


@dataclass(frozen=True)
class Runtime:
    """What one app calls upstream with; immutable once built."""

    client: httpx.Client
    limiter: RateLimiter
    sleep: Callable[[float], None] = time.sleep

    @classmethod
    def for_settings(
        cls,
        settings: Settings,
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> Runtime:
        """The runtime `settings` describe: the guarded network transport unless one is given."""
        runtime = cls(
            client=new_client(transport or GuardedTransport()),
            limiter=RateLimiter(
                settings.action_rate_limit_per_minute, settings.action_rate_limit_burst
            ),
            sleep=sleep,
        )
        _built_last[:] = [runtime]
        return runtime

    def serving(self) -> Serving:
        """Make this runtime current for the code run inside the block (one request)."""
        return Serving(self)


class Serving:
    """`with runtime.serving():` it runs once per request, so a small class rather than a
    generator-based context manager."""

    __slots__ = ("_runtime", "_token")

    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime

    def __enter__(self) -> Runtime:
        self._token = _serving.set(self._runtime)
        return self._runtime

    def __exit__(self, *exc_info: object) -> None:
        _serving.reset(self._token)


def current() -> Runtime:
    """The runtime of the request being served (or of the app built last, outside one)."""
    runtime = _serving.get(None)
    if runtime is not None:
        return runtime
    if not _built_last:
        raise RuntimeError("no app has been built: create it with app.create_app()")
    return _built_last[0]
