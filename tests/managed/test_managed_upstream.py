"""managed/upstream.py: no redirects, timeouts on every phase and a total deadline, a byte
cap, typed errors without bodies, retries only for idempotent calls, no unsafe path or URL
outside the allowlist. Moved here from each generated project's tests/test_upstream.py (issue
#13), which keeps the tests of its own credentials (they differ per auth scheme)."""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

import httpx
import pytest

from managed_support import Render

CANARY = "sk_live_CANARY_" + uuid.uuid4().hex
Handler = Callable[[httpx.Request], httpx.Response]


class FakeUpstream:
    """The upstream API behind an httpx.MockTransport: records requests, answers with `handler`."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.handler: Handler = lambda request: httpx.Response(404)
        self.transport = httpx.MockTransport(self)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.handler(request)


@pytest.fixture
def fake_upstream() -> FakeUpstream:
    return FakeUpstream()


@dataclass
class Wire:
    """The probe render's upstream client, wired to a fake upstream and a recorded sleep."""

    upstream: ModuleType
    credentials: ModuleType
    runtime: ModuleType
    settings: Any
    allowed_host: re.Pattern[str]
    base_url: str
    pauses: list[float] = field(default_factory=list)

    @property
    def secrets(self) -> dict[str, str]:
        return {key: CANARY + "-" + key for key in self.credentials.SECRET_KEYS}

    def runtime_for(self, fake: FakeUpstream) -> Any:
        """An app's runtime with `fake` as its transport; pauses recorded, never slept."""
        return self.runtime.Runtime.for_settings(
            self.settings, transport=fake.transport, sleep=self.pauses.append
        )

    def api(self, fake: FakeUpstream, answer: httpx.Response | None = None) -> Any:
        """A client for the test connection; `answer` is what every API call gets back."""
        fake.handler = lambda request: answer or httpx.Response(200, json={})
        runtime = self.runtime_for(fake)
        credentials = self.credentials.credentials_from(self.secrets, self.base_url, runtime)
        return self.upstream.UpstreamClient(self.base_url, credentials, runtime)

    def api_requests(self, fake: FakeUpstream) -> list[httpx.Request]:
        return [request for request in fake.requests if str(request.url).startswith(self.base_url)]


@pytest.fixture
def up(probe: Render) -> Wire:
    connection = probe.module("connection")
    return Wire(
        upstream=probe.module("managed.upstream"),
        credentials=probe.module("managed.credentials"),
        runtime=probe.module("managed.runtime"),
        settings=probe.module("managed.settings").Settings(app_env="test", dev_mode=True),
        allowed_host=connection.ALLOWED_HOST,
        base_url=connection.API_BASE_URL_TEMPLATE,
    )


@pytest.fixture
def no_waiting(up: Wire) -> list[float]:
    return up.pauses


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
@pytest.mark.parametrize("target", ["https://evil.example/steal", "/elsewhere"])
def test_redirects_are_never_followed(
    up: Wire, fake_upstream: FakeUpstream, status: int, target: str
) -> None:
    target = target if target.startswith("https:") else up.base_url + target
    client = up.api(fake_upstream, httpx.Response(status, headers={"Location": target}))
    with pytest.raises(up.upstream.UpstreamRedirect) as caught:
        client.request("GET", "/tickets/1")
    assert caught.value.code == "upstream_unavailable"
    assert all(request.url.host != "evil.example" for request in fake_upstream.requests)
    assert len(up.api_requests(fake_upstream)) == 1
    assert "evil" not in str(caught.value)


TIMEOUTS = [httpx.ConnectTimeout, httpx.ReadTimeout, httpx.WriteTimeout, httpx.PoolTimeout]


@pytest.mark.parametrize("error", TIMEOUTS)
def test_timeouts_become_a_typed_error_after_bounded_retries(
    up: Wire,
    fake_upstream: FakeUpstream,
    no_waiting: list[float],
    error: type[httpx.TimeoutException],
) -> None:
    client = up.api(fake_upstream)
    inner = fake_upstream.handler

    def hang(request: httpx.Request) -> httpx.Response:
        if str(request.url).startswith(up.base_url):
            raise error("timed out", request=request)
        return inner(request)

    fake_upstream.handler = hang
    with pytest.raises(up.upstream.UpstreamTimeout):
        client.request("GET", "/tickets/1")
    assert len(up.api_requests(fake_upstream)) == up.upstream.MAX_ATTEMPTS
    assert len(no_waiting) == up.upstream.MAX_ATTEMPTS - 1
    assert sum(no_waiting) < up.upstream.TOTAL_DEADLINE_SECONDS


def test_every_phase_has_a_timeout_and_there_is_a_total_deadline(
    up: Wire, fake_upstream: FakeUpstream, monkeypatch: pytest.MonkeyPatch
) -> None:
    timeout = up.runtime_for(fake_upstream).client.timeout
    assert None not in (timeout.connect, timeout.read, timeout.write, timeout.pool)
    monkeypatch.setattr(up.upstream, "TOTAL_DEADLINE_SECONDS", -1.0)
    client = up.api(fake_upstream, httpx.Response(200, content=iter([b"{", b"}"])))
    with pytest.raises(up.upstream.UpstreamTimeout):
        client.request("GET", "/tickets/1")


