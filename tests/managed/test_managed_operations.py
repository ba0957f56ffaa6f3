"""managed/operations.py of an OpenAPI project: path values become exactly one encoded
segment (or are refused), what it builds passes the egress path rules, and an arguments model
accepts an explicit null only where the document allows it. The same behaviour is held to
the wire by every OpenAPI project's tests/test_openapi_actions.py."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from fastapi import HTTPException
from pydantic import Field

from scaffold import openapi

from managed_support import Render, Renders

FIXTURE = Path(__file__).parents[1] / "fixtures" / "openapi" / "tickets-3.0.yaml"
BASE = "https://acme.tickets.example/api/v2"


@pytest.fixture(scope="module")
def tix(renders: Renders) -> Render:
    answers = openapi.choose(openapi.load(str(FIXTURE)), ["showUser"]).answers
    return renders.get("managed-openapi", **answers)


@pytest.fixture(scope="module")
def operations(tix: Render) -> ModuleType:
    return tix.module("managed.operations")


@pytest.mark.parametrize(
    ("value", "segment"),
    [
        ("a42", "a42"),
        (42, "42"),
        ("a@b.example", "a@b.example"),
        ("with space", "with%20space"),
        ("\u00fcn\u00efc\u00f8d\u00e9", "%C3%BCn%C3%AFc%C3%B8d%C3%A9"),
        ("!$&'()*+,;=:@", "!$&'()*+,;=:@"),
        ("a?x=1#f", "a%3Fx=1%23f"),
        ("100%", "100%25"),
        ("a%2Fb", "a%252Fb"),
        ("...", "..."),
    ],
)
def test_a_path_value_is_one_percent_encoded_segment(
    tix: Render, operations: ModuleType, value: Any, segment: str
) -> None:
    path = operations.expand_path("/users/{user_id}/notes", {"user_id": value})
    assert path == f"/users/{segment}/notes"
    # What it builds is a URL the egress rules let through.
    egress = tix.module("managed.egress")
    allowed = tix.module("connection").ALLOWED_HOST
    assert egress.check_url(BASE + path, allowed) == BASE + path


@pytest.mark.parametrize(
    "value",
    [
        "",
        ".",
        "..",
        "a/b",
        "../x",
        "a\\b",
        "a\x00b",
        "a\r\nX-Injected: 1",
        "tab\t",
        "del\x7f",
        "c1\x85",
        "\uff0e\uff0e",  # fullwidth dots: `..` after compatibility folding
        "a\uff0fb",  # fullwidth solidus: `/` after folding
        "\u2025",  # two dot leader: `..` after folding
        "a" * 257,
        None,
    ],
)
def test_a_path_value_that_could_leave_its_segment_is_refused(
    operations: ModuleType, value: Any
) -> None:
    with pytest.raises(HTTPException) as caught:
        operations.expand_path("/users/{user_id}", {"user_id": value})
    assert caught.value.status_code == 422
    assert caught.value.detail["code"] == "invalid_arguments"


def test_a_missing_path_value_is_refused(operations: ModuleType) -> None:
    with pytest.raises(HTTPException):
        operations.expand_path("/users/{user_id}", {})


def test_supplied_leaves_out_what_the_caller_did_not_send(operations: ModuleType) -> None:
    assert operations.supplied(a=1, b=None, c=operations.UNSET) == {"a": 1, "b": None}


def test_pick_keeps_an_explicit_null_and_skips_what_was_left_out(operations: ModuleType) -> None:
    assert operations.pick({"title": None}, {"Title": "title", "Body": "body"}) == {"Title": None}


def test_null_only_where_the_document_allows_it(operations: ModuleType) -> None:
    class Arguments(operations.OperationArguments):  # type: ignore[misc]
        NULLABLE = frozenset({"title"})
        title: str | None = Field(default=None)
        body: str | None = Field(default=None)

    cleared = Arguments.model_validate_json('{"title": null}', strict=True)
    assert cleared.model_dump(exclude_unset=True) == {"title": None}
    assert Arguments.model_validate_json("{}").model_dump(exclude_unset=True) == {}
    with pytest.raises(ValueError, match="null is not allowed"):
        Arguments.model_validate_json('{"body": null}', strict=True)
