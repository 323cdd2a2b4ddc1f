"""The conditional formats really express the edition's cross-checks.

A tiny evaluator for the formula subset the exporter writes (SUM, ROUND, unary minus, absolute cell
references, comparisons) computes every format over the exported sheet's own cells; the formats that
fire must be exactly the ones whose rule instance the editor's checks report, with the same cells.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from editor.checks import check
from editor.io.xlsx.export import TABLES_SHEET, cell_name, write_xlsx
from editor.io.xlsx.formulas import rule_formulas
from editor.io.xlsx.tables import ERROR_FILL, WARNING_FILL
from editor.report import Report
from editor.samples import sample_report

_TOKEN = re.compile(r"\s*(SUM|ROUND|\$[A-Z]+\$\d+|\d+(?:\.\d+)?|<>|<=|>=|[(),<>=-])")
_COMPARE = {"<>": lambda a, b: a != b, "=": lambda a, b: a == b, "<": lambda a, b: a < b,
            ">": lambda a, b: a > b, "<=": lambda a, b: a <= b, ">=": lambda a, b: a >= b}


def _tokens(formula: str) -> list[str]:
    out, pos = [], 0
    while pos < len(formula):
        m = _TOKEN.match(formula, pos)
        assert m, f"unexpected text in {formula!r} at {pos}"
        out.append(m.group(1))
        pos = m.end()
    return out


def evaluate(formula: str, cell: dict[str, Decimal]) -> bool:
    """Evaluate `side OP side` where side is SUM(...), ROUND(side, n), a number or [-]$A$1."""
    toks = _tokens(formula)
    pos = 0

    def take(expected: str | None = None) -> str:
        nonlocal pos
        tok = toks[pos]
        assert expected is None or tok == expected, (formula, pos, tok)
        pos += 1
        return tok

    def side() -> Decimal:
        tok = take()
        if tok == "SUM":
            take("(")
            total = side()
            while toks[pos] == ",":
                take(",")
                total += side()
            take(")")
            return total
        if tok == "ROUND":
            take("(")
            value = side()
            take(",")
            places = int(take())
            take(")")
            return round(value, places)
        if tok == "-":
            return -side()
        if tok.startswith("$"):
            return cell.get(tok.replace("$", ""), Decimal(0))
        return Decimal(tok)

    left = side()
    op = take()
    right = side()
    assert pos == len(toks), f"trailing tokens in {formula!r}"
    return _COMPARE[op](left, right)


def _sheet_values(ws) -> dict[str, Decimal]:
    """Numbers as Excel holds them (blank cells are absent, like Excel's 0 in SUM)."""
    return {c.coordinate: Decimal(repr(c.value)) for row in ws.iter_rows() for c in row
            if isinstance(c.value, int | float) and not isinstance(c.value, bool)}


def _fired(ws) -> list[tuple[frozenset[str], str]]:
    """(cells coloured, fill colour) of every conditional format whose formula is true."""
    values = _sheet_values(ws)
    out = []
    for cf in ws.conditional_formatting:
        cells = frozenset(_names(rng) for rng in cf.sqref.ranges)
        cells = frozenset().union(*cells)
        for rule in cf.rules:
            assert rule.type == "expression" and len(rule.formula) == 1
            if "ISNUMBER(" in rule.formula[0]:
                continue  # a per-cell entry format (tests/test_xlsx_entry_formats.py), not a cross-check
            if evaluate(rule.formula[0], values):
                out.append((cells, rule.dxf.fill.fgColor.rgb[-6:]))
    return out


def _names(rng) -> frozenset[str]:
    return frozenset(f"{get_column_letter(c)}{r}" for r, c in rng.cells)


def _coords(wb) -> dict[tuple[str, str, str], str]:
    out = {}
    for ref in sample_report(2024).edition.cells() + sample_report(2020).edition.cells():
        name = cell_name(ref)
        if name in wb.defined_names:
            out[ref] = next(iter(wb.defined_names[name].destinations))[1].replace("$", "")
    return out


def _expected(report: Report, wb) -> set[tuple[frozenset[str], str]]:
    """What the editor's checks report for the same-year equation rules, as (cells, colour)."""
    equation_rules = {r.id for r in report.edition.rules if not r.cross_year}
    coords = _coords(wb)
    ws = wb[TABLES_SHEET]
    out = set()
    for f in check(report):
        if f.rule in equation_rules:
            cells = set()
            for ref in f.cells:
                rng = next((m for m in ws.merged_cells.ranges if coords[ref] in m), None)
                cells |= _names(rng) if rng else {coords[ref]}
            out.add((frozenset(cells), ERROR_FILL if f.severity == "error" else WARNING_FILL))
    return out


def _export(report: Report, tmp_path: Path, **options):
    path = tmp_path / "r.xlsx"
    write_xlsx(report, path, **options)
    return openpyxl.load_workbook(path)


@pytest.mark.parametrize("year", [2020, 2024])
def test_one_format_per_same_year_rule_instance(tmp_path: Path, year: int) -> None:
    report = sample_report(year, seed=1)
    ws = _export(report, tmp_path)[TABLES_SHEET]
    instances = sum(len(r.instances) for r in report.edition.rules if not r.cross_year)
    assert instances > 30
    assert sum(1 for cf in ws.conditional_formatting for r in cf.rules if "ISNUMBER(" not in r.formula[0]) == instances


@pytest.mark.parametrize("year", [2020, 2024])
def test_balanced_report_fires_nothing(tmp_path: Path, year: int) -> None:
    report = sample_report(year, seed=8)
    assert not [f for f in check(report) if f.severity == "error"]
    assert _fired(_export(report, tmp_path)[TABLES_SHEET]) == []


def _unbalance(report: Report) -> None:
    report.values[("requests", "new", "natural_person")] += 1
    report.values[("requests", "withheld_process", "commercial")] += 2
    report.values[("appeals", "cases", "suit_after_review_other")] += 1
    if report.edition_id == "2019":
        previous = report.values[("art20_6", "penalty", "previous")]
        report.values[("art20_6", "penalty", "change")] = -previous - 1  # stock below 0
        public_total = report.values[("art20_1", "regulations", "public_total")]
        report.values[("art20_1", "regulations", "published")] = public_total + 1  # a warning


@pytest.mark.parametrize("year", [2020, 2024])
def test_unbalanced_report_fires_exactly_the_failed_checks(tmp_path: Path, year: int) -> None:
    report = sample_report(year, seed=9)
    _unbalance(report)
    wb = _export(report, tmp_path)
    fired = _fired(wb[TABLES_SHEET])
    expected = _expected(report, wb)
    assert len(expected) >= 5
    assert set(fired) == expected
    assert len(fired) == len(expected)
    if year == 2020:
        assert {colour for _, colour in fired} == {ERROR_FILL, WARNING_FILL}


def test_blank_counts_as_zero_in_the_sheet_as_in_the_checks(tmp_path: Path) -> None:
    report = sample_report(2024, seed=10)
    report.values[("requests", "carry_forward", "research")] = 5
    report.values[("requests", "new", "research")] += 5  # balanced with the 5 …
    report.set(("requests", "carry_forward", "research"), None)  # … which is now blank
    assert [f for f in check(report) if f.rule == "requests.balance"]
    wb = _export(report, tmp_path, blank_as_zero=False)
    assert set(_fired(wb[TABLES_SHEET])) == _expected(report, wb)


def test_the_sheet_keeps_checking_after_an_edit_in_excel(tmp_path: Path) -> None:
    report = sample_report(2024, seed=12)
    wb = _export(report, tmp_path)
    ws = wb[TABLES_SHEET]
    coords = _coords(wb)
    assert _fired(ws) == []
    ws[coords[("appeals", "cases", "review_total")]] = 999  # a user types a wrong total in Excel
    fired = _fired(ws)
    group = {coords[("appeals", "cases", f"review_{p}")] for p in ("upheld", "corrected", "other", "pending", "total")}
    assert fired == [(frozenset(group), ERROR_FILL)]


def test_money_terms_are_compared_at_six_decimals() -> None:
    report = sample_report(2024)
    coords = {ref: f"A{i}" for i, ref in enumerate(report.edition.cells(), start=1)}
    formulas = rule_formulas(report.edition, coords)
    assert formulas and all("ROUND" not in f.formula for f in formulas)  # no rule sums money today
    # …but a rule over money would: an edition file may add one
    from dataclasses import replace

    from editor.schema import Rule, RuleInstance, Term

    money = ("art20_8", "fees", "amount")
    rule = Rule("x.money", "error", "art20_8", "<=", "", "", (RuleInstance("s", "", (Term(money),), ()),))
    ed = replace(report.edition, rules=(rule,))
    (only,) = rule_formulas(ed, coords)
    assert only.formula == f"ROUND(SUM(${coords[money][0]}${coords[money][1:]}),6)>0"
    assert evaluate(only.formula, {coords[money]: Decimal("0.1")}) is True
