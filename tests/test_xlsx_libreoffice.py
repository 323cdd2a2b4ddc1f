"""The workbook's self-check, computed by a real spreadsheet program: LibreOffice opens exported
workbooks whose numbers were broken afterwards with openpyxl (as a user would type a wrong total in
Excel), recalculates them and renders them to HTML. The cells it paints red or yellow must be exactly
those the editor's own checks name, and each rule's formula, copied into a cell, must be TRUE exactly
for the broken instances. Skipped where LibreOffice is not installed."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from lxml import html

from editor.checks import check
from editor.io.office_convert import find_soffice
from editor.io.xlsx.export import TABLES_SHEET, write_xlsx
from editor.io.xlsx.formulas import rule_formulas
from editor.io.xlsx.tables import ERROR_FILL, WARNING_FILL
from editor.report import Report
from editor.samples import sample_report
from tests.test_xlsx_check_formats import _coords, _expected

FORMULA_COLUMN = 40  # far right of the tables: where the copied formulas go


@dataclass
class Case:
    report: Report  # what the workbook holds after the edits, as the editor would check it
    workbook: Path
    formulas: list[str]  # the conditional formats' formulas, in the order of the copied cells


def _break_in_openpyxl(path: Path, report: Report, edits: dict[tuple[str, str, str], int]) -> list[str]:
    """Type new numbers into the exported workbook (and into ``report``, to know what the editor says),
    and copy every conditional format's formula into a cell of its own."""
    wb = openpyxl.load_workbook(path)
    ws = wb[TABLES_SHEET]
    coords = _coords(wb)
    for ref, value in edits.items():
        ws[coords[ref]] = value
        report.set(ref, value)
    formulas = [rule.formula[0] for cf in ws.conditional_formatting for rule in cf.rules]
    for row, formula in enumerate(formulas, start=1):
        ws.cell(row=row, column=FORMULA_COLUMN, value=f"={formula}")
    wb.save(path)
    return formulas


def _cases(folder: Path) -> dict[str, Case]:
    balanced = sample_report(2024, seed=8)
    edited = sample_report(2024, seed=12)
    old = sample_report(2020, seed=9)
    plan = {
        "balanced-2024": (balanced, {}),
        # A wrong total of 行政复议 and a wrong 自然人 count of 本年新收.
        "edited-2024": (edited, {("appeals", "cases", "review_total"): 999,
                                 ("requests", "new", "natural_person"):
                                     edited.get(("requests", "new", "natural_person")) + 1}),
        # 2019 edition: an unbalanced column, a stock below 0 (error), more published than in force (warning).
        "edited-2020": (old, {("requests", "withheld_process", "commercial"):
                              old.get(("requests", "withheld_process", "commercial")) + 2,
                              ("art20_6", "penalty", "change"): -old.get(("art20_6", "penalty", "previous")) - 1,
                              ("art20_1", "regulations", "published"):
                                  old.get(("art20_1", "regulations", "public_total")) + 1}),
    }
    cases = {}
    for name, (report, edits) in plan.items():
        path = folder / f"{name}.xlsx"
        write_xlsx(report, path)
        cases[name] = Case(report, path, _break_in_openpyxl(path, report, edits))
    return cases


@pytest.fixture(scope="session")
def rendered(tmp_path_factory) -> dict[str, tuple[Case, Path]]:
    soffice = find_soffice()
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    folder = tmp_path_factory.mktemp("xlsx-lo")
    cases = _cases(folder)
    out = folder / "html"
    # One LibreOffice run for every workbook: it loads, recalculates and renders each.
    subprocess.run([soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                    "--norestore", "--convert-to", "html", "--outdir", str(out),
                    *(str(c.workbook) for c in cases.values())],
                   check=True, capture_output=True, timeout=240)
    result = {}
    for name, case in cases.items():
        page = out / f"{name}.html"
        assert page.exists(), f"LibreOffice did not convert {name}.xlsx"  # soffice exits 0 regardless
        result[name] = (case, page)
    return result


def _grid(page: Path) -> dict[str, tuple[str, str]]:
    """The first sheet as LibreOffice rendered it: cell name → (background colour, text); a merged
    range appears once, at its top-left cell."""
    table = html.parse(str(page)).getroot().xpath("//table")[0]
    taken: set[tuple[int, int]] = set()
    cells = {}
    for r, tr in enumerate(table.xpath("./tr | ./tbody/tr"), start=1):
        c = 1
        for td in tr.xpath("./td"):
            while (r, c) in taken:
                c += 1
            rows, cols = int(td.get("rowspan", 1)), int(td.get("colspan", 1))
            taken |= {(r + i, c + j) for i in range(rows) for j in range(cols)}
            name = f"{openpyxl.utils.get_column_letter(c)}{r}"
            cells[name] = ((td.get("bgcolor") or "").lstrip("#").upper(), td.text_content().strip())
            c += cols
    return cells


_TRUTH = {"TRUE": True, "1": True, "FALSE": False, "0": False}  # as the column's number format shows it


def _formula_values(case: Case, grid: dict[str, tuple[str, str]]) -> list[bool]:
    """What LibreOffice computed for each copied formula."""
    column = openpyxl.utils.get_column_letter(FORMULA_COLUMN)
    texts = [grid[f"{column}{row}"][1] for row in range(1, len(case.formulas) + 1)]
    assert set(texts) <= set(_TRUTH), texts
    return [_TRUTH[t] for t in texts]


def _painted(grid: dict[str, tuple[str, str]]) -> dict[str, str]:
    return {name: colour for name, (colour, _) in grid.items() if colour in (ERROR_FILL, WARNING_FILL)}


def _expected_paint(case: Case, grid: dict[str, tuple[str, str]]) -> dict[str, str]:
    """The colour of each cell the editor's checks name (errors over warnings), at the cells LibreOffice
    renders (the top-left cell of a merged range)."""
    wb = openpyxl.load_workbook(case.workbook)
    out: dict[str, str] = {}
    for cells, colour in _expected(case.report, wb):
        for name in cells:
            if name in grid and out.get(name) != ERROR_FILL:
                out[name] = colour
    return out


def test_a_balanced_workbook_is_painted_nowhere(rendered):
    case, page = rendered["balanced-2024"]
    grid = _grid(page)
    assert _painted(grid) == {}
    values = _formula_values(case, grid)
    assert len(values) > 30 and not any(values)


@pytest.mark.parametrize("name", ["edited-2024", "edited-2020"])
def test_libreoffice_paints_exactly_the_cells_the_editor_names(rendered, name):
    case, page = rendered[name]
    grid = _grid(page)
    expected = _expected_paint(case, grid)
    assert len(expected) >= 5
    assert _painted(grid) == expected
    if name == "edited-2020":
        assert set(expected.values()) == {ERROR_FILL, WARNING_FILL}


@pytest.mark.parametrize("name", ["edited-2024", "edited-2020"])
def test_libreoffice_computes_each_rule_formula_true_exactly_where_the_editor_finds_the_rule_broken(
        rendered, name):
    case, page = rendered[name]
    values = _formula_values(case, _grid(page))
    coords = _coords(openpyxl.load_workbook(case.workbook))
    keys = {f.formula: f"{f.rule}|{f.subject}" for f in rule_formulas(case.report.edition, coords)}
    true_for = {keys[formula] for formula, value in zip(case.formulas, values, strict=True) if value}
    same_year = {r.id for r in case.report.edition.rules if not r.cross_year}
    broken = {f.key for f in check(case.report) if f.rule in same_year}
    assert true_for == broken
    assert len(broken) >= 3
