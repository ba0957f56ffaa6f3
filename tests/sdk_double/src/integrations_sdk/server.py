"""`start_workflow_server` and `start_server` (CONTRACT.md section 2).

Deliberate weaknesses kept from the real SDK:
- `auth_token` defaults to None: without it every SDK route is open (deliberate: CONTRACT
  §13.2); with it, the check is a plain `!=` on the exact `"Bearer <token>"` (§13.1, in `auth`);
- `/docs`, `/redoc` and `/openapi.json` are always served and never behind the token
  (deliberate: CONTRACT §13.3); nor are the health routes or routes that triggers add on `app`;
- `/readiness` is public and lists up to 1000 subscriptions per call (deliberate: CONTRACT
  §13.8);
- unhandled errors become Starlette's plain-text 500 "Internal Server Error" (CONTRACT §11);
- there is no parameter to inject a storage (CONTRACT §8).
"""

from typing import Any

from fastapi import APIRouter, Depends, FastAPI
from pydantic import BaseModel

from integrations_sdk.actions import action_endpoints
from integrations_sdk.auth import bearer_guard
from integrations_sdk.connection import (
    ConnectionValidator,
    EmptyOptions,
    PostInstallInstructionsCallback,
)
from integrations_sdk.connection_routes import connection_endpoints
from integrations_sdk.dev_server import DevServerWorkflowStorage
from integrations_sdk.discovery import collect
from integrations_sdk.manifest import create_manifest
from integrations_sdk.request_log import RequestLogMiddleware
from integrations_sdk.storage_server import StorageServerWorkflowStorage
from integrations_sdk.subscription_routes import subscription_endpoints
from integrations_sdk.tools import tool_endpoints
from integrations_sdk.trigger_runtime import TriggerRuntime
from integrations_sdk.workflow import WorkflowStorage

__all__ = ["start_server", "start_workflow_server"]


def _health_endpoints(app: FastAPI, storage: WorkflowStorage) -> None:
    @app.get("/liveness")
    def liveness() -> dict[str, str]:
        return {"status": "alive"}

    @app.get("/readiness")
    def readiness() -> dict[str, str]:
        storage.get_subscriptions()  # a storage failure is an unhandled error: plain 500
        return {"status": "ready"}


def start_workflow_server(
    path: str,
    storage_server_url: str,
    storage_server_key: str,
    options: type[BaseModel] | None = EmptyOptions,
    secrets: type[BaseModel] | None = EmptyOptions,
    title: str = "Challenger SDK Workflow server",
    dev_mode: bool = False,
    install_instructions: str | None = None,
    api_rate_limit_info: str | None = None,
    required_permissions: str | None = None,
    validator: ConnectionValidator | None = None,
    post_install_instructions: PostInstallInstructionsCallback | None = None,
    auth_token: str | None = None,
    docs: str | None = None,
    email: str | None = None,
    author: str | None = None,
    url: str | None = None,
) -> FastAPI:
    """Build the workflow server for the actions and triggers found under `path`.

    Imports `path`, builds the SDK routes (behind `auth_token` when truthy), then calls every
    trigger function and shared handler once so that they can add their own routes to the app.
    `storage_server_key` is used as the bearer token of trigger callbacks even in dev mode.
    """
    storage: WorkflowStorage = (
        DevServerWorkflowStorage()
        if dev_mode
        else StorageServerWorkflowStorage(storage_server_url, storage_server_key)
    )
    collected = collect(path)
    runtime = TriggerRuntime(collected.triggers, collected.handlers, storage, storage_server_key)
    manifest = create_manifest(
        collected.components.values(),
        collected.triggers.values(),
        options,
        secrets,
        install_instructions=install_instructions,
        api_rate_limit_info=api_rate_limit_info,
        required_permissions=required_permissions,
        docs=docs,
        email=email,
        author=author,
        url=url,
    )

    app = FastAPI(title=title)  # deliberate: CONTRACT §13.3, docs and openapi always public
    app.add_middleware(RequestLogMiddleware)
    _health_endpoints(app, storage)

    # deliberate: CONTRACT §13.2, no token means no auth at all
    guard = [Depends(bearer_guard(auth_token))] if auth_token else []
    router = APIRouter(dependencies=guard)

    @router.get("/manifest")
    def get_manifest() -> dict[str, Any]:
        return manifest

    connection_endpoints(router, storage, options, secrets, validator, post_install_instructions)
    action_endpoints(router, storage, collected.components)
    subscription_endpoints(router, storage, runtime)
    tool_endpoints(router, collected.components)
    app.include_router(router)

    runtime.start(app)  # routes added here are NOT behind the token (CONTRACT §2)
    return app


def start_server(path: str, title: str = "Challenger sdk server") -> FastAPI:
    """The older tools-only server: `GET /components` and `POST /call`, without auth."""
    app = FastAPI(title=title)
    router = APIRouter()
    tool_endpoints(router, collect(path).components)
    app.include_router(router)
    return app
