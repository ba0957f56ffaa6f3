"""Triggers: each public webhook route hands the request to the verifying pipeline."""

from __future__ import annotations

import hmac

from fastapi import Request
from fastapi.responses import JSONResponse
from integrations_sdk.triggers import workflow_trigger

from acme_helpdesk.webhooks import inbound


@workflow_trigger(
    description="A ticket was created in Acme Helpdesk",
    result=inbound.TicketCreated,
    connectionSecrets=["webhook_secret"],
    docs="Dispatches id, status and priority of each new ticket.",
)
def ticket_created(dispatch, app, getEnv, events):
    @app.post("/webhooks/ticket-created/{subscription_id}")
    async def receive(subscription_id: str, request: Request) -> JSONResponse:
        return await inbound.handle(request, subscription_id, dispatch=dispatch, get_env=getEnv)


@workflow_trigger(
    description="Acme Helpdesk pings the endpoint",
    result={"type": "object", "properties": {"id": {"type": "string"}}},
    connectionSecrets=["webhook_secret"],
)
def endpoint_ping(dispatch, app, getEnv):
    @app.post("/webhooks/ping/{subscription_id}")
    async def receive(subscription_id: str, request: Request) -> JSONResponse:
        expected = getEnv(subscription_id).secrets["webhook_secret"].encode()
        supplied = request.headers.get("x-acme-token", "").encode()
        if not hmac.compare_digest(supplied, expected):
            return JSONResponse({"detail": "Unauthorized"}, status_code=401)
        dispatch(subscription_id, {"id": request.headers.get("x-acme-delivery", "")})
        return JSONResponse({"ok": True}, status_code=202)
