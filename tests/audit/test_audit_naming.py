"""The name and literal heuristics behind several rules, table-driven."""

from __future__ import annotations

import pytest

from scaffold.audit.naming import is_secret_name, looks_like_credential, redact, words


@pytest.mark.parametrize(
    ("identifier", "expected"),
    [
        ("webhookSecret", ["webhook", "secret"]),
        ("WEBHOOK_SECRET", ["webhook", "secret"]),
        ("APIKey", ["api", "key"]),
        ("x-api-key", ["x", "api", "key"]),
    ],
)
def test_words(identifier: str, expected: list[str]) -> None:
    assert words(identifier) == expected


SECRET_NAMES = [
    "api_key", "apiKey", "x_api_key", "client_secret", "webhook_secret", "auth_token",
    "access_token", "refresh_token", "password", "db_pass", "private_key", "signing_key",
    "connection_server_key", "Authorization", "session_cookie", "basic_auth", "verify_token",
]  # fmt: skip
NOT_SECRET_NAMES = [
    "token_url", "api_key_header", "max_tokens", "client_id", "is_secret", "has_token",
    "auth_method", "public_key", "secret_name", "password_min_length", "private_key_path",
    "token_expiry", "cache_key", "routing_key", "content-type", "tokens", "signature",
    "username", "key", "auth0", "auth_url",
]  # fmt: skip


@pytest.mark.parametrize("identifier", SECRET_NAMES)
def test_secret_names(identifier: str) -> None:
    assert is_secret_name(identifier)


@pytest.mark.parametrize("identifier", NOT_SECRET_NAMES)
def test_names_about_secrets_are_not_secrets(identifier: str) -> None:
    assert not is_secret_name(identifier)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Q7pL2mX9vR4tK8wN3bZ6", True),
        ("3f2a9c1e7b6d4a08a1c2e3f4b5d6c7e8", True),
        ("MY_SERVICE_API_KEY", False),  # an env var name
        ("my-service-api-key", False),  # one character class: a word, not a key
        ("changeme-Placeholder-123", False),
        ("https://auth.example.test/token", False),
        ("Bearer abc123DEF456ghi789", False),  # contains a space
        ("short1A", False),
        ("types-auth0-python", False),  # words, not a generated key
        (r"[-!#$%&'*+.^_`|~0-9a-zA-Z]+", False),  # a regex
        ("{base_url}/v2/{resource_id}", False),  # a template
    ],
)
def test_looks_like_credential(value: str, expected: bool) -> None:
    assert looks_like_credential(value) is expected


def test_redact_never_shows_the_whole_value() -> None:
    value = "Q7pL2mX9vR4tK8wN3bZ6Q7pL2mX9"
    assert redact(value) == "Q7pL2mX9... (28 chars)"
    assert value not in redact(value)
