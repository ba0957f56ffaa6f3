"""scaffold/openapi/: descriptions in, a narrow plan out, every Must-1/3 construct covered by
the small fixture documents in tests/fixtures/openapi/ (never /work/shared)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from scaffold.errors import OpenAPIError
from scaffold.openapi import choose, from_slice, list_operations, load
from scaffold.openapi.naming import action_names, from_method_and_path, snake
from scaffold.openapi.plan import PATH_SEGMENT
from scaffold.openapi.samples import value
from scaffold.openapi.schemas import MAX_LIST, MAX_PAGE_SIZE, MAX_TEXT
from scaffold.spec import ProjectSpec

FIXTURES = Path(__file__).parent / "fixtures" / "openapi"
TICKETS = FIXTURES / "tickets-3.0.yaml"
ALL_TICKET_OPERATIONS = [
    "listTickets",
    "createTicket",
    "showTicket",
    "DELETE /tickets/{ticket_id}",
    "POST /users/{user_id}/notes",
]


def plan(path: Path, *operations: str) -> dict[str, Any]:
    return choose(load(str(path)), operations).answers


def action(answers: dict[str, Any], name: str) -> dict[str, Any]:
    [found] = [a for a in answers["openapi_actions"] if a["name"] == name]
    return found


def field(fields: list[dict[str, Any]], name: str) -> dict[str, Any]:
    [found] = [f for f in fields if f["name"] == name]
    return found


def model(found: dict[str, Any], name: str) -> dict[str, Any]:
    [hit] = [m for m in found["models"] if m["name"] == name]
    return hit


# --- Input: versions, refs, errors -------------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "version"),
    [("tickets-3.0.yaml", "3.0"), ("notes-3.1.json", "3.1"), ("pets-2.0.yaml", "2.0")],
)
def test_openapi_3_0_3_1_and_swagger_2_0_load(fixture: str, version: str) -> None:
    document = load(str(FIXTURES / fixture))
    assert document.version == version
    assert list_operations(document)


def test_a_malformed_description_names_the_json_pointer_at_fault() -> None:
    with pytest.raises(OpenAPIError) as caught:
        load(str(FIXTURES / "broken-3.0.yaml"))
    message = str(caught.value)
    assert "#/paths/~1things/get/parameters/0" in message
    assert "\n" not in message and len(message) < 300


def test_a_large_description_is_validated_where_the_chosen_operations_use_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from scaffold.openapi import document

    monkeypatch.setattr(document, "FULL_VALIDATION_BYTES", 0)  # as if it were many MB
    loaded = load(str(FIXTURES / "broken-3.0.yaml"))  # not validated as a whole
    with pytest.raises(OpenAPIError, match=re.escape("#/paths/~1things/get/parameters/0")):
        choose(loaded, ["listThings"])


@pytest.mark.parametrize(
    ("text", "pointer"),
    [
        ("openapi: 4.0.0\ninfo: {title: x, version: '1'}\npaths: {}\n", "#/openapi"),
        ("- a list\n", "#"),
        ("openapi: 3.0.0\n  bad: [indent\n", "not valid JSON or YAML"),
    ],
)
def test_unsupported_or_unreadable_documents_are_refused(
    tmp_path: Path, text: str, pointer: str
) -> None:
    path = tmp_path / "doc.yaml"
    path.write_text(text)
    with pytest.raises(OpenAPIError, match=re.escape(pointer)):
        load(str(path))


def test_a_ref_to_another_server_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "doc.yaml"
    path.write_text(
        TICKETS.read_text().replace("'./shared.yaml#/User'", "'https://evil.example/u.yaml#/U'")
    )
    (tmp_path / "shared.yaml").write_text((FIXTURES / "shared.yaml").read_text())
    with pytest.raises(OpenAPIError, match="refers to another server"):
        load(str(path))


def test_refs_to_files_beside_the_document_resolve_and_land_in_the_slice() -> None:
    choice = choose(load(str(TICKETS)), ["showUser"])
    found = action(choice.answers, "show_user")
    user = model(found, found["result"]["model"])
    assert [f["wire"] for f in user["fields"]] == ["id"]  # from shared.yaml
    sliced = json.loads(choice.slice)
    assert sliced["x-scaffold-refs"]["shared.yaml__User"]["required"] == ["id"]
    response = sliced["paths"]["/users/{user_id}"]["get"]["responses"]["200"]
    assert response["content"]["application/json"]["schema"] == {
        "$ref": "#/x-scaffold-refs/shared.yaml__User"
    }


# --- Choosing -----------------------------------------------------------------------------


def test_operations_are_chosen_by_id_by_method_and_path_and_by_tag() -> None:
    document = load(str(TICKETS))
    by_id = choose(document, ["createTicket"]).answers
    assert by_id["openapi_operations"] == ["createTicket"]
    by_label = choose(document, ["delete /tickets/{ticket_id}"]).answers
    assert by_label["openapi_operations"] == ["DELETE /tickets/{ticket_id}"]
    by_tag = choose(document, [], ["users"]).answers
    assert by_tag["openapi_operations"] == ["get-/users/{user_id}/notes_addNote", "showUser"]


@pytest.mark.parametrize(
    ("operations", "tags", "message"),
    [
        (["nope"], [], "--operation 'nope': no such operation"),
        ([], ["nope"], "tags in the description: tickets, users"),
        ([], [], "no operation chosen"),
    ],
)
def test_unknown_choices_are_one_line_errors(
    operations: list[str], tags: list[str], message: str
) -> None:
    with pytest.raises(OpenAPIError, match=re.escape(message)):
        choose(load(str(TICKETS)), operations, tags)


def test_the_answers_hold_the_chosen_ids_and_the_documents_hash() -> None:
    import hashlib

    answers = plan(TICKETS, *ALL_TICKET_OPERATIONS)
    # Recorded by operationId where there is one, else as METHOD /path.
    assert answers["openapi_operations"] == [
        *ALL_TICKET_OPERATIONS[:4],
        "get-/users/{user_id}/notes_addNote",
    ]
    assert answers["openapi_sha256"] == hashlib.sha256(TICKETS.read_bytes()).hexdigest()
    ProjectSpec.model_validate({"project_name": "tix", **answers})  # valid, JSON-serialisable
    json.dumps(answers)


def test_the_slice_holds_only_the_chosen_operations_and_what_they_reference() -> None:
    sliced = json.loads(choose(load(str(TICKETS)), ["POST /users/{user_id}/notes"]).slice)
    assert list(sliced["paths"]) == ["/users/{user_id}/notes"]
    assert "schemas" not in sliced.get("components", {})  # Ticket and NewTicket not needed
    assert sliced["components"]["securitySchemes"] == {
        "token": {"type": "http", "scheme": "bearer"}
    }


def test_the_plan_is_rederived_offline_from_the_slice_byte_for_byte() -> None:
    choice = choose(load(str(TICKETS)), ALL_TICKET_OPERATIONS)
    again = from_slice(choice.slice, ALL_TICKET_OPERATIONS)
    assert again.answers["openapi_actions"] == choice.answers["openapi_actions"]
    assert choose(load(str(TICKETS)), ALL_TICKET_OPERATIONS).slice == choice.slice


# --- One action per operation -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [("createTicket", "create_ticket"), ("HTTPServerList", "http_server_list"), ("a-b c", "a_b_c")],
)
def test_snake_case(text: str, expected: str) -> None:
    assert snake(text) == expected


@pytest.mark.parametrize(
    ("method", "path", "expected"),
    [
        ("POST", "/tickets", "create_ticket"),
        ("GET", "/tickets", "list_tickets"),
        ("GET", "/v2/tickets/{id}", "get_ticket"),
        ("DELETE", "/crm/v3/cards/{appId}", "delete_card"),
        ("PATCH", "/categories/{id}", "update_category"),
        ("POST", "/v3/visitor-identification/tokens/create", "create_token"),
    ],
)
def test_names_from_method_and_path(method: str, path: str, expected: str) -> None:
    assert from_method_and_path(method, path) == expected


def test_unusable_ids_fall_back_to_method_and_path_and_collisions_are_noted() -> None:
    answers = plan(TICKETS, *ALL_TICKET_OPERATIONS)
    names = [a["name"] for a in answers["openapi_actions"]]
    assert names == [
        "list_tickets",
        "create_ticket",
        "show_ticket",
        "delete_ticket",
        "create_note",
    ]
    assert all(re.fullmatch(r"[a-z][a-z0-9_]{0,59}", name) for name in names)
    operations = list_operations(load(str(TICKETS)))
    notes: list[str] = []
    renamed = action_names([operations[0], operations[0]], notes.append)
    assert renamed == ["list_tickets", "list_tickets_2"] and "was taken" in notes[0]


def test_arguments_keep_the_documents_constraints_and_add_caps() -> None:
    answers = plan(TICKETS, "listTickets", "POST /users/{user_id}/notes", "showTicket")
    listing = action(answers, "list_tickets")
    assert field(listing["params"], "per_page")["schema"]["le"] == MAX_PAGE_SIZE  # page size cap
    assert field(listing["params"], "status")["schema"]["enum"] == ["open", "pending", "solved"]
    note = action(answers, "create_note")
    user_id = field(note["params"], "user_id")["schema"]
    assert user_id["max_length"] == 40 and user_id["pattern"] == PATH_SEGMENT
    header = field(note["params"], "x_request_id")
    assert header["wire"] == "X-Request-Id" and header["in"] == "header"
    assert field(action(answers, "show_ticket")["params"], "ticket_id")["schema"]["ge"] == 1


def test_json_bodies_flatten_with_all_of_one_of_and_nested_models() -> None:
    found = action(plan(TICKETS, "createTicket"), "create_ticket")
    assert found["body"]["content_type"] == "application/json"
    assert [f["name"] for f in found["body"]["fields"]] == [
        "ticket",
        "assignee_id",
        "group_id",
        "due_on",
        "follow_up_at",
    ]
    ticket = field(found["body"]["fields"], "ticket")
    assert ticket["required"]
    merged = model(found, ticket["schema"]["model"])  # allOf of two parts, merged
    assert [f["wire"] for f in merged["fields"]] == [
        "subject",
        "priority",
        "comment",
        "tags",
        "via",
    ]
    assert field(merged["fields"], "subject")["required"]
    tags = field(merged["fields"], "tags")["schema"]
    assert tags["max_length"] == MAX_LIST and tags["items"]["pattern"] == "^[a-z]+$"
    via = field(merged["fields"], "via")["schema"]
    assert via["kind"] == "union" and [o["kind"] for o in via["options"]] == ["string", "integer"]
    comment = model(found, field(merged["fields"], "comment")["schema"]["model"])
    assert field(comment["fields"], "body")["schema"]["max_length"] == 5000


def test_form_encoded_bodies_3_0_and_2_0() -> None:
    note = action(plan(TICKETS, "POST /users/{user_id}/notes"), "create_note")
    assert note["body"]["content_type"] == "application/x-www-form-urlencoded"
    # The request body is optional (no `required: true`), so each of its fields is too.
    assert [(f["wire"], f["required"]) for f in note["body"]["fields"]] == [
        ("Body", False),
        ("Urgent", False),
        ("Channel", False),
    ]
    photo = action(plan(FIXTURES / "pets-2.0.yaml", "Upload Photo Caption!"), "create_photo")
    assert photo["body"]["content_type"] == "application/x-www-form-urlencoded"
    caption = field(photo["body"]["fields"], "caption")
    assert caption["schema"]["max_length"] == 200 and caption["required"]


def test_nullable_in_3_0_3_1_and_2_0() -> None:
    ticket = model(action(plan(TICKETS, "listTickets"), "list_tickets"), "ListTicketsResultItem")
    assert field(ticket["fields"], "assignee_id")["schema"]["nullable"]  # nullable: true
    note = action(plan(FIXTURES / "notes-3.1.json", "createNote"), "create_note")
    title = field(note["body"]["fields"], "title")
    assert title["schema"]["nullable"] and not title["required"]  # type: [string, "null"]
    due = field(note["body"]["fields"], "due")  # required and nullable: given, maybe as null
    assert due["schema"]["nullable"] and due["required"]
    result = model(note, note["result"]["model"])
    assert not field(result["fields"], "due")["required"]  # a result reads it leniently
    pet = action(plan(FIXTURES / "pets-2.0.yaml", "addPet"), "add_pet")
    assert field(pet["body"]["fields"], "nickname")["schema"]["nullable"]  # x-nullable


@pytest.mark.parametrize(
    ("fixture", "operation", "expected"),
    [
        # OpenAPI 3: form explodes by default (one key per item); explode: false joins with
        # commas; spaceDelimited and pipeDelimited join with their separator.
        (TICKETS, "listTickets", {"tag": None, "ids": ",", "sort": " ", "columns": "|"}),
        # Swagger 2.0: collectionFormat, csv by default, multi for one key per item.
        (
            FIXTURES / "pets-2.0.yaml",
            "listPets",
            {"tags": None, "ids": ",", "names": " ", "codes": "\t", "kinds": "|"},
        ),
    ],
)
def test_array_query_parameters_record_how_they_are_sent(
    fixture: Path, operation: str, expected: dict[str, str | None]
) -> None:
    [found] = plan(fixture, operation)["openapi_actions"]
    arrays = {p["wire"]: p["join"] for p in found["params"] if p["schema"]["kind"] == "array"}
    assert arrays == expected


def test_header_arrays_are_comma_joined() -> None:
    note = action(plan(TICKETS, "POST /users/{user_id}/notes"), "create_note")
    assert field(note["params"], "x_request_id")["join"] == ","


def test_an_array_style_without_a_list_form_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "tickets.yaml"
    path.write_text(TICKETS.read_text().replace("explode: false,", "style: deepObject,"))
    (tmp_path / "shared.yaml").write_text((FIXTURES / "shared.yaml").read_text())
    with pytest.raises(OpenAPIError, match="style 'deepObject' of array query parameter 'ids'"):
        plan(path, "listTickets")


def test_an_unknown_collection_format_is_refused_naming_the_parameter(tmp_path: Path) -> None:
    path = tmp_path / "pets.yaml"
    path.write_text((FIXTURES / "pets-2.0.yaml").read_text().replace("pipes}", "bogus}"))
    with pytest.raises(OpenAPIError, match=re.escape("#/paths/~1pets/get/parameters/4")):
        plan(path, "listPets")


@pytest.mark.parametrize(
    ("text", "allowed"),
    [
        ("a@b.example", True),
        ("with space", True),
        ("ünïcødé", True),
        ("!$&'()*+,;=:@", True),
        ("a/b", False),
        ("a\\b", False),
        ("a\x00b", False),
        ("line\r\nbreak", False),
        ("tab\t", False),
        ("del\x7f", False),
        ("c1\x85", False),
        ("", False),
    ],
)
def test_path_parameters_are_one_segment_of_anything_but_separators_and_controls(
    text: str, allowed: bool
) -> None:
    showing = action(plan(TICKETS, "showUser"), "show_user")
    schema = field(showing["params"], "user_id")["schema"]
    assert (schema["min_length"], schema["max_length"]) == (1, 256)
    assert bool(re.search(schema["pattern"], text)) is allowed


def test_recursive_schemas_are_cut_into_a_bounded_free_form_object() -> None:
    note = action(plan(FIXTURES / "notes-3.1.json", "createNote"), "create_note")
    child = field(note["body"]["fields"], "child")["schema"]
    assert child["kind"] == "map"  # Node inside Node: not followed again
    assert not child["nullable"]  # the document never said null: the action never sends it
    pet = action(plan(FIXTURES / "pets-2.0.yaml", "addPet"), "add_pet")
    assert field(pet["body"]["fields"], "friends")["schema"]["items"]["kind"] == "map"


def test_results_are_minimal_identifiers_and_required_scalars() -> None:
    created = action(plan(TICKETS, "createTicket"), "create_ticket")
    assert created["result"] == {**created["result"], "kind": "object", "status": 201}
    outer = model(created, created["result"]["model"])
    [ticket] = outer["fields"]
    inner = model(created, ticket["schema"]["model"])
    # id and subject are required, assignee_id is an identifier; status is neither.
    assert [f["wire"] for f in inner["fields"]] == ["id", "subject", "assignee_id"]
    listed = action(plan(TICKETS, "listTickets"), "list_tickets")
    assert listed["result"]["kind"] == "list"
    deleted = action(plan(TICKETS, "DELETE /tickets/{ticket_id}"), "delete_ticket")
    assert deleted["result"]["kind"] == "empty"


def result_wires(found: dict[str, Any], name: str | None = None) -> dict[str, list[str]]:
    """Each result model's wire names, by model name."""
    return {m["name"]: [f["wire"] for f in m["fields"]] for m in found["models"] if m["result"]}


