"""managed/dev/engine.py, the engine stand-in: what `dev` and the benchmarks receive
dispatches with. Driven over real loopback HTTP, as the SDK reaches it. Moved here from each
generated project's tests (issue #13); projects keep test_dev_loop.py, which drives `dev`."""

from __future__ import annotations

import ssl
import threading
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import trustme

from managed_support import Render

KEY = "engine-key-" + uuid.uuid4().hex


def dispatch_body(reference: str | None = "ref-1", **extra: Any) -> dict[str, Any]:
    """A dispatch body shaped as the SDK sends it."""
    return {
        "id": str(uuid.uuid4()),
        "name": "on_event",
        "connectionId": "conn-1",
        "subscriptionId": "sub-1",
        "payload": {"field": "value"},
        "metadata": None if reference is None else {"referenceId": reference, "data": None},
        **extra,
    }


def post(engine: Any, body: Any, key: str | None = KEY) -> httpx.Response:
    headers = {} if key is None else {"authorization": f"Bearer {key}"}
    return httpx.post(engine.url + "/dispatch", json=body, headers=headers, trust_env=False)


@pytest.fixture(scope="module")
def stand_in(probe: Render) -> Any:
    """The stand-in class of the probe render."""
    return probe.module("managed.dev.engine").EngineStandIn


@pytest.fixture
def engine(stand_in: Any) -> Iterator[Any]:
    with stand_in(KEY) as running:
        yield running


def test_records_a_dispatch_by_id_and_reference(engine: Any) -> None:
    body = dispatch_body("ref-42")
    response = post(engine, body)
    assert response.status_code == 200
    [seen] = engine.dispatches
    assert seen.id == body["id"]
    assert (seen.trigger, seen.connection_id, seen.subscription_id) == (
        "on_event",
        "conn-1",
        "sub-1",
    )
    assert seen.payload == {"field": "value"}
    assert seen.path == "/dispatch"
    assert engine.get(body["id"]) == seen
    assert engine.by_reference("ref-42") == [seen]
    assert engine.by_reference("other") == []


def test_refuses_a_missing_or_wrong_engine_key(engine: Any) -> None:
    assert post(engine, dispatch_body(), key=None).status_code == 401
    assert post(engine, dispatch_body(), key=KEY + "x").status_code == 401
    assert engine.received == []
    assert engine.refused == 2


def test_refuses_a_body_that_is_not_a_json_object(engine: Any) -> None:
    assert post(engine, ["not", "an", "object"]).status_code == 400
    assert engine.received == []


def test_answers_a_failure_status_for_the_next_n_then_recovers(engine: Any) -> None:
    engine.answer(503, times=2)
    statuses = [post(engine, dispatch_body(f"r{n}")).status_code for n in range(3)]
    assert statuses == [503, 503, 200]
    assert [d.status for d in engine.received] == [503, 503, 200]
    assert [d.reference_id for d in engine.dispatches] == ["r2"]


def test_answers_a_failure_status_until_told_otherwise(engine: Any) -> None:
    engine.answer(500)
    assert {post(engine, dispatch_body()).status_code for _ in range(3)} == {500}
    engine.answer(200)
    assert post(engine, dispatch_body()).status_code == 200
    assert len(engine.received) == 4
    assert len(engine.dispatches) == 1


def test_calls_on_dispatch_and_survives_a_failing_callback(stand_in: Any) -> None:
    seen: list[Any] = []

    def record(dispatch: Any) -> None:
        seen.append(dispatch)
        raise RuntimeError("printer broke")

    with stand_in(KEY, on_dispatch=record) as engine:
        assert post(engine, dispatch_body("cb")).status_code == 200
    assert [d.reference_id for d in seen] == ["cb"]


def test_concurrent_dispatches_are_all_recorded(engine: Any) -> None:
    bodies = [dispatch_body(f"c{n}") for n in range(40)]
    statuses: list[int] = []
    lock = threading.Lock()

    def send(body: dict[str, Any]) -> None:
        status = post(engine, body).status_code
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=send, args=(body,)) for body in bodies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * len(bodies)
    assert engine.wait_for(len(bodies))
    assert {d.id for d in engine.dispatches} == {body["id"] for body in bodies}


def test_port_zero_picks_a_free_port_and_stop_releases_it(stand_in: Any) -> None:
    first = stand_in(KEY).start()
    second = stand_in(KEY).start()
    url = first.url
    try:
        assert url != second.url
        assert url.startswith("http://127.0.0.1:")
    finally:
        first.stop()
        second.stop()
    with pytest.raises(RuntimeError, match="not running"):
        _ = first.url
    with stand_in(KEY, port=first.port) as again:  # the port was released
        assert again.url == url


def test_rejects_a_status_that_is_not_http(stand_in: Any) -> None:
    with pytest.raises(ValueError, match="HTTP status"):
        stand_in(KEY).answer(1000)


def test_serves_https_with_a_given_ssl_context(stand_in: Any) -> None:
    authority = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(server_context)
    client_context = ssl.create_default_context()
    authority.configure_trust(client_context)
    with stand_in(KEY, ssl_context=server_context) as engine:
        assert engine.url.startswith("https://127.0.0.1:")
        response = httpx.post(
            engine.url + "/dispatch",
            json=dispatch_body("tls"),
            headers={"authorization": f"Bearer {KEY}"},
            verify=client_context,
            trust_env=False,
        )
        assert response.status_code == 200
        assert [d.reference_id for d in engine.dispatches] == ["tls"]
        with pytest.raises(httpx.HTTPError):  # plain HTTP is not served on the TLS port
            httpx.post(engine.url.replace("https", "http") + "/dispatch", json={}, trust_env=False)
