"""managed/egress.py and the runtime's client: outbound connections go only to public
addresses, to exactly the address that was validated, with TLS and Host kept on the host name.
No test performs real DNS: the resolver and the network are fakes. Moved here from each
generated project's tests/test_egress.py (issue #13); a project's own wiring of the guarded
transport is proven in its tests/test_upstream.py."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import httpcore
import pytest

from managed_support import Render

PUBLIC_V4 = "93.184.216.34"
PUBLIC_V6 = "2606:4700:4700::1111"
BLOCKED = [
    "127.0.0.1",
    "10.0.0.1",
    "172.16.0.1",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",  # noqa: S104 (an address to refuse, not one to bind)
    "255.255.255.255",
    "224.0.0.1",
    "::1",
    "::",
    "::ffff:127.0.0.1",
    "::ffff:10.0.0.1",
    "64:ff9b::7f00:1",
    "64:ff9b::a00:1",
    "2002:7f00:1::",
    "2002:a9fe:a9fe::",
    "fd00:ec2::254",
    "fe80::1",
    "ff02::1",
    "2001:db8::1",
]
REPLY = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"


class FakeStream(httpcore.NetworkStream):
    """A connected socket that records what is sent and answers one canned response."""

    def __init__(self, network: FakeNetwork) -> None:
        self.network = network
        self.pending = REPLY

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        chunk, self.pending = self.pending[:max_bytes], self.pending[max_bytes:]
        return chunk

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.network.written += buffer

    def close(self) -> None:
        pass

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> FakeStream:
        self.network.tls_names.append(server_hostname)
        return self

    def get_extra_info(self, info: str) -> Any:
        return None


class FakeNetwork(httpcore.NetworkBackend):
    """Records every connection attempt instead of opening a socket."""

    def __init__(self) -> None:
        self.connects: list[tuple[str, int]] = []
        self.tls_names: list[str | None] = []
        self.written = b""

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> FakeStream:
        self.connects.append((host, port))
        return FakeStream(self)


class ScriptedResolver:
    """Answers each lookup with the next scripted answer (the last one repeats)."""

    def __init__(self, *answers: Sequence[str]) -> None:
        self.answers = list(answers)
        self.lookups: list[str] = []

    def __call__(self, host: str, port: int) -> Sequence[str]:
        self.lookups.append(host)
        return self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]


def no_real_dns(host: str, port: int) -> Sequence[str]:
    """The resolver of tests that must not resolve anything."""
    raise AssertionError("a test tried real DNS")


@dataclass(frozen=True)
class Outbound:
    """The probe render's outbound modules (egress, upstream, runtime) and its allowlist."""

    egress: ModuleType
    upstream: ModuleType
    runtime: ModuleType
    settings: Any
    allowed_host: re.Pattern[str]
    base_url: str

    @property
    def host(self) -> str:
        return self.base_url.split("/")[2]

    def over(self, transport: Any) -> Any:
        """An app's runtime whose upstream calls go through `transport`."""
        return self.runtime.Runtime.for_settings(self.settings, transport=transport)

    def ping(self, runtime: Any, *, idempotent: bool) -> Any:
        """One GET to the allowlisted host through `runtime`'s client."""
        return self.upstream.send(
            runtime,
            "GET",
            self.base_url + "/ping",
            allowed_host=self.allowed_host,
            idempotent=idempotent,
            headers={},
        )


@pytest.fixture(scope="module")
def out(probe: Render) -> Outbound:
    connection = probe.module("connection")
    return Outbound(
        egress=probe.module("managed.egress"),
        upstream=probe.module("managed.upstream"),
        runtime=probe.module("managed.runtime"),
        settings=probe.module("managed.settings").Settings(app_env="test", dev_mode=True),
        allowed_host=connection.ALLOWED_HOST,
        base_url=connection.API_BASE_URL_TEMPLATE,
    )


@pytest.mark.parametrize("address", BLOCKED)
def test_non_public_answers_are_blocked_without_a_connection_attempt(
    out: Outbound, address: str
) -> None:
    network = FakeNetwork()
    resolver = ScriptedResolver([address])
    with pytest.raises(out.egress.BlockedDestinationError) as caught:
        out.egress.GuardedBackend(network, resolver).connect_tcp(out.host, 443)
    assert network.connects == []
    assert address not in str(caught.value)


def test_one_bad_answer_among_good_ones_blocks_the_host(out: Outbound) -> None:
    network = FakeNetwork()
    resolver = ScriptedResolver([PUBLIC_V4, "10.0.0.1"])
    with pytest.raises(out.egress.BlockedDestinationError):
        out.egress.GuardedBackend(network, resolver).connect_tcp(out.host, 443)
    assert network.connects == []


@pytest.mark.parametrize("address", [PUBLIC_V4, PUBLIC_V6, "64:ff9b::808:808"])
def test_public_answers_are_connected_to_exactly(out: Outbound, address: str) -> None:
    network = FakeNetwork()
    out.egress.GuardedBackend(network, ScriptedResolver([address])).connect_tcp(out.host, 443)
    assert network.connects == [(address, 443)]


