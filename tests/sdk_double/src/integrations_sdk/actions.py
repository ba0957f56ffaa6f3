"""Per-action routes: `/connections/{connection_id}/call/{action}` and `/form/{action}`
(CONTRACT.md sections 3 and 5).

Deliberate weaknesses kept from the real SDK:
- arguments are validated with `jsonschema`, and its message (which can quote the offending
  value) is the 422 detail (deliberate: CONTRACT §13.6);
- the validated JSON is splatted as keyword arguments without further checks, so an extra key
  accepted by a pydantic arguments schema raises `TypeError`, a plain 500 (CONTRACT §5);
- there is no `response_model`: the declared `result` is not enforced (CONTRACT §3);
- the `info=` callback's return value is sent as is, whatever it contains (deliberate:
  CONTRACT §13.7);
- a missing env/secret key gives a 500 naming the key (deliberate: CONTRACT §13.11).
"""

import inspect
from collections.abc import Callable
from typing import Annotated, Any

import jsonschema
from fastapi import APIRouter, Body, HTTPException
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from integrations_sdk.component import (
    EbbotComponent,
    FieldInfo,
    function_env_from_connection,
    invoke,
    is_workflow_action,
    parameters_schema,
    takes_env,
)
from integrations_sdk.workflow import WorkflowStorage

__all__ = ["action_endpoints", "validate_against_schema"]


class FormRequest(BaseModel):
    """Body of `POST /connections/{connection_id}/form/{action}`."""

    selected: dict[str, Any]


def validate_against_schema(arguments: Any, schema: dict[str, Any]) -> None:
    """Raise `HTTPException(422, <jsonschema message>)` when `arguments` do not fit `schema`."""
    try:
        jsonschema.validate(arguments, schema)
    except jsonschema.ValidationError as error:
        # deliberate: CONTRACT §13.6, the message may quote the submitted value
        raise HTTPException(status_code=422, detail=error.message) from None


def _serialize_form(fields: dict[str, Any]) -> dict[str, Any]:
    return {
        name: value.to_json() if isinstance(value, FieldInfo) else value
        for name, value in fields.items()
    }


def _add_call_route(router: APIRouter, storage: WorkflowStorage, action: EbbotComponent) -> None:
    schema = parameters_schema(action)

    async def call_action(connection_id: str, arguments: Annotated[dict[str, Any], Body()]) -> Any:
        validate_against_schema(arguments, schema)
        connection = await run_in_threadpool(storage.get_connection, connection_id)
        env = function_env_from_connection(action.env, action.secrets, connection)
        kwargs = dict(arguments)
        if takes_env(action):
            kwargs["env"] = env
        return await invoke(action, kwargs)

    router.add_api_route(
        f"/connections/{{connection_id}}/call/{action.name}",
        call_action,
        methods=["POST"],
        response_model=None,  # the declared `result` is not enforced (CONTRACT §3)
        name=f"call_{action.name}",
        description=action.description,
    )


def _add_form_routes(
    router: APIRouter,
    storage: WorkflowStorage,
    action: EbbotComponent,
    info: Callable[..., dict[str, Any]],
) -> None:
    takes_selected = len(inspect.signature(info).parameters) >= 2

    async def form(connection_id: str, selected: dict[str, Any]) -> dict[str, Any]:
        connection = await run_in_threadpool(storage.get_connection, connection_id)
        env = function_env_from_connection(action.env, action.secrets, connection)
        arguments = (env, selected) if takes_selected else (env,)
        # deliberate: CONTRACT §13.7, whatever the callback returns (secrets too) is sent
        return _serialize_form(await run_in_threadpool(info, *arguments))

    async def get_form(connection_id: str) -> dict[str, Any]:
        return await form(connection_id, {})

    async def post_form(connection_id: str, body: FormRequest) -> dict[str, Any]:
        return await form(connection_id, body.selected)

    path = f"/connections/{{connection_id}}/form/{action.name}"
    router.add_api_route(path, get_form, methods=["GET"], name=f"form_{action.name}")
    router.add_api_route(path, post_form, methods=["POST"], name=f"form_{action.name}_selected")


def action_endpoints(
    router: APIRouter, storage: WorkflowStorage, components: dict[str, EbbotComponent]
) -> None:
    """Register call (and form) routes for every component without ebbot arguments."""
    for action in components.values():
        if not is_workflow_action(action):
            continue
        _add_call_route(router, storage, action)
        if action.info is not None:
            _add_form_routes(router, storage, action, action.info)
