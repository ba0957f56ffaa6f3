"""SCF4xx: outbound HTTP with requests/httpx (REFERENCE §5). Bounded, verified, no redirects,
never to a host the caller picks, and no caller text raw in the path.

Calls are recognised through the file's imports (`requests.get`, `httpx.AsyncClient`, any
alias) and through variables bound to a client (`client = httpx.AsyncClient(...)`,
`async with httpx.AsyncClient() as client`, `self.session = requests.Session()`, parameters
annotated with a client type).

Timeouts, where the budget is decided:
- requests has no default: every requests call (module function or Session method) needs
  `timeout=`; `requests.Session()` itself cannot take one;
- httpx: the client constructor or module function needs an explicit `timeout=`; calls on an
  httpx client inherit the client's. httpx would apply a 5 s default, but the checklist asks
  for a budget chosen on purpose (connect/read/write/pool), so relying on the implicit
  default is reported too;
- `timeout=None` and `httpx.Timeout(None)` switch timeouts off and are reported anywhere.
Calls passing `**kwargs` may carry a timeout and are given the benefit of the doubt.

Action arguments in outbound URLs, inside the action itself:
- SCF404 when one can decide the scheme or host: the whole URL, text before the host is
  closed by a `/` (`f"https://{host}/x"`, `base + suffix`), urljoin's second part, base_url=;
- SCF405 when one lands raw after a host the code fixes (a literal host, or a base URL from
  the connection's Options followed by `/`): `../`, `?` or `#` then reach other endpoints.
Validated arguments count for neither (a validator or allowlist check before use; for the
path also fullmatch/isdigit, or `"type": "integer"` in `arguments=`), nor do encoded ones
(`quote(value, safe="")`, quote_plus, params=).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass

from scaffold.audit.model import Finding, Rule, Severity
from scaffold.audit.project import Project
from scaffold.audit.rules.base import finding
from scaffold.audit.sdk import Action
from scaffold.audit.source import SourceFile
from scaffold.audit.syntax import (
    callee_name,
    dotted_name,
    final_name,
    has_double_star,
    is_false,
    is_none,
    is_true,
    keyword,
    resolved_name,
    string_value,
)
from scaffold.audit.urls import ArgumentUse, UrlAnalysis, local_values

HTTP_NO_TIMEOUT = Rule(
    id="SCF401",
    name="http-no-timeout",
    severity=Severity.MEDIUM,
    checklist="Outbound calls have connect/read timeouts (OWASP API4, ASVS 13.1.3).",
    summary="An outbound HTTP call or client has no timeout.",
    hint=(
        "Pass timeout=... (requests: (connect, read); httpx: httpx.Timeout(connect=3, "
        "read=10, write=10, pool=3)) on the client or on every call."
    ),
)

TLS_VERIFY_DISABLED = Rule(
    id="SCF402",
    name="tls-verify-disabled",
    severity=Severity.HIGH,
    checklist="TLS verification stays on for every outbound call (OWASP API8).",
    summary="An outbound HTTP call or client disables certificate verification.",
    hint="Remove verify=False; pass verify=<CA bundle path> if the upstream uses a private CA.",
)

HTTP_FOLLOWS_REDIRECTS = Rule(
    id="SCF403",
    name="http-follows-redirects",
    severity=Severity.MEDIUM,
    checklist="Do not follow upstream redirects (SSRF, credential forwarding; OWASP API10).",
    summary="An outbound HTTP call or client follows redirects.",
    hint=(
        "Use follow_redirects=False (httpx) / allow_redirects=False (requests) and treat 3xx "
        "as an error: custom auth headers are forwarded to the redirect target."
    ),
)

SSRF_ARGUMENT_URL = Rule(
    id="SCF404",
    name="ssrf-argument-url",
    severity=Severity.HIGH,
    checklist=(
        "Outbound URLs come from validated Options (https, allowlisted host), never from "
        "action arguments (OWASP API7 SSRF)."
    ),
    summary="An action builds the scheme or host of an outbound URL from its arguments.",
    hint=(
        "Take the base URL from the connection's validated Options and put arguments only in "
        "the path or query after validating them (strict id pattern, quote())."
    ),
)

UNVALIDATED_URL_PATH = Rule(
    id="SCF405",
    name="unvalidated-url-path",
    severity=Severity.MEDIUM,
    checklist=(
        "Action arguments reach the upstream only validated (strict id pattern) or "
        "percent-encoded, so they cannot step to other endpoints (OWASP API7, API8)."
    ),
    summary="An action puts an argument raw into the path or query of an outbound URL.",
    hint=(
        'Validate it against a strict pattern (re.fullmatch(r"[0-9]{1,12}", ticket_id)) or '
        'encode it with urllib.parse.quote(value, safe=""); pass query values in params=.'
    ),
)

RULES = (
    HTTP_NO_TIMEOUT,
    TLS_VERIFY_DISABLED,
    HTTP_FOLLOWS_REDIRECTS,
    SSRF_ARGUMENT_URL,
    UNVALIDATED_URL_PATH,
)

_LIBRARIES = frozenset({"requests", "httpx"})
_REQUEST_FUNCTIONS = frozenset(
    {"get", "post", "put", "patch", "delete", "head", "options", "request", "stream"}
)
_CLIENT_METHODS = _REQUEST_FUNCTIONS | {"send", "build_request"}
_CONSTRUCTORS = {
    "requests.Session": "requests",
    "requests.session": "requests",
    "requests.sessions.Session": "requests",
    "httpx.Client": "httpx",
    "httpx.AsyncClient": "httpx",
}
_CLIENT_CLASSES = frozenset(name.rsplit(".", 1)[-1] for name in _CONSTRUCTORS)
_REDIRECT_SWITCHES = ("follow_redirects", "allow_redirects")
_CLIENT_LIKE = re.compile(r"client|session|http", re.IGNORECASE)
_SANITIZER = re.compile(r"allow|valid|verif|check|safe|ensure|trusted", re.IGNORECASE)
# A path segment is also safe once it is known to be a plain id.
_PATH_SANITIZER = re.compile(
    r"allow|valid|verif|check|safe|ensure|trusted|fullmatch|isdigit|isdecimal|isalnum",
    re.IGNORECASE,
)
_SCALAR_TYPES = frozenset({"integer", "number", "boolean", "null"})


@dataclass(frozen=True)
class _HttpCall:
    """One call into requests/httpx: a module function, a client constructor or a method."""

    call: ast.Call
    library: str
    kind: str  # "function", "constructor" or "method"
    label: str

    @property
    def method(self) -> str | None:
        """The method called on a module or client (`get`, `send`); None for a constructor
        imported by name."""
        return self.call.func.attr if isinstance(self.call.func, ast.Attribute) else None

    @property
    def url(self) -> ast.expr | None:
        """The URL argument (base_url= for a constructor)."""
        if self.kind == "constructor":
            return keyword(self.call, "base_url")
        index = 1 if self.method in {"request", "stream", "build_request"} else 0
        value = keyword(self.call, "url")
        if value is None and index < len(self.call.args):
            value = self.call.args[index]
        return value


def _client_variables(source: SourceFile) -> dict[str, str]:
    """Dotted names (`client`, `self.session`) bound to a client, with its library."""
    clients: dict[str, str] = {}

    def bind(target: ast.expr, library: str | None) -> None:
        name = dotted_name(target)
        if name is not None and library is not None:
            clients[name] = library

    for statement in source.assignments:
        if isinstance(statement, ast.Assign):
            library = _constructed_library(source, statement.value)
            for target in statement.targets:
                bind(target, library)
        else:
            library = _annotated_library(source, statement.annotation)
            if statement.value is not None:
                library = _constructed_library(source, statement.value) or library
            bind(statement.target, library)
    for item in source.with_items:
        if item.optional_vars is not None:
            bind(item.optional_vars, _constructed_library(source, item.context_expr))
    for function in source.functions:
        for parameter in [*function.args.args, *function.args.kwonlyargs]:
            if parameter.annotation is not None:
                library = _annotated_library(source, parameter.annotation)
                if library is not None:
                    clients[parameter.arg] = library
    return clients


def _constructed_library(source: SourceFile, value: ast.expr) -> str | None:
    if isinstance(value, ast.Await):
        value = value.value
    if isinstance(value, ast.Call):
        return _CONSTRUCTORS.get(resolved_name(source, value.func) or "")
    return None


def _annotated_library(source: SourceFile, annotation: ast.expr) -> str | None:
    for node in ast.walk(annotation):
        if isinstance(node, ast.Name | ast.Attribute) and callee_name(node) in _CLIENT_CLASSES:
            library = _CONSTRUCTORS.get(resolved_name(source, node) or "")
            if library is not None:
                return library
    return None


def _http_calls(source: SourceFile, clients: dict[str, str]) -> Iterator[_HttpCall]:
    """Every requests/httpx call in `source` that the rules of this family look at."""
    if "requests" not in source.text and "httpx" not in source.text:
        return
    for call in source.calls:
        resolved = resolved_name(source, call.func) or ""
        library, _, function = resolved.partition(".")
        if library in _LIBRARIES and function in _REQUEST_FUNCTIONS:
            yield _HttpCall(call, library, "function", f"{resolved}()")
            continue
        if resolved in _CONSTRUCTORS:
            yield _HttpCall(call, _CONSTRUCTORS[resolved], "constructor", f"{resolved}()")
            continue
        if isinstance(call.func, ast.Attribute) and call.func.attr in _CLIENT_METHODS:
            receiver = call.func.value
            client_library = _constructed_library(source, receiver)
            if client_library is None:
                client_library = clients.get(dotted_name(receiver) or "")
            if client_library is not None:
                label = f"{dotted_name(receiver) or 'client'}.{call.func.attr}()"
                yield _HttpCall(call, client_library, "method", label)


def check_outbound_http(source: SourceFile, project: Project) -> Iterator[Finding]:
    """SCF401-SCF404 over the file's requests/httpx calls (found once, used by all four)."""
    actions = project.sdk(source).actions
    if "requests" not in source.text and "httpx" not in source.text and not actions:
        return
    clients = _client_variables(source)
    calls = list(_http_calls(source, clients))
    yield from _option_findings(source, calls)
    yield from _client_attribute_findings(source, clients)
    yield from _argument_url_findings(source, actions, calls)


