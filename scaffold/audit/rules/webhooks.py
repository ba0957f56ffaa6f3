"""SCF3xx: trigger routes. Authenticate the sender before dispatch; dispatch chosen fields.

Routes a trigger registers on `app` are public (the SDK's auth_token does not cover them), so
each one that leads to `dispatch` must check a signature or token first.

Which routes: `@app.post(...)`-style decorators and `app.add_api_route(...)` calls on the
trigger's `app` (or on an `APIRouter()` built there), inside the trigger function or inside a
project function the trigger hands `app` to (`mount_webhook_route(app, dispatch=dispatch)`,
followed into its definition in any module; such a route is reported at that call).

The heuristic for "checks first" (SCF301), in source order inside the route handler:
- a call whose name says it verifies: verify*, *signature*, compare_digest, authenticate,
  authorize/authorise, check_token, validate_token, is_valid_request, construct_event;
- or a `Depends(...)`/`Security(...)` on such a callable, in the handler's parameters or in
  the route decorator's `dependencies=[...]`;
- a helper that receives `dispatch` (`await pipeline.handle(request, dispatch)`), or a
  closure that sees it without being handed it (`await _run(request)` defined next to the
  handler), is followed into its definition and judged the same way; a helper that cannot
  be found is given the benefit of the doubt, while handing dispatch to a scheduler
  (`background_tasks.add_task(dispatch, ...)`, `run_in_threadpool(dispatch, ...)`) counts as
  dispatching right there.
A plain `==` on a token is not recognised on purpose: it is not constant-time (SCF303).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass

from scaffold.audit.calls import (
    Handover,
    definitions,
    handed_over,
    local_functions,
    own_nodes,
    receivers,
    receiving_parameter,
)
from scaffold.audit.flow import Taint, tainted_sinks
from scaffold.audit.model import Finding, Rule, Severity
from scaffold.audit.project import Project
from scaffold.audit.rules.base import finding
from scaffold.audit.sdk import dispatch_payload
from scaffold.audit.source import FunctionNode, SourceFile
from scaffold.audit.syntax import callee_name, keyword, position, string_value

UNVERIFIED_WEBHOOK = Rule(
    id="SCF301",
    name="unverified-webhook",
    severity=Severity.CRITICAL,
    checklist=(
        "Triggers dispatch only real, verified events: authenticate the sender before "
        "anything else (routes on `app` are public)."
    ),
    summary="A trigger route dispatches without a signature or token check before it.",
    hint=(
        "Verify the upstream's signature over the raw body (hmac.compare_digest) or its token "
        "before parsing and dispatching; answer 401 otherwise."
    ),
)

RAW_PAYLOAD_DISPATCH = Rule(
    id="SCF302",
    name="raw-payload-dispatch",
    severity=Severity.MEDIUM,
    checklist=(
        "Validate the payload before dispatch and dispatch only the fields subscribers need; "
        "never forward raw upstream responses."
    ),
    summary="dispatch() forwards a whole request body or raw upstream response.",
    hint=(
        "Validate into a pydantic model and dispatch an allowlist of fields, e.g. "
        "dispatch(sid, event.model_dump(include=ALLOWED_FIELDS))."
    ),
)

RULES = (UNVERIFIED_WEBHOOK, RAW_PAYLOAD_DISPATCH)

_ROUTE_DECORATORS = frozenset(
    {"get", "post", "put", "patch", "delete", "head", "options", "api_route", "route",
     "websocket", "websocket_route"}
)  # fmt: skip
_ROUTE_REGISTRARS = frozenset({"add_api_route", "add_route", "add_websocket_route"})
_VERIFIER = re.compile(
    r"verif|signature|compare_digest|authenticat|authori[sz]|check_token|validate_token"
    r"|is_valid_request|construct_event",
    re.IGNORECASE,
)
_DEPENDENCY_MARKERS = frozenset({"Depends", "Security"})
_SCHEDULERS = frozenset(
    {"add_task", "run_in_threadpool", "to_thread", "run_in_executor", "create_task", "submit",
     "partial", "run_sync", "start_soon"}
)  # fmt: skip
_MAX_HELPER_DEPTH = 4


@dataclass(frozen=True)
class _Route:
    """A route on the app, its handler, and what the handler can see."""

    registration: ast.expr  # where to report: in the trigger's own file
    handler: FunctionNode
    description: str
    pre_verified: bool
    dispatch_names: frozenset[str]
    closures: dict[str, FunctionNode]  # functions the handler can call without importing


@dataclass(frozen=True)
class _Verdict:
    dispatches: bool
    verified: bool


def check_webhook_routes(source: SourceFile, project: Project) -> Iterator[Finding]:
    """SCF301: trigger routes on `app` that can reach dispatch before any sender check."""
    for trigger in project.sdk(source).triggers:
        if trigger.dispatch_name is None or trigger.app_name is None:
            continue
        routes = _routes(
            project,
            trigger.function,
            app_names={trigger.app_name},
            dispatch_names=frozenset({trigger.dispatch_name}),
            reported_at=None,
            seen=set(),
        )
        for route in routes:
            verdict = _judge(
                project,
                route.handler,
                route.dispatch_names,
                route.closures,
                route.pre_verified,
                seen=set(),
            )
            if verdict.dispatches and not verdict.verified:
                yield finding(
                    UNVERIFIED_WEBHOOK,
                    source,
                    route.registration,
                    f"{route.description} dispatches without verifying the sender first",
                )


def _routes(
    project: Project,
    function: FunctionNode,
    *,
    app_names: set[str],
    dispatch_names: frozenset[str],
    reported_at: ast.Call | None,
    seen: set[int],
) -> Iterator[_Route]:
    """Routes registered on `app_names` in `function`, or in project helpers it hands app to.

    `reported_at` is the call in the trigger that led into a helper: a route found there is
    reported at that call, in the trigger's file (`mount_webhook_route(app, dispatch=...)`).
    """
    if id(function) in seen or len(seen) > _MAX_HELPER_DEPTH:
        return
    seen = seen | {id(function)}
    nodes = own_nodes(project, function)
    closures = local_functions(nodes)
    owners = app_names | _routers_in(nodes)
    for node in nodes:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for decorator in node.decorator_list:
                if isinstance(decorator, ast.Call) and _is_route_call(
                    decorator, owners, _ROUTE_DECORATORS
                ):
                    yield _Route(
                        reported_at or decorator,
                        node,
                        _describe(decorator, reported_at, project.file_of.get(id(function))),
                        _has_verifier_dependency(decorator),
                        dispatch_names,
                        closures,
                    )
        elif isinstance(node, ast.Call) and _is_route_call(node, owners, _ROUTE_REGISTRARS):
            endpoint = keyword(node, "endpoint") or (node.args[1] if len(node.args) > 1 else None)
            handler = _function_named(project, closures, endpoint)
            if handler is not None:
                yield _Route(
                    reported_at or node,
                    handler,
                    _describe(node, reported_at, project.file_of.get(id(function))),
                    _has_verifier_dependency(node),
                    dispatch_names,
                    closures,
                )
        elif isinstance(node, ast.Call):
            yield from _routes_in_helpers(
                project, node, app_names, dispatch_names, reported_at, seen
            )


def _routes_in_helpers(
    project: Project,
    call: ast.Call,
    app_names: set[str],
    dispatch_names: frozenset[str],
    reported_at: ast.Call | None,
    seen: set[int],
) -> Iterator[_Route]:
    """Follow `helper(app, ..., dispatch=dispatch)` into the project function(s) so named."""
    handed_app = handed_over(call, app_names)
    if handed_app is None:
        return
    handed_dispatch = handed_over(call, dispatch_names)
    for helper, app_parameter in receivers(project, call, handed_app):
        dispatch_parameter = (
            receiving_parameter(call, helper, handed_dispatch)
            if handed_dispatch is not None
            else None
        )
        yield from _routes(
            project,
            helper,
            app_names={app_parameter},
            dispatch_names=frozenset({dispatch_parameter} if dispatch_parameter else ()),
            reported_at=reported_at or call,
            seen=seen,
        )


def _routers_in(nodes: list[ast.AST]) -> set[str]:
    """Names bound to `APIRouter()`: routes on them are included in the app."""
    routers: set[str] = set()
    for node in nodes:
        if (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Call)
            and callee_name(node.value.func) == "APIRouter"
        ):
            routers.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return routers


def _is_route_call(node: ast.expr, owners: set[str], methods: frozenset[str]) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in methods
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id in owners
    )


def _describe(call: ast.Call, reported_at: ast.Call | None, path: str | None) -> str:
    """`POST /webhooks/x`, plus where it is registered when that is in a helper."""
    registrar = call.func.attr if isinstance(call.func, ast.Attribute) else "route"
    method = registrar.upper() if registrar in _ROUTE_DECORATORS else "route"
    methods = keyword(call, "methods")
    if isinstance(methods, ast.List | ast.Tuple | ast.Set):
        literal = [string_value(element) for element in methods.elts]
        method = "/".join(name.upper() for name in literal if name) or method
    url = string_value(call.args[0]) if call.args else string_value(keyword(call, "path"))
    described = f"{method} {url}" if url else f"{method} route"
    if reported_at is not None:
        where = f"{path}:{call.lineno}" if path else f"line {call.lineno}"
        described += f" ({registrar} at {where}, through {callee_name(reported_at.func)}())"
    return described


def _function_named(
    project: Project, closures: dict[str, FunctionNode], endpoint: ast.expr | None
) -> FunctionNode | None:
    """The handler passed to add_api_route: a local function first, else a project one."""
    if not isinstance(endpoint, ast.Name):
        return None
    candidates = definitions(project, endpoint.id, closures)
    return candidates[0] if candidates else None


def _has_verifier_dependency(node: ast.AST) -> bool:
    """A Depends(verifier)/Security(verifier) anywhere in a decorator or signature."""
    for child in ast.walk(node):
        if (
            isinstance(child, ast.Call)
            and isinstance(child.func, ast.Name | ast.Attribute)
            and callee_name(child.func) in _DEPENDENCY_MARKERS
            and child.args
            and _VERIFIER.search(callee_name(child.args[0]) or "")
        ):
            return True
    return False


def _judge(
    project: Project,
    function: FunctionNode,
    dispatch_names: frozenset[str],
    closures: dict[str, FunctionNode],
    pre_verified: bool,
    seen: set[int],
) -> _Verdict:
    """Does `function` reach dispatch, and is every path to it preceded by a verification?

    Calls are taken in source order. A helper handed `dispatch`, or a closure that can see it
    without being handed it, is judged in turn and counts, at the place it is called, as a
    verified or an unverified dispatch.
    """
    seen = seen | {id(function)}
    verified = pre_verified or _has_verifier_dependency(function.args)
    visible = {**closures, **local_functions(own_nodes(project, function))}
    events: list[tuple[tuple[int, int], str]] = []
    for node in ast.walk(function):
        if not isinstance(node, ast.Call):
            continue
        event = _event(project, node, dispatch_names, visible, seen)
        if event is not None:
            events.append((position(node), event))
    dispatches = False
    for _, kind in sorted(events):
        if kind == "verify":
            verified = True
        else:
            dispatches = True
            if not verified:
                return _Verdict(dispatches=True, verified=False)
    return _Verdict(dispatches=dispatches, verified=True)


def _event(
    project: Project,
    call: ast.Call,
    dispatch_names: frozenset[str],
    visible: dict[str, FunctionNode],
    seen: set[int],
) -> str | None:
    """ "dispatch", "verify" or None: what this call means for the route's verdict."""
    callee = callee_name(call.func) or ""
    if isinstance(call.func, ast.Name) and call.func.id in dispatch_names:
        return "dispatch"
    handover = handed_over(call, dispatch_names)
    nested: _Verdict | None = None
    if handover is not None:
        if callee in _SCHEDULERS:
            return "dispatch"
        nested = _helper_verdict(project, call, handover, visible, seen)
    elif isinstance(call.func, ast.Name) and callee in visible and dispatch_names:
        closure = visible[callee]
        if id(closure) not in seen and len(seen) <= _MAX_HELPER_DEPTH:
            nested = _judge(project, closure, dispatch_names, visible, False, seen)
    if nested is not None and nested.dispatches:
        return "verify" if nested.verified else "dispatch"
    return "verify" if _VERIFIER.search(callee) else None


