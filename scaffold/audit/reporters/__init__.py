"""Report formats for `scaffold check --format`: each turns an AuditReport into stdout text."""

from __future__ import annotations

from collections.abc import Callable

from scaffold.audit.model import AuditReport, Severity
from scaffold.audit.reporters import json_report, sarif_report, text_report
from scaffold.errors import UsageError

Reporter = Callable[[AuditReport, Severity], str]

REPORTERS: dict[str, Reporter] = {
    "text": text_report.render,
    "json": json_report.render,
    "sarif": sarif_report.render,
}


def reporter_for(output_format: str) -> Reporter:
    """The reporter called `output_format`; UsageError for an unknown format."""
    reporter = REPORTERS.get(output_format.strip().lower())
    if reporter is None:
        raise UsageError(
            f"unknown format {output_format!r}: use one of {', '.join(sorted(REPORTERS))}"
        )
    return reporter


__all__ = ["REPORTERS", "Reporter", "reporter_for"]
