"""The connection from `servers` and `securitySchemes`: server variables as validated Options
fields, an API key in a query parameter, and what an OAuth2 flow without client credentials
tells the connection docs (scaffold/openapi/security.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from scaffold.errors import OpenAPIError
from scaffold.openapi import choose, load
from scaffold.spec import ProjectSpec

REGIONS = Path(__file__).parent / "fixtures" / "openapi" / "regions-3.0.yaml"
PING = {
    "/ping": {
        "get": {
            "operationId": "ping",
            "responses": {"200": {"description": "ok", "content": {"application/json": {}}}},
        }
    }
}


def connection(path: Path, *operations: str) -> tuple[dict[str, Any], list[str]]:
    """The connection answers (no openapi_* ones) and the notes choosing `operations` gives."""
    notes: list[str] = []
    answers = choose(load(str(path)), operations, note=notes.append).answers
    return {k: v for k, v in answers.items() if not k.startswith("openapi_")}, notes


def document(tmp_path: Path, servers: list[dict[str, Any]], **components: Any) -> Path:
    """A one-operation OpenAPI 3.0 document with these servers and security schemes."""
    path = tmp_path / "api.json"
    body: dict[str, Any] = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "servers": servers,
        "paths": PING,
    }
    if components:
        body["components"] = {"securitySchemes": components}
        body["security"] = [{name: []} for name in components]
    path.write_text(json.dumps(body))
    return path


def test_every_server_variable_becomes_a_recorded_options_field() -> None:
    answers, _ = connection(REGIONS, "getOrder")
    assert answers["api_base_url"] == "https://{tenant_id}.{region}.regions.example/{version}/api"
    assert answers["api_server_variables"] == [
        {
            "name": "tenant_id",  # tenantId, as a Python field name
            "in_host": True,
            "enum": [],
            "default": "",  # "" in the document: every connection names its own
            "description": "Your account's tenant label, e.g. acme",  # quotes dropped
        },
        {"name": "region", "in_host": True, "enum": ["eu", "us", "ap"], "default": "eu",
         "description": ""},
        {"name": "version", "in_host": False, "enum": ["v1", "v2"], "default": "v2",
         "description": ""},
    ]  # fmt: skip
    # The answers are valid as recorded: ProjectSpec takes them as they are.
    spec = ProjectSpec.model_validate({"project_name": "regions", **answers})
    assert [variable.name for variable in spec.api_server_variables] == [
        "tenant_id",
        "region",
        "version",
    ]


def test_an_api_key_in_the_query_becomes_api_key_query() -> None:
    answers, _ = connection(REGIONS, "getOrder")
    assert answers["api_auth"] == "api-key-query"
    assert answers["api_key_query_param"] == "api_key"


def test_the_key_parameter_declared_on_an_operation_is_no_action_argument() -> None:
    [action] = choose(load(str(REGIONS)), ["getOrder"]).answers["openapi_actions"]
    # Declared again in the query: it is the connection's key, which the connection sends.
    assert [param["wire"] for param in action["params"]] == ["order_id"]


@pytest.mark.parametrize(
    ("scheme", "note"),
    [
        (
            {"type": "apiKey", "in": "query", "name": "api key&x"},
            "'api key&x', which is not a plain query name",
        ),
        (
            {"type": "apiKey", "in": "cookie", "name": "sid"},
            "sends its key in the cookie, which scaffold does not generate",
        ),
    ],
    ids=["not-a-plain-query-name", "cookie"],
)
def test_an_api_key_scaffold_cannot_send_falls_back_with_a_clear_note(
    tmp_path: Path, scheme: dict[str, str], note: str
) -> None:
    path = document(tmp_path, [{"url": "https://api.example.com"}], key=scheme)
    answers, notes = connection(path, "ping")
    assert answers["api_auth"] == "bearer-token"
    assert any(note in text for text in notes), notes


def test_oauth2_without_client_credentials_names_its_flow_and_token_url() -> None:
    answers, notes = connection(REGIONS, "listOrders")
    source = (
        "an OAuth2 access token from the authorizationCode flow "
        "(token URL https://auth.regions.example/token)"
    )
    assert answers["api_auth"] == "bearer-token"
    assert answers["api_token_source"] == source
    assert any(source in note for note in notes)


def test_an_implicit_flow_names_its_authorization_url(tmp_path: Path) -> None:
    flows = {"implicit": {"authorizationUrl": "https://auth.example.com/authorize", "scopes": {}}}
    path = document(
        tmp_path, [{"url": "https://api.example.com"}], o={"type": "oauth2", "flows": flows}
    )
    answers, _ = connection(path, "ping")
    assert answers["api_token_source"] == (
        "an OAuth2 access token from the implicit flow "
        "(authorization URL https://auth.example.com/authorize)"
    )


@pytest.mark.parametrize(
    ("server", "base_url", "note"),
    [
        # A host of nothing but variables would let a connection pick any domain.
        (
            {"url": "https://{server}/v1", "variables": {"server": {"default": "api.example.com"}}},
            "https://api.example.com/v1",
            "the host would hold nothing but variables",
        ),
        (
            {"url": "https://api.example.com{base}", "variables": {"base": {"default": "/v1"}}},
            "https://api.example.com/v1",
            "its default reaches past the host",
        ),
        (
            {"url": "https://api.example.com/{base}", "variables": {"base": {"default": "v1/x"}}},
            "https://api.example.com/v1/x",
            "its default is not one path segment",
        ),
        (
            {"url": "https://api.example.com:{port}/v1", "variables": {"port": {"default": "443"}}},
            "https://api.example.com:443/v1",
            "it stands outside the host and the path",
        ),
        (
            {
                "url": "https://api.example.com/{v}",
                "variables": {"v": {"default": "a", "enum": ["a", "b/c"]}},
            },
            "https://api.example.com/a",
            "an enum value is not one path segment",
        ),
    ],
)
def test_a_variable_that_cannot_be_an_options_field_takes_its_default(
    tmp_path: Path, server: dict[str, Any], base_url: str, note: str
) -> None:
    answers, notes = connection(document(tmp_path, [server]), "ping")
    assert answers["api_base_url"] == base_url
    assert "api_server_variables" not in answers
    assert any(note in text for text in notes), notes


def test_variable_names_become_usable_field_names(tmp_path: Path) -> None:
    variables = {
        "accountName": {"default": "acme"},
        "class": {"default": "x"},
        "model_config": {"default": "y"},
        "2nd": {"default": "v2"},
    }
    server = {
        "url": "https://{accountName}.{class}.example.com/{model_config}/{2nd}",
        "variables": variables,
    }
    answers, _ = connection(document(tmp_path, [server]), "ping")
    names = [variable["name"] for variable in answers["api_server_variables"]]
    assert names == ["account_name", "server_class", "server_model_config", "server_2nd"]
    assert answers["api_base_url"] == (
        "https://{account_name}.{server_class}.example.com/{server_model_config}/{server_2nd}"
    )


def test_a_host_variable_without_a_usable_default_stays_required(tmp_path: Path) -> None:
    server = {"url": "https://{tenant}.example.com", "variables": {"tenant": {"default": "A.B"}}}
    answers, _ = connection(document(tmp_path, [server]), "ping")
    assert answers["api_server_variables"][0]["default"] == ""


def test_an_enum_default_outside_the_enum_becomes_its_first_value(tmp_path: Path) -> None:
    variables = {"region": {"default": "mars", "enum": ["EU", "us"]}}
    server = {"url": "https://{region}.example.com", "variables": variables}
    answers, _ = connection(document(tmp_path, [server]), "ping")
    assert answers["api_server_variables"][0] | {"description": ""} == {
        "name": "region",
        "in_host": True,
        "enum": ["eu", "us"],  # host names are lowercase
        "default": "eu",
        "description": "",
    }


def test_a_token_url_naming_a_host_variable_follows_its_rename(tmp_path: Path) -> None:
    flows = {
        "clientCredentials": {"tokenUrl": "https://{tenantId}.example.com/token", "scopes": {}}
    }
    server = {
        "url": "https://{tenantId}.example.com/api",
        "variables": {"tenantId": {"default": ""}},
    }
    path = document(tmp_path, [server], cc={"type": "oauth2", "flows": flows})
    answers, _ = connection(path, "ping")
    assert answers["api_auth"] == "oauth2-client-credentials"
    assert answers["oauth_token_url"] == "https://{tenant_id}.example.com/token"


def test_a_token_url_naming_a_path_variable_is_not_used(tmp_path: Path) -> None:
    flows = {"clientCredentials": {"tokenUrl": "https://auth.example.com/{v}/token", "scopes": {}}}
    server = {"url": "https://api.example.com/{v}", "variables": {"v": {"default": "v1"}}}
    answers, notes = connection(
        document(tmp_path, [server], cc={"type": "oauth2", "flows": flows}), "ping"
    )
    assert answers["api_auth"] == "bearer-token"
    assert any("not host variables of the server" in note for note in notes)


def test_a_server_the_spec_refuses_is_a_one_line_error_naming_the_pointer(tmp_path: Path) -> None:
    server = {"url": "http://{tenant}.example.com", "variables": {"tenant": {"default": "a"}}}
    with pytest.raises(OpenAPIError, match=r"#/servers/0/url: .*https://"):
        connection(document(tmp_path, [server]), "ping")


VARIABLES = [
    {"name": "tenant", "in_host": True},
    {"name": "version", "in_host": False, "enum": ["v1", "v2"], "default": "v2"},
]


@pytest.mark.parametrize(
    ("url", "variables", "words"),
    [
        ("https://{tenant}.example.com/{x}", VARIABLES, "{x}, which is not a server variable"),
        ("https://{tenant}.example.com/v1", VARIABLES, "every server variable needs"),
        ("https://{version}.example.com/{tenant}", VARIABLES, "may only stand in the path"),
        ("https://{tenant}.{version}/x", VARIABLES, "may only stand in the path"),
        (
            "https://{tenant}/{version}",
            VARIABLES,
            "needs at least one label that is not a variable",
        ),
        (
            "https://{tenant}.example.com",
            [{"name": "tenant", "in_host": True, "enum": ["a_b"], "default": "a_b"}],
            "is not one or more host labels",
        ),
        (
            "https://api.example.com/{v}",
            [{"name": "v", "in_host": False, "enum": ["a/b"], "default": "a/b"}],
            "is not one path segment",
        ),
        (
            "https://api.example.com/{v}",
            [{"name": "v", "in_host": False, "default": ".."}],
            "is not one path segment",
        ),
        (
            "https://{tenant}.example.com",
            [{"name": "tenant", "in_host": True, "default": "a.b"}],
            "the default is not one DNS label",
        ),
        (
            "https://api.example.com/{v}",
            [{"name": "v", "in_host": False, "enum": ["v1"], "default": "v9"}],
            "the default must be an enum value",
        ),
        (
            "https://{class}.example.com",
            [{"name": "class", "in_host": True}],
            "reserved in Python or pydantic",
        ),
    ],
)
def test_recorded_server_variables_are_checked_against_the_base_url(
    url: str, variables: list[dict[str, Any]], words: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        ProjectSpec.model_validate(
            {"project_name": "acme", "api_server_variables": variables, "api_base_url": url}
        )
    assert words in str(refused.value)


def test_without_server_variables_the_single_tenant_placeholder_stays() -> None:
    spec = ProjectSpec(project_name="acme", api_base_url="https://{subdomain}.zendesk.com/api/v2")
    assert spec.api_server_variables == []
    with pytest.raises(ValidationError, match="at most one"):
        ProjectSpec(project_name="acme", api_base_url="https://{a}.{b}.example.com")
