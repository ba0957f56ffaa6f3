# Managed by scaffold and kept current by `scaffold update`: configure it, do not edit it.
"""Where outbound connections may go: URL rules, address rules and a pinning network backend.

Two layers, both needed:

1. `check_url` refuses any URL that is not https on port 443 to an allowlisted host name
   (no userinfo, no IP literal, no query or fragment, no odd path characters). A path may
   carry well-formed `%XX` escapes (an action's path value, percent-encoded as one segment),
   but never one that decodes to `/`, `\\`, `.` or a control character: an upstream that
   decodes the path before routing must not see a segment split or a dot segment that the
   check never saw. It runs when a connection is created (Options validation) and again
   before every request.
2. `GuardedBackend` is the network backend of the only production transport. For every new
   TCP connection it resolves the host ONCE, refuses the connection if ANY answer is not a
   global unicast address (after unwrapping IPv4-mapped, 6to4, Teredo and NAT64 forms), and
   then connects to exactly the address it validated. TLS (SNI and certificate check) and the
   Host header still use the host name, because httpcore takes them from the request URL.

Why pin in the backend instead of validating before the request and connecting by name:
a second DNS lookup at connect time could answer differently (DNS rebinding), so the check
and the connection must use the same answer. httpx has no public hook for this; the backend
is the one place every connection passes through, including ones a future change might add.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable, Iterable, Sequence
from typing import Any
from urllib.parse import urlsplit

import httpcore
import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Sequence[str]]

NAT64_PREFIX = ipaddress.IPv6Network("64:ff9b::/96")
SAFE_PATH = re.compile(r"^(?:[A-Za-z0-9._~!$&'()*+,;=:@/-]|%[0-9A-Fa-f]{2})*$")
# Escapes that decode to a separator, a dot or a control character (see check_url).
UNSAFE_ESCAPE = re.compile(r"%(?:[01][0-9A-Fa-f]|2[EeFf]|5[Cc]|7[Ff])")


class BlockedDestinationError(Exception):
    """An outbound URL or address is not allowed. The message never names the address."""


def check_url(url: str, allowed_host: re.Pattern[str], what: str = "URL") -> str:
    """Return `url` without a trailing slash if it may be called, else raise ValueError.

    Messages name the rule, never the URL: it may carry credentials.
    """
    if len(url) > 2048 or any(ch.isspace() or ord(ch) < 0x20 for ch in url) or "\\" in url:
        raise ValueError(f"{what} contains characters that are not allowed")
    parts = urlsplit(url)
    if parts.scheme != "https":
        raise ValueError(f"{what} must use https")
    if "@" in parts.netloc:
        raise ValueError(f"{what} must not contain credentials")
    if parts.query or parts.fragment or "#" in url or "?" in url:
        raise ValueError(f"{what} must not contain a query or fragment")
    try:
        port = parts.port
    except ValueError:
        raise ValueError(f"{what} has an invalid port") from None
    if port not in (None, 443):
        raise ValueError(f"{what} must use port 443")
    host = parts.hostname or ""
    if _is_ip_literal(host):
        raise ValueError(f"{what} must name a host, not an IP address")
    if not allowed_host.fullmatch(host):
        raise ValueError(f"{what} host is not allowed for this integration")
    path = parts.path
    unsafe_text = not SAFE_PATH.fullmatch(path) or UNSAFE_ESCAPE.search(path)
    if unsafe_text or "//" in path or _has_dot_segment(path):
        raise ValueError(f"{what} path is not allowed")
    return url.rstrip("/")


def _is_ip_literal(host: str) -> bool:
    # Decimal, hex and octal forms (2130706433, 0x7f000001, 0177.0.0.1, 127.1) are not IP
    # addresses to `ipaddress`, but the allowlist pattern (DNS labels with a dot-separated
    # known suffix) never matches them, and the resolved address is checked anyway.
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def _has_dot_segment(path: str) -> bool:
    return any(segment in (".", "..") for segment in path.split("/"))


def unwrap(address: IPAddress) -> IPAddress:
    """The IPv4 address an IPv6 transition form carries, or the address itself."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return address.ipv4_mapped
        if address.sixtofour is not None:
            return address.sixtofour
        if address.teredo is not None:
            return address.teredo[1]
        if address in NAT64_PREFIX:
            return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address


