"""Actions and tools: `workflow_action`, `component` and their types (CONTRACT.md section 5).

A decorated function becomes an `EbbotComponent` (not a function). Its parameters are checked
at decoration time: each must be a declared argument name, an ebbot argument or `env`. The
reverse is deliberately NOT checked (deliberate: CONTRACT §5): a declared argument the function
does not accept raises `TypeError` (a 500) when called.
"""

import dataclasses
import inspect
import typing
from collections.abc import Callable
from typing import Any, Literal

from fastapi import HTTPException
from pydantic import BaseModel, ConfigDict, ValidationInfo, field_validator
from starlette.concurrency import run_in_threadpool
from typing_extensions import TypedDict

from integrations_sdk.ebbot import Bot, Chat, Company, Message, User
from integrations_sdk.workflow import Connection

__all__ = [
    "CompanyEnv",
    "EbbotComponent",
    "FieldInfo",
    "FunctionEnv",
    "InfoCallback",
    "InfoReturnType",
    "LLMArgument",
    "ToolResult",
    "component",
    "function_env_from_connection",
    "workflow_action",
]

LLMType = Literal["string", "integer", "number", "null", "boolean", "object", "array"]


class LLMArgument(TypedDict):
    """One dict-style argument. `type` is not checked at runtime (any string passes)."""

    required: bool
    description: str
    type: LLMType


class ToolResult(TypedDict, total=False):
    """What an endeavour `@component` returns; spread into the `POST /call` response."""

    result: Any
    actions: list[dict[str, Any]] | None


@dataclasses.dataclass
class FieldInfo:
    """Form metadata for one action argument, returned by an `info=` callback."""

    label: str
    options: list[tuple[str, str]] | None = None
    translations: "dict[str, FieldInfo] | None" = None
    description: str | None = None
    depends_on: list[str] | None = None

    def to_json(self) -> dict[str, Any]:
        """Serialize like the SDK: `(value, label)` pairs become 2-element arrays.

        `depends_on` only exists in the newest upstream; it is written only when set, so that
        the output matches the recorded real SDK when it is not used.
        """
        data: dict[str, Any] = {
            "label": self.label,
            "options": [list(pair) for pair in self.options] if self.options is not None else None,
            "translations": (
                {key: value.to_json() for key, value in self.translations.items()}
                if self.translations is not None
                else None
            ),
            "description": self.description,
        }
        if self.depends_on is not None:
            data["depends_on"] = list(self.depends_on)
        return data


@dataclasses.dataclass
class CompanyEnv:
    """What an action sees of its connection: the listed options and secrets only."""

    info: dict[str, Any]
    secrets: dict[str, Any]


FunctionEnv = CompanyEnv

InfoReturnType = dict[str, FieldInfo]
InfoCallback = (
    Callable[[FunctionEnv], InfoReturnType]
    | Callable[[FunctionEnv, dict[str, Any]], InfoReturnType]
)

EBBOT_ARGUMENT_TYPES: dict[str, Any] = {
    "message": Message,
    "chat_history": list[Message],
    "user": User,
    "bot": Bot,
    "company": Company,
    "chat": Chat,
}


def _argument_names(arguments: Any) -> list[str]:
    """Declared argument names: the dict keys, or the arguments model's schema properties."""
    if isinstance(arguments, type) and issubclass(arguments, BaseModel):
        return list(arguments.model_json_schema().get("properties", {}))
    return list(arguments or {})