def _option_findings(source: SourceFile, calls: list[_HttpCall]) -> Iterator[Finding]:
    """SCF401-SCF403 on keyword arguments of requests/httpx calls and constructors."""
    for http in calls:
        yield from _timeout_findings(source, http)
        verify = keyword(http.call, "verify")
        if verify is not None and is_false(verify):
            yield finding(TLS_VERIFY_DISABLED, source, verify, f"{http.label} with verify=False")
        for switch in _REDIRECT_SWITCHES:
            value = keyword(http.call, switch)
            if value is not None and is_true(value):
                yield finding(
                    HTTP_FOLLOWS_REDIRECTS, source, value, f"{http.label} with {switch}=True"
                )


def _timeout_findings(source: SourceFile, http: _HttpCall) -> Iterator[Finding]:
    timeout = keyword(http.call, "timeout")
    if timeout is not None:
        if _disables_timeout(source, timeout):
            yield finding(HTTP_NO_TIMEOUT, source, timeout, f"{http.label} with timeout=None")
        return
    if has_double_star(http.call):
        return
    if http.library == "requests":
        if http.kind != "constructor" and http.method != "send":
            yield finding(HTTP_NO_TIMEOUT, source, http.call, f"{http.label} without timeout=")
    elif http.kind != "method":
        yield finding(
            HTTP_NO_TIMEOUT,
            source,
            http.call,
            f"{http.label} without timeout= (only httpx's implicit 5 s default applies)",
        )


