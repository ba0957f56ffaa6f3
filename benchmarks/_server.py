"""The benchmark server: a generated project's app under uvicorn, plus one unsigned route.

    <project venv>/bin/python benchmarks/_server.py PACKAGE PORT

Run by the benchmarks in the project's own virtualenv, with DEV_MODE, APP_ENV and AUTH_TOKEN
set by the caller. `POST /bench/plain` reads the body and answers 200: the same app, the same
hardening layers, no signature, as the baseline for the webhook route. The engine (where the
SDK dispatches accepted events over `requests`) is a stub that answers 200 at once, so only
this server's own work is measured.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import requests
import uvicorn
from fastapi import FastAPI, Request


class _EngineAnswer:
    status_code = 200
    ok = True
    reason = "OK"

    def json(self) -> dict[str, Any]:
        return {}


def _engine(method: str, url: str, **kwargs: Any) -> _EngineAnswer:
    return _EngineAnswer()


def bench_app(package: str) -> FastAPI:
    """The generated app with the unsigned baseline route added."""
    requests.request = _engine  # type: ignore[assignment]  # dispatches go nowhere
    app: FastAPI = importlib.import_module(f"{package}.app").create_app()

    @app.post("/bench/plain")
    async def plain(request: Request) -> dict[str, bool]:
        await request.body()
        return {"ok": True}

    return app


def main(argv: list[str]) -> None:
    package, port = argv[0], int(argv[1])
    uvicorn.run(
        bench_app(package), host="127.0.0.1", port=port, log_level="warning", access_log=False
    )


if __name__ == "__main__":
    main(sys.argv[1:])
