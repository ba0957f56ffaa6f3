"""In-source suppressions: `# scaffold: ignore[SCF101] reason why this is fine here`.

A suppression covers findings of the listed rules (ids or names, comma-separated) reported on
the same physical line. The reason is required: without one nothing is suppressed and the
comment itself is reported (SCF001), as is a rule id that does not exist. Comments are found
with `tokenize`, so the text inside a string literal never counts as a directive.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from scaffold.audit.model import Finding, Rule
from scaffold.audit.rules import rule_for
from scaffold.audit.rules.meta import INVALID_SUPPRESSION
from scaffold.audit.source import SourceFile

_DIRECTIVE = re.compile(r"#\s*scaffold:\s*ignore\[(?P<keys>[^\]]*)\](?P<reason>.*)$")
_MARKER = "scaffold:"


@dataclass(frozen=True)
class Suppression:
    """One parsed directive: where it is, what it names and why."""

    line: int
    column: int
    rules: tuple[Rule, ...]
    unknown_keys: tuple[str, ...]
    reason: str


def suppressions_in(source: SourceFile) -> list[Suppression]:
    """Every `# scaffold: ignore[...]` comment of the file."""
    if _MARKER not in source.text:
        return []  # most files: skip tokenizing entirely
    found = []
    for line, column, comment in _comments(source.text):
        match = _DIRECTIVE.search(comment)
        if match is None:
            continue
        keys = [key.strip() for key in match.group("keys").split(",") if key.strip()]
        rules = tuple(rule for rule in map(rule_for, keys) if rule is not None)
        unknown = tuple(key for key in keys if rule_for(key) is None)
        reason = match.group("reason").strip().lstrip(":-\u2014 ").strip()
        offset = comment.index(match.group(0))
        found.append(Suppression(line, column + offset + 1, rules, unknown, reason))
    return found


def _comments(text: str) -> Iterator[tuple[int, int, str]]:
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.COMMENT:
                yield token.start[0], token.start[1], token.string
    except (tokenize.TokenError, SyntaxError):
        return


def apply_suppressions(source: SourceFile, findings: Iterable[Finding]) -> list[Finding]:
    """The file's findings with suppressed ones marked, plus SCF001 for invalid directives."""
    directives = suppressions_in(source)
    if not directives:
        return list(findings)
    by_line: dict[int, list[Suppression]] = {}
    for directive in directives:
        by_line.setdefault(directive.line, []).append(directive)
    result = []
    for item in findings:
        reason = _reason_for(item, by_line.get(item.line, []))
        result.append(replace(item, suppression=reason) if reason else item)
    result.extend(_invalid(source, directive) for directive in directives if _is_invalid(directive))
    return result


def _reason_for(item: Finding, directives: list[Suppression]) -> str | None:
    for directive in directives:
        if _has_reason(directive) and item.rule in directive.rules:
            return directive.reason
    return None


def _has_reason(directive: Suppression) -> bool:
    return re.search(r"\w", directive.reason) is not None


def _is_invalid(directive: Suppression) -> bool:
    return not _has_reason(directive) or bool(directive.unknown_keys) or not directive.rules


def _invalid(source: SourceFile, directive: Suppression) -> Finding:
    problems = []
    if not directive.rules and not directive.unknown_keys:
        problems.append("names no rule")
    if directive.unknown_keys:
        problems.append("names unknown rule(s) " + ", ".join(directive.unknown_keys))
    if not _has_reason(directive):
        problems.append("gives no reason, so it suppresses nothing")
    return Finding(
        rule=INVALID_SUPPRESSION,
        path=source.relpath,
        line=directive.line,
        column=directive.column,
        message="suppression " + " and ".join(problems),
    )