def _disables_timeout(source: SourceFile, timeout: ast.expr) -> bool:
    if is_none(timeout):
        return True
    if isinstance(timeout, ast.Call) and final_name(source, timeout.func) == "Timeout":
        first = timeout.args[0] if timeout.args else keyword(timeout, "timeout")
        return first is not None and is_none(first) and not timeout.keywords
    return False


def _client_attribute_findings(source: SourceFile, clients: dict[str, str]) -> Iterator[Finding]:
    """`client.verify = False`, `session.follow_redirects = True` on a known client."""
    if not clients or ("verify" not in source.text and "redirect" not in source.text):
        return
    for statement in source.assignments:
        if not isinstance(statement, ast.Assign):
            continue
        for target in statement.targets:
            if not isinstance(target, ast.Attribute) or dotted_name(target.value) not in clients:
                continue
            if target.attr == "verify" and is_false(statement.value):
                yield finding(
                    TLS_VERIFY_DISABLED, source, statement.value, f"{ast.unparse(target)} = False"
                )
            elif target.attr in _REDIRECT_SWITCHES and is_true(statement.value):
                yield finding(
                    HTTP_FOLLOWS_REDIRECTS,
                    source,
                    statement.value,
                    f"{ast.unparse(target)} = True",
                )


def _argument_url_findings(
    source: SourceFile, actions: tuple[Action, ...], calls: list[_HttpCall]
) -> Iterator[Finding]:
    """SCF404/SCF405: inside an action, an outbound URL built from an argument.

    SCF404 when the argument can decide the scheme or host; otherwise SCF405 when it lands
    raw in the path or query of a host fixed by the code or the connection's Options. Only the
    action's own body is examined (a function nested in it is a scope of its own).
    """
    sinks = {id(http.call): http for http in calls}
    for action in actions:
        scope = source.scope_of.get(id(action.function))
        if scope is None:
            continue
        nodes = scope.own_nodes
        declared = set(action.arguments)
        host_arguments = declared - _sanitized(nodes, declared, _SANITIZER)
        path_arguments = (
            host_arguments
            - _sanitized(nodes, host_arguments, _PATH_SANITIZER)
            - _scalar_arguments(action.option("arguments"))
        )
        if not host_arguments:
            continue
        analysis = UrlAnalysis(host_arguments, path_arguments, local_values(nodes))
        for node in nodes:
            if not isinstance(node, ast.Call):
                continue
            http = sinks.get(id(node)) or _client_like_call(node)
            url = http.url if http is not None else None
            if http is None or url is None:
                continue
            use = analysis.argument_in(url)
            if use is not None:
                rule = SSRF_ARGUMENT_URL if use.place == "host" else UNVALIDATED_URL_PATH
                yield finding(rule, source, url, f"{http.label} {_describe(use)}")


