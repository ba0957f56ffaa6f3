"""SCF2xx: how the server is started. Auth on, dev mode and debug off, CORS closed, loopback.

SCF205 (bind-all-interfaces) reports an all-interfaces address (`0.0.0.0`, `::`) that the
code itself chooses: given to `uvicorn.run`/`uvicorn.Config` (directly, through a module
constant or as the fallback of an env read), or as the default of a `--host` option or of a
settings `host` field. A host the operator chooses (`host=settings.host`, `args.host`,
`os.environ["HOST"]`) is not reported. A container that must bind every interface documents
that on the line: `# scaffold: ignore[SCF205] container: only the published port is reachable`.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from scaffold.audit.model import Finding, Rule, Severity
from scaffold.audit.naming import words
from scaffold.audit.project import Project, is_settings_class
from scaffold.audit.rules.base import finding
from scaffold.audit.sdk import SERVER_PARAMETERS, server_argument
from scaffold.audit.source import SourceFile
from scaffold.audit.syntax import (
    argument,
    dotted_name,
    field_default,
    final_name,
    has_double_star,
    is_none,
    is_true,
    keyword,
    resolved_name,
    string_value,
)

DEV_MODE_ENABLED = Rule(
    id="SCF201",
    name="dev-mode-enabled",
    severity=Severity.HIGH,
    checklist="Production runs with dev_mode=False.",
    summary="dev_mode is True, or a dev-mode setting defaults to true.",
    hint=(
        "Default dev mode to False (DEV_MODE unset means production) and pass the setting: "
        "start_workflow_server(..., dev_mode=settings.dev_mode). Dev mode stores secrets in "
        "plaintext ./dev.db."
    ),
)

AUTH_TOKEN_MISSING = Rule(
    id="SCF202",
    name="auth-token-missing",
    severity=Severity.CRITICAL,
    checklist="auth_token on the server (the SDK's auth is off by default).",
    summary="start_workflow_server is called without an auth_token (or with None).",
    hint=(
        "Pass auth_token=settings.auth_token.get_secret_value() from a required SecretStr "
        "setting; without it anyone can create connections and run any action."
    ),
)

DEBUG_ENABLED = Rule(
    id="SCF203",
    name="debug-enabled",
    severity=Severity.HIGH,
    checklist="Production runs with no debug.",
    summary="Debug mode is switched on (FastAPI/Starlette/uvicorn debug=True or a debug default).",
    hint="Remove debug=True; debug pages leak tracebacks, locals and configuration.",
)

CORS_ANY_ORIGIN = Rule(
    id="SCF204",
    name="cors-any-origin",
    severity=Severity.MEDIUM,
    checklist="Strict CORS (the server talks to the Ebbot platform, not to browsers).",
    summary="CORS allows any origin.",
    hint="Drop CORSMiddleware (server-to-server traffic needs none) or list exact origins.",
)

BIND_ALL_INTERFACES = Rule(
    id="SCF205",
    name="bind-all-interfaces",
    severity=Severity.MEDIUM,
    checklist="The server listens on loopback unless the deployment says otherwise.",
    summary="The server binds every network interface (0.0.0.0 or ::) by default.",
    hint=(
        "Default to 127.0.0.1 and take the host from configuration (--host, a HOST setting); "
        "where a container must bind 0.0.0.0, say so on the line with "
        "`# scaffold: ignore[SCF205] container: ...`."
    ),
)

RULES = (DEV_MODE_ENABLED, AUTH_TOKEN_MISSING, DEBUG_ENABLED, CORS_ANY_ORIGIN, BIND_ALL_INTERFACES)

_DEV_MODE_NAMES = frozenset({"devmode", "developmentmode"})
_DEBUG_NAMES = frozenset({"debug", "debugmode"})
_DEBUG_CALLEES = frozenset({"FastAPI", "Starlette", "run", "Config", "Flask"})
_APP_FACTORIES = frozenset({"FastAPI", "Starlette", "Flask", "start_workflow_server", "create_app"})
_TRUTHY_STRINGS = frozenset({"1", "true", "yes", "on", "y", "t"})
_ANY_ORIGIN_REGEXES = frozenset({".*", "^.*$", ".+", "^.+$", "*", "^.*", ".*$"})
_ENV_READERS = frozenset({"getenv", "get"})
_ALL_INTERFACES = frozenset({"0.0.0.0", "::", "[::]", "0:0:0:0:0:0:0:0"})  # noqa: S104
# Server entry points and the position of `host` when it is passed positionally.
_SERVER_RUNNERS = {"uvicorn.run": None, "uvicorn.Config": 1, "uvicorn.config.Config": 1}
_HOST_OPTIONS = frozenset({"--host", "--bind", "--listen"})


def check_server_start(source: SourceFile, project: Project) -> Iterator[Finding]:
    """SCF201/SCF202 on start_workflow_server calls."""
    for call in project.sdk(source).server_calls:
        dev_mode = server_argument(call, "dev_mode")
        if dev_mode is not None and is_true(dev_mode):
            message = "start_workflow_server(dev_mode=True)"
            yield finding(DEV_MODE_ENABLED, source, dev_mode, message)
        auth_token = server_argument(call, "auth_token")
        if auth_token is None:
            hidden = has_double_star(call) or len(call.args) > SERVER_PARAMETERS.index("auth_token")
            if not hidden and not any(isinstance(arg, ast.Starred) for arg in call.args):
                yield finding(
                    AUTH_TOKEN_MISSING,
                    source,
                    call,
                    "start_workflow_server(...) has no auth_token: every SDK route is open",
                )
        elif is_none(auth_token) or string_value(auth_token) == "":
            yield finding(
                AUTH_TOKEN_MISSING,
                source,
                auth_token,
                "start_workflow_server(auth_token=...) is empty: every SDK route is open",
            )


def check_mode_defaults(source: SourceFile, project: Project) -> Iterator[Finding]:
    """SCF201/SCF203 on settings fields, module constants and env reads defaulting to true.

    Only class bodies and the module level are defaults; a local `dev_mode = True` in a test
    or an attribute assignment on some object is not (except `app.debug = True`).
    """
    statements: list[ast.stmt] = list(source.tree.body)
    for class_node in source.classes:
        statements.extend(class_node.body)
    for statement in statements:
        if isinstance(statement, ast.Assign | ast.AnnAssign) and statement.value is not None:
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            for target in targets:
                if isinstance(target, ast.Name):
                    yield from _true_default(source, target.id, statement.value)
    apps = _app_names(source)
    for statement in source.assignments:
        if isinstance(statement, ast.Assign) and is_true(statement.value):
            for target in statement.targets:
                if _is_app_debug(target, apps):
                    message = f"`{ast.unparse(target)} = True` switches debug on"
                    yield finding(DEBUG_ENABLED, source, statement.value, message)
    for call in source.calls:
        yield from _env_read_defaulting_to_true(source, call)


def _true_default(source: SourceFile, name: str, value: ast.expr) -> Iterator[Finding]:
    rule = _mode_rule(name)
    default = field_default(source, value) if rule is not None else None
    if (
        rule is not None
        and default is not None
        and (is_true(default) or _is_truthy_string(default))
    ):
        yield finding(rule, source, default, f"`{name}` defaults to true")


def _app_names(source: SourceFile) -> set[str]:
    """Names bound to an application object: `api = FastAPI()`, `app = create_app()`, ..."""
    names: set[str] = set()
    for statement in source.assignments:
        value = statement.value
        if isinstance(value, ast.Call) and final_name(source, value.func) in _APP_FACTORIES:
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            names.update(name for target in targets if (name := dotted_name(target)))
    return names


def _is_app_debug(target: ast.expr, apps: set[str]) -> bool:
    """`app.debug = True` on an application object (not on settings or other objects)."""
    if not isinstance(target, ast.Attribute) or target.attr != "debug":
        return False
    owner = dotted_name(target.value) or ""
    return owner in apps or owner.rsplit(".", 1)[-1].lower() in {"app", "application"}


def _mode_rule(name: str | None) -> Rule | None:
    if name is None:
        return None
    joined = "".join(words(name))
    if joined in _DEV_MODE_NAMES:
        return DEV_MODE_ENABLED
    if joined in _DEBUG_NAMES:
        return DEBUG_ENABLED
    return None


def _is_truthy_string(node: ast.expr) -> bool:
    text = string_value(node)
    return text is not None and text.strip().lower() in _TRUTHY_STRINGS


def _env_read_defaulting_to_true(source: SourceFile, call: ast.Call) -> Iterator[Finding]:
    """`os.getenv("DEV_MODE", "true")`, `os.environ.get("DEBUG", "1")`."""
    if not isinstance(call.func, ast.Attribute) or call.func.attr not in _ENV_READERS:
        return
    receiver = dotted_name(call.func.value) or ""
    if receiver not in {"os", "os.environ", "environ"} or len(call.args) < 2:
        return
    variable = string_value(call.args[0])
    rule = _mode_rule(variable)
    default = call.args[1]
    if rule is not None and (is_true(default) or _is_truthy_string(default)):
        yield finding(rule, source, default, f"environment variable {variable} defaults to true")


def check_debug_and_cors(source: SourceFile, project: Project) -> Iterator[Finding]:
    """SCF203 on debug=True keywords, SCF204 on allow_origins=["*"] and catch-all regexes."""
    for call in source.calls:
        debug = keyword(call, "debug")
        if is_true(debug) and debug is not None:
            callee = final_name(source, call.func)
            if callee in _DEBUG_CALLEES:
                label = dotted_name(call.func) or callee
                yield finding(DEBUG_ENABLED, source, debug, f"{label}(debug=True)")
        origins = keyword(call, "allow_origins")
        wildcard = _wildcard_origin(origins) if origins is not None else None
        if wildcard is not None:
            yield finding(CORS_ANY_ORIGIN, source, wildcard, 'allow_origins includes "*"')
        pattern = keyword(call, "allow_origin_regex")
        if string_value(pattern) in _ANY_ORIGIN_REGEXES and pattern is not None:
            yield finding(CORS_ANY_ORIGIN, source, pattern, "allow_origin_regex matches any origin")


def _wildcard_origin(origins: ast.expr) -> ast.expr | None:
    if string_value(origins) == "*":
        return origins
    if isinstance(origins, ast.List | ast.Tuple | ast.Set):
        for element in origins.elts:
            if string_value(element) == "*":
                return element
    return None


def check_bind_address(source: SourceFile, project: Project) -> Iterator[Finding]:
    """SCF205 on all-interfaces hosts chosen in code (see the module docstring)."""
    if not any(address in source.text for address in ("0.0.0.0", "::", "0:0:0:0")):  # noqa: S104
        return  # the common case
    constants = _module_constants(source)
    for call in source.calls:
        resolved = resolved_name(source, call.func) or ""
        if resolved in _SERVER_RUNNERS:
            host = argument(call, "host", _SERVER_RUNNERS[resolved])
            bound = _all_interfaces(source, host, constants) if host is not None else None
            if host is not None and bound is not None:
                label = f"{dotted_name(call.func) or resolved}(host={ast.unparse(host)})"
                message = f"{label} listens on {_EVERY_INTERFACE}{_how(host, constants)}"
                yield finding(BIND_ALL_INTERFACES, source, bound, message)
        elif _is_host_option(call):
            default = keyword(call, "default")
            if default is not None and string_value(default) in _ALL_INTERFACES:
                message = (
                    f"the {string_value(call.args[0])} option defaults to {_EVERY_INTERFACE} "
                    f"({string_value(default)})"
                )
                yield finding(BIND_ALL_INTERFACES, source, default, message)
    for class_node in source.classes:
        if is_settings_class(source, class_node):
            yield from _host_setting_defaults(source, class_node)


_EVERY_INTERFACE = "every network interface"


def _how(host: ast.expr, constants: dict[str, ast.expr]) -> str:
    """What makes `host` all interfaces, when its own text does not say."""
    if isinstance(host, ast.Name):
        return f" ({host.id} = {ast.unparse(constants[host.id])})"
    if isinstance(host, ast.Call):
        return " when the variable is unset"
    return ""


def _module_constants(source: SourceFile) -> dict[str, ast.expr]:
    """Module-level `NAME = value` assignments (the last one wins, as at run time)."""
    constants: dict[str, ast.expr] = {}
    for statement in source.tree.body:
        if isinstance(statement, ast.Assign):
            for target in statement.targets:
                if isinstance(target, ast.Name):
                    constants[target.id] = statement.value
        elif (
            isinstance(statement, ast.AnnAssign)
            and isinstance(statement.target, ast.Name)
            and statement.value is not None
        ):
            constants[statement.target.id] = statement.value
    return constants


def _all_interfaces(
    source: SourceFile, host: ast.expr, constants: dict[str, ast.expr]
) -> ast.expr | None:
    """The all-interfaces literal that `host` evaluates to when nobody configures it."""
    if isinstance(host, ast.Name) and host.id in constants:
        return host if _all_interfaces(source, constants[host.id], {}) is not None else None
    if string_value(host) in _ALL_INTERFACES:
        return host
    if (
        isinstance(host, ast.Call)
        and isinstance(host.func, ast.Attribute)
        and host.func.attr in _ENV_READERS
        and len(host.args) > 1
        and string_value(host.args[1]) in _ALL_INTERFACES
    ):
        return host.args[1]  # os.getenv("HOST", "0.0.0.0"): all interfaces when unset
    return None


def _is_host_option(call: ast.Call) -> bool:
    """`parser.add_argument("--host", ...)`."""
    return (
        isinstance(call.func, ast.Attribute)
        and call.func.attr == "add_argument"
        and any(string_value(arg) in _HOST_OPTIONS for arg in call.args)
        and string_value(call.args[0]) is not None
    )


def _host_setting_defaults(source: SourceFile, class_node: ast.ClassDef) -> Iterator[Finding]:
    for statement in class_node.body:
        if (
            isinstance(statement, ast.AnnAssign)
            and isinstance(statement.target, ast.Name)
            and statement.value is not None
            and words(statement.target.id)[-1:] in (["host"], ["bind"])
        ):
            default = field_default(source, statement.value)
            if default is not None and string_value(default) in _ALL_INTERFACES:
                message = (
                    f"settings field `{statement.target.id}` defaults to {_EVERY_INTERFACE} "
                    f"({string_value(default)})"
                )
                yield finding(BIND_ALL_INTERFACES, source, default, message)


CHECKS = (check_server_start, check_mode_defaults, check_debug_and_cors, check_bind_address)
