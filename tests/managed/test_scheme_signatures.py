"""Every webhook signature scheme's verifier on its own (managed/webhooks/schemes.py, one render
per scheme): a known-answer vector computed from the vendor's documented algorithm, then every
way a request can be wrong. `verify` must answer `Verified` or `Rejected`, never anything else.
Moved here from each generated project's tests/test_webhook_signatures.py (issue #13); the
projects keep the refusals through their public webhook route (tests/test_webhooks.py)."""

from __future__ import annotations

import contextlib
import hmac
import time
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from signature_cases import (
    CASES,
    GARBAGE_TIMESTAMPS,
    NOW,
    URL,
    VECTORS,
    Scheme,
    case_names,
    schemes_of,
)

ALL = case_names()
BINDING_THE_BODY = case_names(lambda case: case.binds_body)
WITH_A_TIMESTAMP = case_names(lambda case: case.has_timestamp)
# Stripe keeps its timestamp inside the signature header: test_scheme_specific.py covers it.
WITH_A_TIMESTAMP_HEADER = case_names(
    lambda case: case.has_timestamp and case.scheme in GARBAGE_TIMESTAMPS
)
SIGNING_A_HEADER = case_names(lambda case: case.has_timestamp or case.signs_delivery_id)
UNSIGNED_DELIVERY_ID = case_names(lambda case: case.unsigned_delivery_id)
PROPERTY_SECRET = b"property-test-secret-0001"


# --- A1: the known-answer vector ------------------------------------------------------------


@schemes_of(ALL)
def test_the_known_answer_vector_verifies(scheme: Scheme) -> None:
    vector = scheme.vector
    headers = {"content-type": scheme.content_type, **vector.headers}
    request = scheme.Delivery(body=vector.body, headers=headers, url=vector.url)
    assert isinstance(scheme.verify(request, [vector.secret], vector.now), scheme.Verified)


@schemes_of(ALL)
def test_sign_reproduces_the_known_answer_vector(scheme: Scheme) -> None:
    vector = scheme.vector
    produced = scheme.schemes.sign(vector.body, vector.secret, url=vector.url, **vector.sign)
    if vector.signed is not None:
        assert produced == vector.signed
    else:
        assert produced == {k: v for k, v in vector.headers.items() if k in produced}
        assert set(produced) <= set(vector.headers)


@schemes_of(ALL)
def test_a_freshly_signed_request_verifies_and_names_its_delivery(scheme: Scheme) -> None:
    secret = scheme.new_secret()
    verified = scheme.verify(scheme.delivery(secret), [secret])
    if getattr(scheme.schemes, "DELIVERY_ID_HEADER", None) is not None:
        assert verified.delivery_id == "delivery-1"
    else:
        assert verified.delivery_id is None  # the id travels in the signed body


# --- A3-A16 ------------------------------------------------------------------------------------
# (A static token does not bind the body, that is why it is the last resort: no body tests.)


@pytest.mark.parametrize(
    "change",
    [
        lambda body: body + b" ",
        lambda body: b" " + body,
        lambda body: body[:-1],
        lambda body: body.replace(b"1", b"2", 1),
        bytes.upper,
    ],
    ids=["appended", "prepended", "truncated", "changed", "case"],
)
@schemes_of(BINDING_THE_BODY)
def test_a_modified_body_is_rejected(scheme: Scheme, change: Any) -> None:
    secret = scheme.new_secret()
    signed = scheme.delivery(secret)
    tampered = scheme.Delivery(body=change(scheme.body), headers=signed.headers, url=signed.url)
    with pytest.raises(scheme.Rejected):
        scheme.verify(tampered, [secret])


@schemes_of(ALL)
def test_a_wrong_secret_is_rejected(scheme: Scheme) -> None:
    with pytest.raises(scheme.Rejected):
        scheme.verify(scheme.delivery(scheme.new_secret()), [scheme.new_secret()])


@schemes_of(ALL)
def test_no_active_secret_rejects(scheme: Scheme) -> None:
    with pytest.raises(scheme.Rejected):
        scheme.verify(scheme.delivery(scheme.new_secret()), [])


@schemes_of(ALL)
def test_each_missing_header_is_rejected(scheme: Scheme) -> None:
    secret = scheme.new_secret()
    assert scheme.required_headers()
    for name in scheme.required_headers():
        with pytest.raises(scheme.Rejected):
            scheme.verify(scheme.without(scheme.delivery(secret), name), [secret])


