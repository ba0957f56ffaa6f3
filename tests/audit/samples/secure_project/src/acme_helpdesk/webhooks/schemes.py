"""One pure verifier per scheme: raw bytes in, constant-time comparison."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Mapping, Sequence


class InvalidSignature(Exception):
    """The request is not signed by the upstream."""


def verify_signature(
    raw: bytes, headers: Mapping[str, str], secrets: Sequence[bytes], now: int, tolerance: int
) -> str:
    """Verify a Standard Webhooks signature; return the delivery id."""
    delivery_id = headers.get("webhook-id", "")
    timestamp = headers.get("webhook-timestamp", "")
    if not timestamp.isdigit() or abs(now - int(timestamp)) > tolerance:
        raise InvalidSignature("timestamp outside tolerance")
    signed = f"{delivery_id}.{timestamp}.".encode() + raw
    offered = [
        entry.split(",", 1)[-1].encode() for entry in headers.get("webhook-signature", "").split()
    ]
    for secret in secrets:
        expected = base64.b64encode(hmac.new(secret, signed, hashlib.sha256).digest())
        if any(hmac.compare_digest(expected, candidate) for candidate in offered):
            return delivery_id
    raise InvalidSignature("no signature matches")
