"""The redacting logger (managed/log.py, managed/redaction.py, managed/secrets.py): every record
from every logger leaves the process without secrets, whatever logs them. Moved here from each
generated project's tests/test_redaction.py (issue #13); the projects keep the end-to-end proof
that no route and no log line carries a canary (tests/test_canary.py)."""

from __future__ import annotations

import base64
import json
import logging
import random
import re
import secrets
import string
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from urllib.parse import quote

import pytest
from pydantic import SecretStr

from managed_support import Render


@pytest.fixture
def redaction(probe: Render) -> Iterator[ModuleType]:
    module = probe.module("managed.redaction")
    yield module
    module.secret_registry.forget()  # values registered here must not mask the next test


@pytest.fixture
def log(probe: Render, restored_logging: None, settings_environment: Path) -> ModuleType:
    """managed/log.py, with the suite's logging restored and no LOG_LEVEL from the shell."""
    return probe.module("managed.log")


@pytest.fixture
def stderr_lines(
    probe: Render, log: ModuleType, capsys: pytest.CaptureFixture[str]
) -> Callable[[], list[str]]:
    """Install the app's logging (dev mode: readable lines) and read what it writes."""
    settings = probe.module("managed.settings").Settings
    log.configure_logging(settings(app_env="test", dev_mode=True, log_level="DEBUG"))

    def read() -> list[str]:
        return log_lines(capsys.readouterr().err)

    return read


def log_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def _random(alphabet: str, length: int) -> str:
    return "".join(secrets.choice(alphabet) for _ in range(length))


def plain_secret() -> str:
    """A value no pattern recognises: only the registry can catch it."""
    return "plain" + _random(string.ascii_lowercase, 24)


def test_registered_values_are_masked_in_every_encoding(redaction: ModuleType) -> None:
    value = plain_secret()
    redaction.register_secrets([value])
    raw = value.encode()
    forms = [
        value,
        base64.b64encode(raw).decode(),
        base64.urlsafe_b64encode(raw).decode().rstrip("="),
        quote(value, safe=""),
        raw.hex(),
        raw.hex().upper(),
        json.dumps(value)[1:-1],
        # Basic credentials put the value at an arbitrary byte offset inside the base64.
        base64.b64encode(b"user:" + raw).decode(),
        base64.b64encode(b"ab" + raw + b"cd").decode(),
    ]
    for form in forms:
        assert value not in redaction.redact(f"before {form} after")
        assert form not in redaction.redact(f"before {form} after"), form


def _both_paths(redaction: ModuleType, **options: int) -> tuple[object, object]:
    """A registry that always uses one alternation and one that always uses the index."""
    one_pattern = redaction.SecretRegistry(max_forms_in_one_pattern=10**9, **options)
    indexed = redaction.SecretRegistry(max_forms_in_one_pattern=0, **options)
    return one_pattern, indexed


def test_the_prefix_index_masks_exactly_what_one_pattern_masks(redaction: ModuleType) -> None:
    chooser = random.Random(1202)  # noqa: S311 (fixed: a failure names the same text)
    one_pattern, indexed = _both_paths(redaction)
    values = ["".join(chooser.choices("abcXY12-_+/=", k=chooser.randint(8, 20))) for _ in range(40)]
    values += ["overlap-secret", "overlap-secret-longer", "secret-longer-still"]
    for registry in (one_pattern, indexed):
        registry.register_all(values)  # type: ignore[attr-defined]
    forms = sorted({form for value in values for form in redaction.encodings(value)})
    noise = ["", " ", "a", "ab/", "-", "==", "\n", "overlap-", "secret"]
    for _ in range(5_000):
        text = "".join(
            chooser.choice([chooser.choice(forms), chooser.choice(noise)]) for _ in range(6)
        )
        assert indexed.redact(text) == one_pattern.redact(text), text  # type: ignore[attr-defined]
        assert indexed.redact(text) != text or not any(form in text for form in forms)  # type: ignore[attr-defined]


def test_a_large_registry_masks_every_encoding_and_takes_new_values_at_once(
    redaction: ModuleType,
) -> None:
    registry = redaction.SecretRegistry()
    registry.register_all(plain_secret() for _ in range(500))  # beyond one pattern's size
    value = plain_secret()
    registry.register(value)
    raw = value.encode()
    for form in (value, base64.b64encode(b"user:" + raw).decode(), raw.hex(), quote(value)):
        masked = registry.redact(f"x {form} y")
        assert redaction.REDACTED in masked and form not in masked, form


