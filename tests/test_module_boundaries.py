"""Which scaffold module may import which: flows sit on top, domain modules never import one."""

from __future__ import annotations

import ast
from pathlib import Path

import scaffold

PACKAGE = Path(scaffold.__file__).resolve().parent


def _imported_modules(path: Path) -> set[str]:
    """Every module `path` imports, at the top or inside a function (`from scaffold import x`
    counts as scaffold.x)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def test_only_the_cli_imports_the_new_project_flow() -> None:
    importers = sorted(
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "scaffold.generate" in _imported_modules(path)
    )
    assert importers == ["cli.py"], (
        "scaffold/generate.py is the `scaffold new` flow; build a ProjectSpec with "
        "scaffold.answers.build_spec instead of importing the flow"
    )
