"""The vocabulary of `scaffold check`: severities, rules, findings and the audit report."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from pathlib import Path

from scaffold.errors import UsageError


class Severity(enum.Enum):
    """How bad a finding is; `--fail-on` compares against `rank`."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        """0 for low up to 3 for critical."""
        return list(Severity).index(self)

    @classmethod
    def parse(cls, text: str) -> Severity:
        """The severity named `text` (case-insensitive); UsageError for anything else."""
        try:
            return cls(text.strip().lower())
        except ValueError:
            names = ", ".join(severity.value for severity in cls)
            raise UsageError(f"unknown severity {text!r}: use one of {names}") from None


@dataclass(frozen=True)
class Rule:
    """One line of the secure-by-default checklist, made checkable.

    `id` is stable (`SCF` + family digit + number) and is what suppressions and CI filters
    use; `name` is the readable alias, also accepted in suppressions.
    """

    id: str
    name: str
    severity: Severity
    checklist: str
    summary: str
    hint: str


@dataclass(frozen=True)
class Finding:
    """A rule violated at one place in one file.

    `path` is POSIX-style and relative to the audited root; `line` and `column` are 1-based,
    the column counted in characters (not bytes). `suppression` holds the reason given in a
    `# scaffold: ignore[...]` comment when the finding was suppressed in source.
    """

    rule: Rule
    path: str
    line: int
    column: int
    message: str
    suppression: str | None = None

    @property
    def suppressed(self) -> bool:
        """True when an in-source suppression with a reason covers this finding."""
        return self.suppression is not None

    def sort_key(self) -> tuple[str, int, int, str]:
        """Order findings by file, position and rule so that reports are stable."""
        return (self.path, self.line, self.column, self.rule.id)


@dataclass(frozen=True)
class AuditReport:
    """Everything one audit found, suppressed findings included."""

    root: Path
    files_scanned: int
    lines_scanned: int
    findings: tuple[Finding, ...] = field(default_factory=tuple)

    @property
    def active(self) -> tuple[Finding, ...]:
        """Findings that count: not suppressed."""
        return tuple(finding for finding in self.findings if not finding.suppressed)

    @property
    def suppressed(self) -> tuple[Finding, ...]:
        """Findings silenced in source, with their reasons."""
        return tuple(finding for finding in self.findings if finding.suppressed)

    def fails(self, threshold: Severity) -> bool:
        """True when an active finding is at least as severe as `threshold`."""
        return any(finding.rule.severity.rank >= threshold.rank for finding in self.active)
