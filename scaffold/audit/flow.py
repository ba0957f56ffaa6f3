"""Where does a value go inside one function? A deliberately small taint tracker.

A `Source` says which expressions produce something sensitive (`env.secrets`, the raw request
body, ...). `carried` says whether an expression still carries that value: passing it through
`str()`, an f-string, a dict literal or a `.strip()` keeps it; passing it to any other
function (`len()`, `hmac.new()`, `httpx.get()`) is taken to consume it. That choice keeps
false positives low at the price of missing values laundered through helper functions.

`Taint.survives_selection` separates containers of secrets, where `secrets["api_key"]` is
still a secret, from whole documents, where `body["id"]` is a harmless single field.
Assignments are followed flow-insensitively within a scope, and a nested function sees the
names tainted in the functions around it. `tainted_sinks` is the one loop rules use to find
calls (dispatch, logging, ...) whose arguments carry a taint.
"""

from __future__ import annotations

import ast
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace

from scaffold.audit.source import Scope
from scaffold.audit.syntax import assigned_names, bindings


@dataclass(frozen=True)
class Taint:
    """What a tainted value is, in words for the finding message.

    `{code}` in the template stands for the source text of `code`; it is rendered only when a
    finding is reported, because ast.unparse is far too slow to call on every visit.
    """

    template: str
    survives_selection: bool
    code: ast.AST | None = None

    @property
    def description(self) -> str:
        """The template with `{code}` filled in."""
        if self.code is None:
            return self.template
        return self.template.replace("{code}", ast.unparse(self.code))


Source = Callable[[ast.expr], Taint | None]
# Which arguments of a call must not carry taint (None or empty: the call is no sink).
Sink = Callable[[ast.Call], Sequence[ast.expr] | None]

# Methods whose result is the same value in another shape (`raw.decode()`, `token.strip()`).
_SAME_VALUE_METHODS = frozenset(
    {
        "decode", "encode", "strip", "lstrip", "rstrip", "lower", "upper", "get_secret_value",
        "copy", "replace", "removeprefix", "removesuffix", "model_dump", "dict", "to_dict",
    }
)  # fmt: skip

# Methods of a container that yield something other than its values.
_NOT_A_VALUE_METHODS = frozenset(
    {
        "keys", "count", "index", "startswith", "endswith", "isdigit", "isalnum", "isascii",
        "__len__", "__contains__", "__bool__",
    }
)  # fmt: skip

# Functions (by final name) that hand their argument back in another shape.
_SAME_VALUE_FUNCTIONS = frozenset(
    {"str", "repr", "bytes", "dict", "format", "loads", "dumps", "b64encode", "urlsafe_b64encode"}
)


def carried(expr: ast.expr, source: Source, tainted: Mapping[str, Taint]) -> Taint | None:
    """The taint `expr` carries, if any (see the module docstring for what propagates)."""
    if type(expr) is ast.Constant:
        return None  # the most common leaf, and never a source
    found = source(expr)
    if found is not None:
        return found
    if isinstance(expr, ast.Name):
        return tainted.get(expr.id)
    if isinstance(expr, ast.Await | ast.FormattedValue | ast.Starred | ast.NamedExpr):
        return carried(expr.value, source, tainted)
    if isinstance(expr, ast.Subscript | ast.Attribute):
        inner = carried(expr.value, source, tainted)
        return inner if inner is not None and inner.survives_selection else None
    if isinstance(expr, ast.Call):
        return _carried_by_call(expr, source, tainted)
    children: list[ast.expr | None]
    if isinstance(expr, ast.JoinedStr):
        children = list(expr.values)
    elif isinstance(expr, ast.BinOp):
        children = [expr.left, expr.right]
    elif isinstance(expr, ast.Dict):
        children = [*expr.keys, *expr.values]
    elif isinstance(expr, ast.List | ast.Tuple | ast.Set):
        children = list(expr.elts)
    elif isinstance(expr, ast.IfExp):
        children = [expr.body, expr.orelse]
    elif isinstance(expr, ast.BoolOp):
        children = list(expr.values)
    else:
        return None
    return _first_carried(children, source, tainted)


def _first_carried(
    children: Iterable[ast.expr | None], source: Source, tainted: Mapping[str, Taint]
) -> Taint | None:
    for child in children:
        if child is not None:
            found = carried(child, source, tainted)
            if found is not None:
                return found
    return None


