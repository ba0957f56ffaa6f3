"""SCF104/SCF105: secret values leaving through results, callbacks, payloads, errors or logs.

Both rules follow values inside a function with `scaffold.audit.flow`: a secret is whatever
comes from `<x>.secrets` (the SDK's FunctionEnv and stored connections) or
`.get_secret_value()`. For logs, names that look like secrets (`token`, `api_key`),
Authorization/API-key headers, all request headers and the raw request body count as well.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from scaffold.audit.flow import Taint, carried, taint, tainted_sinks
from scaffold.audit.model import Finding, Rule, Severity
from scaffold.audit.naming import is_secret_name
from scaffold.audit.project import Project
from scaffold.audit.rules.base import finding
from scaffold.audit.sdk import SdkFacts, dispatch_payload, server_argument
from scaffold.audit.source import Scope, SourceFile
from scaffold.audit.syntax import dotted_name, final_name, string_value

SECRET_EXPOSED = Rule(
    id="SCF104",
    name="secret-exposed",
    severity=Severity.CRITICAL,
    checklist=(
        "Secrets never in results, trigger payloads, error messages or info= field metadata."
    ),
    summary="An action, callback, error or dispatched payload carries a secret from env.secrets.",
    hint=(
        "Use the secret only to call the upstream; return a minimal typed result, raise "
        "generic errors, and keep secrets out of FieldInfo and dispatch payloads."
    ),
)

SECRET_LOGGED = Rule(
    id="SCF105",
    name="secret-logged",
    severity=Severity.HIGH,
    checklist="Never log secrets, tokens, auth headers or full bodies.",
    summary="A log or print call writes a secret, an Authorization header or a raw body.",
    hint=(
        "Log identifiers (connection id, delivery id, event type) instead; log headers "
        "through an allowlist; rely on the redacting handler only as a safety net."
    ),
)

RULES = (SECRET_EXPOSED, SECRET_LOGGED)

_LOG_METHODS = frozenset(
    {"debug", "info", "warning", "warn", "error", "exception", "critical", "fatal", "log", "msg"}
)
_LOG_OPTIONS = frozenset({"exc_info", "stack_info", "stacklevel"})
_BODY_READERS = frozenset({"body", "json", "form", "stream"})
_LOOKUPS = frozenset({"get", "getenv", "pop", "setdefault"})


def _secret_value(expr: ast.expr) -> Taint | None:
    """`<x>.secrets` and `.get_secret_value()`: the values the SDK and pydantic guard."""
    if isinstance(expr, ast.Attribute) and expr.attr == "secrets":
        return Taint("a value from `{code}`", survives_selection=True, code=expr)
    if (
        isinstance(expr, ast.Call)
        and isinstance(expr.func, ast.Attribute)
        and expr.func.attr == "get_secret_value"
    ):
        return Taint("`{code}`", survives_selection=True, code=expr)
    return None


def _loggable_secret(expr: ast.expr) -> Taint | None:
    """What must not reach a log: secrets, secret-named values, auth headers, raw bodies."""
    found = _secret_value(expr)
    if found is not None:
        return found
    # A bare `secrets` is usually the stdlib module (`secrets.token_hex()`); a dict of secrets
    # taken from `env.secrets` is tracked through the assignment instead.
    if isinstance(expr, ast.Name) and expr.id != "secrets" and is_secret_name(expr.id):
        return Taint(f"`{expr.id}`, which looks like a secret", survives_selection=True)
    if isinstance(expr, ast.Attribute):
        if is_secret_name(expr.attr):
            return Taint("`{code}`, which looks like a secret", True, code=expr)
        if expr.attr == "headers" and _is_request(expr.value):
            return Taint("all request headers (Authorization included)", survives_selection=False)
    key = _looked_up_key(expr)
    if key is not None and _is_secrets_container(expr):
        return None  # `env.secrets["k"]`: described by its container, `env.secrets`
    if key is not None and is_secret_name(key):
        if _is_headers(expr):
            return Taint(f"the `{key}` header", survives_selection=True)
        return Taint("`{code}`, which looks like a secret", True, code=expr)
    if (
        isinstance(expr, ast.Call)
        and isinstance(expr.func, ast.Attribute)
        and expr.func.attr in _BODY_READERS
        and _is_request(expr.func.value)
    ):
        return Taint("the raw request body", survives_selection=False)
    return None


def _looked_up_key(expr: ast.expr) -> str | None:
    """`"k"` in `x["k"]`, `x.get("k")` or `os.getenv("k")`."""
    if isinstance(expr, ast.Subscript):
        return string_value(expr.slice)
    if (
        isinstance(expr, ast.Call)
        and isinstance(expr.func, ast.Attribute)
        and expr.func.attr in _LOOKUPS
        and expr.args
    ):
        return string_value(expr.args[0])
    return None


def _is_secrets_container(expr: ast.expr) -> bool:
    container = expr.value if isinstance(expr, ast.Subscript) else None
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute):
        container = expr.func.value
    return isinstance(container, ast.Attribute) and container.attr == "secrets"


def _is_headers(expr: ast.expr) -> bool:
    container = expr.value if isinstance(expr, ast.Subscript) else None
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute):
        container = expr.func.value
    name = dotted_name(container) if container is not None else None
    return name is not None and name.lower().endswith("headers")


def _is_request(expr: ast.expr) -> bool:
    """A name for an incoming request: `request`, `req`, `http_request`, ..."""
    return isinstance(expr, ast.Name) and (
        expr.id.lower().endswith("request") or expr.id in {"req", "incoming"}
    )


def check_secret_exposure(source: SourceFile, project: Project) -> Iterator[Finding]:
    """SCF104: secrets returned, raised or yielded by actions/callbacks, or dispatched."""
    if "secrets" not in source.text and "get_secret_value" not in source.text:
        return
    sdk = project.sdk(source)
    for action in sdk.actions:
        scope = source.scope_of.get(id(action.function))
        if scope is not None:
            yield from _exits_carrying_secrets(source, scope, f"action `{action.name}`")
    for function in source.functions:
        scope = source.scope_of.get(id(function))
        if function.name in project.callbacks and scope is not None:
            yield from _exits_carrying_secrets(source, scope, f"callback `{function.name}`")
    callback_lambdas = _callback_lambdas(sdk)
    for scope in source.scopes:
        keyword_name = callback_lambdas.get(id(scope.node))
        if isinstance(scope.node, ast.Lambda) and keyword_name is not None:
            found = carried(scope.node.body, _secret_value, taint(scope, _secret_value))
            if found is not None:
                message = f"{keyword_name}= callback returns {found.description}"
                yield finding(SECRET_EXPOSED, source, scope.node.body, message)
    for _, payload, found in tainted_sinks(source.scopes, dispatch_payload, _secret_value):
        message = f"dispatched payload carries {found.description}"
        yield finding(SECRET_EXPOSED, source, payload, message)


def _callback_lambdas(sdk: SdkFacts) -> dict[int, str]:
    """Lambdas given as info=, post_install_instructions= or postInstallInstructions=."""
    candidates: list[tuple[str, ast.expr | None]] = []
    candidates.extend(("info", action.option("info")) for action in sdk.actions)
    candidates.extend(
        ("postInstallInstructions", trigger.option("postInstallInstructions"))
        for trigger in sdk.triggers
    )
    for call in sdk.server_calls:
        option = server_argument(call, "post_install_instructions")
        candidates.append(("post_install_instructions", option))
    return {id(node): name for name, node in candidates if isinstance(node, ast.Lambda)}


def _exits_carrying_secrets(source: SourceFile, scope: Scope, what: str) -> Iterator[Finding]:
    tainted = taint(scope, _secret_value)
    for node in scope.own_nodes:
        if isinstance(node, ast.Return | ast.Yield | ast.YieldFrom) and node.value is not None:
            value, verb = node.value, "returns"
        elif isinstance(node, ast.Raise) and node.exc is not None:
            value, verb = node.exc, "raises an error carrying"
        else:
            continue
        found = carried(value, _secret_value, tainted)
        if found is not None:
            yield finding(SECRET_EXPOSED, source, value, f"{what} {verb} {found.description}")


def check_secret_logging(source: SourceFile, project: Project) -> Iterator[Finding]:
    """SCF105: log and print calls whose arguments carry something that must not be logged."""

    def logged(call: ast.Call) -> list[ast.expr] | None:
        if _log_callee(source, call) is None:
            return None
        values = [item.value for item in call.keywords if item.arg not in _LOG_OPTIONS]
        return [*call.args, *values]

    for call, _, found in tainted_sinks(source.scopes, logged, _loggable_secret):
        message = f"{_log_callee(source, call)} writes {found.description}"
        yield finding(SECRET_LOGGED, source, call, message)


def _log_callee(source: SourceFile, call: ast.Call) -> str | None:
    """`print()`, `logger.info()`, `sys.stderr.write()`, ... or None for other calls."""
    func = call.func
    if isinstance(func, ast.Name) and func.id == "print":
        return "print()"
    if not isinstance(func, ast.Attribute):
        return None
    if func.attr == "write" and dotted_name(func.value) in {"sys.stdout", "sys.stderr"}:
        return f"{dotted_name(func.value)}.write()"
    if func.attr not in _LOG_METHODS:
        return None
    receiver = final_name(source, func.value)
    if receiver is None or not _is_logger(receiver):
        return None
    if isinstance(func.value, ast.Call):  # `logging.getLogger("x").error(...)`
        return f"{dotted_name(func.value.func) or receiver}(...).{func.attr}()"
    return f"{dotted_name(func.value) or receiver}.{func.attr}()"


def _is_logger(name: str) -> bool:
    lowered = name.lower().lstrip("_")
    return (
        lowered in {"log", "logging", "structlog", "get_logger", "getlogger"}
        or lowered.endswith("logger")
        or lowered.endswith("_log")
    )


CHECKS = (check_secret_exposure, check_secret_logging)
