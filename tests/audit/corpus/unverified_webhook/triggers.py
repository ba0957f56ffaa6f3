from fastapi import APIRouter, BackgroundTasks, Request
from integrations_sdk.triggers import with_triggers, workflow_trigger

from . import pipeline


@workflow_trigger(description="Ticket created", result={})
def ticket_created(dispatch, app, getEnv):
    @app.post("/webhooks/ticket-created/{subscription_id}")  # expect: SCF301
    async def receive(subscription_id: str, request: Request):
        event = await request.json()
        dispatch(subscription_id, {"id": event["id"]})


@workflow_trigger(description="Ticket closed", result={})
def ticket_closed(dispatch, app, getEnv):
    async def receive(subscription_id: str, request: Request):
        return await pipeline.forward(request, subscription_id, dispatch)

    app.add_api_route("/webhooks/ticket-closed/{subscription_id}", receive, methods=["POST"])  # expect: SCF301


@workflow_trigger(description="Ticket updated", result={})
def ticket_updated(dispatch, app, getEnv):
    @app.post("/webhooks/ticket-updated/{subscription_id}")  # expect: SCF301
    async def receive(subscription_id: str, request: Request):
        event = await request.json()
        dispatch(subscription_id, {"id": event["id"]})
        pipeline.verify_signature(request, getEnv(subscription_id))


@with_triggers(["ticket_created", "ticket_closed"])
def shared(send, app, getEnv):
    router = APIRouter()

    @router.post("/webhooks/shared/{subscription_id}")  # expect: SCF301
    async def receive(subscription_id: str, request: Request, tasks: BackgroundTasks):
        event = await request.json()
        tasks.add_task(send, subscription_id, {"id": event["id"]})

    app.include_router(router)


@workflow_trigger(description="Ticket reopened", result={})
def ticket_reopened(dispatch, app, getEnv, events):
    from .mounting import mount_unverified_route

    mount_unverified_route(  # expect: SCF301
        app, trigger="ticket_reopened", dispatch=dispatch, get_env=getEnv
    )
