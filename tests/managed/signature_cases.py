"""The webhook signature schemes under test, one render each (issue #13): every scheme a preset
names (its first preset's default answers), plus the generic-hmac answers that change what its
verifier computes. What a scheme is (does it bind the body, sign a timestamp, sign its delivery
id) is read from the template's own resolver, `template/schemes/scheme.jinja`, so these tests
and the rendered code cannot disagree about it. Each scheme's known-answer vector is here; the
tests only some schemes need are in test_scheme_specific.py."""

from __future__ import annotations

import base64
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any
from urllib.parse import urlencode

import jinja2
import pytest

from scaffold.answers import build_spec
from scaffold.presets import WEBHOOK_PRESETS
from scaffold.render import template_dir

from managed_support import Render, Renders
from scaffold_support import GENERIC_HMAC_BASE64_TIMESTAMP

NOW = 1_700_000_000
URL = "https://hooks.example.test/acme/webhooks/trigger/subscription-1"
FORM = "application/x-www-form-urlencoded"

# Extra renders beyond one per scheme: answers that change the verifier's computation.
VARIANTS: dict[str, dict[str, Any]] = {
    "generic-hmac-base64-timestamp": GENERIC_HMAC_BASE64_TIMESTAMP,
}

# Renders plain words for Python, never HTML: nothing to escape.
_FACTS = jinja2.Environment(
    loader=jinja2.FileSystemLoader(str(template_dir())),
    autoescape=False,  # noqa: S701
).from_string(
    "{%- import 'schemes/scheme.jinja' as scheme with context -%}"
    "{{ scheme.binds_body }} {{ scheme.has_timestamp }} {{ scheme.signs_delivery_id }} "
    "{{ scheme.unsigned_delivery_id }}"
)


@dataclass(frozen=True)
class Vector:
    """A known answer: `secret` signs `body` into `headers` at `now` (`sign` holds the keyword
    arguments that make `schemes.sign` produce them)."""

    secret: bytes
    body: bytes
    headers: dict[str, str]
    now: int = NOW
    sign: dict[str, Any] = field(default_factory=dict)
    url: str = ""
    # What `sign` must produce when the vector carries more than `sign` writes (Stripe's v0).
    signed: dict[str, str] | None = None


@dataclass(frozen=True)
class Case:
    """One render's scheme and what the shared tests need to know about it."""

    name: str  # the render's variant name; the project is `scheme-<name>`
    answers: dict[str, Any]
    scheme: str
    data: dict[str, Any]  # the render's template data
    binds_body: bool
    has_timestamp: bool
    signs_delivery_id: bool
    unsigned_delivery_id: bool
    form_bodies: bool
    batched: bool

    @property
    def content_type(self) -> str:
        return FORM if self.form_bodies else "application/json"

    @property
    def body(self) -> bytes:
        if self.form_bodies:
            fields = {"MessageSid": "SM" + "1" * 32, "Body": "hello", "From": "+15550000000"}
            return urlencode(fields).encode()
        if self.batched:
            return b'[{"eventId":1,"subscriptionType":"contact.creation","objectId":2}]'
        return b'{"id":"evt_1","type":"ticket.created","data":{"id":"1","subject":"hello"}}'


def _case(name: str, answers: dict[str, Any]) -> Case:
    data = build_spec({"project_name": "scheme-" + name, **answers}).template_data()
    preset = WEBHOOK_PRESETS[answers["webhook_preset"]]
    binds_body, has_timestamp, signs_id, unsigned_id = (
        word == "True" for word in _FACTS.render(**data).split()
    )
    return Case(
        name=name,
        answers=answers,
        scheme=preset.scheme,
        data=data,
        binds_body=binds_body,
        has_timestamp=has_timestamp,
        signs_delivery_id=signs_id,
        unsigned_delivery_id=unsigned_id,
        form_bodies=preset.form_bodies,
        batched=preset.batched,
    )


def _all_cases() -> dict[str, Case]:
    first_preset_of: dict[str, str] = {}
    for name, preset in WEBHOOK_PRESETS.items():
        receives = build_spec({"project_name": "x", "webhook_preset": name}).has_webhooks
        if receives:
            first_preset_of.setdefault(preset.scheme, name)
    answers = {preset: {"webhook_preset": preset} for preset in first_preset_of.values()}
    answers.update(VARIANTS)
    return {name: _case(name, given) for name, given in answers.items()}


