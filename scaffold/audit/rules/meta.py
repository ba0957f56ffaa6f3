"""SCF0xx: findings about the audit itself rather than the audited code.

They are raised by the runner (a file it could not parse) and by the suppression handling
(a suppression comment that does not count), not by a check over the AST.
"""

from __future__ import annotations

from scaffold.audit.model import Rule, Severity

INVALID_SUPPRESSION = Rule(
    id="SCF001",
    name="invalid-suppression",
    severity=Severity.MEDIUM,
    checklist="Every accepted risk is written down with its reason.",
    summary="A `# scaffold: ignore[...]` comment lacks a reason or names an unknown rule.",
    hint="Write `# scaffold: ignore[RULE-ID] why this is acceptable here` on the reported line.",
)

UNPARSABLE_FILE = Rule(
    id="SCF002",
    name="unparsable-file",
    severity=Severity.MEDIUM,
    checklist="Every Python file of the project is audited.",
    summary="A Python file could not be decoded or parsed, so it was not audited.",
    hint="Fix the syntax error (or the encoding) so the file can be checked.",
)

RULES = (INVALID_SUPPRESSION, UNPARSABLE_FILE)