def test_the_user_picks_result_fields_at_any_depth_and_only_those_are_returned() -> None:
    answers = choose(
        load(str(TICKETS)),
        ["createTicket", "listTickets"],
        result_fields={
            "createTicket": ["ticket.status", "ticket.requester.email", "ticket.status"],
            "GET /tickets": ["status"],  # by method and path: recorded by its id
        },
    ).answers
    assert answers["openapi_result_fields"] == {
        "createTicket": ["ticket.requester.email", "ticket.status"],
        "listTickets": ["status"],
    }
    created = action(answers, "create_ticket")
    assert result_wires(created) == {
        "CreateTicketResultTicketRequester": ["email"],
        "CreateTicketResultTicket": ["status", "requester"],
        "CreateTicketResult": ["ticket"],
    }
    assert list(created["samples"]["response"]["ticket"]["requester"]) == ["email"]
    listed = action(answers, "list_tickets")
    assert list(result_wires(listed).values()) == [["status"]]


def test_result_fields_offered_are_the_pickable_ones_with_the_defaults_marked() -> None:
    from scaffold.openapi import result_fields

    offered = {f.path: f.default for f in result_fields(load(str(TICKETS)), "createTicket")}
    assert offered == {
        "ticket.id": True,
        "ticket.subject": True,
        "ticket.status": False,
        "ticket.assignee_id": True,
        "ticket.requester.id": False,
        "ticket.requester.email": False,
    }
    # The defaults are exactly what an action returns when nothing is picked.
    created = action(plan(TICKETS, "createTicket"), "create_ticket")
    inner = result_wires(created)["CreateTicketResultTicket"]
    assert inner == [path.split(".")[1] for path, default in offered.items() if default]


