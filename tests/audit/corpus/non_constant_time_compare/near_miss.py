import hashlib
import hmac
import secrets

from fastapi import HTTPException, Request


def verify_signature(raw: bytes, signature: str, secret: bytes) -> None:
    expected = hmac.new(secret, raw, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(signature.encode(), expected.encode()):
        raise HTTPException(status_code=401)


def verify_token(request: Request, token: bytes) -> None:
    supplied = request.headers.get("x-acme-token", "").encode()
    if not secrets.compare_digest(supplied, token):
        raise HTTPException(status_code=401)


def presence_and_shape(signature: str, token: str | None, response) -> bool:
    if token is None or token == "" or signature == "":
        return False
    if response.status_code != 200 or len(signature) != 64:
        return False
    return signature[:3] == "v1=" and token != "changeme"


def metadata(signature_header: str, token_type: str, expected_scheme: str) -> bool:
    return signature_header == token_type or token_type != expected_scheme

