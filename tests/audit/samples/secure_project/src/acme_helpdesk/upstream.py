"""The only outbound HTTP: https-only allowlisted host, no redirects, timeouts, byte cap."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import httpx

TIMEOUT = httpx.Timeout(connect=3.0, read=10.0, write=10.0, pool=3.0)
MAX_RESPONSE_BYTES = 1_048_576


class UpstreamError(Exception):
    """A typed failure without the upstream body in it."""


class Upstream:
    def __init__(self, base_url: str, api_key: str, key_header: str) -> None:
        self._client = httpx.AsyncClient(
            base_url=base_url,
            headers={key_header: api_key},
            timeout=TIMEOUT,
            follow_redirects=False,
            trust_env=False,
        )

    async def get_json(self, path: str) -> Any:
        async with self._client.stream("GET", path) as response:
            if response.is_redirect or response.status_code >= 400:
                raise UpstreamError(f"upstream answered {response.status_code}")
            body = b""
            async for chunk in response.aiter_bytes():
                body += chunk
                if len(body) > MAX_RESPONSE_BYTES:
                    raise UpstreamError("upstream response too large")
        return httpx.Response(200, content=body).json()

    async def post_json(self, path: str, payload: dict[str, Any]) -> Any:
        response = await self._client.post(path, json=payload)
        if response.status_code >= 400:
            raise UpstreamError(f"upstream answered {response.status_code}")
        return response.json()


def ticket_path(ticket_id: str) -> str:
    return f"/api/v2/tickets/{quote(ticket_id, safe='')}"
