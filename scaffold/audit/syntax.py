"""Small questions asked of AST nodes: what is this called, which argument is that, is it True.

Everything here is purely syntactic: names are resolved through the file's imports only, never
by importing anything.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator, Sequence

from scaffold.audit.source import FunctionNode, SourceFile


def dotted_name(node: ast.expr) -> str | None:
    """`a.b.c` for a Name/Attribute chain, None for anything else (calls, subscripts, ...)."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def resolved_name(source: SourceFile, node: ast.expr) -> str | None:
    """The dotted name with its first part replaced by what the file imported under that name.

    `hx.get` becomes `httpx.get` after `import httpx as hx`, and `AsyncClient` becomes
    `httpx.AsyncClient` after `from httpx import AsyncClient`.
    """
    name = dotted_name(node)
    if name is None:
        return None
    head, _, rest = name.partition(".")
    target = source.imports.get(head)
    if target is None:
        return name
    return f"{target}.{rest}" if rest else target


def callee_name(node: ast.expr) -> str | None:
    """The last identifier of what `node` names, as written: `run` for `uvicorn.run`, `get`
    for `client.get`, and for a call the name of what it calls. None for anything else."""
    if isinstance(node, ast.Call):
        return callee_name(node.func)
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def final_name(source: SourceFile, node: ast.expr) -> str | None:
    """`callee_name` with an imported alias undone first (and `x[...]` named after `x`).

    `@action(...)` after `from integrations_sdk.component import workflow_action as action`
    is `workflow_action`.
    """
    if isinstance(node, ast.Call):
        return final_name(source, node.func)
    if isinstance(node, ast.Name):
        target = source.imports.get(node.id, node.id)
        return target.rsplit(".", 1)[-1]
    if isinstance(node, ast.Subscript):
        return final_name(source, node.value)
    return callee_name(node)


def keyword(call: ast.Call, name: str) -> ast.expr | None:
    """The value passed as `name=` to `call`, if any."""
    for item in call.keywords:
        if item.arg == name:
            return item.value
    return None


def has_double_star(call: ast.Call) -> bool:
    """True when `call` passes `**kwargs`, so any keyword may be hidden in it."""
    return any(item.arg is None for item in call.keywords)


def argument(call: ast.Call, name: str, position: int | None) -> ast.expr | None:
    """The value bound to parameter `name`, given by keyword or at `position` (0-based)."""
    value = keyword(call, name)
    if value is not None:
        return value
    if position is not None and position < len(call.args):
        candidate = call.args[position]
        if not any(isinstance(arg, ast.Starred) for arg in call.args[: position + 1]):
            return candidate
    return None


def is_true(node: ast.expr | None) -> bool:
    """The literal `True`."""
    return isinstance(node, ast.Constant) and node.value is True


def is_false(node: ast.expr | None) -> bool:
    """The literal `False`."""
    return isinstance(node, ast.Constant) and node.value is False


def is_none(node: ast.expr | None) -> bool:
    """The literal `None`."""
    return isinstance(node, ast.Constant) and node.value is None


def string_value(node: ast.expr | None) -> str | None:
    """The value of a string literal, None for anything else."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def field_default(source: SourceFile, value: ast.expr) -> ast.expr | None:
    """The default a class-body field gets: `value` itself, or the one in Field(default)."""
    if isinstance(value, ast.Call) and final_name(source, value.func) == "Field":
        return keyword(value, "default") or (value.args[0] if value.args else None)
    return value


def decorator_named(
    source: SourceFile, function: FunctionNode, names: frozenset[str]
) -> ast.expr | None:
    """The first decorator of `function` whose callee is one of `names`, or None."""
    for decorator in function.decorator_list:
        if final_name(source, decorator) in names:
            return decorator
    return None


def parameter_names(function: FunctionNode | ast.Lambda) -> list[str]:
    """All parameter names in declaration order (positional, *args, keyword-only, **kwargs)."""
    arguments = function.args
    names = [arg.arg for arg in (*arguments.posonlyargs, *arguments.args)]
    if arguments.vararg:
        names.append(arguments.vararg.arg)
    names.extend(arg.arg for arg in arguments.kwonlyargs)
    if arguments.kwarg:
        names.append(arguments.kwarg.arg)
    return names


def positional_parameters(function: FunctionNode) -> list[str]:
    """Parameters that can be passed by position, in order."""
    return [arg.arg for arg in (*function.args.posonlyargs, *function.args.args)]


def position(node: ast.AST) -> tuple[int, int]:
    """(line, column) of a node, for "happens before" comparisons in source order."""
    return (getattr(node, "lineno", 0), getattr(node, "col_offset", 0))


def assigned_names(target: ast.expr) -> Iterator[str]:
    """Names bound by an assignment target, unpacking tuples and lists."""
    if isinstance(target, ast.Name):
        yield target.id
    elif isinstance(target, ast.Tuple | ast.List):
        for element in target.elts:
            yield from assigned_names(element)
    elif isinstance(target, ast.Starred):
        yield from assigned_names(target.value)


def bindings(nodes: Iterable[ast.AST]) -> Iterator[tuple[Sequence[str], ast.expr]]:
    """(names, value) for every assignment, walrus and `with ... as` among `nodes`."""
    for node in nodes:
        if isinstance(node, ast.Assign):
            names = [name for target in node.targets for name in assigned_names(target)]
            yield names, node.value
        elif isinstance(node, ast.AnnAssign | ast.AugAssign) and node.value is not None:
            yield list(assigned_names(node.target)), node.value
        elif isinstance(node, ast.NamedExpr):
            yield [node.target.id], node.value
        elif isinstance(node, ast.withitem) and node.optional_vars is not None:
            yield list(assigned_names(node.optional_vars)), node.context_expr
