import logging

from fastapi import Request

logger = logging.getLogger(__name__)


async def receive(request: Request, env, catalog):
    body = await request.body()
    payload = await request.json()
    logger.info("webhook received: %d bytes", len(body))
    logger.info("event type %s id %s", payload["type"], payload.get("id"))
    logger.info("content type %s", request.headers.get("content-type"))
    logger.info("secret names: %s", sorted(env.secrets.keys()))
    logger.info("token expires at %s", env.info["token_expiry"])
    logger.debug("signature valid for delivery %s", request.headers.get("webhook-id"))
    print("token refreshed")
    catalog.info(env.secrets)
    token_expiry = 300
    logger.info("token rotated, expiry %s", token_expiry)


def new_delivery_id():
    import secrets

    delivery_id = secrets.token_hex(8)
    logger.info("sending delivery %s", delivery_id)
    return delivery_id