class EbbotComponent(BaseModel):
    """A decorated action (`@workflow_action`) or endeavour tool (`@component`).

    Its fields are exactly the public ones of CONTRACT §15 (the function is `call`); what the
    server derives from it lives in module functions below, not on the object, so a test
    written against the double cannot lean on an attribute the real SDK lacks.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    name: str
    description: str
    ebbot_arguments: list[str] = []
    # Values are deliberately not validated as LLMArgument (deliberate: CONTRACT §5, any
    # `type` string passes).
    llm_arguments: dict[str, Any] | type[BaseModel] = {}
    # Declared after the arguments: its validator reads them from `info.data`.
    call: Callable[..., Any]
    env: list[str] = []
    secrets: list[str] = []
    result: type[BaseModel] | dict[str, Any] | None = None
    errors: list[type[BaseModel] | dict[str, Any]] = []
    info: Callable[..., InfoReturnType] | None = None
    displayName: str | None = None
    docs: str | None = None
    argumentDocs: dict[str, str] | None = None
    # Last, and without a default, so that the name never shadows the builtin `type` used in
    # the annotations above.
    type: Literal["workflow_action", "component"]

    @field_validator("ebbot_arguments")
    @classmethod
    def _known_ebbot_arguments(cls, value: list[str]) -> list[str]:
        unknown = [name for name in value if name not in EBBOT_ARGUMENT_TYPES]
        if unknown:
            raise ValueError(
                f"Invalid ebbot arguments {unknown}. Must be one of {list(EBBOT_ARGUMENT_TYPES)}"
            )
        return value

    @field_validator("call")
    @classmethod
    def _check_signature(cls, fn: Callable[..., Any], info: ValidationInfo) -> Callable[..., Any]:
        ebbot_arguments: list[str] = info.data.get("ebbot_arguments", [])
        allowed = [*_argument_names(info.data.get("llm_arguments", {})), *ebbot_arguments, "env"]
        for parameter in inspect.signature(fn).parameters:
            if parameter not in allowed:
                raise ValueError(
                    f"Invalid parameter '{parameter}' in function '{fn.__name__}'. "
                    f"Must be one of {allowed}"
                )
        hints = typing.get_type_hints(fn) if ebbot_arguments else {}
        for name in ebbot_arguments:
            expected = EBBOT_ARGUMENT_TYPES[name]
            if name in hints and hints[name] != expected:
                raise ValueError(
                    f"Invalid type for '{name}' in function '{fn.__name__}'. Must be {expected}"
                )
        return fn


def is_workflow_action(component: EbbotComponent) -> bool:
    """True when exposed as a workflow action (no ebbot arguments), tools included."""
    return not component.ebbot_arguments


def takes_env(component: EbbotComponent) -> bool:
    """True when the function declares an `env` parameter."""
    return "env" in inspect.signature(component.call).parameters


def parameters_schema(component: EbbotComponent) -> dict[str, Any]:
    """The JSON schema of the arguments (CONTRACT §4 "P").

    A pydantic arguments model gives its raw `model_json_schema()`, deliberately without
    `additionalProperties: false` (deliberate: CONTRACT §5, extra keys pass and then cause a
    `TypeError`).
    """
    arguments = component.llm_arguments
    if isinstance(arguments, type):
        return arguments.model_json_schema()
    schema: dict[str, Any] = {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            name: {"description": argument["description"], "type": argument["type"]}
            for name, argument in arguments.items()
        },
    }
    required = [name for name, argument in arguments.items() if argument["required"]]
    if required:
        schema["required"] = required
    return schema


def tool_schema(component: EbbotComponent) -> dict[str, Any]:
    """The OpenAI-style function description used by the manifest and `/components`."""
    return {
        "type": "function",
        "function": {
            "name": component.name,
            "description": component.description,
            "parameters": parameters_schema(component),
        },
    }


async def invoke(component: EbbotComponent, arguments: dict[str, Any]) -> Any:
    """Call the function with `arguments` splatted as keywords (raw JSON values)."""
    if inspect.iscoroutinefunction(component.call):
        return await component.call(**arguments)
    return await run_in_threadpool(component.call, **arguments)


def function_env_from_connection(
    env: list[str], secrets: list[str], connection: Connection
) -> FunctionEnv:
    """Pick exactly the listed keys from the connection's options and secrets.

    A missing key gives `HTTPException(500, "Missing env var: <key>")`, which names the key
    (deliberate: CONTRACT §13.11).
    """
    options = connection.options or {}
    stored_secrets = connection.secrets or {}
    for key, source in [*((k, options) for k in env), *((k, stored_secrets) for k in secrets)]:
        if key not in source:
            raise HTTPException(status_code=500, detail=f"Missing env var: {key}")
    return FunctionEnv(
        info={key: options[key] for key in env},
        secrets={key: stored_secrets[key] for key in secrets},
    )


def workflow_action(
    description: str,
    result: type[BaseModel] | dict[str, Any],
    errors: list[type[BaseModel] | dict[str, Any]] | None = None,
    env: list[str] | None = None,
    secrets: list[str] | None = None,
    arguments: dict[str, LLMArgument] | type[BaseModel] | None = None,
    info: InfoCallback | None = None,
    display_name: str | None = None,
    docs: str | None = None,
    argument_docs: dict[str, str] | None = None,
) -> Callable[[Callable[..., Any]], EbbotComponent]:
    """Declare a workflow action; the action name is the function's `__name__`.

    Raises `pydantic_core.ValidationError` at decoration time when a function parameter is not
    a declared argument or `env`.
    """

    def decorate(fn: Callable[..., Any]) -> EbbotComponent:
        return EbbotComponent(
            name=fn.__name__,
            description=description,
            llm_arguments=arguments or {},
            call=fn,
            env=env or [],
            secrets=secrets or [],
            result=result,
            errors=errors or [],
            info=info,
            displayName=display_name,
            docs=docs,
            argumentDocs=argument_docs,
            type="workflow_action",
        )

    return decorate


def component(
    description: str,
    ebbot_arguments: list[str] | None = None,
    llm_arguments: dict[str, LLMArgument] | None = None,
    env: list[str] | None = None,
    secrets: list[str] | None = None,
) -> Callable[[Callable[..., Any]], EbbotComponent]:
    """Declare an older "endeavour" tool; with ebbot arguments it is not a workflow action."""

    def decorate(fn: Callable[..., Any]) -> EbbotComponent:
        return EbbotComponent(
            name=fn.__name__,
            description=description,
            ebbot_arguments=ebbot_arguments or [],
            llm_arguments=llm_arguments or {},
            call=fn,
            env=env or [],
            secrets=secrets or [],
            type="component",
        )

    return decorate