@pytest.mark.parametrize(
    ("picked", "message"),
    [
        ({"createTicket": ["ticket.nope"]}, r"no field 'ticket.nope'.*ticket\.id, ticket\.subject"),
        ({"createTicket": ["ticket"]}, r"no field 'ticket'"),  # an object: pick inside it
        ({"showTicket": ["ticket.id"]}, r"'showTicket': not one of the chosen operations"),
    ],
    ids=["unknown-field", "object-not-leaf", "operation-not-chosen"],
)
def test_a_bad_result_field_pick_is_a_one_line_error(
    picked: dict[str, list[str]], message: str
) -> None:
    with pytest.raises(OpenAPIError, match=message) as raised:
        choose(load(str(TICKETS)), ["createTicket"], result_fields=picked)
    assert "\n" not in str(raised.value)


def test_picked_result_fields_survive_rederiving_from_the_slice(tmp_path: Path) -> None:
    from scaffold.openapi import SLICE_PATH, rederived

    picked = {"createTicket": ["ticket.requester.email"]}
    choice = choose(load(str(TICKETS)), ["createTicket"], result_fields=picked)
    (tmp_path / SLICE_PATH).parent.mkdir()
    (tmp_path / SLICE_PATH).write_bytes(choice.slice)
    recorded = {**choice.answers, "openapi_actions": []}  # as `scaffold update` reads them
    assert rederived(tmp_path, recorded)["openapi_actions"] == choice.answers["openapi_actions"]
    unpicked = rederived(tmp_path, {**recorded, "openapi_result_fields": {}})
    assert unpicked["openapi_actions"] != choice.answers["openapi_actions"]


