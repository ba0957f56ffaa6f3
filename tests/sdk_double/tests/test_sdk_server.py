"""CONTRACT.md section 2: start_workflow_server parameters, auth, health, logging, startup."""

import logging
from typing import Any

import pytest
from fastapi.testclient import TestClient

from integrations_sdk.server import start_server, start_workflow_server

from .fns import triggers as fns_triggers
from .fns.models import Options, Secrets
from .support import (
    ENGINE_KEY,
    FNS_PACKAGE,
    GOOD_CONNECTION,
    AppFactory,
    FakeHTTPServer,
    PackageFactory,
)

ACTION_MODULE = """
from integrations_sdk.component import workflow_action

@workflow_action(description="{description}", result={{"type": "object"}})
def {name}() -> dict:
    return {{"from": "{description}"}}
"""


def test_liveness_and_readiness_answer_without_auth(build_app: AppFactory) -> None:
    client = TestClient(build_app(auth_token="tok"))
    assert client.get("/liveness").json() == {"status": "alive"}
    assert client.get("/readiness").json() == {"status": "ready"}


def test_readiness_lists_subscriptions_and_fails_as_plain_500(
    build_app: AppFactory, fake_server: FakeHTTPServer
) -> None:
    fake_server.respond("GET", "/subscriptions", 503, {"detail": "down"})
    app = build_app(dev_mode=False, storage_server_url=fake_server.url)
    response = TestClient(app, raise_server_exceptions=False).get("/readiness")
    assert (response.status_code, response.text) == (500, "Internal Server Error")
    (request,) = fake_server.requests
    assert request.path == "/subscriptions?limit=1000&offset=0"
    assert request.headers["authorization"] == f"Bearer {ENGINE_KEY}"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/manifest"),
        ("POST", "/connections"),
        ("GET", "/connections/x"),
        ("POST", "/connections/x/call/say_hello"),
        ("GET", "/connections/x/form/with_info"),
        ("POST", "/connections/x/subscriptions/plain_hook"),
        ("GET", "/connections/x/subscriptions"),
        ("GET", "/connections/x/subscriptions/y"),
        ("DELETE", "/connections/x/subscriptions/y"),
        ("GET", "/components"),
        ("POST", "/call"),
    ],
)
def test_auth_token_protects_every_sdk_route(build_app: AppFactory, method: str, path: str) -> None:
    client = TestClient(build_app(auth_token="tok"), raise_server_exceptions=False)
    response = client.request(method, path, json={})
    assert (response.status_code, response.json()) == (401, {"detail": "Unauthorized"})
    authorized = client.request(method, path, json={}, headers={"Authorization": "Bearer tok"})
    assert authorized.status_code != 401


@pytest.mark.parametrize(
    "path",
    [
        "/liveness",
        "/readiness",
        "/docs",
        "/redoc",
        "/openapi.json",
        "/docs/oauth2-redirect",
        "/double/removal/count",
        "/project/extra",
    ],
)
def test_auth_token_leaves_public_routes_open(build_app: AppFactory, path: str) -> None:
    app = build_app(auth_token="tok")

    @app.get("/project/extra")
    def extra() -> dict[str, bool]:
        return {"extra": True}

    assert TestClient(app).get(path).status_code == 200


def test_unknown_path_is_404_even_without_token(build_app: AppFactory) -> None:
    client = TestClient(build_app(auth_token="tok"))
    assert client.get("/no/such/route").status_code == 404


@pytest.mark.parametrize(
    ("header", "status"),
    [
        ("Bearer tok", 200),
        ("bearer tok", 401),
        ("Bearer  tok", 401),
        ("Bearer tok ", 401),
        ("tok", 401),
        ("Basic tok", 401),
    ],
)
def test_token_must_match_the_exact_bearer_string(
    build_app: AppFactory, header: str, status: int
) -> None:
    client = TestClient(build_app(auth_token="tok"))
    assert client.get("/manifest", headers={"Authorization": header}).status_code == status


