"""The contract between the runner and a family of rules."""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable

from scaffold.audit.model import Finding, Rule
from scaffold.audit.project import Project
from scaffold.audit.source import SourceFile

# A check looks at one file (with the project's cross-file facts) and yields findings for the
# rules of its family. Checks never raise for odd code: they skip what they do not understand.
Check = Callable[[SourceFile, Project], Iterable[Finding]]


def finding(
    rule: Rule, source: SourceFile, node: ast.expr | ast.stmt | ast.arg, message: str
) -> Finding:
    """A finding of `rule` at `node`'s position in `source`."""
    return Finding(
        rule=rule,
        path=source.relpath,
        line=node.lineno,
        column=source.column_of(node),
        message=message,
    )
