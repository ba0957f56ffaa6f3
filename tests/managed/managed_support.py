"""Rendered projects for the managed room's unit tests (issue #13): scaffold owns
`src/<pkg>/managed/`, so its unit tests run once here against a render instead of in every
generated project. Each render has a fixed name, is made at most once per session and only
when a test asks for it; its `src` goes on `sys.path` so the tests import the managed modules
exactly as the project ships them."""

from __future__ import annotations

import importlib
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from scaffold_support import render_project

# The default answers under a name no other test uses: its package is `managed_probe`.
PROBE = "managed-probe"


@dataclass(frozen=True)
class Render:
    """One rendered project whose package is importable."""

    path: Path
    package: str

    def module(self, name: str) -> ModuleType:
        """`<package>.<name>`, e.g. `render.module("managed.redaction")`."""
        return importlib.import_module(f"{self.package}.{name}")


class Renders:
    """The session's renders by project name; `close()` takes them off `sys.path` again."""

    def __init__(self, root: Path) -> None:
        self._root = root
        self._made: dict[str, Render] = {}

    def get(self, name: str, **answers: Any) -> Render:
        """The render called `name` (answers are only used the first time)."""
        if name not in self._made:
            path = render_project(self._root / name, project_name=name, **answers)
            [package] = [child.name for child in (path / "src").iterdir() if child.is_dir()]
            sys.path.insert(0, str(path / "src"))
            importlib.invalidate_caches()
            self._made[name] = Render(path=path, package=package)
        return self._made[name]

    def close(self) -> None:
        for render in self._made.values():
            sys.path.remove(str(render.path / "src"))
            for module in [m for m in sys.modules if m.split(".")[0] == render.package]:
                del sys.modules[module]
        self._made.clear()
