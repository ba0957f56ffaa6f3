"""Test actions and tools covering CONTRACT.md section 5."""

from typing import Any

from fastapi import HTTPException

from integrations_sdk.component import (
    FieldInfo,
    FunctionEnv,
    ToolResult,
    component,
    workflow_action,
)
from integrations_sdk.ebbot import User

from .models import Args, Problem, Result

NAME = {"required": True, "type": "string", "description": "Who"}


@workflow_action(
    description="Say hello.",
    result=Result,
    errors=[Problem, {"type": "string"}],
    display_name="Say hello",
    docs="How it works",
    arguments={"name": NAME},
    argument_docs={"name": "The name."},
)
def say_hello(name: str) -> Result:
    return Result(result=f"Hello {name}")


@workflow_action(description="Async hello", result=Result, arguments={"name": NAME})
async def async_hello(name: str) -> Result:
    return Result(result=f"Hi {name}")


@workflow_action(description="Model arguments", result=Result, arguments=Args)
def model_args(name: str, point: Any = None) -> dict[str, Any]:
    return {"point_type": type(point).__name__, "point": point, "name": name}


@workflow_action(
    description="Uses env",
    result={"type": "object"},
    env=["region"],
    secrets=["apiKey"],
)
def uses_env(env: FunctionEnv) -> dict[str, Any]:
    return {"info": env.info, "secret_keys": sorted(env.secrets)}


@workflow_action(description="Needs a missing key", result=Result, env=["nope"])
def needs_missing(env: FunctionEnv) -> Result:
    return Result(result="unreachable")


@workflow_action(description="Raises", result=Result)
def raises() -> Result:
    raise RuntimeError("internal detail xyz")


@workflow_action(description="HTTP error", result=Result)
def http_error() -> Result:
    raise HTTPException(status_code=409, detail="conflict detail")


@workflow_action(
    description="Declares an argument it does not accept",
    result=Result,
    arguments={"name": NAME, "extra": {"required": False, "type": "string", "description": "x"}},
)
def declared_not_accepted(name: str) -> Result:
    return Result(result=name)


@workflow_action(description="Ignores its result schema", result=Result)
def wrong_result() -> dict[str, Any]:
    return {"unexpected": 1}


@workflow_action(
    description="Typed argument",
    result=Result,
    arguments={"count": {"required": True, "type": "integer", "description": "How many"}},
)
def typed_count(count: int) -> Result:
    return Result(result=str(count))


def word_info(env: FunctionEnv) -> dict[str, FieldInfo]:
    return {
        "word": FieldInfo(
            label="Word",
            description=f"Pick ({env.info['region']})",
            options=[("a", "A"), ("b", "B")],
            translations={"sv": FieldInfo(label="Ord")},
        ),
        # Upstream examples put a secret into form metadata; the SDK sends it as is.
        "leak": FieldInfo(label=env.secrets["apiKey"]),
    }


@workflow_action(
    description="Has form info",
    result=Result,
    env=["region"],
    secrets=["apiKey"],
    info=word_info,
    arguments={"word": {"required": True, "type": "string", "description": "w"}},
)
def with_info(word: str) -> Result:
    return Result(result=word)


def city_info(env: FunctionEnv, selected: dict[str, Any]) -> dict[str, FieldInfo]:
    cities = {"se": [("sto", "Stockholm")], "no": [("osl", "Oslo")]}
    return {
        "city": FieldInfo(
            label="City",
            options=cities.get(selected.get("country", ""), []),
            depends_on=["country"],
        )
    }


@workflow_action(
    description="Form that depends on the selection",
    result=Result,
    info=city_info,
    arguments={
        "country": {"required": True, "type": "string", "description": "c"},
        "city": {"required": True, "type": "string", "description": "c"},
    },
)
def with_selected(country: str, city: str) -> Result:
    return Result(result=f"{city}, {country}")


@component(
    description="Greets the user",
    ebbot_arguments=["user"],
    llm_arguments={"greeting": {"required": True, "type": "string", "description": "g"}},
)
def greet_user(user: User, greeting: str) -> ToolResult:
    return {"result": f"{greeting} {user.id}", "actions": [{"type": "noop"}]}


@component(
    description="A tool without ebbot arguments",
    llm_arguments={"text": {"required": True, "type": "string", "description": "t"}},
    env=["mode"],
    secrets=["token"],
)
def plain_tool(text: str, env: FunctionEnv) -> ToolResult:
    return {"result": {"text": text, "token": env.secrets["token"], "mode": env.info["mode"]}}
