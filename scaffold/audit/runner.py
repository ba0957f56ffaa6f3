"""Run an audit: find the files, parse them once, run every check, apply suppressions."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from scaffold.audit.model import AuditReport, Finding, Rule
from scaffold.audit.project import Project
from scaffold.audit.rules import CHECKS
from scaffold.audit.rules.meta import RULES as META_RULES
from scaffold.audit.rules.meta import UNPARSABLE_FILE
from scaffold.audit.source import SourceFile, UnreadableSource, iter_python_files
from scaffold.audit.suppress import apply_suppressions
from scaffold.errors import UsageError


def audit(path: Path, select: Collection[Rule] | None = None) -> AuditReport:
    """Audit the project at `path` (a directory, or a single .py file) without importing it.

    With `select`, only findings of those rules are kept, and always the SCF0xx ones: a file
    that could not be parsed was not checked for the selected rules either. Raises UsageError
    when `path` is neither. Paths in findings are relative to the directory.
    """
    if not path.exists():
        raise UsageError(f"{path}: no such file or directory")
    if path.is_file() and path.suffix != ".py":
        raise UsageError(f"{path}: not a directory or a Python (.py) file")
    if not path.is_dir() and not path.is_file():
        raise UsageError(f"{path}: not a directory or a Python (.py) file")
    root = path.resolve()
    base = root if root.is_dir() else root.parent

    sources: list[SourceFile] = []
    findings: list[Finding] = []
    files = lines = 0
    for file in iter_python_files(root):
        files += 1
        relpath = file.relative_to(base).as_posix()
        try:
            source = SourceFile.parse(file, relpath)
        except UnreadableSource as error:
            findings.append(_unparsable(relpath, str(error), error.line, error.column))
            continue
        except (OSError, RecursionError, MemoryError) as error:
            findings.append(_unparsable(relpath, f"cannot read the file: {error!r}", 1, 1))
            continue
        sources.append(source)
        lines += source.line_count

    project = Project.index(sources)
    for source in sources:
        findings.extend(apply_suppressions(source, _check(source, project)))
    # The same problem can be reached twice (e.g. a literal both named and token-shaped).
    if select is not None:
        findings = [f for f in findings if f.rule in select or f.rule in META_RULES]
    unique = {(f.rule.id, f.path, f.line, f.column): f for f in findings}
    ordered = sorted(unique.values(), key=Finding.sort_key)
    return AuditReport(root=base, files_scanned=files, lines_scanned=lines, findings=tuple(ordered))


def _check(source: SourceFile, project: Project) -> list[Finding]:
    found: list[Finding] = []
    for check in CHECKS:
        try:
            found.extend(check(source, project))
        except RecursionError:
            # Pathologically nested expressions: report the gap instead of crashing the audit.
            found.append(_unparsable(source.relpath, "too deeply nested to audit completely", 1, 1))
    return found


def _unparsable(relpath: str, message: str, line: int, column: int) -> Finding:
    return Finding(rule=UNPARSABLE_FILE, path=relpath, line=line, column=column, message=message)