MALFORMED_SIGNATURES = [
    "",
    " ",
    "v1",
    "v1,",
    "v1,a,b",
    "v1,@@@",
    "v1,  v1,",
    "sha256=",
    "sha1=",
    "v0=",
    "t=,v1=",
    "Bearer ",
    "=" * 44,
    " ".join(["v1,AAAA"] * 10_000),
    "x" * 65_536,
    "v1=\xe9",
    "sha256=\xe9" + "0" * 63,
    "\x00\r\n",
]


@schemes_of(ALL)
def test_malformed_signature_values_are_rejected_never_raised(scheme: Scheme) -> None:
    secret = scheme.new_secret()
    for value in MALFORMED_SIGNATURES:
        request = scheme.replaced(scheme.delivery(secret), scheme.schemes.SIGNATURE_HEADER, value)
        with pytest.raises(scheme.Rejected):
            scheme.verify(request, [secret])


@schemes_of(ALL)
def test_a_non_utf8_body_never_raises_anything_but_rejected(scheme: Scheme) -> None:
    secret = scheme.new_secret()
    body = b"\xff\xfe\x00not utf-8\xe9"
    # A form body must decode; every other scheme verifies the bytes as they are.
    with contextlib.suppress(scheme.Rejected):
        scheme.verify(scheme.delivery(secret, body), [secret])


@schemes_of(ALL)
def test_rotation_accepts_the_previous_secret_only_while_it_is_active(scheme: Scheme) -> None:
    old, new = scheme.new_secret(), scheme.new_secret()
    request = scheme.delivery(old)
    assert scheme.verify(request, [new, old])
    with pytest.raises(scheme.Rejected):
        scheme.verify(request, [new])


@schemes_of(ALL)
def test_comparisons_use_compare_digest_on_bytes(
    scheme: Scheme, monkeypatch: pytest.MonkeyPatch
) -> None:
    compared: list[tuple[type, type]] = []
    real = hmac.compare_digest

    def spy(a: Any, b: Any) -> bool:
        compared.append((type(a), type(b)))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    secret = scheme.new_secret()
    scheme.verify(scheme.delivery(secret), [secret])
    with pytest.raises(scheme.Rejected):
        scheme.verify(scheme.delivery(secret), [scheme.new_secret()])
    assert compared
    assert set(compared) == {(bytes, bytes)}


# --- B17-B20: the timestamp window -------------------------------------------------------------


@pytest.mark.parametrize(
    ("offset", "accepted"),
    [
        (lambda tolerance: -tolerance, True),
        (lambda tolerance: -tolerance - 1, False),
        (lambda tolerance: tolerance, True),
        (lambda tolerance: tolerance + 1, False),
        (lambda tolerance: -86_400, False),
        (lambda tolerance: 3_600, False),
    ],
    ids=["-tolerance", "-tolerance-1", "tolerance", "tolerance+1", "a-day-old", "an-hour-ahead"],
)
@schemes_of(WITH_A_TIMESTAMP)
def test_the_timestamp_window_holds_in_both_directions(
    scheme: Scheme, offset: Callable[[int], int], accepted: bool
) -> None:
    tolerance = getattr(scheme.schemes, "TOLERANCE_SECONDS", None)
    assert tolerance is not None
    secret = scheme.new_secret()
    request = scheme.delivery(secret, timestamp=NOW + offset(tolerance))
    if accepted:
        assert scheme.verify(request, [secret])
    else:
        with pytest.raises(scheme.Rejected):
            scheme.verify(request, [secret])


@schemes_of(WITH_A_TIMESTAMP_HEADER)
def test_garbage_timestamps_are_rejected(scheme: Scheme) -> None:
    secret = scheme.new_secret()
    header = getattr(scheme.schemes, "TIMESTAMP_HEADER", None)
    assert header is not None
    for timestamp in GARBAGE_TIMESTAMPS[scheme.case.scheme]:
        request = scheme.replaced(scheme.delivery(secret), header, timestamp)
        with pytest.raises(scheme.Rejected):
            scheme.verify(request, [secret])


# --- 67: random mutations never verify and never raise anything else ---------------------------


def _assert_rejected(scheme: Scheme, request: Any) -> None:
    with pytest.raises(scheme.Rejected):
        scheme.verify(request, [PROPERTY_SECRET])


def _mutate_text(value: str, index: int, replacement: str) -> str:
    index %= max(len(value), 1)
    return value[:index] + replacement + value[index + 1 :]


