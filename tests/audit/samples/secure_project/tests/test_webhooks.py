"""A generated-style test: secrets are built at run time, never written in the source."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
import uuid

CANARY = "sk_live_CANARY_" + uuid.uuid4().hex
WEBHOOK_SECRET = ("whsec_" + uuid.uuid4().hex).encode()


def sign(raw: bytes, delivery_id: str, timestamp: int) -> str:
    signed = f"{delivery_id}.{timestamp}.".encode() + raw
    return (
        "v1," + base64.b64encode(hmac.new(WEBHOOK_SECRET, signed, hashlib.sha256).digest()).decode()
    )


def test_sign_is_deterministic() -> None:
    now = int(time.time())
    assert sign(b"{}", "msg_1", now) == sign(b"{}", "msg_1", now)
