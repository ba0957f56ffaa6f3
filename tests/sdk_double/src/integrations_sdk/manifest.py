"""The manifest served at `GET /manifest` (CONTRACT.md section 4).

Every schema is "normalized": an `anyOf` of `{"type": "null"}` and one other branch collapses
into that branch, so `Optional[str]` shows as a plain string and nullability is lost
(deliberate: CONTRACT §4). The one exception is a pydantic arguments model's parameter schema,
which is copied raw. The trigger schema does not describe the `metadata` field that dispatch
sends (deliberate: CONTRACT §4).
"""

from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel

from integrations_sdk.component import EbbotComponent, is_workflow_action, tool_schema
from integrations_sdk.triggers import Trigger
from integrations_sdk.workflow import Callback

__all__ = ["create_manifest", "model_schema", "normalize_schema", "subscription_schema"]

EMPTY_OBJECT_SCHEMA: dict[str, Any] = {"type": "object", "properties": {}, "required": []}


# The envelope of a dispatched event as the manifest describes it (no `metadata`). No docstring
# on purpose: it would become a `description` the real SDK's "TriggerSchema" does not have.
class TriggerSchema(BaseModel):
    id: str
    name: str
    connectionId: str
    subscriptionId: str
    payload: Any


def normalize_schema(schema: Any) -> Any:
    """Collapse every `anyOf: [X, {"type": "null"}]` into X, recursively."""
    if isinstance(schema, list):
        return [normalize_schema(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    normalized = {key: normalize_schema(value) for key, value in schema.items()}
    branches = normalized.get("anyOf")
    if isinstance(branches, list) and len(branches) == 2 and {"type": "null"} in branches:
        other = next(branch for branch in branches if branch != {"type": "null"})
        del normalized["anyOf"]
        normalized.update(other)
    return normalized


def model_schema(model: type[BaseModel] | dict[str, Any] | None) -> dict[str, Any]:
    """A model's `model_json_schema()`, a dict schema as given, or the empty object schema."""
    if model is None:
        return dict(EMPTY_OBJECT_SCHEMA)
    if isinstance(model, dict):
        return model
    return model.model_json_schema()


def subscription_schema(trigger: Trigger) -> dict[str, Any]:
    """The body a subscription create expects for `trigger` (callback plus options/secrets)."""
    schema: dict[str, Any] = normalize_schema(
        {
            "type": "object",
            "properties": {
                "callback": Callback.model_json_schema(),
                "data": {
                    "type": "object",
                    "properties": {
                        "options": model_schema(trigger.triggerOptionsType),
                        "secrets": model_schema(trigger.triggerSecretsType),
                    },
                    "required": ["options", "secrets"],
                },
            },
            "required": [],
        }
    )
    return schema


def _trigger_entry(trigger: Trigger) -> dict[str, Any]:
    schema = TriggerSchema.model_json_schema()
    schema["properties"]["payload"] = model_schema(trigger.result)
    return {
        "type": "trigger",
        "name": trigger.name,
        "description": trigger.description,
        "schema": normalize_schema(schema),
        "subscriptionSchema": subscription_schema(trigger),
        "installInstructions": trigger.installInstructions,
        "docs": trigger.docs,
    }


def _action_entry(action: EbbotComponent) -> dict[str, Any]:
    result = normalize_schema(model_schema(action.result)) if action.result is not None else None
    return {
        "type": "action",
        "name": action.name,
        "description": action.description,
        "schema": {
            # Not normalized: a pydantic arguments model's schema stays raw (CONTRACT §4).
            "call": tool_schema(action),
            "result": result,
            "errors": [normalize_schema(model_schema(error)) for error in action.errors],
        },
        "displayName": action.displayName,
        "docs": action.docs,
        "argumentDocs": action.argumentDocs,
    }


def create_manifest(
    components: Iterable[EbbotComponent],
    triggers: Iterable[Trigger],
    options: type[BaseModel] | None,
    secrets: type[BaseModel] | None,
    install_instructions: str | None = None,
    api_rate_limit_info: str | None = None,
    required_permissions: str | None = None,
    docs: str | None = None,
    email: str | None = None,
    author: str | None = None,
    url: str | None = None,
) -> dict[str, Any]:
    """Build the manifest; components with ebbot arguments are not actions."""
    connection = {
        "type": "object",
        "properties": {"options": model_schema(options), "secrets": model_schema(secrets)},
        "required": ["options", "secrets"],
    }
    return {
        "triggers": [_trigger_entry(trigger) for trigger in triggers],
        "actions": [_action_entry(c) for c in components if is_workflow_action(c)],
        "connection": normalize_schema(connection),
        "installInstructions": install_instructions,
        "apiRateLimitInfo": api_rate_limit_info,
        "requiredPermissions": required_permissions,
        "docs": docs,
        "email": email,
        "author": author,
        "url": url,
    }
