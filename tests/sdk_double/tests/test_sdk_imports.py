"""CONTRACT.md section 1: import paths, nothing at the package root, challenger_sdk shims."""

import ast
import importlib
import importlib.metadata
import inspect

import pytest

import integrations_sdk
from integrations_sdk import component

PUBLIC = {
    "integrations_sdk.server": ["start_workflow_server", "start_server"],
    "integrations_sdk.component": [
        "workflow_action",
        "component",
        "FunctionEnv",
        "CompanyEnv",
        "FieldInfo",
        "ToolResult",
        "LLMArgument",
        "InfoReturnType",
        "EbbotComponent",
    ],
    "integrations_sdk.triggers": [
        "workflow_trigger",
        "with_triggers",
        "TriggerEvents",
        "TriggerMetadata",
        "GetEnvFn",
        "GetSubscriptionsFn",
        "GetSubscriptionsByNameFn",
        "Trigger",
        "Triggers",
        "InvalidTriggerException",
    ],
    "integrations_sdk.workflow": [
        "Subscription",
        "NewSubscription",
        "Callback",
        "Connection",
        "SubscriptionResult",
        "WorkflowStorage",
    ],
    "integrations_sdk.connection": [
        "EmptyOptions",
        "ConnectionValidator",
        "PostInstallInstructionsCallback",
    ],
    "integrations_sdk.errors": ["SafeValidationError"],
    "integrations_sdk.manifest": ["create_manifest", "subscription_schema"],
    "integrations_sdk.ebbot": ["User", "Bot", "Chat", "Company", "Message"],
    "integrations_sdk.cli": ["app"],
}


@pytest.mark.parametrize("module_name", sorted(PUBLIC))
def test_public_symbols_come_from_their_documented_module(module_name: str) -> None:
    module = importlib.import_module(module_name)
    missing = [name for name in PUBLIC[module_name] if not hasattr(module, name)]
    assert missing == []


def test_package_root_is_only_a_docstring() -> None:
    source = inspect.getsource(integrations_sdk)
    body = ast.parse(source).body
    assert len(body) == 1
    assert isinstance(body[0], ast.Expr)
    assert isinstance(body[0].value, ast.Constant)


@pytest.mark.parametrize("name", ["start_workflow_server", "workflow_action", "Subscription"])
def test_nothing_is_importable_from_the_package_root(name: str) -> None:
    with pytest.raises(ImportError):
        exec(f"from integrations_sdk import {name}", {})  # noqa: S102 - the import is the test


def test_function_env_is_the_company_env_dataclass() -> None:
    assert component.FunctionEnv is component.CompanyEnv
    env = component.FunctionEnv(info={"a": "1"}, secrets={"b": "2"})
    assert (env.info, env.secrets) == ({"a": "1"}, {"b": "2"})


@pytest.mark.parametrize("module_name", sorted(PUBLIC))
def test_challenger_sdk_shims_reexport_the_same_objects(module_name: str) -> None:
    original = importlib.import_module(module_name)
    shim = importlib.import_module(module_name.replace("integrations_sdk", "challenger_sdk"))
    for name in PUBLIC[module_name]:
        assert getattr(shim, name) is getattr(original, name)


def test_integrations_console_script_points_at_the_typer_app() -> None:
    scripts = importlib.metadata.entry_points(group="console_scripts")
    (entry,) = [script for script in scripts if script.name == "integrations"]
    assert entry.value == "integrations_sdk.cli:app"
