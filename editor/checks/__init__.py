"""Every cross-check (勾稽关系) of an edition, evaluated over a Report. Pure functions, no Qt."""

from __future__ import annotations

from dataclasses import replace

from editor.checks.cells import check_blanks, check_values, value_problem
from editor.checks.equations import check_rule
from editor.checks.findings import ERROR, WARNING, Finding, TextSpan
from editor.checks.meta_rules import check_deadline, check_edition, check_required_meta
from editor.checks.punctuation import check_punctuation
from editor.checks.text_rules import check_copied, check_numbers, check_required, check_year
from editor.report import Report

__all__ = ["ERROR", "WARNING", "Finding", "TextSpan", "check", "value_problem"]


def check(report: Report, last_year: Report | None = None) -> list[Finding]:
    """All findings for the report, errors first in rule order. ``last_year`` overrides the report's own."""
    last = last_year if last_year is not None else report.last_year
    findings: list[Finding] = []
    findings += check_required_meta(report)
    findings += check_edition(report)
    findings += check_values(report)
    for rule in report.edition.rules:
        findings += check_rule(rule, report, last)
    findings += check_deadline(report)
    findings += check_numbers(report)
    findings += check_year(report)
    findings += check_required(report)
    findings += check_copied(report, last)
    findings += check_punctuation(report)
    findings += check_blanks(report)
    acked = report.acknowledged
    if acked:
        # Errors are facts and cannot be acknowledged away.
        findings = [replace(f, acknowledged=True) if f.severity == WARNING and f.key in acked else f
                    for f in findings]
    findings.sort(key=lambda f: f.severity != ERROR)
    return findings


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == ERROR for f in findings)
