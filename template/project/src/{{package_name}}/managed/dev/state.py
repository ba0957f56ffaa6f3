# Managed by scaffold and kept current by `scaffold update`: configure it, do not edit it.
"""The dev loop's memory between restarts: ids and URLs only, never a secret.

`.dev/state.json` (gitignored, and `.dev/` ignores itself) records the dev connection, one
subscription per trigger and where the server and the engine stand-in listened, so a restart
reuses them and `send-test-webhook` knows where to deliver. Secrets stay in `.env`, the
environment or the developer's head.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

STATE_PATH = Path(".dev") / "state.json"
DOTENV_PATH = Path(".env")


@dataclass
class DevState:
    """Ids and URLs of the dev setup (empty until `dev` ran once)."""

    server_url: str | None = None
    engine_url: str | None = None
    connection_id: str | None = None
    subscriptions: dict[str, str] = field(default_factory=dict)
    public_base_url: str | None = None


def load_state(path: Path = STATE_PATH) -> DevState:
    """The recorded state, or an empty one when there is none or it cannot be read."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return DevState()
    if not isinstance(document, dict):
        return DevState()
    subscriptions = document.get("subscriptions")
    return DevState(
        server_url=_text(document.get("server_url")),
        engine_url=_text(document.get("engine_url")),
        connection_id=_text(document.get("connection_id")),
        subscriptions={
            str(name): str(sid)
            for name, sid in (subscriptions.items() if isinstance(subscriptions, dict) else ())
            if isinstance(sid, str)
        },
        public_base_url=_text(document.get("public_base_url")),
    )


def save_state(state: DevState, path: Path = STATE_PATH) -> None:
    """Write the state atomically (a crash never leaves half a file), readable by the owner."""
    path.parent.mkdir(parents=True, exist_ok=True)
    ignore = path.parent / ".gitignore"
    if not ignore.exists():
        ignore.write_text("*\n", encoding="utf-8")
    partial = path.with_suffix(".tmp")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(asdict(state), handle, indent=2, sort_keys=True)
    os.replace(partial, path)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def env_name(field_name: str) -> str:
    """The variable a dev value is read from: `apiToken` -> `DEV_API_TOKEN`."""
    return "DEV_" + re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", field_name).upper()


def dev_environment(path: Path = DOTENV_PATH) -> dict[str, str]:
    """`.env` overlaid by the process environment (the environment wins)."""
    from dotenv import dotenv_values

    values = {
        name: value
        for name, value in (dotenv_values(path) if path.is_file() else {}).items()
        if value is not None
    }
    values.update(os.environ)
    return values


def lookup(environment: Mapping[str, str], name: str) -> str | None:
    """A non-empty value of `name`, or None."""
    value = environment.get(name, "").strip()
    return value or None
