"""Fetching a description from an https URL: once, size-capped, with a clear error offline.

The standard library's client is enough for one GET; redirects are followed only to https.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from urllib.parse import urlsplit

from scaffold.errors import OpenAPIError
from scaffold.openapi.document import MAX_DOCUMENT_BYTES

TIMEOUT_SECONDS = 30


class _HttpsOnlyRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        if urlsplit(newurl).scheme != "https":
            raise OpenAPIError(f"{req.full_url}: redirects to a non-https URL; give the https URL")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url: str, *, opener: urllib.request.OpenerDirector | None = None) -> bytes:
    """The bytes at `url` (https only, at most MAX_DOCUMENT_BYTES); one request."""
    if urlsplit(url).scheme != "https":
        raise OpenAPIError(f"{url}: only https URLs are fetched; download it and pass the path")
    opener = opener or urllib.request.build_opener(_HttpsOnlyRedirects())
    accept = {"Accept": "application/json, application/yaml"}
    request = urllib.request.Request(url, headers=accept)  # noqa: S310 (https checked above)
    try:
        # https was checked above and redirects stay on https (_HttpsOnlyRedirects).
        with opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            raw: bytes = response.read(MAX_DOCUMENT_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise OpenAPIError(f"{url}: the server answered HTTP {error.code}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise OpenAPIError(
            f"{url}: cannot be fetched ({reason}); offline? download it and pass the path"
        ) from None
    if len(raw) > MAX_DOCUMENT_BYTES:
        raise OpenAPIError(f"{url}: larger than {MAX_DOCUMENT_BYTES // 2**20} MB")
    return raw
