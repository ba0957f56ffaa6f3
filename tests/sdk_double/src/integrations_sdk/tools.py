"""The "tools" routes: `GET /components` and `POST /call` (CONTRACT.md section 3).

`POST /call` runs ANY component without a connection, using the secrets and env the CALLER
supplies (deliberate: CONTRACT §13.2). Its body's `secrets` and `env` keys must exactly equal
the component's declared lists; a mismatch is a 422 whose `input` echoes the supplied secrets
(deliberate: CONTRACT §13.6).
"""

from typing import Any, Self

import jsonschema
from fastapi import APIRouter
from pydantic import BaseModel, model_validator
from typing_extensions import TypedDict

from integrations_sdk.component import (
    EbbotComponent,
    FunctionEnv,
    invoke,
    parameters_schema,
    takes_env,
    tool_schema,
)
from integrations_sdk.ebbot import Bot, Chat, Company, Message, User

__all__ = ["EbbotArguments", "tool_endpoints"]


class EbbotArguments(TypedDict, total=False):
    """The conversation context a caller may pass to a tool."""

    user: User
    bot: Bot
    chat: Chat
    company: Company
    message: Message
    chat_history: list[Message]


def _component_info(component: EbbotComponent) -> dict[str, Any]:
    return {
        "name": component.name,
        "ebbotArguments": component.ebbot_arguments,
        "description": component.description,
        "secrets": component.secrets,
        "env": component.env,
        "toolSchema": tool_schema(component),
        "displayName": component.displayName,
    }


def tool_endpoints(router: APIRouter, components: dict[str, EbbotComponent]) -> None:
    """Register `GET /components` and `POST /call` for `components` on `router`."""

    class ToolCall(BaseModel):
        name: str
        ebbot_data: EbbotArguments
        llm_arguments: dict[str, Any]
        secrets: dict[str, Any]
        env: dict[str, Any]

        @model_validator(mode="after")
        def _fits_component(self) -> Self:
            component = components.get(self.name)
            if component is None:
                raise ValueError(f"Unknown component '{self.name}'")
            if set(self.secrets) != set(component.secrets):
                raise ValueError(f"secrets must be exactly {component.secrets}")
            if set(self.env) != set(component.env):
                raise ValueError(f"env must be exactly {component.env}")
            try:
                jsonschema.validate(self.llm_arguments, parameters_schema(component))
            except jsonschema.ValidationError as error:
                raise ValueError(error.message) from None
            return self

    @router.get("/components")
    def list_components() -> list[dict[str, Any]]:
        return [_component_info(component) for component in components.values()]

    @router.post("/call", response_model=None)
    async def call_component(call: ToolCall) -> dict[str, Any]:
        component = components[call.name]
        kwargs: dict[str, Any] = dict(call.llm_arguments)
        for name in component.ebbot_arguments:
            kwargs[name] = call.ebbot_data.get(name)
        if takes_env(component):
            # deliberate: CONTRACT §13.2, secrets come from the caller, not from a connection
            kwargs["env"] = FunctionEnv(info=call.env, secrets=call.secrets)
        value = await invoke(component, kwargs)
        if component.type == "component":
            return {"result": None, "actions": None, **value}
        return {"result": value, "actions": None}
