# Managed by scaffold and kept current by `scaffold update`: configure it, do not edit it.
"""`call-action`: call one action through a running server, against a chosen upstream.

A connection whose `baseUrl` is the given upstream is created through `POST /connections`
(with the dev secrets), then the action runs through the SDK's own action route,
`POST /connections/{id}/call/{action}`, and the result is checked against the action's result
schema from the manifest before it is printed. The upstream must be https; plain http is
accepted on loopback only (a local mock). The server applies its own, stricter checks.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

import httpx
import jsonschema

from .console import DevConsole
from .loop import DevSetupError, gather_inputs, terminal_asker
from .state import STATE_PATH, dev_environment, load_state, lookup

LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
DEFAULT_URL = "http://127.0.0.1:8000"
MAX_PRINTED = 4000


class ActionCallError(RuntimeError):
    """The action cannot be called; the message says what to fix."""


def check_upstream(url: str) -> str:
    """`url` if it may be used as an upstream base: https, or http on loopback."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme == "https" and host:
        return url.rstrip("/")
    if parts.scheme == "http" and host in LOOPBACK_HOSTS:
        return url.rstrip("/")
    raise ActionCallError("--upstream must be https (plain http only on loopback)")


def _arguments(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError:
        raise ActionCallError("--args is not JSON: pass a JSON object, e.g. '{}'") from None
    if not isinstance(value, dict):
        raise ActionCallError("--args must be a JSON object")
    return value


def _result_schema(client: httpx.Client, action: str) -> Any:
    response = client.get("/manifest")
    if response.status_code != 200:
        raise ActionCallError(f"GET /manifest answered {response.status_code}: check AUTH_TOKEN")
    for entry in response.json().get("actions") or ():
        if entry.get("name") == action:
            return entry.get("schema", {}).get("result")
    names = ", ".join(str(entry.get("name")) for entry in response.json().get("actions") or ())
    raise ActionCallError(f"unknown action; choose one of: {names}")


def call_action_command(
    action: str,
    *,
    arguments: str,
    upstream: str,
    server_url: str | None,
    console: DevConsole | None = None,
) -> int:
    """Create a connection to `upstream`, call `action`, print the status and the checked
    result; 0 when the call succeeded and the result fits its schema."""
    base = check_upstream(upstream)
    body = _arguments(arguments)
    environment = dev_environment()
    try:
        inputs = gather_inputs({**environment, "DEV_BASE_URL": base}, terminal_asker())
    except DevSetupError as problem:
        raise ActionCallError(str(problem)) from None
    token = lookup(environment, "AUTH_TOKEN")
    if token is None:
        raise ActionCallError("AUTH_TOKEN is not set: use the bearer token `dev` printed")
    url = server_url or load_state(STATE_PATH).server_url or DEFAULT_URL
    console = console or DevConsole()
    try:
        with httpx.Client(
            base_url=url,
            headers={"authorization": f"Bearer {token}"},
            timeout=30,
            trust_env=False,
        ) as client:
            schema = _result_schema(client, action)
            created = client.post(
                "/connections", json={"options": inputs.options, "secrets": inputs.secrets}
            )
            if created.status_code != 201:
                raise ActionCallError(
                    f"POST /connections answered {created.status_code}: the server refused "
                    "this upstream or the DEV_* secrets"
                )
            connection_id = str(created.json()["id"])
            response = client.post(f"/connections/{connection_id}/call/{action}", json=body)
    except httpx.HTTPError as problem:
        raise ActionCallError(
            f"could not reach {url} ({type(problem).__name__}): is the server running?"
        ) from None
    console.field("status", response.status_code)
    try:
        result = response.json()
    except ValueError:
        console.field("body", response.text[:MAX_PRINTED])
        return 1
    console.field("result", json.dumps(result, sort_keys=True)[:MAX_PRINTED])
    if not response.is_success:
        return 1
    if schema is not None:
        try:
            jsonschema.validate(result, schema)
        except jsonschema.ValidationError as problem:
            console.field("result check", f"does not fit the result schema: {problem.message}")
            return 1
    console.field("result check", "fits the action's result schema")
    return 0
