# Managed by scaffold and kept current by `scaffold update`: configure it, do not edit it.
"""What a secret looks like in text, and how to remove it.

Two layers, strongest first:
1. a registry of every secret VALUE this process has loaded (settings, connection and
   subscription secrets as they pass through the hardening layer, webhook secrets from getEnv),
   matched exactly and in the encodings a value travels in: base64 (at every byte alignment,
   so `Basic base64(user:password)` is caught too), URL-encoded, hex and JSON-escaped;
2. key-name and value patterns (bearer/basic credentials, JWTs, vendor key prefixes, PEM
   blocks, URL userinfo, sensitive query parameters) for secrets the process never loaded.

Used by the logging formatter (log.py) and by the hardening layer on response bodies.
"""

from __future__ import annotations

import base64
import json
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote, quote_plus

REDACTED = "[REDACTED]"
# Shorter values would redact ordinary words; real credentials are longer than this.
MIN_SECRET_LENGTH = 8
MAX_REGISTERED_SECRETS = 10_000
MAX_FORMS_IN_ONE_PATTERN = 128  # about ten secrets' encodings: see SecretRegistry

_KEY_NAMES = (
    r"password|passwd|pwd|secret|api[-_]?key|apikey|auth[-_]?token|access[-_]?token"
    r"|refresh[-_]?token|id[-_]?token|client[-_]?secret|private[-_]?key|credentials?"
    r"|signature|webhook[-_]?secret|signing[-_]?secret|authorization|cookie|set-cookie"
    r"|x-api-key|api-key|x-auth-token|clientstate|sharedsecret|dsn"
)
_VALUE = r"""(?:(?:bearer|basic|token)\s+)?[^\s"',;&{}\[\]]+"""

# `key: value` and `key=value` with a credential-like key name: the key and its separator
# are kept, the value masked. Found in two steps (every key-ish word before a separator, then
# the name test on that word alone) rather than by one pattern that retried each of the names
# at every backtracking step of `[\w.-]*`, which cost ~40 us per short log line. A word is
# only taken whole (no start inside a word, no backtracking in it), so a long run of word
# characters costs linear time.
_KEYED = re.compile(r"(?<![\w.-])([\w.-]++)(['\"]?\s*[:=]\s*['\"]?)")
_SECRET_KEY_NAME = re.compile(_KEY_NAMES)  # searched in the case-folded key (faster than (?i))
_KEYED_VALUE = re.compile(r"(?i)" + _VALUE)

_PRIVATE_KEY_BLOCK = re.compile(
    r"-----BEGIN [A-Z ]*PRIVATE KEY(?: BLOCK)?-----.*?-----END [A-Z ]*-----", re.S
)


@dataclass(frozen=True)
class CredentialPattern:
    """A credential's shape and what replaces it.

    `needs`: substrings one of which every match contains (looked for in the lower-cased
    text when `lowered`). A text holding none of them is returned as it is, unscanned: a
    scan costs ~3 us on a short log line whatever it finds, because a leading `\\b` keeps
    the regex engine from searching for the pattern's literal prefix itself.
    """

    pattern: re.Pattern[str]
    replacement: str
    needs: tuple[str, ...] = ()
    lowered: bool = False

    def sub(self, text: str) -> str:
        if self.needs:
            haystack = text.lower() if self.lowered else text
            for needle in self.needs:
                if needle in haystack:
                    break
            else:
                return text
        return self.pattern.sub(self.replacement, text)


def _shape(pattern: str, replacement: str = REDACTED, *needs: str) -> CredentialPattern:
    return CredentialPattern(re.compile(pattern), replacement, needs)


