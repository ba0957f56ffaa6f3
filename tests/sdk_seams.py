"""A static check that generated code touches the SDK only where every SDK version agrees.

The real SDK binds `from requests import request` in its triggers module and calls
`requests.post/get/...` in its storage client, so a test that patches `requests.request` (or any
SDK module) passes against a careless stand-in and fails in a user's CI. Generated code may
import only the SDK's documented public names, must never patch `requests` or an SDK module,
and must not read private names of SDK objects; the network is faked at the transport instead
(the `responses` library, or a loopback server).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

# The SDK's public import paths: module -> names a generated project may import from it.
PUBLIC_SDK_NAMES: dict[str, frozenset[str]] = {
    "integrations_sdk.server": frozenset({"start_workflow_server", "start_server"}),
    "integrations_sdk.component": frozenset(
        {
            "workflow_action",
            "component",
            "FunctionEnv",
            "CompanyEnv",
            "FieldInfo",
            "ToolResult",
            "LLMArgument",
            "InfoReturnType",
        }
    ),
    "integrations_sdk.triggers": frozenset(
        {
            "workflow_trigger",
            "with_triggers",
            "TriggerEvents",
            "TriggerMetadata",
            "GetEnvFn",
            "GetSubscriptionsFn",
            "GetSubscriptionsByNameFn",
            "Trigger",
            "Triggers",
        }
    ),
    "integrations_sdk.workflow": frozenset(
        {
            "Subscription",
            "NewSubscription",
            "Callback",
            "Connection",
            "SubscriptionResult",
            "WorkflowStorage",
        }
    ),
    "integrations_sdk.connection": frozenset(
        {"EmptyOptions", "ConnectionValidator", "PostInstallInstructionsCallback"}
    ),
    "integrations_sdk.errors": frozenset({"SafeValidationError"}),
    "integrations_sdk.manifest": frozenset({"create_manifest"}),
    "integrations_sdk.ebbot": frozenset({"User", "Bot", "Chat", "Company", "Message"}),
}

# Modules whose attributes a test must never replace: the SDK binds its own names from them.
UNPATCHABLE_ROOTS = ("requests", "integrations_sdk", "urllib3")
PATCH_CALLS = frozenset({"setattr", "delattr", "patch", "object", "setitem"})


@dataclass(frozen=True)
class SeamViolation:
    """One place where generated code leans on something only a stand-in SDK may have."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def _root_name(node: ast.expr) -> str | None:
    """The name an attribute chain starts from, through calls and subscripts."""
    while isinstance(node, ast.Attribute | ast.Call | ast.Subscript):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _dotted(node: ast.expr) -> str:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    return ".".join(reversed(parts))


class _SeamVisitor(ast.NodeVisitor):
    def __init__(self, path: str) -> None:
        self.path = path
        self.violations: list[SeamViolation] = []
        # Local names bound to requests/urllib3 modules or to anything imported from the SDK.
        self.guarded_names: set[str] = set()

    def _flag(self, node: ast.AST, message: str) -> None:
        self.violations.append(SeamViolation(self.path, getattr(node, "lineno", 0), message))

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            root = alias.name.split(".")[0]
            if root == "integrations_sdk":
                self._flag(
                    node, f"`import {alias.name}`: import public names with `from ... import`"
                )
            if root in UNPATCHABLE_ROOTS:
                self.guarded_names.add(alias.asname or root)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = node.module or ""
        root = module.split(".")[0]
        if root == "integrations_sdk":
            public = PUBLIC_SDK_NAMES.get(module)
            for alias in node.names:
                if public is None or alias.name not in public:
                    self._flag(node, f"`from {module} import {alias.name}` is not public SDK API")
                self.guarded_names.add(alias.asname or alias.name)
        elif root in UNPATCHABLE_ROOTS:
            for alias in node.names:
                self.guarded_names.add(alias.asname or alias.name)

    def visit_Call(self, node: ast.Call) -> None:
        function = node.func
        name = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", "")
        if name in PATCH_CALLS and node.args:
            target = node.args[0]
            if isinstance(target, ast.Constant) and isinstance(target.value, str):
                if target.value.split(".")[0] in UNPATCHABLE_ROOTS:
                    self._flag(node, f"patches {target.value!r}: fake the network at the transport")
            elif _root_name(target) in self.guarded_names:
                self._flag(node, f"patches {_dotted(target)}: fake the network at the transport")
        self.generic_visit(node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        root = _root_name(node)
        if (
            root in self.guarded_names
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
        ):
            self._flag(node, f"reads the private name {_dotted(node)}")
        self.generic_visit(node)


def check_source(source: str, path: str = "<source>") -> list[SeamViolation]:
    """The seam violations in one Python module's source."""
    visitor = _SeamVisitor(path)
    visitor.visit(ast.parse(source, filename=path))
    return visitor.violations


def check_project(project: Path) -> list[SeamViolation]:
    """The seam violations in every Python file of a generated project."""
    violations: list[SeamViolation] = []
    for path in sorted(project.rglob("*.py")):
        if ".venv" in path.parts:
            continue
        relative = str(path.relative_to(project))
        violations.extend(check_source(path.read_text(encoding="utf-8"), relative))
    return violations
