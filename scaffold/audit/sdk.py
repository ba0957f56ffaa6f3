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
DISPATCH = "dispatch"


def is_server_call(source: SourceFile, call: ast.Call) -> bool:
    """True for a call of `start_workflow_server`, however it was imported."""
    return final_name(source, call.func) == SERVER_FACTORY


def server_argument(call: ast.Call, name: str) -> ast.expr | None:
    """The expression passed for `start_workflow_server`'s parameter `name`."""
    return argument(call, name, SERVER_PARAMETERS.index(name))


def dispatch_payload(call: ast.Call) -> list[ast.expr] | None:
    """What a `dispatch(subscription_id, ...)` call sends on (all but the id); None for any
    other call. The trigger's dispatch parameter is called `dispatch` in practice."""
    if not (isinstance(call.func, ast.Name) and call.func.id == DISPATCH):
        return None
    return [*call.args[1:], *(item.value for item in call.keywords)]


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


@dataclass(frozen=True)
class SdkFacts:
    """What one file does with the SDK. Computed once per file (Project.sdk), because
    several rule families ask."""

    actions: tuple[Action, ...]
    triggers: tuple[Trigger, ...]
    server_calls: tuple[ast.Call, ...]

    @classmethod
    def of(cls, source: SourceFile) -> SdkFacts:
        """Find the actions, triggers (and shared trigger handlers) and server calls."""
        actions, triggers = [], []
        for function in source.functions:
            decorator = decorator_named(source, function, ACTION_DECORATORS)
            if decorator is not None:
                actions.append(Action(function, decorator))
            decorator = decorator_named(source, function, TRIGGER_DECORATORS)
            if decorator is not None:
                triggers.append(Trigger(function, decorator))
        server_calls: tuple[ast.Call, ...] = ()
        if SERVER_FACTORY in source.text:  # the common case is a file that never starts one
            server_calls = tuple(call for call in source.calls if is_server_call(source, call))
        return cls(tuple(actions), tuple(triggers), server_calls)
