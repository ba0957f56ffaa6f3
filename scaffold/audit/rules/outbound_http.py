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
import string
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TypeVar

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
# String methods whose result still holds the argument's characters.
_SAME_TEXT_METHODS = frozenset(
    {"strip", "lstrip", "rstrip", "lower", "upper", "casefold", "title", "removeprefix",
     "removesuffix", "encode", "decode"}
)  # fmt: skip
_MAX_ALIAS_DEPTH = 5
_T = TypeVar("_T")
_R = TypeVar("_R")


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
        analysis = _UrlAnalysis(host_arguments, path_arguments, _aliases(nodes))
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
                yield finding(rule, source, url, f"{http.label} {use.describe()}")


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


def _aliases(nodes: list[ast.AST]) -> dict[str, list[ast.expr]]:
    """Local names and the values assigned to them (`url = f"https://{host}/x"`)."""
    values: dict[str, list[ast.expr]] = {}
    for node in nodes:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name):
                values.setdefault(target.id, []).append(node.value)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value:
            values.setdefault(node.target.id, []).append(node.value)
    return values


@dataclass(frozen=True)
class _ArgumentUse:
    """Where an action argument ends up in a URL: "host", "path" or "query"."""

    argument: str
    place: str
    keeps_slash: bool = False  # passed through quote(), whose default safe="/" keeps `/`

    def describe(self) -> str:
        """The finding message after the call's label."""
        argument = f"action argument `{self.argument}`"
        if self.place == "host":
            return f"goes to a URL whose host comes from {argument}"
        if self.place == "query":
            return (
                f"puts {argument} into the URL query unencoded: `&` or `#` in it adds or "
                "cuts parameters"
            )
        if self.keeps_slash:
            return (
                f"puts {argument} into the URL path through quote(), which keeps `/`: `../` in "
                "it still changes which endpoint of the upstream host is called"
            )
        return (
            f"puts {argument} into the URL path unvalidated and not percent-encoded: `../`, "
            "`?` or `#` in it changes which endpoint of the upstream host is called"
        )


