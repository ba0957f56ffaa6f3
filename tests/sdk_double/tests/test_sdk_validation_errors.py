"""CONTRACT.md section 11: 422 bodies, validator errors, SafeValidationError, generic 500s."""

from typing import Any

import pytest
from fastapi import HTTPException
from fastapi.testclient import TestClient
from pydantic import BaseModel, ValidationError

from integrations_sdk.errors import SafeValidationError

from .support import AppFactory

BODY = {"options": {"region": "forbidden"}, "secrets": {"apiKey": "CANARY-V"}}


def reject(secrets: Any, options: Any) -> None:
    if options.region == "forbidden":
        raise ValueError("region not allowed")


def assert_region(secrets: Any, options: Any) -> None:
    assert options.region != "forbidden", "region not allowed"


def test_fastapi_422_items_echo_the_input(client: TestClient) -> None:
    response = client.post(
        "/connections", json={"options": {"region": 5}, "secrets": {"apiKey": "CANARY-F"}}
    )
    assert response.status_code == 422
    (item,) = response.json()["detail"]
    assert item["loc"] == ["body", "options", "region"]
    assert item["input"] == 5


@pytest.mark.parametrize("validator", [reject, assert_region])
def test_validator_error_is_reported_on_the_whole_body(
    build_app: AppFactory, validator: Any
) -> None:
    client = TestClient(build_app(validator=validator))
    response = client.post("/connections", json=BODY)
    assert response.status_code == 422
    (item,) = response.json()["detail"]
    assert item["loc"] == ["body"]
    assert item["input"] == BODY
    assert "region not allowed" in item["msg"]


def test_safe_validation_error_message_has_no_input() -> None:
    class Model(BaseModel):
        count: int

    with pytest.raises(ValidationError) as original:
        Model.model_validate({"count": "CANARY-S"})
    safe = SafeValidationError.from_validation_error(original.value)
    assert isinstance(safe, ValidationError)
    assert not isinstance(safe, HTTPException)
    assert str(safe).startswith("Invalid model: Model: [")
    assert "int_parsing" in str(safe)
    assert "CANARY-S" not in str(safe)
    assert "CANARY-S" not in repr(safe)
    assert "https://errors.pydantic.dev" not in str(safe)


def test_action_exception_is_a_generic_plain_500(client: TestClient, connection_id: str) -> None:
    response = client.post(f"/connections/{connection_id}/call/raises", json={})
    assert response.status_code == 500
    assert response.headers["content-type"].startswith("text/plain")
    assert "internal detail xyz" not in response.text
    assert "Traceback" not in response.text