def test_evicted_values_are_no_longer_masked_and_pinned_ones_stay(redaction: ModuleType) -> None:
    for registry in _both_paths(redaction, max_entries=2):
        pinned, first, second, third = (plain_secret() for _ in range(4))
        registry.register(pinned, pinned=True)  # type: ignore[attr-defined]
        for value in (first, second, third):  # first is the least recently seen: evicted
            registry.register(value)  # type: ignore[attr-defined]
        text = " ".join((pinned, first, second, third))
        masked = registry.redact(text).split()  # type: ignore[attr-defined]
        assert masked == [redaction.REDACTED, first, redaction.REDACTED, redaction.REDACTED]
        assert first not in registry and pinned in registry


def test_short_values_are_not_registered(redaction: ModuleType) -> None:
    redaction.register_secrets(["admin"])
    assert redaction.redact("admin logged in") == "admin logged in"


def _credential_samples() -> list[tuple[str, str]]:
    """(text, the secret part of it) for each family of secret-looking patterns."""
    hex24 = secrets.token_hex(12)
    pem_body = secrets.token_hex(32)
    samples = [
        ("Bearer " + hex24, hex24),
        ("Authorization: Bearer " + hex24, hex24),
        (
            "Basic " + base64.b64encode(hex24.encode()).decode(),
            base64.b64encode(hex24.encode()).decode(),
        ),
        ("whsec_" + hex24, "whsec_" + hex24),
        ("sk_live_" + hex24, "sk_live_" + hex24),
        ("AKIA" + _random(string.ascii_uppercase + string.digits, 16), ""),
        ("xoxb-" + _random(string.digits, 11) + "-" + hex24, hex24),
        ("ghp_" + _random(string.ascii_letters + string.digits, 36), ""),
        (
            "-----BEGIN RSA PRIVATE KEY-----\n" + pem_body + "\n-----END RSA PRIVATE KEY-----",
            pem_body,
        ),
        ("https://user:" + hex24 + "@db.internal/x", hex24),
        ("https://api.example/cb?token=" + hex24 + "&page=2", hex24),
        ("apiKey=" + hex24, hex24),
        ("{'client_secret': '" + hex24 + "'}", hex24),
    ]
    jwt = "eyJ" + secrets.token_urlsafe(12) + ".eyJ" + secrets.token_urlsafe(20) + "." + hex24
    samples.append((jwt, jwt))
    return [(text, secret or text) for text, secret in samples]


CREDENTIAL_KINDS = [
    "bearer",
    "authorization-header",
    "basic",
    "whsec",
    "stripe-key",
    "aws-key",
    "slack-token",
    "github-token",
    "pem-key",
    "url-userinfo",
    "url-query",
    "key-value",
    "python-dict",
    "jwt",
]


# ids: the samples are random, and pytest-xdist workers must collect the same test ids.
@pytest.mark.parametrize(("text", "secret"), _credential_samples(), ids=CREDENTIAL_KINDS)
def test_credential_patterns_are_masked(redaction: ModuleType, text: str, secret: str) -> None:
    redacted = redaction.redact(f"context {text} end")
    assert redaction.REDACTED in redacted and secret not in redacted


# Long s, dotless i and the Kelvin sign fold to ASCII under (?i): the prefilter must not miss them.
_CREDENTIAL_PIECES = [
    *("Bearer ", "basic ", "BA\u017fIC ", "eyJ", "eyJhbGc", ".", "whsec_", "whsk_", "sk_live_"),
    *("rk_test_", "sk_test_", "rk_live_", "k_live", "AKIA", "ASIA", "ABIA", "ACCA", "A3TX"),
    *("xoxb-", "XOXP-", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "gh", "SG.", "whs"),
    *("https://", "user:pw@", "://", "?token=", "&sig=", "?code=", "&\u017fecret=", "=", "?"),
    *("ABCDEFGHIJ234567", "a1b2c3d4", "ABCDEFGHIJ234567abcdefgh_9"),
    *(" ", "\t", "_", "-", "=", "@", "/", "\u0131", "\u212a", "\u00e9"),
]


def test_skipped_scans_mask_exactly_what_every_scan_masks(redaction: ModuleType) -> None:
    # A pattern skips the texts that hold none of its `needs`: never one it would change.
    chooser = random.Random(20261203)  # noqa: S311 (fixed: a failure names the same text)
    for _ in range(20_000):
        text = "".join(chooser.choices(_CREDENTIAL_PIECES, k=chooser.randint(1, 16)))
        expected = text
        for credential in redaction.PATTERNS:
            expected = credential.pattern.sub(credential.replacement, expected)
        masked = text
        for credential in redaction.PATTERNS:
            masked = credential.sub(masked)
        assert masked == expected, text


