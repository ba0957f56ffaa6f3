import hashlib
import hmac

from fastapi import HTTPException, Request
from starlette.middleware.base import BaseHTTPMiddleware

from .settings import settings


def verify_signature(raw: bytes, signature: str, secret: bytes) -> None:
    expected = hmac.new(secret, raw, hashlib.sha256).hexdigest()
    if signature != expected:  # expect: SCF303
        raise HTTPException(status_code=401)


def verify_github(raw: bytes, request: Request, secret: bytes) -> bool:
    computed = "sha256=" + hmac.new(secret, raw, hashlib.sha256).hexdigest()
    return request.headers.get("X-Hub-Signature-256", "") == computed  # expect: SCF303


def check_digest(raw: bytes, offered: bytes, key: bytes) -> bool:
    return hmac.digest(key, raw, "sha256") == offered  # expect: SCF303


def check_subscription_token(env, request: Request) -> None:
    wanted = env.secrets["webhook_token"]
    if request.query_params.get("state") != wanted:  # expect: SCF303
        raise HTTPException(status_code=401)


class BearerGuard(BaseHTTPMiddleware):
    async def dispatch(self, request, call_next):
        supplied = request.headers.get("authorization", "")
        if supplied != f"Bearer {settings.auth_token.get_secret_value()}":  # expect: SCF303
            raise HTTPException(status_code=401)
        return await call_next(request)


def same_token(token: str, other: str) -> bool:
    return token == other  # expect: SCF303