def _helper_verdict(
    project: Project,
    call: ast.Call,
    handover: Handover,
    visible: dict[str, FunctionNode],
    seen: set[int],
) -> _Verdict | None:
    """Judge the function(s) `call` runs that receive dispatch; None if none is found."""
    if len(seen) > _MAX_HELPER_DEPTH:
        return None
    verdicts = []
    for helper, parameter in receivers(project, call, handover, visible):
        if id(helper) in seen:
            continue
        verdicts.append(_judge(project, helper, frozenset({parameter}), {}, False, seen))
    if not verdicts:
        return None
    # Several definitions with one name: the weakest one decides.
    return _Verdict(
        dispatches=any(v.dispatches for v in verdicts),
        verified=all(v.verified for v in verdicts if v.dispatches),
    )


def _raw_document(expr: ast.expr) -> Taint | None:
    """A whole request body (`await request.json()`) or upstream response (`resp.json()`)."""
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute):
        method = expr.func.attr
        receiver = expr.func.value
        if method == "json" or (method in {"body", "form"} and _named_like_request(receiver)):
            return Taint("the whole `{code}`", survives_selection=False, code=expr)
    if (
        isinstance(expr, ast.Attribute)
        and expr.attr in {"text", "content"}
        and _named_like_response(expr.value)
    ):
        return Taint("the whole `{code}`", survives_selection=False, code=expr)
    return None


def _named_like_request(expr: ast.expr) -> bool:
    return isinstance(expr, ast.Name) and (expr.id.lower().endswith("request") or expr.id == "req")


def _named_like_response(expr: ast.expr) -> bool:
    if isinstance(expr, ast.Await | ast.Call):
        return True  # `(await client.get(url)).text`
    return isinstance(expr, ast.Name) and (
        expr.id in {"r", "res", "resp"} or expr.id.lower().endswith(("response", "resp"))
    )


def check_raw_dispatch(source: SourceFile, project: Project) -> Iterator[Finding]:
    """SCF302: dispatch(sid, <whole body or response>)."""
    if "dispatch" not in source.text:
        return
    for _, payload, found in tainted_sinks(source.scopes, dispatch_payload, _raw_document):
        message = f"dispatch forwards {found.description} instead of chosen fields"
        yield finding(RAW_PAYLOAD_DISPATCH, source, payload, message)


CHECKS = (check_webhook_routes, check_raw_dispatch)