class _UrlAnalysis:
    """Which action argument an outbound URL expression is built from, and where it lands."""

    def __init__(
        self,
        host_arguments: set[str],
        path_arguments: set[str],
        aliases: dict[str, list[ast.expr]],
    ) -> None:
        self._host_arguments = host_arguments
        self._path_arguments = path_arguments
        self._aliases = aliases

    def argument_in(self, url: ast.expr) -> _ArgumentUse | None:
        """The worst use of an argument in `url`: deciding the host, else raw in the path."""
        host = self._host_argument(url, 0)
        if host is not None:
            return _ArgumentUse(host, "host")
        return self._path_use(url, 0) if self._path_arguments else None

    def _host_argument(self, url: ast.expr, depth: int) -> str | None:
        """The action argument that can decide the URL's scheme or host, if there is one.

        Arguments after the host (`f"https://api.example.com/tickets/{ticket_id}"`), after a
        base URL and a `/`, or in a path relative to the client's base_url
        (`f"/tickets/{ticket_id}"`) do not count.
        """
        if depth > _MAX_ALIAS_DEPTH:
            return None
        if isinstance(url, ast.Name):
            if url.id in self._host_arguments:
                return url.id
            return _first(
                self._aliases.get(url.id, []), lambda v: self._host_argument(v, depth + 1)
            )
        if isinstance(url, ast.Await | ast.FormattedValue | ast.Attribute | ast.Subscript):
            return self._host_argument(url.value, depth + 1)
        if isinstance(url, ast.Call):
            func = url.func
            callee = callee_name(func)
            if callee == "urljoin" and len(url.args) == 2:
                # urljoin(base, "https://evil/") discards base: any argument in the second
                # part counts.
                return self._host_argument(url.args[0], depth + 1) or self._any_host_argument(
                    url.args[1], depth + 1
                )
        inner = _same_url(url)
        if inner is not None:
            return self._host_argument(inner, depth + 1)
        parts = _url_parts(url)
        if parts is None:
            return None
        prefix = ""
        for part in parts:
            if _authority_complete(prefix):
                return None
            text = string_value(part)
            if text is not None:
                prefix += text
                continue
            found = self._host_argument(part, depth + 1)
            if found is not None:
                return found
            prefix += "\x00"  # some unknown text: the host may still be open after it
        return None

    def _any_host_argument(self, node: ast.expr, depth: int) -> str | None:
        names = [child for child in ast.walk(node) if isinstance(child, ast.Name)]
        return _first(names, lambda name: self._host_argument(name, depth))

    def _path_use(self, url: ast.expr, depth: int) -> _ArgumentUse | None:
        """An argument put raw into the path or query of a URL whose host is fixed."""
        if depth > _MAX_ALIAS_DEPTH:
            return None
        if isinstance(url, ast.Name):
            values = self._aliases.get(url.id, [])
            return _first(values, lambda value: self._path_use(value, depth + 1))
        if isinstance(url, ast.Await | ast.FormattedValue):
            return self._path_use(url.value, depth + 1)
        inner = _same_url(url)
        if inner is not None:
            return self._path_use(inner, depth + 1)
        parts = _url_parts(url)
        if parts is None:
            return None
        prefix = ""
        for part in parts:
            text = string_value(part)
            if text is not None:
                prefix += text
                continue
            place = _place_after(prefix)
            raw = self._raw_argument(part, depth + 1) if place is not None else None
            if place is not None and raw is not None:
                argument, keeps_slash = raw
                if place == "path" or not keeps_slash:  # quote() encodes `&`, `=` and `#`
                    return _ArgumentUse(argument, place, keeps_slash)
            prefix += "\x00"
        return None

    def _raw_argument(self, node: ast.expr, depth: int) -> tuple[str, bool] | None:
        """(argument, kept `/`) when `node` still carries an argument's text unencoded."""
        if depth > _MAX_ALIAS_DEPTH:
            return None
        if isinstance(node, ast.Name):
            if node.id in self._path_arguments:
                return node.id, False
            values = self._aliases.get(node.id, [])
            return _first(values, lambda value: self._raw_argument(value, depth + 1))
        children: list[ast.expr] = []
        if isinstance(node, ast.Await | ast.FormattedValue | ast.Starred | ast.Subscript):
            children = [node.value]
        elif isinstance(node, ast.JoinedStr | ast.BoolOp):
            children = list(node.values)
        elif isinstance(node, ast.BinOp):
            children = [node.left, node.right]
        elif isinstance(node, ast.IfExp):
            children = [node.body, node.orelse]
        elif isinstance(node, ast.Call):
            return self._raw_through_call(node, depth)
        return _first(children, lambda child: self._raw_argument(child, depth + 1))

    def _raw_through_call(self, call: ast.Call, depth: int) -> tuple[str, bool] | None:
        func = call.func
        callee = callee_name(func)
        if callee == "quote" and call.args:
            safe = keyword(call, "safe") or (call.args[1] if len(call.args) > 1 else None)
            safe_text = "/" if safe is None else string_value(safe)
            if safe_text is None or "/" not in safe_text:
                return None  # encodes `/` (or a safe= we cannot read: benefit of the doubt)
            inner = self._raw_argument(call.args[0], depth + 1)
            return (inner[0], True) if inner is not None else None
        if isinstance(func, ast.Attribute) and callee in _SAME_TEXT_METHODS:
            return self._raw_argument(func.value, depth + 1)
        if isinstance(func, ast.Attribute) and callee in {"format", "join"}:
            arguments = [*call.args, *(item.value for item in call.keywords)]
            if callee == "join" and call.args and isinstance(call.args[0], ast.List | ast.Tuple):
                arguments = list(call.args[0].elts)
            return _first(arguments, lambda value: self._raw_argument(value, depth + 1))
        if callee == "str" and call.args:
            return self._raw_argument(call.args[0], depth + 1)
        return None  # any other function (int(), quote_plus(), a validator) consumes it