def test_side_effects_idempotency_destructiveness_errors_and_scopes() -> None:
    tickets = plan(TICKETS, *ALL_TICKET_OPERATIONS)
    delete = action(tickets, "delete_ticket")
    assert delete["destructive"] and delete["idempotent"]
    create = action(tickets, "create_ticket")
    assert not create["destructive"] and not create["idempotent"]
    assert create["errors"] == [{"status": 422, "code": "upstream_rejected"}]
    assert action(tickets, "show_ticket")["errors"] == [{"status": 404, "code": "not_found"}]
    notes = plan(FIXTURES / "notes-3.1.json", "createNote", "archiveNote")
    archive = action(notes, "archive_note")  # "archive" in the id: destructive though POST
    assert archive["destructive"] and archive["scopes"] == ["notes.read", "notes.write"]


def test_samples_fit_the_argument_constraints() -> None:
    found = action(plan(TICKETS, "POST /users/{user_id}/notes"), "create_note")
    arguments = found["samples"]["arguments"]
    assert re.fullmatch(r"[A-Za-z0-9._~-]+", arguments["user_id"])
    assert ["unexpected_argument", 1] in found["samples"]["invalid"]
    assert value({"kind": "string", "pattern": "^IS[0-9a-f]{32}$"}, {}) == "IS" + "0" * 32
    assert len(value({"kind": "string", "max_length": MAX_TEXT, "min_length": 5}, {})) == 5


