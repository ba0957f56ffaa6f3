from fastapi import Request
from integrations_sdk.triggers import workflow_trigger
from pydantic import BaseModel

from .verification import verify_signature

ALLOWED_FIELDS = {"id", "status"}


class IssueEvent(BaseModel):
    id: str
    status: str


@workflow_trigger(description="Issue events", result=IssueEvent)
def issue_event(dispatch, app, getEnv):
    @app.post("/webhooks/issues/{subscription_id}")
    async def receive(subscription_id: str, request: Request):
        verify_signature(request, getEnv(subscription_id))
        payload = await request.json()
        dispatch(subscription_id, {"id": payload["id"], "status": payload.get("status")})
        event = IssueEvent.model_validate(payload)
        dispatch(subscription_id, event.model_dump(include=ALLOWED_FIELDS))
        dispatch(subscription_id, IssueEvent(**payload))
        dispatch(subscription_id, event, metadata={"delivery": request.headers.get("x-id")})
