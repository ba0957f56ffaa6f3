import hmac

from fastapi import Depends, Request
from integrations_sdk.triggers import workflow_trigger

from . import inbound, verification


async def verify_webhook(request: Request) -> None:
    return None


@workflow_trigger(description="Verified inline", result={})
def verified_inline(dispatch, app, getEnv):
    @app.post("/webhooks/inline/{subscription_id}")
    async def receive(subscription_id: str, request: Request):
        raw = await request.body()
        verification.verify_signature(raw, request.headers, getEnv(subscription_id))
        event = verification.parse(raw)
        dispatch(subscription_id, {"id": event.id})


@workflow_trigger(description="Verified with compare_digest", result={})
def verified_token(dispatch, app, getEnv):
    @app.post("/webhooks/token/{subscription_id}")
    async def receive(subscription_id: str, request: Request):
        expected = getEnv(subscription_id).secrets["client_state"]
        if not hmac.compare_digest(request.headers.get("x-token", ""), expected):
            return {"ok": False}
        dispatch(subscription_id, {"id": "ping"})


@workflow_trigger(description="Verified by dependency", result={})
def verified_dependency(dispatch, app, getEnv):
    @app.post("/webhooks/dependency/{subscription_id}", dependencies=[Depends(verify_webhook)])
    async def receive(subscription_id: str):
        dispatch(subscription_id, {"id": "ping"})

    @app.post("/webhooks/parameter/{subscription_id}")
    async def receive_parameter(subscription_id: str, verified=Depends(verify_webhook)):
        dispatch(subscription_id, {"id": verified})


@workflow_trigger(description="Verified in the pipeline", result={})
def verified_pipeline(dispatch, app, getEnv):
    @app.post("/webhooks/pipeline/{subscription_id}")
    async def receive(subscription_id: str, request: Request):
        return await inbound.handle(request, subscription_id, dispatch=dispatch, get_env=getEnv)

    @app.get("/webhooks/pipeline/health")
    async def health():
        return {"ok": True}


@workflow_trigger(description="Unknown helper", result={})
def opaque_helper(dispatch, app, getEnv):
    @app.post("/webhooks/opaque/{subscription_id}")
    async def receive(subscription_id: str, request: Request):
        return await vendor_sdk_handler(request, dispatch)


@workflow_trigger(description="Mounted by a helper, verified in its pipeline", result={})
def mounted_pipeline(dispatch, app, getEnv, events):
    from .mounting_verified import mount_webhook_route

    mount_webhook_route(app, trigger="mounted_pipeline", dispatch=dispatch, get_env=getEnv)
