"""SCF103/SCF106: credentials written into the source (REFERENCE §4.2 token formats, §4.3).

SCF103 has two ways in: a string literal matching a known token format (anywhere, docstrings
and tests included), or a random-looking literal given to a secret-named variable, field,
keyword, dict key or parameter default. `auth_token=`/`storage_server_key=` literals passed
to `start_workflow_server` are reported whatever they look like.

SCF106 is the fallback variant, whatever the literal looks like (`"changeme"` included): a
secret-named environment variable read with a default (`os.environ.get("AUTH_TOKEN",
"changeme")`, `os.getenv(...) or "dev"`) or a secret-named settings field with a default, so
that a server whose variable is unset starts with a value anyone can read in the source.
A fallback that also looks like a real credential is reported by both rules: the literal
has to leave the source and the variable has to become required. Test modules are not
servers and are left out of SCF106. Reports never print the value.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from scaffold.audit.model import Finding, Rule, Severity
from scaffold.audit.naming import is_placeholder, is_secret_name, looks_like_credential, redact
from scaffold.audit.project import Project, is_settings_class
from scaffold.audit.rules.base import finding
from scaffold.audit.sdk import server_argument
from scaffold.audit.source import SourceFile
from scaffold.audit.syntax import (
    callee_name,
    field_default,
    final_name,
    keyword,
    resolved_name,
    string_value,
)

HARDCODED_CREDENTIAL = Rule(
    id="SCF103",
    name="hardcoded-credential",
    severity=Severity.CRITICAL,
    checklist="No hard-coded keys in source, examples, tests or scripts.",
    summary="A credential is written into the source.",
    hint=(
        "Load it at run time (settings from the environment, the connection's Secrets); in "
        "tests build it at run time, e.g. 'sk_live_' + uuid4().hex. Rotate the exposed value."
    ),
)

SECRET_ENV_DEFAULT = Rule(
    id="SCF106",
    name="secret-env-default",
    severity=Severity.HIGH,
    checklist="Secrets come from the environment with no default: unset means refuse to start.",
    summary="A secret environment variable or settings field falls back to a hard-coded value.",
    hint=(
        'Make it required: os.environ["AUTH_TOKEN"], or a settings field without a default '
        "(SecretStr), and refuse to start when it is missing or a placeholder."
    ),
)

RULES = (HARDCODED_CREDENTIAL, SECRET_ENV_DEFAULT)

# (what it is, pattern): detect-secrets 1.5.0 plugins and the redactor list of REFERENCE §4.3.
_TOKEN_FORMATS = (
    ("a Stripe live key", r"\b[sr]k_live_[0-9a-zA-Z]{16,}"),
    ("a webhook signing secret (whsec_)", r"\bwhsec_[A-Za-z0-9+/=]{20,}"),
    ("a GitHub token", r"\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9_]{36}"),
    ("a GitHub fine-grained token", r"\bgithub_pat_[A-Za-z0-9_]{40,}"),
    ("a Slack token", r"\bxox[abposr]-(?:[0-9]+-)+[A-Za-z0-9]{6,}"),
    (
        "a Slack webhook URL",
        r"https://hooks\.slack\.com/services/T[A-Za-z0-9_]+/B[A-Za-z0-9_]+/[A-Za-z0-9_]+",
    ),
    ("an AWS access key id", r"\b(?:A3T[A-Z0-9]|ABIA|ACCA|AKIA|ASIA)[0-9A-Z]{16}\b"),
    ("a SendGrid API key", r"\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}"),
    # The header alone is no secret (redaction tests build PEM text around it): key material
    # must follow in the same literal.
    (
        "a private key",
        r"-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY-----\s*"
        r"[A-Za-z0-9+/=]{40}",
    ),
    ("a JSON Web Token", r"\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}"),
)
_KNOWN_TOKEN = re.compile("|".join(f"(?:{pattern})" for _, pattern in _TOKEN_FORMATS))
# Fixed substrings every format above contains: `in` over the file text is far cheaper than
# the combined regex, and almost no file contains any of them.
_TOKEN_HINTS = (
    "_live_", "whsec_", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "xox",
    "hooks.slack.com", "A3T", "ABIA", "ACCA", "AKIA", "ASIA", "SG.", "PRIVATE KEY", "eyJ",
)  # fmt: skip
_SHORTEST_TOKEN = 20
_EACH_FORMAT = tuple((label, re.compile(pattern)) for label, pattern in _TOKEN_FORMATS)
_PASSWORD_IN_URL = re.compile(r"[a-z][a-z0-9+.-]*://[^\s:/@{}]*:([^\s:/@{}]+)@")
# Words that make a URL password a documentation example (`https://user:secret@host`).
_EXAMPLE_PASSWORD = re.compile(r"secret|passw|pwd|test|demo|example|guest|admin|user", re.I)

# Server parameters that must never be literals, whatever the literal looks like.
_SERVER_CREDENTIALS = ("auth_token", "storage_server_key")
_SECRET_WRAPPERS = frozenset({"SecretStr", "SecretBytes"})
_ENV_READERS = frozenset({"os.getenv", "os.environ.get", "os.environ.setdefault"})


def check_hardcoded_credentials(source: SourceFile, project: Project) -> Iterator[Finding]:
    """SCF103 for known token formats, URL passwords and secrets assigned to secret names."""
    reported: set[int] = set()
    for node, message in _literal_credentials(source, project.sdk(source).server_calls):
        if id(node) not in reported:
            reported.add(id(node))
            yield finding(HARDCODED_CREDENTIAL, source, node, message)


def _literal_credentials(
    source: SourceFile, server_calls: tuple[ast.Call, ...]
) -> Iterator[tuple[ast.expr, str]]:
    yield from _server_credentials(server_calls)
    yield from _known_token_formats(source)
    yield from _passwords_in_urls(source)
    for name, value in _named_values(source):
        literal = _literal(value)
        if literal is None or len(literal) < 16:
            continue  # cheap checks first: most named values are not long literals
        if is_secret_name(name) and looks_like_credential(literal):
            yield value, f"`{name}` is set to a literal secret `{redact(literal)}`"


def _server_credentials(server_calls: tuple[ast.Call, ...]) -> Iterator[tuple[ast.expr, str]]:
    for call in server_calls:
        for parameter in _SERVER_CREDENTIALS:
            value = server_argument(call, parameter)
            literal = _literal(value) if value is not None else None
            if value is not None and literal:
                yield value, f"start_workflow_server({parameter}=...) is a string literal"


def _known_token_formats(source: SourceFile) -> Iterator[tuple[ast.expr, str]]:
    if not any(hint in source.text for hint in _TOKEN_HINTS):
        return  # the common case
    for node in source.strings:
        value = str(node.value)
        match = _KNOWN_TOKEN.search(value) if len(value) >= _SHORTEST_TOKEN else None
        if match is None or is_placeholder(match.group(0)):
            continue
        label = next(label for label, pattern in _EACH_FORMAT if pattern.search(match.group(0)))
        yield node, f"string literal contains {label} `{redact(match.group(0))}`"


def _passwords_in_urls(source: SourceFile) -> Iterator[tuple[ast.expr, str]]:
    if "://" not in source.text:
        return
    for node in source.strings:
        for match in _PASSWORD_IN_URL.finditer(str(node.value)):
            password = match.group(1)
            if (
                len(password) >= 8
                and _mixed(password)
                and not is_placeholder(password)
                and not _EXAMPLE_PASSWORD.search(password)
            ):
                yield node, "URL literal embeds a password"
                break


def _mixed(value: str) -> bool:
    classes = (str.islower, str.isupper, str.isdigit)
    return sum(any(test(character) for character in value) for test in classes) >= 2


def _named_values(source: SourceFile) -> Iterator[tuple[str, ast.expr]]:
    """(name, value) wherever a value is given a name: assignments, keywords, dicts, defaults."""
    for statement in source.assignments:
        targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
        if statement.value is None:
            continue
        for target in targets:
            name = final_name(source, target) if isinstance(target, ast.Attribute) else None
            if isinstance(target, ast.Name):
                name = target.id
            if name is not None:
                yield name, statement.value
    for call in source.calls:
        for item in call.keywords:
            if item.arg is not None:
                yield item.arg, item.value
    for dictionary in source.dicts:
        for key, value in zip(dictionary.keys, dictionary.values, strict=True):
            key_text = string_value(key)
            if key_text is not None:
                yield key_text, value
    for function in source.functions:
        positional = [*function.args.posonlyargs, *function.args.args]
        for parameter, default in zip(
            positional[len(positional) - len(function.args.defaults) :],
            function.args.defaults,
            strict=True,
        ):
            yield parameter.arg, default
        for parameter, keyword_default in zip(
            function.args.kwonlyargs, function.args.kw_defaults, strict=True
        ):
            if keyword_default is not None:
                yield parameter.arg, keyword_default


def _literal(value: ast.expr) -> str | None:
    """A string literal, also inside `SecretStr("...")`."""
    if isinstance(value, ast.Call) and len(value.args) == 1:
        wrapped = callee_name(value.func) in _SECRET_WRAPPERS
        return string_value(value.args[0]) if wrapped else None
    return string_value(value)


def check_secret_env_defaults(source: SourceFile, project: Project) -> Iterator[Finding]:
    """SCF106 on env reads and settings fields that give a secret a hard-coded fallback."""
    if source.is_test:
        return
    if "environ" in source.text or "getenv" in source.text:
        for call in source.calls:
            variable = _secret_variable_read(source, call)
            default = _env_default(call) if variable is not None else None
            if default is not None and _fallback_literal(default):
                message = f"environment variable {variable} falls back to a hard-coded value"
                yield finding(SECRET_ENV_DEFAULT, source, default, message + " when unset")
        for scope in source.scopes:
            for node in scope.own_nodes:
                if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or):
                    yield from _or_fallback(source, node)
    for class_node in source.classes:
        if is_settings_class(source, class_node):
            yield from _settings_defaults(source, class_node)


def _secret_variable_read(source: SourceFile, call: ast.Call) -> str | None:
    """`AUTH_TOKEN` for `os.getenv("AUTH_TOKEN", ...)` and the like; None otherwise."""
    if resolved_name(source, call.func) not in _ENV_READERS or not call.args:
        return None
    variable = string_value(call.args[0])
    return variable if variable is not None and is_secret_name(variable) else None


def _env_default(call: ast.Call) -> ast.expr | None:
    return call.args[1] if len(call.args) > 1 else keyword(call, "default")


def _or_fallback(source: SourceFile, node: ast.BoolOp) -> Iterator[Finding]:
    """`os.getenv("AUTH_TOKEN") or "dev-token"`."""
    first, *rest = node.values
    variable = _secret_variable_read(source, first) if isinstance(first, ast.Call) else None
    fallback = next((value for value in rest if _fallback_literal(value)), None)
    if variable is not None and fallback is not None:
        message = f"environment variable {variable} falls back to a hard-coded value when empty"
        yield finding(SECRET_ENV_DEFAULT, source, fallback, message)


def _settings_defaults(source: SourceFile, class_node: ast.ClassDef) -> Iterator[Finding]:
    """Secret-named fields of a BaseSettings class with a literal default."""
    for statement in class_node.body:
        if not isinstance(statement, ast.AnnAssign) or not isinstance(statement.target, ast.Name):
            continue
        name = statement.target.id
        default = field_default(source, statement.value) if statement.value else None
        if default is not None and is_secret_name(name) and _fallback_literal(default):
            message = (
                f"settings `{class_node.name}` field `{name}` defaults to a hard-coded value, "
                "used whenever its variable is unset"
            )
            yield finding(SECRET_ENV_DEFAULT, source, default, message)


def _fallback_literal(node: ast.expr) -> bool:
    """A non-empty string literal (also inside SecretStr(...)); None and "" mean unset."""
    literal = _literal(node)
    return literal is not None and literal.strip() != ""


CHECKS = (check_hardcoded_credentials, check_secret_env_defaults)