def _client_like_call(call: ast.Call) -> _HttpCall | None:
    """`self._client.get(url)`, `upstream_session.post(url)`: a client we cannot see built."""
    func = call.func
    if not isinstance(func, ast.Attribute) or func.attr not in _REQUEST_FUNCTIONS:
        return None
    receiver = dotted_name(func.value)
    if receiver is None or not _CLIENT_LIKE.search(receiver.rsplit(".", 1)[-1]):
        return None
    return _HttpCall(call, "unknown", "method", f"{receiver}.{func.attr}()")


def _sanitized(nodes: list[ast.AST], arguments: set[str], sanitizer: re.Pattern[str]) -> set[str]:
    """Arguments checked against an allowlist or passed to a validator before use."""
    checked: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Call):
            callee = callee_name(node.func)
            if callee and (sanitizer.search(callee) or callee == "startswith"):
                inputs: list[ast.AST] = [*node.args, *(item.value for item in node.keywords)]
                if isinstance(node.func, ast.Attribute) and callee not in {"fullmatch", "match"}:
                    inputs.append(node.func.value)  # `url.startswith(...)`, `id.isdigit()`
                checked.update(_argument_names(inputs, arguments))
        elif isinstance(node, ast.Compare) and any(
            isinstance(op, ast.In | ast.NotIn | ast.Eq | ast.NotEq) for op in node.ops
        ):
            checked.update(_argument_names([node.left], arguments))
    return checked


def _argument_names(nodes: list[ast.AST], arguments: set[str]) -> set[str]:
    return {
        child.id
        for node in nodes
        for child in ast.walk(node)
        if isinstance(child, ast.Name) and child.id in arguments
    }


def _scalar_arguments(declaration: ast.expr | None) -> set[str]:
    """Arguments the SDK's jsonschema check holds to a number or boolean (`arguments={...}`).

    Annotations do not count: the SDK passes raw JSON whatever the function says it takes.
    """
    if not isinstance(declaration, ast.Dict):
        return set()
    scalars = set()
    for key, value in zip(declaration.keys, declaration.values, strict=True):
        name = string_value(key)
        if name is not None and isinstance(value, ast.Dict):
            schema = dict(zip(map(string_value, value.keys), value.values, strict=True))
            if string_value(schema.get("type")) in _SCALAR_TYPES:
                scalars.add(name)
    return scalars


def _describe(use: ArgumentUse) -> str:
    """The finding message after the call's label."""
    argument = f"action argument `{use.argument}`"
    if use.place == "host":
        return f"goes to a URL whose host comes from {argument}"
    if use.place == "query":
        return (
            f"puts {argument} into the URL query unencoded: `&` or `#` in it adds or "
            "cuts parameters"
        )
    if use.keeps_slash:
        return (
            f"puts {argument} into the URL path through quote(), which keeps `/`: `../` in "
            "it still changes which endpoint of the upstream host is called"
        )
    return (
        f"puts {argument} into the URL path unvalidated and not percent-encoded: `../`, "
        "`?` or `#` in it changes which endpoint of the upstream host is called"
    )


CHECKS = (check_outbound_http,)
