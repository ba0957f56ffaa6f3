"""The benchmark server: a generated project's app under uvicorn, plus one unsigned route.

    <project venv>/bin/python benchmarks/_server.py PACKAGE PORT [--real-engine]

Run by the benchmarks in the project's own virtualenv, with DEV_MODE, APP_ENV and AUTH_TOKEN
set by the caller. `POST /bench/plain` reads the body and answers 200: the same app, the same
hardening layers, no signature, as the baseline for the webhook route. `POST /bench/naive`
is what a naive receiver does: FastAPI parses the body into a pydantic model and answers 200.
Without --real-engine the engine (where the SDK dispatches accepted events over `requests`)
is a stub below requests' transport adapter (the `responses` library, as in the generated
tests) that answers 200 at once, so only this server's own work is measured; with it, the
settings' storage server and the subscriptions' callbacks are real HTTP (benchmarks/_standins.py).
"""

from __future__ import annotations

import importlib
import re
import sys

import responses
import uvicorn
from fastapi import FastAPI, Request
from pydantic import BaseModel, ConfigDict


class NaiveEvent(BaseModel):
    """Any JSON object, parsed and validated by FastAPI as a naive receiver would."""

    model_config = ConfigDict(extra="allow")


def _stub_the_engine() -> None:
    """Every `requests` call the SDK makes (its dispatches) answers 200, in process."""
    engine = responses.RequestsMock(assert_all_requests_are_fired=False)
    engine.add(responses.POST, re.compile(r".*"), json={}, status=200)
    engine.start()


def bench_app(package: str, real_engine: bool = False) -> FastAPI:
    """The generated app with the unsigned baseline routes added."""
    if not real_engine:
        _stub_the_engine()
    app: FastAPI = importlib.import_module(f"{package}.app").create_app()
    own_routes = len(app.router.routes)

    @app.post("/bench/plain")
    async def plain(request: Request) -> dict[str, bool]:
        await request.body()
        return {"ok": True}

    @app.post("/bench/naive")
    async def naive(event: NaiveEvent) -> dict[str, bool]:
        return {"ok": bool(event)}

    # First in the router, as the webhook routes are: no baseline pays for the SDK's routes
    # being tried before it.
    routes = app.router.routes
    routes[:] = [*routes[own_routes:], *routes[:own_routes]]
    return app


def main(argv: list[str]) -> None:
    package, port = argv[0], int(argv[1])
    uvicorn.run(
        bench_app(package, real_engine="--real-engine" in argv),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        access_log=False,
    )


if __name__ == "__main__":
    main(sys.argv[1:])