CASES = _all_cases()


def case_names(predicate: Callable[[Case], bool] = lambda case: True) -> list[str]:
    """The cases a test applies to, as parameters for the indirect `scheme` fixture."""
    return [name for name, case in CASES.items() if predicate(case)]


def of_scheme(*schemes: str) -> list[str]:
    return case_names(lambda case: case.scheme in schemes)


def schemes_of(names: list[str]) -> pytest.MarkDecorator:
    """Run the test once per named case, with the `scheme` fixture (conftest.py) for each."""
    return pytest.mark.parametrize("scheme", names, indirect=True)


def _random_secret() -> bytes:
    return ("test-secret-" + base64.urlsafe_b64encode(uuid.uuid4().bytes).decode()).encode()


def _standard_webhooks_secret() -> bytes:
    return ("whsec_" + base64.b64encode(uuid.uuid4().bytes * 2).decode()).encode()


# A fresh secret where the scheme's secrets have a format of their own.
_NEW_SECRET: dict[str, Callable[[], bytes]] = {"standard_webhooks": _standard_webhooks_secret}


def _generic_hmac_vector(data: dict[str, Any]) -> Vector:
    # HMAC-SHA256(b"known answer key", b"1700000000." + body, or the body alone), computed
    # independently, in each encoding.
    signed_ts = data["hmac_signed_content"] == "timestamp.body"
    signatures = {
        (True, "hex"): "8480565eee45662aa3a22c775c1e444915f90ee7170347e79367fbe5b1ea1f62",
        (True, "base64"): "hIBWXu5FZiqjoix3XB5ESRX5DucXA0fnk2f75bHqH2I=",
        (False, "hex"): "9dd79fd1ccb3b810fdd40e55e4b72f84bc0bc91637eae6e5614127dbb9448e64",
        (False, "base64"): "ndef0cyzuBD91A5V5LcvhLwLyRY36ublYUEn27lEjmQ=",
    }
    headers = {
        data["hmac_signature_header"].lower(): data["hmac_prefix"]
        + signatures[signed_ts, data["hmac_encoding"]],
        "x-delivery-id": "kat-1",
    }
    if signed_ts:
        headers[data["hmac_timestamp_header"].lower()] = "1700000000"
    return Vector(
        secret=b"known answer key",
        body=b'{"id":"1","type":"ticket.created"}',
        headers=headers,
        now=1700000000,
        sign={"delivery_id": "kat-1", "timestamp": 1700000000},
    )