def test_rejected_requests_log_a_warning_with_method_path_host_and_reason(
    build_app: AppFactory, caplog: pytest.LogCaptureFixture
) -> None:
    client = TestClient(build_app(auth_token="tok"))
    with caplog.at_level(logging.INFO, logger="integrations_sdk.server"):
        client.get("/manifest")
        client.get("/components", headers={"Authorization": "Bearer nope"})
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings == [
        "Unauthorized request GET /manifest from testclient: missing token",
        "Unauthorized request GET /components from testclient: invalid token",
    ]
    assert "GET /manifest -> 401" in caplog.messages


def test_without_auth_token_sdk_routes_are_open(client: TestClient) -> None:
    assert client.get("/manifest").status_code == 200
    assert client.post("/connections", json=GOOD_CONNECTION).status_code == 201


def test_request_log_lines_use_debug_for_health_and_info_otherwise(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG, logger="integrations_sdk.server"):
        client.get("/liveness")
        client.get("/manifest")
        client.get("/connections/nope")
    levels = {
        r.getMessage(): r.levelno for r in caplog.records if r.name == "integrations_sdk.server"
    }
    assert levels["GET /liveness -> 200"] == logging.DEBUG
    assert levels["GET /manifest -> 200"] == logging.INFO
    assert levels["GET /connections/nope -> 404"] == logging.INFO


def test_unhandled_errors_are_logged_as_500(
    client: TestClient, connection_id: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="integrations_sdk.server"):
        client.post(f"/connections/{connection_id}/call/raises", json={})
    assert f"POST /connections/{connection_id}/call/raises -> 500" in caplog.messages


def test_each_trigger_function_and_handler_is_called_once_at_start(
    build_app: AppFactory,
) -> None:
    build_app()
    assert sorted(fns_triggers.STARTED) == sorted(
        [
            "plain_hook",
            "env_hook",
            "created_hook",
            "failing_hook",
            "removal_hook",
            "missing_env_hook",
            "shared",
        ]
    )
    assert fns_triggers.STARTED[-1] == "shared"  # handlers run after the triggers


def test_dispatch_is_passed_positionally_so_order_matters(
    build_app: AppFactory, make_package: PackageFactory
) -> None:
    package = make_package(
        {
            "hooks.py": (
                "from integrations_sdk.triggers import workflow_trigger\n"
                "@workflow_trigger(description='d', result={'type': 'object'})\n"
                "def app_first(app, dispatch):\n"
                "    pass\n"
            )
        }
    )
    with pytest.raises(TypeError, match="multiple values for argument 'app'"):
        build_app(path=package)


