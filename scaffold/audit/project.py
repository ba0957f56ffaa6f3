"""Facts about the whole audited project that single files cannot tell.

Which classes are the Options and Secrets models (whatever they are called, they are the ones
passed to `start_workflow_server` or to a trigger), which functions are `info=` or
post-install callbacks, and where every function is defined, so that a webhook route that
hands `dispatch` to a helper in another module can be followed there.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from dataclasses import dataclass, field

from scaffold.audit.sdk import SdkFacts, server_argument
from scaffold.audit.source import FunctionNode, Scope, SourceFile
from scaffold.audit.syntax import callee_name, final_name

# Bases that make a class a pydantic model for the name-based fallbacks.
MODEL_BASES = frozenset({"BaseModel", "EmptyOptions"})
# Bases that make a class settings read from the environment (pydantic-settings).
SETTINGS_BASES = frozenset({"BaseSettings"})


def is_settings_class(source: SourceFile, class_node: ast.ClassDef) -> bool:
    """True for a class deriving pydantic-settings' BaseSettings directly."""
    return any(final_name(source, base) in SETTINGS_BASES for base in class_node.bases)


@dataclass
class Project:
    """All parsed files plus the cross-file facts rules need."""

    sources: list[SourceFile]
    options_models: set[str] = field(default_factory=set)
    secrets_models: set[str] = field(default_factory=set)
    callbacks: set[str] = field(default_factory=set)
    functions: dict[str, list[FunctionNode]] = field(default_factory=lambda: defaultdict(list))
    classes: dict[str, list[ast.ClassDef]] = field(default_factory=lambda: defaultdict(list))
    scope_of: dict[int, Scope] = field(default_factory=dict)  # every file's, by id(node)
    file_of: dict[int, str] = field(default_factory=dict)  # function id -> relative path
    sdk_facts: dict[str, SdkFacts] = field(default_factory=dict)  # by relative path

    @classmethod
    def index(cls, sources: list[SourceFile]) -> Project:
        """Collect the cross-file facts from already parsed files."""
        project = cls(sources=sources)
        for source in sources:
            project._collect(source)
        project.options_models = project._with_project_bases(project.options_models)
        project.secrets_models = project._with_project_bases(project.secrets_models)
        return project

    def sdk(self, source: SourceFile) -> SdkFacts:
        """The file's actions, triggers and server calls (found once per file)."""
        facts = self.sdk_facts.get(source.relpath)
        if facts is None:
            facts = self.sdk_facts[source.relpath] = SdkFacts.of(source)
        return facts

    def _collect(self, source: SourceFile) -> None:
        self.scope_of.update(source.scope_of)
        sdk = self.sdk(source)
        for function in source.functions:
            self.functions[function.name].append(function)
            self.file_of[id(function)] = source.relpath
        for class_node in source.classes:
            self.classes[class_node.name].append(class_node)
        for call in sdk.server_calls:
            self._add_name(self.options_models, source, server_argument(call, "options"))
            self._add_name(self.secrets_models, source, server_argument(call, "secrets"))
            self._add_name(
                self.callbacks, source, server_argument(call, "post_install_instructions")
            )
        for action in sdk.actions:
            self._add_name(self.callbacks, source, action.option("info"))
        for trigger in sdk.triggers:
            self._add_name(self.options_models, source, trigger.option("triggerOptions"))
            self._add_name(self.secrets_models, source, trigger.option("triggerSecrets"))
            self._add_name(self.callbacks, source, trigger.option("postInstallInstructions"))

    @staticmethod
    def _add_name(names: set[str], source: SourceFile, node: ast.expr | None) -> None:
        if isinstance(node, ast.Name | ast.Attribute):
            name = final_name(source, node)
            if name is not None:
                names.add(name)

    def _with_project_bases(self, names: set[str]) -> set[str]:
        """`names` plus the project classes they derive from (their fields are inherited)."""
        result = set(names)
        pending = list(names)
        while pending:
            for class_node in self.classes.get(pending.pop(), []):
                for base in class_node.bases:
                    base_name = callee_name(base)
                    if base_name and base_name in self.classes and base_name not in result:
                        result.add(base_name)
                        pending.append(base_name)
        return result

    def is_options_model(self, source: SourceFile, class_node: ast.ClassDef) -> bool:
        """Passed as options/triggerOptions, or named `*Options` and deriving a model."""
        if class_node.name in self.options_models:
            return True
        return class_node.name.endswith("Options") and self._derives_model(source, class_node)

    def is_secrets_model(self, source: SourceFile, class_node: ast.ClassDef) -> bool:
        """Passed as secrets/triggerSecrets, or named `*Secrets` and deriving a model."""
        if class_node.name in self.secrets_models:
            return True
        return class_node.name.endswith("Secrets") and self._derives_model(source, class_node)

    def _derives_model(self, source: SourceFile, class_node: ast.ClassDef) -> bool:
        for base in class_node.bases:
            name = final_name(source, base)
            if name in MODEL_BASES or name in self.options_models or name in self.secrets_models:
                return True
        return False