def _arguments(call: ast.Call) -> Iterator[ast.expr]:
    yield from call.args
    for item in call.keywords:
        yield item.value


def _carried_by_call(call: ast.Call, source: Source, tainted: Mapping[str, Taint]) -> Taint | None:
    arguments = _arguments(call)
    func = call.func
    if isinstance(func, ast.Attribute):
        receiver = carried(func.value, source, tainted)
        if receiver is not None:
            if func.attr in _SAME_VALUE_METHODS:
                return receiver
            if receiver.survives_selection and func.attr not in _NOT_A_VALUE_METHODS:
                return receiver
            return None
        if func.attr in {"join", "format"} or func.attr in _SAME_VALUE_FUNCTIONS:
            return _first_carried(arguments, source, tainted)
        name = func.attr
    elif isinstance(func, ast.Name):
        name = func.id
        if name in _SAME_VALUE_FUNCTIONS:
            return _first_carried(arguments, source, tainted)
    else:
        return None
    if name[:1].isupper():
        # An object built from a secret holds it (`Result(token=...)`, `FieldInfo(...)`), but
        # what it later returns is its own business (`client.create_ticket(...)`), so the
        # taint stays on the object alone. An object built from a body is validation.
        found = _first_carried(arguments, source, tainted)
        if found is None or not found.survives_selection:
            return None
        return replace(found, survives_selection=False)
    return None


@dataclass(frozen=True)
class _Bindings:
    """What a scope binds, gathered once and reused for every kind of taint."""

    assignments: list[tuple[Sequence[str], ast.expr]]
    loops: list[ast.For | ast.AsyncFor]


def _bindings_of(nodes: Sequence[ast.AST]) -> _Bindings:
    return _Bindings(
        assignments=list(bindings(nodes)),
        loops=[node for node in nodes if isinstance(node, ast.For | ast.AsyncFor)],
    )


def _propagate(
    scope_bindings: _Bindings, source: Source, inherited: Mapping[str, Taint] | None
) -> dict[str, Taint]:
    """Names a scope binds to a tainted value, plus those it inherits."""
    tainted: dict[str, Taint] = dict(inherited or {})
    assignments, loops = scope_bindings.assignments, scope_bindings.loops
    if not assignments and not loops:
        return tainted
    for _ in range(3):  # a few rounds reach chains like `a = secret; b = a; c = f"{b}"`
        changed = False
        for names, value in assignments:
            if all(name in tainted for name in names):
                continue
            found = carried(value, source, tainted)
            if found is not None:
                for name in names:
                    if name not in tainted:
                        tainted[name] = found
                        changed = True
        for loop in loops:
            found = carried(loop.iter, source, tainted)
            if found is not None and found.survives_selection:
                for name in assigned_names(loop.target):
                    if name not in tainted:
                        tainted[name] = found
                        changed = True
        if not changed:
            break
    return tainted


_TAINT_MEMO: weakref.WeakKeyDictionary[Scope, dict[Source, dict[str, Taint]]] = (
    weakref.WeakKeyDictionary()
)
_BINDINGS_MEMO: weakref.WeakKeyDictionary[Scope, _Bindings] = weakref.WeakKeyDictionary()


def taint(scope: Scope, source: Source) -> dict[str, Taint]:
    """Tainted names visible in `scope`: its own and its enclosing functions' (memoised)."""
    memo = _TAINT_MEMO.setdefault(scope, {})
    cached = memo.get(source)
    if cached is None:
        inherited = taint(scope.parent, source) if scope.parent is not None else None
        scope_bindings = _BINDINGS_MEMO.get(scope)
        if scope_bindings is None:
            scope_bindings = _BINDINGS_MEMO[scope] = _bindings_of(scope.binders)
        cached = _propagate(scope_bindings, source, inherited)
        memo[source] = cached
    return cached


def tainted_sinks(
    scopes: Iterable[Scope], sink: Sink, source: Source
) -> Iterator[tuple[ast.Call, ast.expr, Taint]]:
    """(call, argument, taint) for every sink call with an argument carrying `source`'s taint.

    Only the first such argument of each call is given: one finding per call is enough.
    """
    for scope in scopes:
        for call in scope.calls:
            arguments = sink(call)
            if not arguments:
                continue
            tainted = taint(scope, source)
            for argument in arguments:
                found = carried(argument, source, tainted)
                if found is not None:
                    yield call, argument, found
                    break
