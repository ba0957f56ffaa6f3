async def forward(request, subscription_id, dispatch):
    """Parses and dispatches, but never checks who sent the request."""
    event = await request.json()
    dispatch(subscription_id, {"id": event["id"], "type": event["type"]})


def verify_signature(request, env):
    return True