_STRIPE_V1 = "v1=a2f548b5f8757fac95df793b561e65277b0c169f6bc841e4f3e4f7fe96ccf4a0"
_TWILIO_FORM = {
    "CallSid": "CA1234567890ABCDE",
    "Caller": "+14158675309",
    "Digits": "1234",
    "From": "+14158675309",
    "To": "+18005551212",
}
VECTORS: dict[str, Callable[[dict[str, Any]], Vector]] = {
    # The Standard Webhooks spec's published example (standard-webhooks/spec): not a credential.
    "standard_webhooks": lambda _: Vector(
        secret=b"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        body=b'{"test": 2432232314}',
        headers={
            "webhook-id": "msg_p5jXN8AQM9LWM0D4loKWxJek",
            "webhook-timestamp": "1614265330",
            "webhook-signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
        },
        now=1614265330,
        sign={"delivery_id": "msg_p5jXN8AQM9LWM0D4loKWxJek", "timestamp": 1614265330},
    ),
    # HMAC-SHA256(key=b"whsec_known answer key", b"1700000000." + body), computed independently.
    "stripe": lambda _: Vector(
        secret=b"whsec_known answer key",
        body=b'{"id":"evt_1"}',
        headers={"stripe-signature": f"t=1700000000,{_STRIPE_V1},v0=00"},
        now=1700000000,
        sign={"timestamp": 1700000000},
        signed={"stripe-signature": f"t=1700000000,{_STRIPE_V1}"},
    ),
    # GitHub's published example (docs: validating webhook deliveries).
    "github": lambda _: Vector(
        secret=b"It's a Secret to Everybody",
        body=b"Hello, World!",
        headers={
            "x-hub-signature-256": "sha256="
            "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
            "x-github-delivery": "72d3162e-cc78-11e3-81ab-4c9367dc0958",
        },
        sign={"delivery_id": "72d3162e-cc78-11e3-81ab-4c9367dc0958"},
    ),
    # HMAC-SHA256(key=b"known answer key", b"v0:1531420618:" + body) in hex, computed
    # independently.
    "slack": lambda _: Vector(
        secret=b"known answer key",
        body=b"token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J",
        headers={
            "x-slack-request-timestamp": "1531420618",
            "x-slack-signature": "v0="
            "4e5502153420288ee5e361e75487bd390766b66c8eaeae67faf26d3912735779",
        },
        now=1531420618,
        sign={"timestamp": 1531420618},
    ),
    # base64(HMAC-SHA256(key=b"known answer key", body)), computed independently.
    "shopify": lambda _: Vector(
        secret=b"known answer key",
        body=b'{"id":1}',
        headers={
            "x-shopify-hmac-sha256": "hRJu75dI77BLpbXkv8Ck+RqNXyzSpkIvM3BJVw5rOLs=",
            "x-shopify-event-id": "kat-1",
        },
        sign={"delivery_id": "kat-1"},
    ),
    # Zendesk's documented test secret (it decodes to "this_secret_is_for_testing_only"; the
    # HMAC key is the base64 string itself) and base64(HMAC-SHA256(TIMESTAMP + BODY)).
    "zendesk": lambda _: Vector(
        secret=base64.b64encode(b"this_secret_is_for_testing_only"),
        body=b'{"id":"1"}',
        headers={
            "x-zendesk-webhook-signature-timestamp": "2021-07-25T10:00:00Z",
            "x-zendesk-webhook-signature": "jfvfbX6P6BUFGR93Jv3zGWTF+5AbPVCkILZR58jtp8s=",
        },
        now=1627207200,  # 2021-07-25T10:00:00Z
        sign={"timestamp": 1627207200},
    ),
    # base64(HMAC-SHA256(b"known answer key", b"POST" + uri + body + b"1700000000000")),
    # computed independently.
    "hubspot_v3": lambda _: Vector(
        secret=b"known answer key",
        body=b'[{"eventId":1}]',
        headers={
            "x-hubspot-request-timestamp": "1700000000000",
            "x-hubspot-signature-v3": "wNHh99wrbTTDY3U4EFT1GNN6A0fk9WyZASI5mm6dti4=",
        },
        now=1700000000,
        sign={"timestamp": 1700000000},
        url="https://hooks.example.test/webhooks/x/sub1",
    ),
    # HMAC-SHA1(key=b"known answer key", body) in hex, computed independently.
    "intercom": lambda _: Vector(
        secret=b"known answer key",
        body=b'{"type":"notification_event","id":"notif_1","topic":"conversation.user.created"}',
        headers={"x-hub-signature": "sha1=816ae2b14d2944b3f87b399edab26d9f194c71cd"},
    ),
    # HMAC-SHA256(key=b"known answer key", body) in hex, computed independently.
    "jira": lambda _: Vector(
        secret=b"known answer key",
        body=b'{"webhookEvent":"jira:issue_created"}',
        headers={
            "x-hub-signature": "sha256="
            "0c08278fa9db3bd387c8823a1e0720f910589033dd9f17cec382cfee667568cd",
            "x-atlassian-webhook-identifier": "kat-1",
        },
        sign={"delivery_id": "kat-1"},
    ),
    # Twilio's documented example: Auth Token 12345, this URL and these form parameters.
    "twilio": lambda _: Vector(
        secret=b"12345",
        body=urlencode(_TWILIO_FORM).encode(),
        headers={
            "content-type": FORM,
            "x-twilio-signature": "RSOYDt4T1cUTdK1PDd93/VVr8B8=",
            "i-twilio-idempotency-token": "kat-1",
        },
        sign={"delivery_id": "kat-1"},
        url="https://mycompany.com/myapp.php?foo=1&bar=2",
    ),
    "generic_hmac": _generic_hmac_vector,
    # A static token: the header carries the secret itself.
    "bearer_token": lambda _: Vector(
        secret=b"known-answer-token",
        body=b'{"id":"1"}',
        headers={"authorization": "Bearer known-answer-token", "x-delivery-id": "kat-1"},
        sign={"delivery_id": "kat-1"},
    ),
}

