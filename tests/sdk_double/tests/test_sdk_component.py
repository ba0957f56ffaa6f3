"""CONTRACT.md section 5: decorators, signature checks, argument passing, env, FieldInfo."""

from typing import Any

import pytest
from fastapi import HTTPException
from fastapi.testclient import TestClient
from pydantic import BaseModel, ValidationError

from integrations_sdk.component import (
    EbbotComponent,
    FieldInfo,
    FunctionEnv,
    component,
    function_env_from_connection,
    is_workflow_action,
    parameters_schema,
    takes_env,
    workflow_action,
)
from integrations_sdk.ebbot import Message, User
from integrations_sdk.workflow import Connection

from .fns.actions import say_hello

RESULT = {"type": "object"}
ARG = {"required": True, "type": "string", "description": "d"}


def connection(options: dict[str, Any], secrets: dict[str, Any]) -> Connection:
    return Connection(
        id="c", wfServerId="w", options=options, secrets=secrets, createdAt="t", updatedAt="t"
    )


def test_decorated_function_becomes_a_component_named_after_it() -> None:
    assert isinstance(say_hello, EbbotComponent)
    assert say_hello.name == "say_hello"
    assert not callable(say_hello)
    assert say_hello.call(name="x").result == "Hello x"


def test_undeclared_parameter_fails_at_decoration() -> None:
    with pytest.raises(ValidationError) as error:

        @workflow_action(description="d", result=RESULT, arguments={"name": ARG})
        def greet(name: str, surname: str) -> None: ...

    assert "Invalid parameter 'surname' in function 'greet'. Must be one of ['name', 'env']" in str(
        error.value
    )


def test_model_argument_properties_and_env_are_allowed() -> None:
    class Args(BaseModel):
        name: str

    @workflow_action(description="d", result=RESULT, arguments=Args, env=["e"])
    def greet(name: str, env: FunctionEnv) -> None: ...

    assert takes_env(greet)
    with pytest.raises(ValidationError, match="Invalid parameter 'other'"):

        @workflow_action(description="d", result=RESULT, arguments=Args)
        def other(other: str) -> None: ...


def test_declared_argument_the_function_lacks_passes_decoration() -> None:
    @workflow_action(description="d", result=RESULT, arguments={"name": ARG, "unused": ARG})
    def greet(name: str) -> None: ...

    assert parameters_schema(greet)["required"] == ["name", "unused"]


def test_result_is_required() -> None:
    with pytest.raises(TypeError):
        workflow_action(description="d")  # type: ignore[call-arg]


def test_llm_argument_type_is_not_checked() -> None:
    @workflow_action(
        description="d",
        result=RESULT,
        arguments={"x": {"required": False, "type": "whatever", "description": "d"}},
    )
    def loose(x: Any = None) -> None: ...

    assert parameters_schema(loose)["properties"]["x"]["type"] == "whatever"


def test_model_arguments_are_splatted_as_raw_json(client: TestClient, connection_id: str) -> None:
    body = {"name": "a", "point": {"x": 1, "y": 2}}
    response = client.post(f"/connections/{connection_id}/call/model_args", json=body)
    assert response.json() == {"point_type": "dict", "point": {"x": 1, "y": 2}, "name": "a"}


def test_model_arguments_extra_key_passes_schema_then_500(
    client: TestClient, connection_id: str
) -> None:
    response = client.post(
        f"/connections/{connection_id}/call/model_args", json={"name": "a", "zzz": 1}
    )
    assert (response.status_code, response.text) == (500, "Internal Server Error")


def test_env_holds_exactly_the_listed_keys(client: TestClient) -> None:
    body = {"options": {"region": "eu", "note": "hidden"}, "secrets": {"apiKey": "K"}}
    cid = client.post("/connections", json=body).json()["id"]
    response = client.post(f"/connections/{cid}/call/uses_env", json={})
    assert response.json() == {"info": {"region": "eu"}, "secret_keys": ["apiKey"]}


def test_function_env_from_connection_picks_and_reports_missing_keys() -> None:
    conn = connection({"a": "1", "b": "2"}, {"s": "S", "t": "T"})
    env = function_env_from_connection(["a"], ["t"], conn)
    assert (env.info, env.secrets) == ({"a": "1"}, {"t": "T"})
    with pytest.raises(HTTPException) as error:
        function_env_from_connection([], ["missing"], conn)
    assert (error.value.status_code, error.value.detail) == (500, "Missing env var: missing")


def test_field_info_serializes_pairs_translations_and_depends_on() -> None:
    info = FieldInfo(
        label="L", options=[("v", "V")], translations={"sv": FieldInfo(label="S")}, description="D"
    )
    assert info.to_json() == {
        "label": "L",
        "options": [["v", "V"]],
        "translations": {
            "sv": {"label": "S", "options": None, "translations": None, "description": None}
        },
        "description": "D",
    }
    assert FieldInfo(label="C", depends_on=["country"]).to_json()["depends_on"] == ["country"]


def test_info_callback_arity_selects_the_selected_argument(
    client: TestClient, connection_id: str
) -> None:
    one = client.get(f"/connections/{connection_id}/form/with_info").json()
    two = client.post(
        f"/connections/{connection_id}/form/with_selected", json={"selected": {"country": "no"}}
    ).json()
    assert one["word"]["description"] == "Pick (eu)"
    assert two["city"]["options"] == [["osl", "Oslo"]]


def test_component_checks_ebbot_argument_names_and_annotations() -> None:
    @component(description="d", ebbot_arguments=["user", "chat_history"])
    def ok(user: User, chat_history: list[Message]) -> dict[str, Any]:
        return {}

    assert ok.ebbot_arguments == ["user", "chat_history"]
    assert not is_workflow_action(ok)
    with pytest.raises(ValidationError, match="Invalid ebbot arguments"):

        @component(description="d", ebbot_arguments=["weather"])
        def unknown(weather: str) -> None: ...

    with pytest.raises(ValidationError, match="Invalid type for 'user'"):

        @component(description="d", ebbot_arguments=["user"])
        def wrong(user: str) -> None: ...