@schemes_of(BINDING_THE_BODY)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(index=st.integers(min_value=0), byte=st.integers(min_value=0, max_value=255))
def test_any_changed_body_byte_is_rejected(scheme: Scheme, index: int, byte: int) -> None:
    request = scheme.delivery(PROPERTY_SECRET)
    body = scheme.body
    index %= len(body)
    if body[index] == byte:
        byte ^= 0x01
    changed = body[:index] + bytes([byte]) + body[index + 1 :]
    with pytest.raises(scheme.Rejected):
        scheme.verify(
            scheme.Delivery(body=changed, headers=request.headers, url=URL), [PROPERTY_SECRET]
        )


@schemes_of(ALL)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(index=st.integers(min_value=0, max_value=19), replacement=st.characters())
def test_any_changed_signature_character_is_rejected(
    scheme: Scheme, index: int, replacement: str
) -> None:
    request = scheme.delivery(PROPERTY_SECRET)
    header = scheme.schemes.SIGNATURE_HEADER
    value = request.headers[header]
    # Change one of the signature's leading characters (after its prefix): every one of them
    # carries full bits, unlike the trailing bits of base64 padding.
    position = scheme.signature_start(value) + index
    original = value[position] if position < len(value) else ""
    if replacement.lower() == original.lower():
        replacement = "!" if original != "!" else "#"
    _assert_rejected(
        scheme, scheme.replaced(request, header, _mutate_text(value, position, replacement))
    )


@schemes_of(SIGNING_A_HEADER)
@settings(max_examples=100, deadline=None)
@given(
    choice=st.integers(min_value=0, max_value=1),
    index=st.integers(min_value=0),
    replacement=st.characters(min_codepoint=32, max_codepoint=126),
)
def test_any_changed_signed_header_character_is_rejected(
    scheme: Scheme, choice: int, index: int, replacement: str
) -> None:
    signed = [
        name for name in ("webhook-id", getattr(scheme.schemes, "TIMESTAMP_HEADER", None)) if name
    ]
    header = signed[choice % len(signed)]
    request = scheme.delivery(PROPERTY_SECRET)
    if header not in request.headers:
        return  # e.g. Stripe carries its timestamp inside the signature header
    value = request.headers[header]
    index %= len(value)
    if value[index] == replacement:
        replacement = "x" if replacement != "x" else "y"
    _assert_rejected(
        scheme, scheme.replaced(request, header, _mutate_text(value, index, replacement))
    )


@schemes_of(UNSIGNED_DELIVERY_ID)
@settings(max_examples=50, deadline=None)
@given(new_id=st.from_regex(r"[A-Za-z0-9_-]{1,40}", fullmatch=True))
def test_a_changed_unsigned_delivery_id_keeps_the_replay_identity(
    scheme: Scheme, new_id: str
) -> None:
    """The scheme does not sign its delivery id header, so the replay guard keys on the signed
    content: a replay under a fresh id is still recognised."""
    request = scheme.delivery(PROPERTY_SECRET)
    original = scheme.verify(request, [PROPERTY_SECRET])
    renamed_request = scheme.replaced(
        request, getattr(scheme.schemes, "DELIVERY_ID_HEADER", None) or "", new_id
    )
    renamed = scheme.verify(renamed_request, [PROPERTY_SECRET])
    assert renamed.replay_id == original.replay_id is not None


@schemes_of(ALL)
@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_arbitrary_headers_and_bodies_never_raise_anything_but_rejected(
    scheme: Scheme, data: st.DataObject
) -> None:
    names = st.sampled_from([*scheme.required_headers(), "content-type", "x-other"])
    headers = data.draw(st.dictionaries(names, st.text(max_size=300)))
    body = data.draw(st.binary(max_size=300))
    try:
        scheme.verify(scheme.Delivery(body=body, headers=headers, url=URL), [scheme.new_secret()])
    except scheme.Rejected:
        return
    pytest.fail("an unsigned request verified")


@schemes_of(ALL)
def test_signing_now_verifies_now(scheme: Scheme) -> None:
    secret = scheme.new_secret()
    now = int(time.time())
    assert scheme.verify(scheme.delivery(secret, timestamp=now), [secret], now)


def test_every_scheme_has_its_known_answer_vector() -> None:
    schemes = {case.scheme for case in CASES.values()}
    missing = schemes - set(VECTORS)
    assert not missing, f"add a known-answer vector to tests/managed/signature_cases.py: {missing}"
    assert set(VECTORS) == schemes, "a vector for a scheme no preset names"
