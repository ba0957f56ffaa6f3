from . import verification


async def handle(request, subscription_id, dispatch, get_env):
    """The generated pipeline: size, signature, replay, parse, validate, dispatch."""
    raw = await request.body()
    verification.verify_signature(raw, request.headers, get_env(subscription_id))
    event = verification.parse(raw)
    dispatch(subscription_id, {"id": event.id, "status": event.status})
