import json

import httpx
from fastapi import Request
from integrations_sdk.triggers import workflow_trigger

from .verification import verify_signature


@workflow_trigger(description="Issue events", result={})
def issue_event(dispatch, app, getEnv):
    @app.post("/webhooks/issues/{subscription_id}")
    async def receive(subscription_id: str, request: Request):
        verify_signature(request, getEnv(subscription_id))
        dispatch(subscription_id, await request.json())  # expect: SCF302

    @app.post("/webhooks/issues-raw/{subscription_id}")
    async def receive_raw(subscription_id: str, request: Request):
        raw = await request.body()
        verify_signature(request, getEnv(subscription_id))
        document = json.loads(raw.decode("utf-8"))
        dispatch(subscription_id, data=document)  # expect: SCF302

    @app.post("/webhooks/issues-wrapped/{subscription_id}")
    async def receive_wrapped(subscription_id: str, request: Request):
        verify_signature(request, getEnv(subscription_id))
        payload = await request.json()
        dispatch(subscription_id, {"event": payload, "source": "issues"})  # expect: SCF302


def poll_upstream(dispatch, subscription_id):
    response = httpx.get("https://api.upstream.test/events", timeout=10)
    dispatch(subscription_id, response.json())  # expect: SCF302
    dispatch(subscription_id, {"text": response.text})  # expect: SCF302
