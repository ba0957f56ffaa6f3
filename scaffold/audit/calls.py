"""Following a value into the project function it is handed to: `helper(app, dispatch=...)`.

Purely by name, across files: which definitions a name may run (a function visible where it
is called first, else every project function so named), where a call passes one of some
names on, and which parameter of a definition receives it. The webhook rules use it to follow
`app` and `dispatch` from a trigger into the helpers that register routes and dispatch.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator, Mapping

from scaffold.audit.project import Project
from scaffold.audit.source import FunctionNode
from scaffold.audit.syntax import callee_name, positional_parameters

# Where a call passes a value on: a positional index or a keyword name.
Handover = int | str


def own_nodes(project: Project, function: FunctionNode) -> list[ast.AST]:
    """The nodes `function` runs itself (not those of functions nested in it)."""
    scope = project.scope_of.get(id(function))
    return scope.own_nodes if scope is not None else list(ast.walk(function))


def local_functions(nodes: Iterable[ast.AST]) -> dict[str, FunctionNode]:
    """Functions defined among `nodes`, by name: what code there can call without importing."""
    return {
        node.name: node
        for node in nodes
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }


def definitions(
    project: Project, name: str, visible: Mapping[str, FunctionNode] | None = None
) -> list[FunctionNode]:
    """What calling `name` may run: the visible function so named, else every project one."""
    if visible and name in visible:
        return [visible[name]]
    return project.functions.get(name, [])


def handed_over(call: ast.Call, names: Iterable[str]) -> Handover | None:
    """Where `call` passes one of `names` on, if it does."""
    wanted = set(names)
    for index, argument in enumerate(call.args):
        if isinstance(argument, ast.Name) and argument.id in wanted:
            return index
    for item in call.keywords:
        if isinstance(item.value, ast.Name) and item.value.id in wanted and item.arg:
            return item.arg
    return None


def receiving_parameter(call: ast.Call, helper: FunctionNode, handover: Handover) -> str | None:
    """The parameter of `helper` that receives what `call` passes at `handover`."""
    if isinstance(handover, str):
        names = [arg.arg for arg in (*helper.args.args, *helper.args.kwonlyargs)]
        return handover if handover in names or helper.args.kwarg else None
    parameters = positional_parameters(helper)
    if isinstance(call.func, ast.Attribute) and parameters[:1] in (["self"], ["cls"]):
        parameters = parameters[1:]
    return parameters[handover] if handover < len(parameters) else None


def receivers(
    project: Project,
    call: ast.Call,
    handover: Handover,
    visible: Mapping[str, FunctionNode] | None = None,
) -> Iterator[tuple[FunctionNode, str]]:
    """(definition, parameter) for each function `call` may run that takes the handed value."""
    for helper in definitions(project, callee_name(call.func) or "", visible):
        parameter = receiving_parameter(call, helper, handover)
        if parameter is not None:
            yield helper, parameter