# Where the encoded signature starts in the signature header (after its prefix).
_SIGNATURE_START: dict[str, Callable[[str, ModuleType], int]] = {
    "standard_webhooks": lambda value, _: len("v1,"),
    "stripe": lambda value, _: value.index("v1=") + len("v1="),
    "github": lambda value, _: len("sha256="),
    "jira": lambda value, _: len("sha256="),
    "intercom": lambda value, _: len("sha1="),
    "slack": lambda value, _: len("v0="),
    "generic_hmac": lambda value, schemes: len(schemes.PREFIX),
    "bearer_token": lambda value, _: len("Bearer "),
}

_DEFAULT_GARBAGE = ("hello", "1e9", "1674087231.9", "-1", "9" * 30, "", " 1700000000")
# Timestamp header values that must never verify; Stripe's timestamp is inside its signature
# header, so test_scheme_specific.py has its own test.
GARBAGE_TIMESTAMPS: dict[str, tuple[str, ...]] = {
    "standard_webhooks": _DEFAULT_GARBAGE,
    "slack": _DEFAULT_GARBAGE,
    "generic_hmac": _DEFAULT_GARBAGE,
    "hubspot_v3": ("hello", "1e12", "1700000000000.5", "-1", "9" * 30, "", "1700000000"),
    "zendesk": (
        "hello",
        "1700000000",
        "2023-11-14 22:13:20",
        "2023-11-14T22:13:20+02:00",
        "2023-11-14T22:13:20",
        "2023-13-45T99:13:20Z",
        "",
    ),
}


class Scheme:
    """One render's `managed/webhooks/schemes.py` with the helpers its tests share."""

    def __init__(self, case: Case, render: Render) -> None:
        self.case = case
        self.schemes = render.module("managed.webhooks.schemes")
        verification = render.module("managed.webhooks.verification")
        self.Delivery = verification.Delivery
        self.Rejected: type[Exception] = verification.Rejected
        self.Verified = verification.Verified
        self.body = case.body
        self.content_type = case.content_type
        self.vector = VECTORS[case.scheme](case.data)

    def new_secret(self) -> bytes:
        return _NEW_SECRET.get(self.case.scheme, _random_secret)()

    def delivery(
        self,
        secret: bytes,
        body: bytes | None = None,
        *,
        timestamp: int = NOW,
        delivery_id: str = "delivery-1",
        headers: dict[str, str] | None = None,
    ) -> Any:
        """A request signed with `sign()`; `headers` override what it produced."""
        body = self.body if body is None else body
        signed = self.schemes.sign(
            body, secret, delivery_id=delivery_id, timestamp=timestamp, url=URL
        )
        merged = {"content-type": self.content_type, **signed, **(headers or {})}
        return self.Delivery(body=body, headers={k.lower(): v for k, v in merged.items()}, url=URL)

    def without(self, request: Any, name: str) -> Any:
        headers = {k: v for k, v in request.headers.items() if k != name}
        return self.Delivery(body=request.body, headers=headers, url=request.url)

    def replaced(self, request: Any, name: str, value: str) -> Any:
        headers = {**request.headers, name: value}
        return self.Delivery(body=request.body, headers=headers, url=request.url)

    def verify(self, request: Any, secrets: list[bytes], now: float = NOW) -> Any:
        return self.schemes.verify(request, secrets, now)

    def required_headers(self) -> list[str]:
        # A scheme's module defines TIMESTAMP_HEADER / DELIVERY_ID_HEADER only when it has them.
        schemes = self.schemes
        names = (
            schemes.SIGNATURE_HEADER,
            getattr(schemes, "TIMESTAMP_HEADER", None),
            getattr(schemes, "DELIVERY_ID_HEADER", None),
        )
        return [name for name in names if name is not None]

    def signature_start(self, value: str) -> int:
        return _SIGNATURE_START.get(self.case.scheme, lambda value, _: 0)(value, self.schemes)


def scheme_for(name: str, renders: Renders) -> Scheme:
    case = CASES[name]
    return Scheme(case, renders.get("scheme-" + name, **case.answers))
