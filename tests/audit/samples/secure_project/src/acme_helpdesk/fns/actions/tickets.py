"""Ticket actions: one verb each, validated input, minimal typed results."""

from __future__ import annotations

import re

from integrations_sdk.component import FieldInfo, FunctionEnv, workflow_action
from pydantic import BaseModel

from acme_helpdesk.upstream import Upstream, ticket_path

_TICKET_ID = re.compile(r"^[0-9]{1,12}$")


class TicketResult(BaseModel):
    id: str
    status: str


class TicketError(BaseModel):
    code: str


def _upstream(env: FunctionEnv) -> Upstream:
    return Upstream(env.info["base_url"], env.secrets["api_key"], env.info["api_key_header"])


def queue_fields(env: FunctionEnv) -> dict[str, FieldInfo]:
    queue = env.info["default_queue"]
    return {"queue": FieldInfo(label="Queue", options=[(queue, queue.title())])}


@workflow_action(
    description="Create a ticket",
    result=TicketResult,
    errors=[TicketError],
    env=["base_url", "api_key_header", "default_queue"],
    secrets=["api_key"],
    info=queue_fields,
    docs="Creates one ticket. Not idempotent. Needs the tickets:write scope.",
)
async def create_ticket(subject: str, queue: str, env: FunctionEnv) -> TicketResult:
    created = await _upstream(env).post_json(
        "/api/v2/tickets", {"subject": subject[:200], "queue": queue}
    )
    return TicketResult(id=str(created["id"]), status=str(created["status"]))


@workflow_action(
    description="Close a ticket",
    result=TicketResult,
    errors=[TicketError],
    env=["base_url", "api_key_header"],
    secrets=["api_key"],
    docs="Closes the ticket (reopenable upstream). Idempotent. Needs the tickets:write scope.",
)
async def close_ticket(ticket_id: str, env: FunctionEnv) -> TicketResult:
    if not _TICKET_ID.fullmatch(ticket_id):
        raise ValueError("ticket_id must be numeric")
    closed = await _upstream(env).post_json(ticket_path(ticket_id) + "/close", {})
    return TicketResult(id=str(closed["id"]), status=str(closed["status"]))