def test_top_level_import_error_is_logged_and_server_starts_empty(
    build_app: AppFactory, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        app = build_app(path="no_such_module_for_the_double")
    manifest = TestClient(app).get("/manifest").json()
    assert (manifest["actions"], manifest["triggers"]) == ([], [])
    assert any("no_such_module_for_the_double" in message for message in caplog.messages)


def test_import_error_inside_a_submodule_is_not_caught(
    build_app: AppFactory, make_package: PackageFactory
) -> None:
    package = make_package({"broken.py": "import no_such_dependency_for_the_double\n"})
    with pytest.raises(ImportError):
        build_app(path=package)


def test_subpackages_are_walked_recursively(
    build_app: AppFactory, make_package: PackageFactory
) -> None:
    package = make_package(
        {
            "deep/__init__.py": "",
            "deep/deeper.py": ACTION_MODULE.format(name="deep_action", description="deep"),
        }
    )
    manifest = TestClient(build_app(path=package)).get("/manifest").json()
    assert [action["name"] for action in manifest["actions"]] == ["deep_action"]


def test_later_duplicate_name_silently_replaces_the_earlier(
    build_app: AppFactory, make_package: PackageFactory
) -> None:
    package = make_package(
        {
            "a_first.py": ACTION_MODULE.format(name="twin", description="first"),
            "b_second.py": ACTION_MODULE.format(name="twin", description="second"),
        }
    )
    app = build_app(path=package)
    actions = TestClient(app).get("/manifest").json()["actions"]
    assert [(a["name"], a["description"]) for a in actions] == [("twin", "second")]


def test_title_defaults_and_can_be_set(build_app: AppFactory) -> None:
    assert build_app().title == "Challenger SDK Workflow server"
    assert build_app(title="Mine").title == "Mine"


def test_production_mode_uses_the_storage_server(
    build_app: AppFactory, fake_server: FakeHTTPServer
) -> None:
    stored = {
        "id": "c1",
        "wfServerId": "w1",
        "createdAt": "t",
        "updatedAt": "t",
        **GOOD_CONNECTION,
    }
    fake_server.respond("POST", "/connections", 201, stored)
    client = TestClient(build_app(dev_mode=False, storage_server_url=fake_server.url))
    response = client.post("/connections", json=GOOD_CONNECTION)
    assert (response.status_code, response.json()["id"]) == (201, "c1")
    # The Options model's model_dump() is what gets stored: defaults included.
    assert fake_server.requests[0].body == {
        "options": {"region": "eu", "note": None},
        "secrets": {"apiKey": "CANARY-1"},
    }


def test_validator_gets_secrets_first_and_runs_three_times_per_create(
    build_app: AppFactory,
) -> None:
    calls: list[tuple[Any, Any]] = []

    def validator(secrets: Secrets, options: Options) -> None:
        calls.append((secrets, options))

    client = TestClient(build_app(validator=validator))
    assert client.post("/connections", json=GOOD_CONNECTION).status_code == 201
    assert len(calls) == 3
    assert all(isinstance(s, Secrets) and isinstance(o, Options) for s, o in calls)


def test_post_install_instructions_run_on_create_and_get_with_full_env(
    build_app: AppFactory,
) -> None:
    seen: list[dict[str, Any]] = []

    def instructions(connection: Any, get_env: Any) -> str:
        env = get_env()
        seen.append({"info": env.info, "secrets": env.secrets})
        return f"Connected {connection.id}"

    client = TestClient(build_app(post_install_instructions=instructions))
    body = {"options": {"region": "eu", "note": "n"}, "secrets": {"apiKey": "K"}}
    created = client.post("/connections", json=body).json()
    fetched = client.get(f"/connections/{created['id']}").json()
    assert created["postInstallInstructions"] == f"Connected {created['id']}"
    assert fetched["postInstallInstructions"] == f"Connected {created['id']}"
    assert seen == [{"info": body["options"], "secrets": body["secrets"]}] * 2


def test_manifest_metadata_parameters_are_copied_verbatim(build_app: AppFactory) -> None:
    metadata = {
        "install_instructions": "# Install",
        "api_rate_limit_info": "10/s",
        "required_permissions": "tickets:write",
        "docs": "Docs",
        "email": "e@x",
        "author": "A",
        "url": "https://x.example",
    }
    manifest = TestClient(build_app(**metadata)).get("/manifest").json()
    assert manifest["installInstructions"] == "# Install"
    assert manifest["apiRateLimitInfo"] == "10/s"
    assert manifest["requiredPermissions"] == "tickets:write"
    assert (manifest["docs"], manifest["email"], manifest["author"], manifest["url"]) == (
        "Docs",
        "e@x",
        "A",
        "https://x.example",
    )


def test_start_server_exposes_only_components_and_call_without_auth() -> None:
    app = start_server(FNS_PACKAGE)
    client = TestClient(app)
    assert app.title == "Challenger sdk server"
    assert client.get("/components").status_code == 200
    call = {
        "name": "say_hello",
        "ebbot_data": {},
        "llm_arguments": {"name": "x"},
        "secrets": {},
        "env": {},
    }
    assert client.post("/call", json=call).json() == {
        "result": {"result": "Hello x", "detail": None},
        "actions": None,
    }
    assert client.get("/manifest").status_code == 404
    assert client.get("/liveness").status_code == 404


def test_storage_key_is_required_positionally_like_the_docs(workdir: Any) -> None:
    app = start_workflow_server(
        FNS_PACKAGE, "http://storage.invalid", "K", Options, Secrets, dev_mode=True
    )
    assert TestClient(app).get("/liveness").status_code == 200
