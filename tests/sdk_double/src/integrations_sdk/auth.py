"""The optional bearer-token dependency of the SDK routes (CONTRACT.md section 2).

Deliberate weaknesses kept from the real SDK:
- the comparison is a plain `!=`, not constant-time, and only the exact string
  `"Bearer <token>"` is accepted (deliberate: CONTRACT §13.1);
- auth is opt-in: without `auth_token` the SDK routes are open (deliberate: CONTRACT §13.2);
- the WARNING line carries the client IP (deliberate: CONTRACT §13.12).
"""

import logging
from collections.abc import Callable

from fastapi import HTTPException, Request

__all__ = ["bearer_guard"]

logger = logging.getLogger("integrations_sdk.server")


def bearer_guard(auth_token: str) -> Callable[[Request], None]:
    """A FastAPI dependency rejecting requests without `Authorization: Bearer <auth_token>`."""
    expected = f"Bearer {auth_token}"

    def require_token(request: Request) -> None:
        auth_header = request.headers.get("Authorization")
        if auth_header is None:
            problem = "missing"
        elif auth_header != expected:  # deliberate: CONTRACT §13.1, not constant-time
            problem = "invalid"
        else:
            return
        client = request.client.host if request.client else "unknown"
        # deliberate: CONTRACT §13.12, the warning carries the client IP
        logger.warning(
            "Unauthorized request %s %s from %s: %s token",
            request.method,
            request.url.path,
            client,
            problem,
        )
        raise HTTPException(status_code=401, detail="Unauthorized")

    return require_token
