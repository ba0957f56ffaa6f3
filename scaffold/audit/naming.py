"""Does an identifier name a secret, and does a string literal look like a real credential?

Names are split into words (`webhookSecret`, `WEBHOOK_SECRET` and `webhook_secret` all give
`webhook secret`), then judged word by word so that near-misses stay quiet: `token_url`,
`api_key_header`, `max_tokens`, `is_secret` and `client_id` are not secrets.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter

_WORDS = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")

# A word that makes a name secret on its own (compare Sentry's and detect-secrets' key lists,
# REFERENCE §4.1/§4.2).
_SECRET_WORDS = frozenset(
    {
        "password", "passwd", "pwd", "passphrase", "secret", "secrets", "token", "apikey",
        "credential", "credentials", "privatekey", "bearer", "cookie", "authorization",
    }
)  # fmt: skip

# `key` is secret only after one of these (`api_key`, `private_key`, not `public_key`).
_KEY_QUALIFIERS = frozenset(
    {
        "api", "auth", "service", "account", "db", "database", "priv", "private", "client",
        "secret", "access", "signing", "encryption", "master", "webhook", "hmac", "app",
        "license", "consumer", "shared", "server", "storage", "engine", "admin", "root",
        "developer", "partner", "merchant",
    }
)  # fmt: skip

# A last word that turns a secret-sounding name into metadata about the secret.
_METADATA_WORDS = frozenset(
    {
        "url", "uri", "urls", "endpoint", "header", "headers", "name", "names", "id", "ids",
        "type", "types", "length", "len", "count", "field", "fields", "path", "file", "dir",
        "env", "var", "ttl", "expiry", "expires", "expiration", "at", "enabled", "required",
        "prefix", "suffix", "format", "location", "param", "params", "parameter", "kind",
        "mode", "hint", "label", "limit", "max", "min", "size", "timeout", "version", "scheme",
        "pattern", "regex", "policy", "ref", "hash", "hashed", "fingerprint", "digest",
        "algorithm", "alg", "description", "doc", "docs", "help", "model", "schema", "method",
        "methods", "style", "provider", "strategy", "source", "store", "manager", "cls",
        "class", "set", "list", "keys", "lifetime", "age", "seconds", "minutes", "hours",
        "placeholder", "example", "masked", "redacted", "error", "errors", "info", "status",
        "state", "valid", "ok", "present", "missing", "configured", "used", "usage", "scope",
        "scopes", "rotated", "refreshed",
    }
)  # fmt: skip

# A first word that makes the name a flag or a number about a secret (`is_secret`, `max_tokens`).
_FLAG_WORDS = frozenset(
    {
        "is", "has", "use", "uses", "require", "requires", "allow", "num", "max", "min",
        "no", "enable", "with", "without", "should", "can", "needs",
    }
)  # fmt: skip

# Words that make a name a signature or digest (`signature`, `expected_hmac`, `sig`), which
# _METADATA_WORDS would otherwise treat as metadata about a secret (`digest`).
_DIGEST_WORDS = frozenset(
    {"signature", "signatures", "sig", "sigs", "digest", "hexdigest", "hmac", "mac"}
)

_PLACEHOLDER_MARKERS = (
    "example", "placeholder", "changeme", "change_me", "change-me", "your_", "your-", "<",
    ">", "xxxx", "dummy", "fake", "redacted", "sample", "${", "{{", "...", "****", "todo",
)  # fmt: skip

_ENV_VAR_NAME = re.compile(r"[A-Z][A-Z0-9_]*")
# Characters that make a literal a regex or a template rather than a key (`[a-z]+`, `{id}`).
_PATTERN_CHARACTERS = frozenset("[](){}|^$*?\\")


def words(identifier: str) -> list[str]:
    """The lower-cased words of an identifier or header name."""
    return [word.lower() for word in _WORDS.findall(identifier)]


@functools.lru_cache(maxsize=8192)  # identifiers repeat a lot across a project
def is_secret_name(identifier: str) -> bool:
    """True when `identifier` names a secret value rather than metadata about one."""
    parts = words(identifier)
    if not parts or parts[0] in _FLAG_WORDS or parts[-1] in _METADATA_WORDS:
        return False
    if parts[-1] == "auth":  # `basic_auth`, `auth`; but not `auth0` or `auth_url`
        return True
    for index, word in enumerate(parts):
        if word in _SECRET_WORDS:
            return True
        if word == "key" and index > 0 and parts[index - 1] in _KEY_QUALIFIERS:
            return True
        if word == "pass" and index > 0 and parts[index - 1] in {"db", "database", "key"}:
            return True
    return False


@functools.lru_cache(maxsize=8192)
def is_digest_name(identifier: str) -> bool:
    """True when `identifier` names a signature or digest value (`signature`, `expected_mac`).

    Not its metadata: `signature_header`, `signature_version` and `mac_address` are not.
    """
    parts = words(identifier)
    if not parts or parts[0] in _FLAG_WORDS or "address" in parts:
        return False
    if parts[-1] in _METADATA_WORDS and parts[-1] not in _DIGEST_WORDS:
        return False
    return any(word in _DIGEST_WORDS for word in parts)


def is_placeholder(value: str) -> bool:
    """True for documentation placeholders such as `sk_live_...` or `<your token>`."""
    lowered = value.lower()
    return any(marker in lowered for marker in _PLACEHOLDER_MARKERS)


def shannon_entropy(value: str) -> float:
    """Bits of entropy per character of `value`."""
    if not value:
        return 0.0
    counts = Counter(value)
    total = len(value)
    return -sum(count / total * math.log2(count / total) for count in counts.values())


def looks_like_credential(value: str) -> bool:
    """True for a literal that looks randomly generated: long, mixed, high entropy.

    Env var names (`MY_API_KEY`), header names, URLs, sentences and placeholders do not.
    """
    if not 16 <= len(value) <= 4096 or any(character.isspace() for character in value):
        return False
    if is_placeholder(value) or "://" in value or _ENV_VAR_NAME.fullmatch(value):
        return False
    if sum(character in _PATTERN_CHARACTERS for character in value) >= 2:
        return False
    digits = sum(character.isdigit() for character in value)
    upper = sum(character.isupper() for character in value)
    lower = sum(character.islower() for character in value)
    # Generated keys mix several digits into letters (hex, base62) or mix cases throughout;
    # names like `types-auth0-python` or `my-service-v2` do neither.
    mixed = (digits >= 3 and upper + lower >= 3) or (upper >= 2 and lower >= 2)
    return mixed and shannon_entropy(value) >= 3.0


def redact(value: str) -> str:
    """A short, safe preview of a secret for reports: the first characters and a length."""
    visible = value[:8] if len(value) > 16 else value[:3]
    return f"{visible}... ({len(value)} chars)"
