"""Finding, reading and parsing the Python files of an audited project.

Each file is parsed once and walked once. The walk files every node the rules care about into
lists (calls, functions, classes, string literals, ...) and into the scope that runs it (the
module or a function), so rules look at those lists instead of walking the tree again. That
single walk is most of what keeps `scaffold check` fast.
"""

from __future__ import annotations

import ast
import io
import os
import tokenize
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Directories that never hold the project's own code: VCS data, caches, build output and
# virtualenvs (a directory with a pyvenv.cfg is skipped too, whatever its name).
SKIPPED_DIRECTORIES = frozenset(
    {
        ".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox", ".nox",
        ".mypy_cache", ".pytest_cache", ".ruff_cache", ".hypothesis", "build", "dist",
        "site-packages", ".eggs",
    }
)  # fmt: skip

# Directory names that hold a project's tests (test doubles, fake upstreams, fixtures).
TEST_DIRECTORIES = frozenset({"tests", "test", "testing"})

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef
ScopeNode = ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda


# Fields whose nodes are never worth visiting: expression contexts (Load/Store) and operators.
_LEAF_FIELDS = frozenset({"ctx", "op", "ops"})
_BINDER_TYPES = frozenset(
    {ast.Assign, ast.AnnAssign, ast.AugAssign, ast.NamedExpr, ast.withitem, ast.For, ast.AsyncFor}
)
_CHILD_FIELDS: dict[type[ast.AST], tuple[str, ...]] = {}


def _child_fields(kind: type[ast.AST]) -> tuple[str, ...]:
    fields = _CHILD_FIELDS.get(kind)
    if fields is None:
        fields = tuple(name for name in kind._fields if name not in _LEAF_FIELDS)
        _CHILD_FIELDS[kind] = fields
    return fields


def iter_python_files(root: Path) -> Iterator[Path]:
    """Every `.py` file under `root` in a stable order, skipping caches, venvs and hidden dirs."""
    if root.is_file():
        yield root
        return
    for directory, subdirectories, filenames in os.walk(root):
        subdirectories[:] = sorted(
            name
            for name in subdirectories
            if name not in SKIPPED_DIRECTORIES
            and not name.startswith(".")
            and not (Path(directory, name, "pyvenv.cfg")).exists()
        )
        for filename in sorted(filenames):
            if filename.endswith(".py"):
                yield Path(directory, filename)


class UnreadableSource(Exception):
    """The file could not be decoded or parsed; `line` says where, when known."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


def read_source(path: Path) -> str:
    """The file's text, honouring a PEP 263 coding line when it is not UTF-8."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(raw).readline)
        return raw.decode(encoding)
    except (SyntaxError, LookupError, UnicodeDecodeError) as error:
        raise UnreadableSource(f"cannot decode the file: {error}") from None


@dataclass(eq=False)
class Scope:
    """The module or one function (or lambda): the nodes it runs itself, and its parent.

    A nested function's own node is listed in the enclosing scope while its decorators,
    signature and body belong to its own scope. Class bodies are transparent: their
    statements count for the enclosing scope and their methods are scopes of their own.
    """

    node: ScopeNode
    parent: Scope | None
    own_nodes: list[ast.AST] = field(default_factory=list)
    # Subsets of own_nodes that several rules scan, filed during the same walk.
    calls: list[ast.Call] = field(default_factory=list)
    compares: list[ast.Compare] = field(default_factory=list)
    binders: list[ast.AST] = field(default_factory=list)  # assignments, with-as, for, walrus


