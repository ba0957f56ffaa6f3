"""Upstream base URLs: https only, a real host name, at most one tenant placeholder.

The generated project turns the base URL's host into an outbound allowlist, so what is
accepted here decides what the integration may ever call.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

_PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]{0,30})\}")
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


def validate_https_base_url(url: str, what: str = "the upstream API base URL") -> str:
    """Return the URL without a trailing slash, or raise ValueError saying what is wrong.

    `what` names the URL in the messages, e.g. "the OAuth2 token URL".
    """
    placeholders = _PLACEHOLDER.findall(url)
    if len(placeholders) > 1:
        raise ValueError(f"use at most one {{placeholder}} in the host of {what}")
    concrete = _PLACEHOLDER.sub("tenant", url)
    parts = urlsplit(concrete)
    if parts.scheme != "https":
        raise ValueError(f"{what} must start with https://")
    if parts.username or parts.password:
        raise ValueError(f"{what} must not contain credentials (user:password@)")
    if parts.query or parts.fragment:
        raise ValueError(f"{what} must not have a query or fragment")
    if parts.port not in (None, 443):
        raise ValueError(f"{what} must use the default https port 443")
    host = parts.hostname or ""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        raise ValueError(f"{what} must name a host, not an IP address")
    labels = host.split(".")
    if len(labels) < 2 or not all(_LABEL.match(label) for label in labels):
        raise ValueError(f"{host!r} in {what} is not a valid public host name")
    if placeholders and f"{{{placeholders[0]}}}" not in urlsplit(url).netloc:
        raise ValueError(f"a {{placeholder}} in {what} may only stand in the host")
    return url.rstrip("/")


def host_pattern(url: str) -> str:
    """An anchored regex for the base URL's host; a placeholder matches one DNS label."""
    netloc = urlsplit(_PLACEHOLDER.sub("\x00", url)).netloc.lower()
    escaped = re.escape(netloc).replace("\x00", "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
    return f"^{escaped}$"
