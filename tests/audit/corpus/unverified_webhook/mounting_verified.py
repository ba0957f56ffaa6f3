from starlette.concurrency import run_in_threadpool

from . import verification


def mount_webhook_route(app, *, trigger, dispatch, get_env):
    """The generated shape: a closure pipeline that verifies before it dispatches."""

    async def receive(request, subscription_id: str):
        return await _run(request, subscription_id)

    async def _run(request, subscription_id):
        body = await request.body()
        verification.verify_signature(body, request.headers, get_env(subscription_id))
        await run_in_threadpool(dispatch, subscription_id, {"size": len(body)})
        return {"status": "accepted"}

    app.add_api_route(f"/webhooks/{trigger}/{{subscription_id}}", receive, methods=["POST"])
