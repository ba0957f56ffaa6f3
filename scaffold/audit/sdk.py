"""What `scaffold check` knows about the Ebbot Integrations SDK's surface (sdk/CONTRACT.md).

Only names and parameter positions: which decorators make actions and triggers, which
parameters `start_workflow_server` takes and in which order (the docs pass the first five
positionally), and which parameters a trigger function receives.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from scaffold.audit.source import FunctionNode, SourceFile
from scaffold.audit.syntax import (
    argument,
    decorator_named,
    final_name,
    keyword,
    parameter_names,
    positional_parameters,
)

SERVER_FACTORY = "start_workflow_server"

# start_workflow_server's parameters in positional order (contract §2).
SERVER_PARAMETERS = (
    "path", "storage_server_url", "storage_server_key", "options", "secrets", "title",
    "dev_mode", "install_instructions", "api_rate_limit_info", "required_permissions",
    "validator", "post_install_instructions", "auth_token", "docs", "email", "author", "url",
)  # fmt: skip

ACTION_DECORATORS = frozenset({"workflow_action"})
TRIGGER_DECORATORS = frozenset({"workflow_trigger", "with_triggers"})

# The parameter through which an action receives its FunctionEnv (contract §5).
ENV_PARAMETER = "env"


def is_server_call(source: SourceFile, call: ast.Call) -> bool:
    """True for a call of `start_workflow_server`, however it was imported."""
    return final_name(source, call.func) == SERVER_FACTORY


def server_calls_in(source: SourceFile) -> list[ast.Call]:
    """Every `start_workflow_server(...)` call in `source` (computed once per file)."""
    if source.server_calls is None:
        found = SERVER_FACTORY in source.text
        source.server_calls = [c for c in source.calls if found and is_server_call(source, c)]
    return source.server_calls


def server_argument(call: ast.Call, name: str) -> ast.expr | None:
    """The expression passed for `start_workflow_server`'s parameter `name`."""
    return argument(call, name, SERVER_PARAMETERS.index(name))


@dataclass(frozen=True)
class Action:
    """A function decorated with `@workflow_action(...)`."""

    function: FunctionNode
    decorator: ast.expr

    @property
    def name(self) -> str:
        """The action name the SDK exposes: the function's name."""
        return self.function.name

    @property
    def arguments(self) -> list[str]:
        """Parameters filled from the caller's JSON (everything but `env`)."""
        return [name for name in parameter_names(self.function) if name != ENV_PARAMETER]

    def option(self, name: str) -> ast.expr | None:
        """The decorator's keyword argument `name` (`docs`, `info`, ...), if given."""
        return keyword(self.decorator, name) if isinstance(self.decorator, ast.Call) else None


@dataclass(frozen=True)
class Trigger:
    """A function decorated with `@workflow_trigger(...)` or `@with_triggers(...)`."""

    function: FunctionNode
    decorator: ast.expr

    @property
    def dispatch_name(self) -> str | None:
        """The SDK passes dispatch positionally first, whatever the parameter is called."""
        positional = positional_parameters(self.function)
        return positional[0] if positional else None

    @property
    def app_name(self) -> str | None:
        """The parameter that receives the FastAPI app (`app`), if the trigger takes it."""
        return "app" if "app" in parameter_names(self.function) else None

    def option(self, name: str) -> ast.expr | None:
        """The decorator's keyword argument `name` (`triggerOptions`, ...), if given."""
        return keyword(self.decorator, name) if isinstance(self.decorator, ast.Call) else None


def actions_in(source: SourceFile) -> list[Action]:
    """Every workflow action defined in `source` (computed once per file)."""
    if source.actions is None:
        source.actions = []
        for function in source.functions:
            decorator = decorator_named(source, function, ACTION_DECORATORS)
            if decorator is not None:
                source.actions.append(Action(function, decorator))
    return source.actions


def triggers_in(source: SourceFile) -> list[Trigger]:
    """Every trigger (or shared trigger handler) defined in `source` (computed once per file)."""
    if source.triggers is None:
        source.triggers = []
        for function in source.functions:
            decorator = decorator_named(source, function, TRIGGER_DECORATORS)
            if decorator is not None:
                source.triggers.append(Trigger(function, decorator))
    return source.triggers
