"""Collecting actions and triggers from the `path` module or package (CONTRACT.md section 2).

The module is imported with `importlib.import_module`; for a package every submodule is
imported through `pkgutil.walk_packages`. Module-level objects are collected by type and keyed
by name in definition order; a later duplicate name silently replaces an earlier one
(deliberate: CONTRACT §2). An `ImportError` of the top-level import is only logged (the server
then has no actions or triggers); one raised inside a submodule propagates.
"""

import dataclasses
import importlib
import logging
import pkgutil
from types import ModuleType

from integrations_sdk.component import EbbotComponent
from integrations_sdk.triggers import Trigger, Triggers

__all__ = ["Collected", "collect"]

logger = logging.getLogger("integrations_sdk.server")


@dataclasses.dataclass
class Collected:
    """What a module tree declares, keyed by name."""

    components: dict[str, EbbotComponent] = dataclasses.field(default_factory=dict)
    triggers: dict[str, Trigger] = dataclasses.field(default_factory=dict)
    handlers: dict[str, Triggers] = dataclasses.field(default_factory=dict)

    def add_module(self, module: ModuleType) -> None:
        """Collect the module's top-level components, triggers and shared handlers."""
        for value in vars(module).values():
            if isinstance(value, EbbotComponent):
                self.components[value.name] = value
            elif isinstance(value, Trigger):
                self.triggers[value.name] = value
            elif isinstance(value, Triggers):
                self.handlers[value.call.__name__] = value


def collect(path: str) -> Collected:
    """Import `path` (and its submodules) and collect what it declares."""
    collected = Collected()
    try:
        root = importlib.import_module(path)
    except ImportError:
        logger.warning("Could not import %s; starting without actions or triggers", path)
        return collected
    collected.add_module(root)
    if hasattr(root, "__path__"):
        for info in pkgutil.walk_packages(root.__path__, prefix=f"{root.__name__}."):
            collected.add_module(importlib.import_module(info.name))
    return collected
