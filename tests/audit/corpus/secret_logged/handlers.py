import logging
import sys

import structlog
from fastapi import Request

logger = logging.getLogger(__name__)


async def receive(request: Request, env):
    logger.info("secrets loaded: %s", env.secrets["api_key"])  # expect: SCF105
    logging.debug(f"auth header {request.headers['Authorization']}")  # expect: SCF105
    logger.info("headers: %s", dict(request.headers))  # expect: SCF105
    body = await request.body()
    text = body.decode()
    logger.warning("rejected webhook: %s", text)  # expect: SCF105
    print(await request.json())  # expect: SCF105
    auth = request.headers.get("authorization")
    logger.error("bad auth %s", auth[:20])  # expect: SCF105


class UpstreamClient:
    def __init__(self, api_key: str):
        self.api_key = api_key
        self.log = structlog.get_logger()

    def call(self, token):
        self.log.info("calling upstream", key=self.api_key)  # expect: SCF105
        structlog.get_logger().info("using %s", token)  # expect: SCF105
        sys.stderr.write(f"token={token}\n")  # expect: SCF105

    def rotate(self, settings):
        logger.info("new auth token %s", settings.auth_token.get_secret_value())  # expect: SCF105