def test_a_body_over_the_cap_with_content_length_is_refused(
    up: Wire, fake_upstream: FakeUpstream
) -> None:
    big = b"x" * (up.upstream.MAX_RESPONSE_BYTES + 1)
    client = up.api(fake_upstream, httpx.Response(200, content=big))
    with pytest.raises(up.upstream.UpstreamResponseTooLarge):
        client.request("GET", "/tickets/1")


def test_a_streamed_body_over_the_cap_is_aborted_early(
    up: Wire, fake_upstream: FakeUpstream
) -> None:
    produced: list[int] = []

    def endless() -> Iterator[bytes]:
        for number in range(10_000):
            produced.append(number)
            yield b"x" * 65536

    client = up.api(fake_upstream, httpx.Response(200, content=endless()))
    with pytest.raises(up.upstream.UpstreamResponseTooLarge):
        client.request("GET", "/tickets/1")
    assert len(produced) * 65536 <= up.upstream.MAX_RESPONSE_BYTES + 2 * 65536


@pytest.mark.parametrize("body", [b"<html>not json</html>", b"{", b"[" * 100_000, b"\xff\xfe"])
def test_a_body_that_is_not_json_is_a_typed_error(
    up: Wire, fake_upstream: FakeUpstream, body: bytes
) -> None:
    client = up.api(fake_upstream, httpx.Response(200, content=body))
    with pytest.raises(up.upstream.UpstreamBadResponse) as caught:
        client.request("GET", "/tickets/1")
    assert "html" not in str(caught.value)


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 422, 429, 500, 502, 503])
def test_error_bodies_and_secrets_never_reach_the_error(
    up: Wire, fake_upstream: FakeUpstream, status: int
) -> None:
    """E49: the canary in the body (and the credential itself) is not in the message."""
    client = up.api(fake_upstream, httpx.Response(status, text=f"denied {CANARY} {up.secrets}"))
    with pytest.raises(up.upstream.UpstreamError) as caught:
        client.request("GET", "/tickets/1")
    assert CANARY not in str(caught.value) and CANARY not in repr(caught.value.args)


def test_only_idempotent_calls_are_retried(up: Wire, fake_upstream: FakeUpstream) -> None:
    client = up.api(fake_upstream, httpx.Response(503))
    with pytest.raises(up.upstream.UpstreamError):
        client.request("POST", "/tickets", json_body={"title": "x"})
    assert len(up.api_requests(fake_upstream)) == 1
    fake_upstream.requests.clear()
    with pytest.raises(up.upstream.UpstreamError):
        client.request("GET", "/tickets/1")
    assert len(up.api_requests(fake_upstream)) == up.upstream.MAX_ATTEMPTS


UNSAFE_PATHS = ["tickets", "//evil.example/x", "/../admin", "/a b", "/a%2F..%2Fb"]


@pytest.mark.parametrize("path", UNSAFE_PATHS)
def test_unsafe_paths_are_refused_before_sending(
    up: Wire, fake_upstream: FakeUpstream, path: str
) -> None:
    client = up.api(fake_upstream)
    with pytest.raises(up.upstream.UpstreamBlocked):
        client.request("GET", path)
    assert up.api_requests(fake_upstream) == []


def test_a_url_outside_the_allowlist_is_never_called(up: Wire, fake_upstream: FakeUpstream) -> None:
    with pytest.raises(up.upstream.UpstreamBlocked):
        up.upstream.send(
            up.runtime_for(fake_upstream),
            "GET",
            "https://evil.example/x",
            allowed_host=up.allowed_host,
            idempotent=True,
            headers={},
        )
    assert fake_upstream.requests == []


def test_request_log_records_keep_no_query_string(
    up: Wire, fake_upstream: FakeUpstream, caplog: pytest.LogCaptureFixture
) -> None:
    """httpx logs every request URL at INFO: a query may carry a key or a user's data."""
    caplog.set_level(logging.INFO, logger="httpx")
    up.api(fake_upstream).request("GET", "/tickets", params={"q": CANARY, "page": 2})
    assert fake_upstream.requests[0].url.params["q"] == CANARY  # sent, just not logged
    messages = [record.getMessage() for record in caplog.records if record.name == "httpx"]
    assert any(up.base_url + "/tickets " in message for message in messages), messages
    assert not [message for message in messages if CANARY in message or "?" in message]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        (None, {"key": "K"}),
        ({"page": 2}, {"page": 2, "key": "K"}),
        ({"key": "caller", "KEY": "caller", "Key": "caller", "page": 1}, {"page": 1, "key": "K"}),
    ],
    ids=["no-params", "other-params", "spoofed-in-any-case"],
)
def test_credential_params_are_set_last_and_no_caller_name_can_shadow_them(
    up: Wire, params: dict[str, str | int] | None, expected: dict[str, str | int]
) -> None:
    assert dict(up.upstream.credentials_last(params, {"key": "K"})) == expected
    assert up.upstream.credentials_last(params, {}) is params  # nothing to add