def _first(items: Iterable[_T], probe: Callable[[_T], _R | None]) -> _R | None:
    """The first non-None `probe(item)`."""
    for item in items:
        found = probe(item)
        if found is not None:
            return found
    return None


def _same_url(node: ast.expr) -> ast.expr | None:
    """`str(url)`, `URL(url)`, `url.strip()`: the expression that is the same URL."""
    if not isinstance(node, ast.Call):
        return None
    func = node.func
    callee = callee_name(func)
    if callee in {"str", "URL", "HttpUrl"} and node.args:
        return node.args[0]
    if isinstance(func, ast.Attribute) and func.attr in {"strip", "lower", "rstrip", "lstrip"}:
        return func.value
    return None


def _url_parts(url: ast.expr) -> list[ast.expr] | None:
    """A URL built from pieces, as literal and computed parts in order; None otherwise."""
    if isinstance(url, ast.JoinedStr):
        return list(url.values)
    if isinstance(url, ast.BinOp) and isinstance(url.op, ast.Add):
        return _concatenated(url)
    if isinstance(url, ast.BinOp) and isinstance(url.op, ast.Mod):
        return _percent_formatted(url)
    if isinstance(url, ast.Call) and isinstance(url.func, ast.Attribute):
        template = string_value(url.func.value)
        if url.func.attr == "format" and template is not None:
            return _str_formatted(template, url)
    return None


def _authority_complete(prefix: str) -> bool:
    """True once the text so far fixes scheme and host.

    `https://host/`; a path relative to the client's base_url (`/tickets/`); or a host or
    base URL we cannot read (`\x00`, not an argument) followed by `/`, but not by `//`.
    """
    if not prefix:
        return False
    if "://" in prefix:
        rest = prefix.split("://", 1)[1]
        return any(marker in rest for marker in "/?#")
    if prefix.startswith("/"):
        return True
    _, slash, tail = prefix.partition("/")
    return bool(slash) and not tail.startswith("/")


def _place_after(prefix: str) -> str | None:
    """Where text appended to `prefix` lands: "path", "query", or None (host, fragment)."""
    if not _authority_complete(prefix):
        return None
    after_host = prefix.split("://", 1)[-1]
    if "#" in after_host:
        return None  # the fragment is never sent
    return "query" if "?" in after_host else "path"


def _concatenated(node: ast.expr) -> list[ast.expr]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return [*_concatenated(node.left), *_concatenated(node.right)]
    return [node]


def _percent_formatted(node: ast.BinOp) -> list[ast.expr] | None:
    template = string_value(node.left)
    if template is None:
        return None
    values = list(node.right.elts) if isinstance(node.right, ast.Tuple) else [node.right]
    pieces = re.split(r"%[-#0 +]*\d*(?:\.\d+)?[sdrfi]", template)
    parts: list[ast.expr] = []
    for index, literal in enumerate(pieces):
        parts.append(ast.Constant(literal))
        if index < len(pieces) - 1 and index < len(values):
            parts.append(values[index])
    return parts


def _str_formatted(template: str, call: ast.Call) -> list[ast.expr] | None:
    parts: list[ast.expr] = []
    automatic = 0
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError:
        return None
    for literal, field_name, _, _ in parsed:
        parts.append(ast.Constant(literal))
        if field_name is None:
            continue
        value: ast.expr | None
        if field_name == "":
            value = call.args[automatic] if automatic < len(call.args) else None
            automatic += 1
        elif field_name.isdigit():
            index = int(field_name)
            value = call.args[index] if index < len(call.args) else None
        else:
            value = keyword(call, field_name.split(".")[0].split("[")[0])
        parts.append(value if value is not None else ast.Constant("\x00"))
    return parts


CHECKS = (check_outbound_http,)