# Applied in this order, after PEM blocks and keyed values. No `needs` for the two with
# (?i) over "s" or "i": the regex engine also matches U+017F (long s) and U+0131 (dotless
# i) there, which lower-casing the text does not turn into "s" and "i".
PATTERNS: tuple[CredentialPattern, ...] = (
    _shape(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{6,}", r"\1 " + REDACTED),
    _shape(r"\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.?[A-Za-z0-9_.+/=-]*", REDACTED, "eyJ"),
    _shape(r"\bwhs(?:ec|k)_[A-Za-z0-9+/=_-]+", REDACTED, "whs"),
    _shape(r"\b[sr]k_(?:live|test)_[0-9A-Za-z_]{8,}", REDACTED, "k_live_", "k_test_"),
    _shape(
        r"\b(?:A3T[A-Z0-9]|ABIA|ACCA|AKIA|ASIA)[0-9A-Z]{16}\b",
        REDACTED,
        *("A3T", "ABIA", "ACCA", "AKIA", "ASIA"),
    ),
    CredentialPattern(re.compile(r"(?i)\bxox[abposr]-[A-Za-z0-9-]+"), REDACTED, ("xox",), True),
    _shape(r"\bgh[pousr]_[A-Za-z0-9_]{20,}", REDACTED, *("ghp_", "gho_", "ghu_", "ghs_", "ghr_")),
    _shape(r"\bSG\.[\w-]{16,}\.[\w-]{16,}", REDACTED, "SG."),
    _shape(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/\s:@]+:[^/\s@]+@", r"\1" + REDACTED + "@", "://"),
    _shape(
        r"(?i)([?&](?:token|key|api_key|apikey|access_token|refresh_token|signature|sig"
        r"|code|secret|password|client_secret)=)[^&#\s\"']+",
        r"\1" + REDACTED,
    ),
)


def _base64_cores(raw: bytes) -> set[str]:
    """Base64 text that encodes `raw` alone, at each of the three byte alignments.

    Characters at the edges also depend on the neighbouring bytes, so only the characters
    fully inside `raw` are kept: they appear whenever `raw` is base64-encoded in any context.
    """
    cores: set[str] = set()
    for offset in range(3):
        start = -(-offset * 8 // 6)  # ceil(8 * offset / 6)
        end = (offset + len(raw)) * 8 // 6
        padded = b"\0" * offset + raw
        for encoded in (base64.b64encode(padded), base64.urlsafe_b64encode(padded)):
            core = encoded.decode()[start:end]
            if len(core) >= MIN_SECRET_LENGTH:
                cores.add(core)
    return cores


def encodings(value: str) -> set[str]:
    """The forms a secret value takes in text: raw, base64, URL, hex and JSON escaping."""
    raw = value.encode()
    forms = {
        value,
        quote(value, safe=""),
        quote(value),
        quote_plus(value),
        raw.hex(),
        raw.hex().upper(),
        json.dumps(value)[1:-1],
    }
    forms |= _base64_cores(raw)
    return {form for form in forms if len(form) >= MIN_SECRET_LENGTH}


class SecretRegistry:
    """Secret values this process has seen; settings are pinned, the rest are bounded LRU.

    Each value's encoded forms are computed once, when it is registered. Up to
    `max_forms_in_one_pattern` forms, one regex alternation finds them (C speed, compiled in
    milliseconds). A server with many subscriptions registers thousands of secrets: one
    pattern then took seconds to compile after each new secret and milliseconds per log
    line, so beyond that the forms are found through an index of their first
    MIN_SECRET_LENGTH characters, whose cost per character of text does not grow with the
    number of secrets and which takes a new secret without recompiling anything.
    """

    def __init__(
        self,
        max_entries: int = MAX_REGISTERED_SECRETS,
        *,
        max_forms_in_one_pattern: int = MAX_FORMS_IN_ONE_PATTERN,
    ) -> None:
        self._pinned: set[str] = set()
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._max_entries = max_entries
        self._max_forms_in_one_pattern = max_forms_in_one_pattern
        self._lock = threading.Lock()
        self._forms_of: dict[str, frozenset[str]] = {}  # registered value -> its forms
        self._holders: dict[str, int] = {}  # form -> how many registered values have it
        # First MIN_SECRET_LENGTH characters -> the forms starting so, longest first. Tuples
        # are replaced, never changed, so a scan in another thread needs no lock.
        self._by_prefix: dict[str, tuple[str, ...]] = {}
        self._pattern: re.Pattern[str] | None = None  # small registries; None: to compile

    def register(self, value: object, *, pinned: bool = False) -> None:
        """Remember `value` (and its encodings); short or non-string values are ignored."""
        if not isinstance(value, str) or len(value) < MIN_SECRET_LENGTH:
            return
        with self._lock:
            if value in self._pinned or (not pinned and value in self._seen):
                if value in self._seen:
                    self._seen.move_to_end(value)
                return
            if pinned:
                self._pinned.add(value)
                self._seen.pop(value, None)  # pinned now: never evicted
            else:
                self._seen[value] = None
            self._hold(value)
            while len(self._seen) > self._max_entries:
                evicted, _ = self._seen.popitem(last=False)
                self._release(evicted)

    def register_all(self, values: Iterable[object], *, pinned: bool = False) -> None:
        """Register every value of `values`."""
        for value in values:
            self.register(value, pinned=pinned)

    def _hold(self, value: str) -> None:
        if value in self._forms_of:  # a seen value pinned later
            return
        forms = frozenset(encodings(value))
        self._forms_of[value] = forms
        for form in forms:
            self._holders[form] = self._holders.get(form, 0) + 1
            if self._holders[form] == 1:
                prefix = form[:MIN_SECRET_LENGTH]
                bucket = (*self._by_prefix.get(prefix, ()), form)
                self._by_prefix[prefix] = tuple(sorted(bucket, key=len, reverse=True))
        self._pattern = None

    def _release(self, value: str) -> None:
        for form in self._forms_of.pop(value, frozenset()):
            self._holders[form] -= 1
            if self._holders[form] == 0:
                del self._holders[form]
                prefix = form[:MIN_SECRET_LENGTH]
                bucket = tuple(other for other in self._by_prefix[prefix] if other != form)
                if bucket:
                    self._by_prefix[prefix] = bucket
                else:
                    del self._by_prefix[prefix]
        self._pattern = None

    def _compiled(self) -> re.Pattern[str] | None:
        """The one pattern of a small registry; None when the registry is empty or large."""
        with self._lock:
            if not self._holders or len(self._holders) > self._max_forms_in_one_pattern:
                return None
            if self._pattern is None:
                # Longest first, so a value is never half-replaced by one of its substrings.
                ordered = sorted(self._holders, key=len, reverse=True)
                self._pattern = re.compile("|".join(re.escape(form) for form in ordered))
            return self._pattern

    def redact(self, text: str) -> str:
        """`text` with every registered value, in any of its encodings, masked."""
        pattern = self._compiled()
        if pattern is not None:
            return pattern.sub(REDACTED, text)
        return _mask_indexed(text, self._by_prefix) if self._by_prefix else text

    def forget(self) -> None:
        """Drop every value (tests: one module's secrets must not redact the next one's text)."""
        with self._lock:
            self._pinned.clear()
            self._seen.clear()
            self._forms_of.clear()
            self._holders.clear()
            self._by_prefix = {}
            self._pattern = None

    def __contains__(self, value: object) -> bool:
        with self._lock:
            return value in self._pinned or value in self._seen


def _mask_indexed(text: str, by_prefix: dict[str, tuple[str, ...]]) -> str:
    """What the alternation of every form, longest first, would leave of `text`: at each
    position the longest form starting there is masked and the scan goes on after it."""
    size = MIN_SECRET_LENGTH
    pieces: list[str] = []
    start = position = 0
    last = len(text) - size
    while position <= last:
        for form in by_prefix.get(text[position : position + size], ()):
            if text.startswith(form, position):
                pieces += [text[start:position], REDACTED]
                position = start = position + len(form)
                break
        else:
            position += 1
    return "".join(pieces) + text[start:] if pieces else text


# The process-wide registry: the logging formatter and the hardening layer share it.
secret_registry = SecretRegistry()


def register_secrets(values: Iterable[object], *, pinned: bool = False) -> None:
    """Add secret values to the process-wide registry (strings of 8+ characters)."""
    secret_registry.register_all(values, pinned=pinned)


def register_secret_tree(value: object) -> None:
    """Register every string inside `value` (a `secrets` object of a request or response)."""
    if isinstance(value, dict):
        for item in value.values():
            register_secret_tree(item)
    elif isinstance(value, list):
        for item in value:
            register_secret_tree(item)
    else:
        secret_registry.register(value)


def mask_keyed_values(text: str) -> str:
    """`text` with the value after every credential-like key name (`password=...`,
    `"api_key": "..."`) masked; a masked value is skipped whole, as a regex substitution
    would, so a key-like word inside it starts nothing."""
    pieces: list[str] = []
    end = 0
    for keyed in _KEYED.finditer(text):
        if keyed.start() < end or not _SECRET_KEY_NAME.search(keyed[1].casefold()):
            continue
        value = _KEYED_VALUE.match(text, keyed.end())
        if value is not None:
            pieces += [text[end : keyed.end()], REDACTED]
            end = value.end()
    return "".join(pieces) + text[end:] if pieces else text


def redact(text: str) -> str:
    """Mask registered secret values first, then anything that looks like a credential."""
    text = _PRIVATE_KEY_BLOCK.sub(REDACTED, secret_registry.redact(text))
    text = mask_keyed_values(text)
    for credential in PATTERNS:
        text = credential.sub(text)
    return text


_CONTROL = {code: f"\\x{code:02x}" for code in range(32) if code != 9} | {
    10: "\\n",
    13: "\\r",
    127: "\\x7f",
}


def escape_control(text: str) -> str:
    """Escape CR, LF and other control characters so one record stays one line."""
    return text if text.isprintable() else text.translate(_CONTROL)