# --- Connection from servers and securitySchemes ------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "operations", "expected"),
    [
        (
            "tickets-3.0.yaml",
            ["listTickets"],
            {
                "api_base_url": "https://{subdomain}.tickets.example/api/v2",
                "api_auth": "bearer-token",
            },
        ),
        (
            "pets-2.0.yaml",
            ["addPet"],
            {
                "api_base_url": "https://pets.example/v1",
                "api_auth": "api-key-header",
                "api_key_header": "X-Pets-Key",
            },
        ),
        (
            "notes-3.1.json",
            ["createNote", "archiveNote"],
            {
                # An enum variable: an Options field (tests/test_openapi_security.py).
                "api_base_url": "https://api.notes.example/{version}",
                "api_auth": "oauth2-client-credentials",
                "oauth_token_url": "https://auth.notes.example/token",
                "oauth_scopes": ["notes.read", "notes.write"],
            },
        ),
    ],
)
def test_servers_and_security_schemes_become_the_connection(
    fixture: str, operations: list[str], expected: dict[str, Any]
) -> None:
    answers = plan(FIXTURES / fixture, *operations)
    assert {key: answers[key] for key in expected} == expected


# --- Choosing on a terminal ---------------------------------------------------------------


def test_the_chooser_groups_by_tag_and_confirms_destructive_operations() -> None:
    from scaffold.openapi.choosing import ask_operations, operation_choices
    from scaffold.prompts import ScriptedPrompter

    operations = list_operations(load(str(TICKETS)))
    choices = operation_choices(operations)
    assert [c.group for c in choices] == ["tickets"] * 4 + ["users"] * 2
    assert "DELETE" in choices[3].label and "(destructive)" in choices[3].label
    picked = ["createTicket", "DELETE /tickets/{ticket_id}"]
    declined = ScriptedPrompter({"openapi_operations": picked, "confirm_destructive": False})
    assert ask_operations(declined, operations) == ["createTicket"]
    assert declined.notes == ["left out DELETE /tickets/{ticket_id}"]
    accepted = ScriptedPrompter({"openapi_operations": picked, "confirm_destructive": True})
    assert ask_operations(accepted, operations) == picked
    with pytest.raises(OpenAPIError, match="no operation chosen"):
        ask_operations(ScriptedPrompter({"openapi_operations": []}), operations)


