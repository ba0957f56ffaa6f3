"""The signature tests only some schemes need (managed/webhooks/schemes.py of their render):
algorithm prefixes, encodings, the signed URL and each vendor's own header format. The tests
every scheme shares are in test_scheme_signatures.py."""

from __future__ import annotations

import base64

import pytest

from signature_cases import NOW, URL, Scheme, case_names, of_scheme, schemes_of

# --- The signature header names its algorithm (`sha256=`, `v0=`): another one is a downgrade.
PREFIXES = {
    "github": ("sha256=", "sha1="),
    "jira": ("sha256=", "sha1="),
    "intercom": ("sha1=", "sha256="),
    "slack": ("v0=", "v1="),
}


@schemes_of(of_scheme(*PREFIXES))
def test_another_algorithm_prefix_is_rejected(scheme: Scheme) -> None:
    right, wrong = PREFIXES[scheme.case.scheme]
    header = scheme.schemes.SIGNATURE_HEADER
    secret = scheme.new_secret()
    valid = scheme.delivery(secret).headers[header]
    assert valid.startswith(right)
    downgraded = scheme.replaced(scheme.delivery(secret), header, valid.replace(right, wrong))
    with pytest.raises(scheme.Rejected):
        scheme.verify(downgraded, [secret])


@schemes_of(of_scheme(*PREFIXES))
def test_hex_case_does_not_matter_but_the_prefix_does(scheme: Scheme) -> None:
    header = scheme.schemes.SIGNATURE_HEADER
    secret = scheme.new_secret()
    prefix, _, digest = scheme.delivery(secret).headers[header].partition("=")
    upper = scheme.replaced(scheme.delivery(secret), header, f"{prefix}={digest.upper()}")
    assert scheme.verify(upper, [secret])
    shouting = scheme.replaced(scheme.delivery(secret), header, f"{prefix.upper()}={digest}")
    with pytest.raises(scheme.Rejected):
        scheme.verify(shouting, [secret])


# --- The upstream sends base64: a hex rendering of the same digest must not verify.


@schemes_of(of_scheme("shopify", "zendesk"))
def test_a_hex_signature_is_rejected_where_base64_is_required(scheme: Scheme) -> None:
    header = scheme.schemes.SIGNATURE_HEADER
    secret = scheme.new_secret()
    digest = base64.b64decode(scheme.delivery(secret).headers[header])
    with pytest.raises(scheme.Rejected):
        scheme.verify(scheme.replaced(scheme.delivery(secret), header, digest.hex()), [secret])


# --- The upstream signs the public URL it called (stored with the subscription).


@schemes_of(of_scheme("hubspot_v3", "twilio"))
def test_the_signature_binds_the_public_url(scheme: Scheme) -> None:
    secret = scheme.new_secret()
    signed = scheme.delivery(secret)
    moved = scheme.Delivery(body=signed.body, headers=signed.headers, url=URL + "-elsewhere")
    with pytest.raises(scheme.Rejected):
        scheme.verify(moved, [secret])
    unconfigured = scheme.Delivery(body=signed.body, headers=signed.headers, url="")
    with pytest.raises(scheme.Rejected):
        scheme.verify(unconfigured, [secret])


# --- generic-hmac ----------------------------------------------------------------------------


@schemes_of(case_names(lambda case: case.scheme == "generic_hmac" and case.data["hmac_prefix"]))
def test_a_signature_without_the_prefix_is_rejected(scheme: Scheme) -> None:
    header = scheme.schemes.SIGNATURE_HEADER
    secret = scheme.new_secret()
    bare = scheme.delivery(secret).headers[header].removeprefix(scheme.schemes.PREFIX)
    with pytest.raises(scheme.Rejected):
        scheme.verify(scheme.replaced(scheme.delivery(secret), header, bare), [secret])


# --- Standard Webhooks --------------------------------------------------------------------------


def _entry(scheme: Scheme, secret: bytes, version: str) -> str:
    return version + "," + scheme.delivery(secret).headers["webhook-signature"].split(",", 1)[1]


@pytest.mark.parametrize("version", ["v1a", "v2", "v0"])
@schemes_of(of_scheme("standard_webhooks"))
def test_another_version_alone_is_rejected(scheme: Scheme, version: str) -> None:
    secret = scheme.new_secret()
    entry = _entry(scheme, secret, version)
    request = scheme.replaced(scheme.delivery(secret), "webhook-signature", entry)
    with pytest.raises(scheme.Rejected):
        scheme.verify(request, [secret])


@schemes_of(of_scheme("standard_webhooks"))
def test_one_valid_signature_among_several_is_accepted(scheme: Scheme) -> None:
    secret = scheme.new_secret()
    valid = scheme.delivery(secret).headers["webhook-signature"]
    others = [_entry(scheme, scheme.new_secret(), "v1"), "v1a,AAAA", "v2,AAAA"]
    several = " ".join([*others, valid])
    assert scheme.verify(
        scheme.replaced(scheme.delivery(secret), "webhook-signature", several), [secret]
    )


