"""Which part of a URL does a value end up in? The URL-authority analysis of `scaffold check`.

A URL expression built from pieces (f-strings, `+`, `%`, `str.format`, `urljoin`, through
local names) is read left to right as literal text and computed parts. While the scheme and
host are still open, a part there can decide the host; once they are fixed (`https://host/`,
a relative `/path`, or a base we cannot read followed by `/`), a part lands in the path or the
query. `UrlAnalysis` answers that for a set of untrusted names (an action's arguments), and
says whether such a name still carries its raw text there (not consumed by `int()` or
`quote(..., safe="")`).
"""

from __future__ import annotations

import ast
import re
import string
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from scaffold.audit.syntax import callee_name, keyword, string_value

# String methods whose result still holds the argument's characters.
_SAME_TEXT_METHODS = frozenset(
    {"strip", "lstrip", "rstrip", "lower", "upper", "casefold", "title", "removeprefix",
     "removesuffix", "encode", "decode"}
)  # fmt: skip
_MAX_ALIAS_DEPTH = 5
_T = TypeVar("_T")
_R = TypeVar("_R")


def local_values(nodes: list[ast.AST]) -> dict[str, list[ast.expr]]:
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
class ArgumentUse:
    """Where an untrusted name ends up in a URL: "host", "path" or "query"."""

    argument: str
    place: str
    keeps_slash: bool = False  # passed through quote(), whose default safe="/" keeps `/`


class UrlAnalysis:
    """Which untrusted name a URL expression is built from, and where it lands.

    `host_arguments` are the names that must not decide the host; `path_arguments` (usually
    a subset: minus the ones validated as plain ids) must not land raw in the path or query.
    `aliases` are the local names and the values assigned to them (`local_values`).
    """

    def __init__(
        self,
        host_arguments: set[str],
        path_arguments: set[str],
        aliases: dict[str, list[ast.expr]],
    ) -> None:
        self._host_arguments = host_arguments
        self._path_arguments = path_arguments
        self._aliases = aliases

    def argument_in(self, url: ast.expr) -> ArgumentUse | None:
        """The worst use of an argument in `url`: deciding the host, else raw in the path."""
        host = self._host_argument(url, 0)
        if host is not None:
            return ArgumentUse(host, "host")
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
        if isinstance(url, ast.Call) and callee_name(url.func) == "urljoin" and len(url.args) == 2:
            # urljoin(base, "https://evil/") discards base: any argument in the second part
            # counts.
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

    def _path_use(self, url: ast.expr, depth: int) -> ArgumentUse | None:
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
                    return ArgumentUse(argument, place, keeps_slash)
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