@pytest.mark.parametrize("host", ["2130706433", "0x7f000001", "0177.0.0.1", "127.1"])
def test_numeric_host_tricks_are_refused_by_validation_and_after_resolution(
    out: Outbound, host: str
) -> None:
    """E43: URL validation refuses them; if one got through, its resolved address is blocked."""
    with pytest.raises(ValueError):
        out.egress.check_url(f"https://{host}/", out.allowed_host)

    # What getaddrinfo would answer, computed without DNS (inet_aton parses these forms).
    def numeric(name: str, port: int) -> Sequence[str]:
        return [socket.inet_ntoa(socket.inet_aton(name))]

    network = FakeNetwork()
    with pytest.raises(out.egress.BlockedDestinationError):
        out.egress.GuardedBackend(network, numeric).connect_tcp(host, 443)
    assert network.connects == []


def test_ip_literals_are_never_resolved_or_connected(out: Outbound) -> None:
    network = FakeNetwork()
    with pytest.raises(out.egress.BlockedDestinationError):
        out.egress.GuardedBackend(network, no_real_dns).connect_tcp(PUBLIC_V4, 443)
    assert network.connects == []


def test_rebinding_cannot_swap_the_address_between_check_and_connect(out: Outbound) -> None:
    """E44: one lookup per connection, validated and then used; a later private answer is
    refused before any connection attempt."""
    network = FakeNetwork()
    resolver = ScriptedResolver([PUBLIC_V4], ["127.0.0.1"])
    reply = out.ping(out.over(out.egress.GuardedTransport(network, resolver)), idempotent=False)
    assert reply.status == 200
    assert resolver.lookups == [out.host]
    assert network.connects == [(PUBLIC_V4, 443)]
    # TLS and Host stay on the name, so the certificate is checked for the real host.
    assert network.tls_names == [out.host]
    assert re.search(rb"\r\nHost: " + re.escape(out.host.encode()) + rb"\r\n", network.written)

    fresh_pool = out.over(out.egress.GuardedTransport(network, resolver))  # a new connection
    with pytest.raises(out.upstream.UpstreamBlocked):
        out.ping(fresh_pool, idempotent=True)
    assert network.connects == [(PUBLIC_V4, 443)]


def test_environment_proxies_are_ignored(out: Outbound, monkeypatch: pytest.MonkeyPatch) -> None:
    """E50: HTTPS_PROXY in the environment is not used; the connection goes to the upstream."""
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.invalid:3128")
    monkeypatch.setenv("ALL_PROXY", "http://proxy.invalid:3128")
    network = FakeNetwork()
    runtime = out.over(out.egress.GuardedTransport(network, ScriptedResolver([PUBLIC_V4])))
    assert runtime.client.trust_env is False
    out.ping(runtime, idempotent=False)
    assert network.connects == [(PUBLIC_V4, 443)]


def test_the_production_client_uses_the_guarded_transport(out: Outbound) -> None:
    client = out.runtime.Runtime.for_settings(out.settings).client
    assert isinstance(client._transport, out.egress.GuardedTransport)
    assert client.follow_redirects is False and client.trust_env is False


# Path values are percent-encoded as one segment (managed/operations.py): well-formed escapes
# pass, escapes that an upstream decoding the path would turn into a separator, a dot or a
# control character do not, and neither does a `%` that is not an escape.
ACCEPTED_PATHS = [
    "/users/a@b.example",
    "/users/with%20space",
    "/users/%C3%BCn%C3%AFc%C3%B8d%C3%A9",
    "/users/100%25",
    "/users/a%3Fx=1",
    "/users/a%23b",
    "/users/%7e%41",
]
REFUSED_PATHS = [
    "/users/a%2Fb",
    "/users/a%2fb",
    "/users/a%5Cb",
    "/users/a%5cb",
    "/users/%2E%2E/admin",
    "/users/%2e%2e",
    "/users/a%2Eb",
    "/users/a%00b",
    "/users/a%0D%0AX-Injected:1",
    "/users/a%1f",
    "/users/a%7F",
    "/users/a%",
    "/users/a%4",
    "/users/a%G1",
    "/users/a%%41",
]


@pytest.mark.parametrize("path", ACCEPTED_PATHS)
def test_well_formed_escapes_in_the_path_are_accepted(out: Outbound, path: str) -> None:
    url = f"https://{out.host}/api{path}"
    assert out.egress.check_url(url, out.allowed_host) == url


@pytest.mark.parametrize("path", REFUSED_PATHS)
def test_escapes_that_split_the_path_or_are_malformed_are_refused(out: Outbound, path: str) -> None:
    with pytest.raises(ValueError, match="path is not allowed"):
        out.egress.check_url(f"https://{out.host}/api{path}", out.allowed_host)