# --- Stripe ----------------------------------------------------------------------------------


@schemes_of(of_scheme("stripe"))
def test_only_a_v0_signature_is_rejected(scheme: Scheme) -> None:
    secret = scheme.new_secret()
    v1 = scheme.delivery(secret).headers["stripe-signature"]
    request = scheme.replaced(scheme.delivery(secret), "stripe-signature", v1.replace("v1=", "v0="))
    with pytest.raises(scheme.Rejected):
        scheme.verify(request, [secret])


@schemes_of(of_scheme("stripe"))
def test_one_valid_v1_among_several_is_accepted(scheme: Scheme) -> None:
    secret = scheme.new_secret()
    valid = scheme.delivery(secret).headers["stripe-signature"]
    wrong = scheme.delivery(scheme.new_secret()).headers["stripe-signature"].split(",")[1]
    value = f"{valid},{wrong},v0=abc"
    assert scheme.verify(
        scheme.replaced(scheme.delivery(secret), "stripe-signature", value), [secret]
    )


@schemes_of(of_scheme("stripe"))
def test_two_timestamps_are_rejected(scheme: Scheme) -> None:
    secret = scheme.new_secret()
    valid = scheme.delivery(secret).headers["stripe-signature"]
    request = scheme.replaced(scheme.delivery(secret), "stripe-signature", valid + f",t={NOW}")
    with pytest.raises(scheme.Rejected):
        scheme.verify(request, [secret])


@pytest.mark.parametrize(
    "timestamp", ["hello", "1e9", "1674087231.9", "-1", "9" * 30, "", " 1700000000"]
)
@schemes_of(of_scheme("stripe"))
def test_garbage_stripe_timestamps_are_rejected(scheme: Scheme, timestamp: str) -> None:
    secret = scheme.new_secret()
    signature = scheme.delivery(secret).headers["stripe-signature"].split(",", 1)[1]
    value = f"t={timestamp},{signature}"
    with pytest.raises(scheme.Rejected):
        scheme.verify(scheme.replaced(scheme.delivery(secret), "stripe-signature", value), [secret])


# --- HubSpot v3 ------------------------------------------------------------------------------


@schemes_of(of_scheme("hubspot_v3"))
def test_a_v1_or_v2_signature_alone_is_rejected(scheme: Scheme) -> None:
    secret = scheme.new_secret()
    request = scheme.without(scheme.delivery(secret), "x-hubspot-signature-v3")
    legacy = {
        **request.headers,
        "x-hubspot-signature": "0" * 64,
        "x-hubspot-signature-version": "v2",
    }
    with pytest.raises(scheme.Rejected):
        scheme.verify(scheme.Delivery(body=request.body, headers=legacy, url=URL), [secret])


# --- Twilio ----------------------------------------------------------------------------------


@schemes_of(of_scheme("twilio"))
def test_the_default_port_may_or_may_not_be_signed(scheme: Scheme) -> None:
    secret = scheme.new_secret()
    with_port = URL.replace("hooks.example.test", "hooks.example.test:443")
    signed = scheme.schemes.sign(scheme.body, secret, delivery_id="d-1", url=with_port)
    headers = {"content-type": scheme.content_type, **signed}
    assert scheme.verify(scheme.Delivery(body=scheme.body, headers=headers, url=URL), [secret])


@schemes_of(of_scheme("twilio"))
def test_a_json_body_is_bound_by_its_body_hash(scheme: Scheme) -> None:
    secret = scheme.new_secret()
    body = b'{"MessageSid":"SM1"}'
    url = scheme.schemes.url_with_body_hash(URL, body)
    signed = scheme.schemes.sign(
        body, secret, delivery_id="d-1", url=url, content_type="application/json"
    )
    headers = {"content-type": "application/json", **signed}
    assert scheme.verify(scheme.Delivery(body=body, headers=headers, url=url), [secret])
    tampered = scheme.Delivery(body=body + b" ", headers=headers, url=url)
    with pytest.raises(scheme.Rejected):
        scheme.verify(tampered, [secret])


# --- A static bearer token ---------------------------------------------------------------------


@pytest.mark.parametrize("scheme_word", ["Basic", "bearer", "Token"])
@schemes_of(of_scheme("bearer_token"))
def test_another_authorization_scheme_is_rejected(scheme: Scheme, scheme_word: str) -> None:
    secret = scheme.new_secret()
    value = f"{scheme_word} {secret.decode()}"
    request = scheme.replaced(scheme.delivery(secret), "authorization", value)
    with pytest.raises(scheme.Rejected):
        scheme.verify(request, [secret])
