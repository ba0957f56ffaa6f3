"""SCF1xx (part): where secrets are declared. Options are config, Secrets are SecretStr."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from scaffold.audit.model import Finding, Rule, Severity
from scaffold.audit.naming import is_secret_name
from scaffold.audit.project import Project, is_settings_class
from scaffold.audit.rules.base import finding
from scaffold.audit.source import SourceFile

OPTIONS_SECRET_FIELD = Rule(
    id="SCF101",
    name="options-secret-field",
    severity=Severity.HIGH,
    checklist="Secrets only in the Secrets model (SecretStr), never in Options.",
    summary="An Options model declares a field that looks like a secret.",
    hint=(
        "Move the field to the Secrets model as SecretStr. Options are stored and returned "
        "in clear (connection responses, manifest schema, info= callbacks)."
    ),
)

SECRET_NOT_SECRETSTR = Rule(
    id="SCF102",
    name="secret-not-secretstr",
    severity=Severity.MEDIUM,
    checklist="Secrets are declared as SecretStr so that repr, logs and dumps mask them.",
    summary="A Secrets field (or a secret-named settings field) is not SecretStr.",
    hint=(
        "Annotate it as pydantic.SecretStr (SecretStr | None if optional) and call "
        ".get_secret_value() only where the value is sent."
    ),
)

RULES = (OPTIONS_SECRET_FIELD, SECRET_NOT_SECRETSTR)

_SECRET_TYPES = frozenset({"SecretStr", "SecretBytes", "Secret"})


def check_connection_models(source: SourceFile, project: Project) -> Iterator[Finding]:
    """SCF101 on Options models, SCF102 on Secrets models and settings classes."""
    for class_node in source.classes:
        if project.is_options_model(source, class_node):
            yield from _secret_fields_in_options(source, class_node)
        elif project.is_secrets_model(source, class_node):
            yield from _plain_fields_in_secrets(source, class_node)
        elif is_settings_class(source, class_node):
            yield from _plain_secret_fields_in_settings(source, class_node)


def _secret_fields_in_options(source: SourceFile, class_node: ast.ClassDef) -> Iterator[Finding]:
    for name, statement in _fields(class_node):
        if _is_secret_type(statement.annotation):
            reason = f"is typed {ast.unparse(statement.annotation)}"
        elif is_secret_name(name):
            reason = "looks like a secret"
        else:
            continue
        yield finding(
            OPTIONS_SECRET_FIELD,
            source,
            statement.target,
            f"Options model `{class_node.name}` has field `{name}`, which {reason}",
        )


def _plain_fields_in_secrets(source: SourceFile, class_node: ast.ClassDef) -> Iterator[Finding]:
    for name, statement in _fields(class_node):
        if not _is_secret_type(statement.annotation):
            yield finding(
                SECRET_NOT_SECRETSTR,
                source,
                statement.target,
                f"Secrets model `{class_node.name}` field `{name}` is "
                f"`{ast.unparse(statement.annotation)}`, not SecretStr",
            )


def _plain_secret_fields_in_settings(
    source: SourceFile, class_node: ast.ClassDef
) -> Iterator[Finding]:
    for name, statement in _fields(class_node):
        if is_secret_name(name) and not _is_secret_type(statement.annotation):
            yield finding(
                SECRET_NOT_SECRETSTR,
                source,
                statement.target,
                f"settings `{class_node.name}` field `{name}` holds a secret as "
                f"`{ast.unparse(statement.annotation)}`, not SecretStr",
            )


def _fields(class_node: ast.ClassDef) -> Iterator[tuple[str, ast.AnnAssign]]:
    """Annotated model fields, leaving out ClassVars, private attributes and model_config."""
    for statement in class_node.body:
        if not isinstance(statement, ast.AnnAssign) or not isinstance(statement.target, ast.Name):
            continue
        name = statement.target.id
        if name.startswith("_") or name == "model_config":
            continue
        if "ClassVar" in ast.unparse(statement.annotation):
            continue
        yield name, statement


def _is_secret_type(annotation: ast.expr) -> bool:
    """True when the annotation mentions SecretStr/SecretBytes (Optional, Annotated, ...)."""
    for node in ast.walk(annotation):
        if isinstance(node, ast.Name) and node.id in _SECRET_TYPES:
            return True
        if isinstance(node, ast.Attribute) and node.attr in _SECRET_TYPES:
            return True
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and any(secret_type in node.value for secret_type in _SECRET_TYPES)
        ):
            return True
    return False


CHECKS = (check_connection_models,)