def is_public_address(text: str) -> bool:
    """True only for a global unicast address (after unwrapping IPv4-mapped and similar forms).

    A NAT64 address is judged by the IPv4 address it carries (its IPv6 prefix is reserved,
    yet it is how IPv6-only networks reach public IPv4 hosts); other transition forms must
    pass both as themselves and unwrapped.
    """
    try:
        address: IPAddress = ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return False
    inner = unwrap(address)
    candidates = {inner} if address in NAT64_PREFIX else {address, inner}
    return all(
        candidate.is_global
        and not (
            candidate.is_multicast
            or candidate.is_reserved
            or candidate.is_unspecified
            or candidate.is_loopback
            or candidate.is_link_local
            or candidate.is_private
        )
        for candidate in candidates
    )


def system_resolver(host: str, port: int) -> Sequence[str]:
    """Every A/AAAA answer for `host`, through the system resolver."""
    answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in answers]


def public_addresses(host: str, port: int, resolver: Resolver = system_resolver) -> list[str]:
    """Resolve `host` once; raise BlockedDestinationError unless every answer is public."""
    if _is_ip_literal(host):
        raise BlockedDestinationError("outbound connections to IP literals are refused")
    try:
        answers = list(resolver(host, port))
    except OSError:
        raise BlockedDestinationError("the upstream host name did not resolve") from None
    if not answers:
        raise BlockedDestinationError("the upstream host name did not resolve")
    if not all(is_public_address(answer) for answer in answers):
        raise BlockedDestinationError("the upstream host resolves to a non-public address")
    return answers


class GuardedBackend(httpcore.NetworkBackend):
    """Connects only to public addresses, and only to the exact address it validated.

    `resolver` answers host names (tests pass a scripted one, so no test performs real DNS).
    """

    def __init__(
        self,
        inner: httpcore.NetworkBackend | None = None,
        resolver: Resolver = system_resolver,
    ) -> None:
        self._inner = inner or httpcore.SyncBackend()
        self._resolver = resolver

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        """Resolve, validate every answer, then connect to a validated address."""
        failure: httpcore.ConnectError | None = None
        for address in public_addresses(host, port, self._resolver):
            try:
                return self._inner.connect_tcp(
                    address, port, timeout, local_address, socket_options
                )
            except httpcore.ConnectError as error:
                failure = error
        raise failure or httpcore.ConnectError("no address could be reached")

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        """Never: outbound calls go to the network only."""
        raise BlockedDestinationError("unix sockets are not an allowed destination")

    def sleep(self, seconds: float) -> None:
        """Delegate httpcore's connect-retry pauses (retries are off anyway)."""
        self._inner.sleep(seconds)


class GuardedTransport(httpx.HTTPTransport):
    """The production transport: TLS verified, no proxies, connections via GuardedBackend."""

    def __init__(
        self,
        backend: httpcore.NetworkBackend | None = None,
        resolver: Resolver = system_resolver,
    ) -> None:
        super().__init__(verify=True, trust_env=False, retries=0)
        # httpx exposes no network_backend option, so the pool it built is replaced by one
        # with the same TLS context and the guarded backend. Every project's
        # tests/test_upstream.py drives a request through this transport end to end, so an
        # httpx change that bypasses the backend fails its suite instead of dropping the guard.
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(verify=True, trust_env=False),
            max_connections=20,
            max_keepalive_connections=10,
            keepalive_expiry=5.0,
            retries=0,
            network_backend=GuardedBackend(backend, resolver),
        )
