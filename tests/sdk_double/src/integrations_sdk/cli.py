"""The `integrations` CLI: configures Challenger bots (CONTRACT.md section 12).

It does not scaffold projects. `.env` is located with `find_dotenv(usecwd=True)` and loaded AT
IMPORT, like the real SDK. Each command sends `Authorization: Bearer <CHALLENGER_TOKEN>` to
`CHALLENGER_URL` and expects HTTP 201; anything else raises
`Exception("Could not <what>: <code> <reason>")`. The secret of `create-secret` is taken as a
command-line argument, and requests have no timeout (deliberate: CONTRACT §13.8).
"""

import os
from typing import Annotated, Any

import requests
import typer
from dotenv import find_dotenv, load_dotenv

__all__ = ["app"]

load_dotenv(find_dotenv(usecwd=True))

app = typer.Typer(help="Configure Challenger bots (secrets, env variables, bot config).")

BotId = Annotated[str, typer.Option("--bot-id", envvar="BOT_ID", help="Defaults to $BOT_ID.")]


def _send(method: str, bot_id: str, resource: str, body: dict[str, Any], what: str) -> None:
    """Send one request to `{CHALLENGER_URL}/api/bots/{bot_id}/{resource}`; expect 201."""
    response = requests.request(  # noqa: S113 - deliberate: CONTRACT §13.8, no timeout
        method,
        f"{os.environ['CHALLENGER_URL']}/api/bots/{bot_id}/{resource}",
        json=body,
        headers={"Authorization": f"Bearer {os.environ['CHALLENGER_TOKEN']}"},
    )
    if response.status_code != 201:
        raise Exception(f"Could not {what}: {response.status_code} {response.reason}")


@app.command("create-secret")
def create_secret(name: str, secret: str, bot_id: BotId) -> None:
    """Create a bot secret (the value is a command-line argument)."""
    _send("POST", bot_id, "secrets", {"name": name, "secret": secret}, "create secret")


@app.command("create-env")
def create_env(name: str, value: str, bot_id: BotId) -> None:
    """Create a bot environment variable."""
    _send("POST", bot_id, "env-variables", {"name": name, "value": value}, "create env variable")


@app.command("set-debug")
def set_debug(debug: bool, bot_id: BotId) -> None:
    """Turn the bot's debug mode on or off."""
    _send("PATCH", bot_id, "config", {"debug": debug}, "set debug")


@app.command("set-persona")
def set_persona(persona: str, bot_id: BotId) -> None:
    """Set the bot's persona."""
    _send("PATCH", bot_id, "config", {"persona": persona}, "set persona")


@app.command("set-mcp-servers")
def set_mcp_servers(servers: list[str], bot_id: BotId) -> None:
    """Set the bot's MCP servers."""
    _send("PATCH", bot_id, "config", {"mcpServers": servers}, "set mcp servers")


@app.command("set-endeavour-servers")
def set_endeavour_servers(servers: list[str], bot_id: BotId) -> None:
    """Set the bot's endeavour servers."""
    _send("PATCH", bot_id, "config", {"endeavourServers": servers}, "set endeavour servers")
