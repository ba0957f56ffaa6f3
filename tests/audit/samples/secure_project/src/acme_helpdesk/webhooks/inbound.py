"""The inbound pipeline: size, headers, signature, replay claim, parse, validate, dispatch."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ValidationError

from acme_helpdesk.webhooks.replay import ReplayGuard
from acme_helpdesk.webhooks.schemes import InvalidSignature, verify_signature

logger = logging.getLogger(__name__)
MAX_BODY_BYTES = 262_144
DISPATCHED_FIELDS = {"id", "status", "priority"}
replay_guard = ReplayGuard(ttl_seconds=600)


class TicketCreated(BaseModel):
    id: str
    status: str
    priority: str


async def handle(
    request: Request,
    subscription_id: str,
    dispatch: Callable[..., Any],
    get_env: Callable[[str], Any],
) -> JSONResponse:
    raw = await request.body()
    if len(raw) > MAX_BODY_BYTES:
        return JSONResponse({"detail": "Payload too large"}, status_code=413)
    env = get_env(subscription_id)
    secrets = [env.secrets["webhook_secret"].encode()]
    try:
        delivery_id = verify_signature(raw, request.headers, secrets, int(time.time()), 300)
    except InvalidSignature:
        logger.info("refused webhook for subscription %s: bad signature", subscription_id)
        return JSONResponse({"detail": "Unauthorized"}, status_code=401)
    claim = f"{subscription_id}:{delivery_id}"
    if not replay_guard.claim(claim):
        return JSONResponse({"detail": "Duplicate"}, status_code=200)
    try:
        event = TicketCreated.model_validate(json.loads(raw))
        dispatch(subscription_id, event.model_dump(include=DISPATCHED_FIELDS))
    except (ValueError, ValidationError):
        replay_guard.release(claim)
        logger.info("rejected webhook %s: invalid payload (%d bytes)", delivery_id, len(raw))
        return JSONResponse({"detail": "Invalid payload"}, status_code=400)
    logger.info("dispatched delivery %s for subscription %s", delivery_id, subscription_id)
    return JSONResponse({"ok": True}, status_code=202)