# The single pattern the keyed-value masking replaced (it retried every key name at each
# backtracking step): the new two-step search must mask exactly what it masked.
_ONE_PATTERN_KEYS = (
    r"password|passwd|pwd|secret|api[-_]?key|apikey|auth[-_]?token|access[-_]?token"
    r"|refresh[-_]?token|id[-_]?token|client[-_]?secret|private[-_]?key|credentials?"
    r"|signature|webhook[-_]?secret|signing[-_]?secret|authorization|cookie|set-cookie"
    r"|x-api-key|api-key|x-auth-token|clientstate|sharedsecret|dsn"
)
_ONE_PATTERN = re.compile(
    r"(?i)\b([\w.-]*(?:" + _ONE_PATTERN_KEYS + r")[\w.-]*)(['\"]?\s*[:=]\s*['\"]?)"
    r"((?:(?:bearer|basic|token)\s+)?[^\s\"',;&{}\[\]]+)"
)
_KEYED_PIECES = [
    *("password", "Api-Key", "x-api-key", "clientSecret", "pwd", "token", "Bearer ", "dsn"),
    *("path", "note", "a.b", "-", ".", "_", "=", ":", " ", "'", '"', ",", "&", "{", "}", "/"),
    *("abc", "XYZ12", "\n", "==", ": ", "=token "),
]


def test_keyed_values_are_masked_as_the_single_pattern_masked_them(
    redaction: ModuleType,
) -> None:
    chooser = random.Random(20261202)  # noqa: S311 (fixed: a failure names the same text)
    for _ in range(20_000):
        text = "".join(chooser.choices(_KEYED_PIECES, k=chooser.randint(1, 14)))
        expected = _ONE_PATTERN.sub(r"\1\2" + redaction.REDACTED, text)
        assert redaction.mask_keyed_values(text) == expected, text


def test_every_logger_goes_through_the_redacting_handler(
    probe: Render, redaction: ModuleType, stderr_lines: Callable[[], list[str]]
) -> None:
    value = plain_secret()
    redaction.register_secrets([value])
    for name in (f"{probe.package}.fns.child", "httpx", "uvicorn.error", "integrations_sdk.server"):
        logging.getLogger(name).warning("value=%s from %s", value, name)
    lines = stderr_lines()
    assert len(lines) == 4
    assert all(value not in line and redaction.REDACTED in line for line in lines)


def test_uvicorn_handlers_are_replaced_by_the_root_handler(
    log: ModuleType, stderr_lines: Callable[[], list[str]]
) -> None:
    uvicorn_logger = logging.getLogger("uvicorn.access")
    uvicorn_logger.addHandler(logging.StreamHandler())
    uvicorn_logger.propagate = False
    log.adopt_server_loggers()
    assert uvicorn_logger.handlers == [] and uvicorn_logger.propagate


def test_tracebacks_are_redacted(
    probe: Render, redaction: ModuleType, stderr_lines: Callable[[], list[str]]
) -> None:
    value = plain_secret()
    redaction.register_secrets([value])
    try:
        raise RuntimeError(f"upstream said {value}")
    except RuntimeError:
        logging.getLogger(probe.package).exception("call failed")
    output = "\n".join(stderr_lines())
    assert "RuntimeError" in output and value not in output


def test_cr_lf_cannot_forge_a_log_line(
    probe: Render, stderr_lines: Callable[[], list[str]]
) -> None:
    logging.getLogger(probe.package).warning("header=%s", "x\r\nINFO forged line")
    lines = stderr_lines()
    assert len(lines) == 1 and "\\r\\n" in lines[0]


def test_every_line_carries_the_request_id(
    log: ModuleType, stderr_lines: Callable[[], list[str]]
) -> None:
    token = log.request_id.set("req-" + uuid.uuid4().hex)
    try:
        logging.getLogger("httpx").info("HTTP Request: GET https://api.example")
        current = log.request_id.get()
    finally:
        log.request_id.reset(token)
    [line] = stderr_lines()
    assert f"[{current}]" in line


def test_production_writes_redacted_json_lines(
    probe: Render,
    log: ModuleType,
    redaction: ModuleType,
    capsys: pytest.CaptureFixture[str],
) -> None:
    token = secrets.token_urlsafe(32)
    settings = probe.module("managed.settings").Settings(
        app_env="production",
        dev_mode=False,
        auth_token=token,
        connection_server_url="https://engine.ebbot.test",
        connection_server_key=secrets.token_urlsafe(32),
    )
    log.configure_logging(settings)
    logging.getLogger("integrations_sdk.server").error("token %s\nsecond line", token)
    [line] = log_lines(capsys.readouterr().err)
    entry = json.loads(line)
    assert entry["level"] == "ERROR" and entry["logger"] == "integrations_sdk.server"
    assert entry["request_id"] and token not in line


def test_a_secrets_model_never_renders_its_values(probe: Render) -> None:
    stored_secrets = probe.module("managed.secrets").StoredSecrets

    class Secrets(stored_secrets):  # type: ignore[misc,valid-type]
        api_key: SecretStr

    value = plain_secret()
    model = Secrets(api_key=SecretStr(value))
    assert value not in repr(model) and value not in str(model)
    assert value not in model.model_dump_json()
    assert model.model_dump()["api_key"] == value  # storage, and only storage, gets the value
