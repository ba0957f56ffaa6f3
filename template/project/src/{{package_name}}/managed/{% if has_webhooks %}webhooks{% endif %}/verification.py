# Managed by scaffold and kept current by `scaffold update`: configure it, do not edit it.
"""Building blocks shared by the signature schemes: pure functions, no framework.

Every comparison is `hmac.compare_digest` on bytes (on `str` it raises TypeError for
non-ASCII input), and every malformed input becomes `Rejected`, never another
exception: vendor libraries raise TypeError, ValueError or UnicodeDecodeError on hostile
headers and bodies, which would otherwise become 500s.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

MAX_HEADER_CHARS = 4096
MAX_SIGNATURES = 16
DELIVERY_ID = re.compile(r"[A-Za-z0-9_\-:.]{1,128}")
UNIX_SECONDS = re.compile(r"[0-9]{1,12}")


class Rejected(Exception):
    """The request is not authentic; `reason` is a short code, safe to log."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Delivery:
    """One inbound request as a verifier sees it.

    `headers` are lower-cased. `url` is the public URL the upstream called, taken from the
    subscription's configuration (never from Host or X-Forwarded-* headers); only schemes
    that sign the URL read it.
    """

    body: bytes
    headers: Mapping[str, str]
    method: str = "POST"
    url: str = ""


@dataclass(frozen=True)
class Verified:
    """What an authenticated request tells us beyond its body.

    `replay_id` is what the replay guard claims. Where the delivery id travels in a header
    the signature does not cover (GitHub, Shopify, Jira, Twilio, ...), anyone holding a
    captured request could replay it under a fresh id; for those schemes the replay id is a
    digest of the signed content instead, and the header id is only the dispatch reference.
    """

    delivery_id: str | None  # None: the scheme carries the id in the (verified) body
    timestamp: int | None  # Unix seconds; None for schemes without a timestamp
    replay_id: str | None = None  # None: claim each event's delivery id


def content_digest(*parts: bytes) -> str:
    """A replay id for schemes whose delivery id is not signed: the signed content's digest."""
    return "sha256-" + hashlib.sha256(b"".join(parts)).hexdigest()


def header(headers: Mapping[str, str], name: str, pattern: re.Pattern[str] | None = None) -> str:
    """The value of a required header, ASCII, bounded and (optionally) matching `pattern`."""
    value = headers.get(name)
    if value is None or not value or not value.isascii() or len(value) > MAX_HEADER_CHARS:
        raise Rejected(f"missing or malformed {name}")
    if pattern is not None and not pattern.fullmatch(value):
        raise Rejected(f"malformed {name}")
    return value


def check_window(timestamp: int, now: float, tolerance_seconds: int) -> None:
    """Refuse timestamps too far in the past AND in the future (vendor libraries skip the
    future check)."""
    if abs(now - timestamp) > tolerance_seconds:
        raise Rejected("timestamp outside the accepted window")


def decode_hex(value: str) -> bytes | None:
    """Hex to bytes (either case), or None when it is not hex."""
    try:
        return bytes.fromhex(value) if value.isascii() and len(value) % 2 == 0 else None
    except ValueError:
        return None


def decode_base64(value: str) -> bytes | None:
    """Strict base64 to bytes, or None."""
    try:
        return base64.b64decode(value.encode("ascii"), validate=True)
    except (binascii.Error, ValueError):
        return None


def matches_any(expected: bytes, candidates: Iterable[bytes]) -> bool:
    """Constant-time comparison of one expected MAC with every offered signature."""
    found = False
    for candidate in candidates:
        # No short-circuit: every candidate is compared, whatever matched before.
        found = hmac.compare_digest(expected, candidate) | found
    return found