def test_the_result_field_chooser_offers_each_actions_fields_with_defaults_ticked() -> None:
    from scaffold.openapi.choosing import ask_result_fields
    from scaffold.prompts import ScriptedPrompter

    document = load(str(TICKETS))
    chosen = ["createTicket", "listTickets", "DELETE /tickets/{ticket_id}"]
    kept = ScriptedPrompter({"openapi_result_fields": False})
    assert ask_result_fields(kept, document, chosen) == {}
    picking = ScriptedPrompter(
        {
            "openapi_result_fields": True,
            "openapi_result_fields.createTicket": ["ticket.id", "ticket.requester.email"],
            # Unchanged from the defaults: nothing to record. The delete has no result.
            "openapi_result_fields.listTickets": ["id", "subject", "assignee_id"],
        }
    )
    assert ask_result_fields(picking, document, chosen) == {
        "createTicket": ["ticket.id", "ticket.requester.email"]
    }
    assert picking.asked == [  # in document order, as the actions are
        "openapi_result_fields",
        "openapi_result_fields.listTickets",
        "openapi_result_fields.createTicket",
    ]


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        ("things17 \r", ["getThing17"]),
        # Down to the second match, pick it, clear the search, search again, pick.
        ("things1\x1b[B " + "\x7f" * 7 + "things2 \r", ["getThing2", "getThing10"]),
        ("delete \ry", ["deleteThing3"]),  # a destructive pick needs its own yes
        ("delete \rn", []),
    ],
    ids=["search-pick", "two-searches", "destructive-confirmed", "destructive-declined"],
)
def test_the_chooser_searches_and_picks_on_real_questionary(keys: str, expected: list[str]) -> None:
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from scaffold.openapi.choosing import ask_operations
    from scaffold.prompts import QuestionaryPrompter

    operations = list_operations(load(str(FIXTURES / "many-3.0.json")))
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        prompter = QuestionaryPrompter(input=pipe, output=DummyOutput())
        if expected:
            assert sorted(ask_operations(prompter, operations)) == sorted(expected)
        else:
            with pytest.raises(OpenAPIError, match="no operation chosen"):
                ask_operations(prompter, operations)


def test_a_documented_example_is_the_sample_reply_completed_where_it_falls_short() -> None:
    note = action(plan(FIXTURES / "notes-3.1.json", "createNote"), "create_note")
    response = note["samples"]["response"]
    assert response["id"] == "n1" and response["title"] == "Hello"  # from the example
    assert response["unexpected_extra_field"]  # must be dropped by the result model
    from scaffold.openapi.plan import _overlay

    assert _overlay({"id": "x", "n": 1}, {"n": "not a number", "extra": 2}) == {
        "id": "x",
        "n": 1,
        "extra": 2,
    }