@dataclass
class SourceFile:
    """One parsed file plus the node lists that rules query."""

    path: Path
    relpath: str
    text: str
    tree: ast.Module
    lines: list[str]
    imports: dict[str, str] = field(default_factory=dict)
    calls: list[ast.Call] = field(default_factory=list)
    functions: list[FunctionNode] = field(default_factory=list)
    classes: list[ast.ClassDef] = field(default_factory=list)
    assignments: list[ast.Assign | ast.AnnAssign] = field(default_factory=list)
    strings: list[ast.Constant] = field(default_factory=list)
    dicts: list[ast.Dict] = field(default_factory=list)
    with_items: list[ast.withitem] = field(default_factory=list)
    scopes: list[Scope] = field(default_factory=list)
    scope_of: dict[int, Scope] = field(default_factory=dict)  # by id() of the function node

    @classmethod
    def parse(cls, path: Path, relpath: str) -> SourceFile:
        """Read, parse and index one file; UnreadableSource when that is impossible."""
        text = read_source(path)
        try:
            tree = ast.parse(text, filename=str(path))
        except SyntaxError as error:
            raise UnreadableSource(
                f"cannot parse the file: {error.msg}", error.lineno or 1, error.offset or 1
            ) from None
        except ValueError as error:  # e.g. null bytes in the source
            raise UnreadableSource(f"cannot parse the file: {error}") from None
        source = cls(path=path, relpath=relpath, text=text, tree=tree, lines=text.splitlines())
        source._index()
        return source

    @property
    def line_count(self) -> int:
        """Physical lines in the file."""
        return len(self.lines)

    @property
    def is_test(self) -> bool:
        """A test module, conftest or anything in a tests directory (never deployed)."""
        *directories, name = self.relpath.split("/")
        if any(directory in TEST_DIRECTORIES for directory in directories):
            return True
        return name == "conftest.py" or name.startswith("test_") or name.endswith("_test.py")

    def _index(self) -> None:
        """One walk over the tree: file every node by type and by the scope that runs it."""
        buckets: dict[type[ast.AST], list[Any]] = {
            ast.Call: self.calls,
            ast.FunctionDef: self.functions,
            ast.AsyncFunctionDef: self.functions,
            ast.ClassDef: self.classes,
            ast.Assign: self.assignments,
            ast.AnnAssign: self.assignments,
            ast.Dict: self.dicts,
            ast.withitem: self.with_items,
        }
        module = Scope(self.tree, None)
        self.scopes.append(module)
        stack: list[tuple[ast.AST, Scope]] = [(child, module) for child in self.tree.body]
        while stack:
            node, scope = stack.pop()
            scope.own_nodes.append(node)
            kind = type(node)
            bucket = buckets.get(kind)
            if bucket is not None:
                bucket.append(node)
            if isinstance(node, ast.Constant):
                if isinstance(node.value, str):
                    self.strings.append(node)
                continue  # a leaf
            if isinstance(node, ast.Call):
                scope.calls.append(node)
            elif isinstance(node, ast.Compare):
                scope.compares.append(node)
            elif kind in _BINDER_TYPES:
                scope.binders.append(node)
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                scope = Scope(node, scope)
                self.scopes.append(scope)
                self.scope_of[id(node)] = scope
            elif isinstance(node, ast.Import | ast.ImportFrom):
                self._record_import(node)
            # Inlined ast.iter_child_nodes: this loop is most of the time an audit takes.
            for name in _child_fields(kind):
                value = getattr(node, name, None)
                if isinstance(value, list):
                    stack.extend((item, scope) for item in value if isinstance(item, ast.AST))
                elif isinstance(value, ast.AST):
                    stack.append((value, scope))

    def _record_import(self, node: ast.Import | ast.ImportFrom) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                local = alias.asname or alias.name.split(".")[0]
                self.imports[local] = alias.name if alias.asname else local
            return
        module = node.module or ""
        for alias in node.names:
            target = f"{module}.{alias.name}" if module else alias.name
            self.imports[alias.asname or alias.name] = target

    def column_of(self, node: ast.expr | ast.stmt | ast.arg) -> int:
        """The 1-based character column of `node` (ast counts UTF-8 bytes)."""
        offset = node.col_offset
        line_index = node.lineno - 1
        if 0 <= line_index < len(self.lines):
            line = self.lines[line_index]
            if not line.isascii():
                offset = len(line.encode("utf-8")[:offset].decode("utf-8", errors="replace"))
        return offset + 1
