"""The exported workbook has the official grid (merged cells, labels in order), styles, print setup and
data validation on every value cell, read back with openpyxl."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils.cell import range_boundaries

from editor.io.xlsx.export import MARKER_SHEET, TABLES_SHEET, TEXT_SHEET, write_xlsx
from editor.samples import sample_report
from editor.schema import edition


@pytest.fixture(params=[2020, 2024], ids=["2019版", "2021版"])
def exported(request, tmp_path: Path):
    report = sample_report(request.param, seed=2)
    path = tmp_path / "r.xlsx"
    write_xlsx(report, path)
    wb = openpyxl.load_workbook(path)
    return report, wb


def _merged_with_text(ws, text: str) -> tuple[int, int]:
    """(rows, columns) of the merged range whose top-left cell holds ``text``."""
    for rng in ws.merged_cells.ranges:
        if ws.cell(rng.min_row, rng.min_col).value == text:
            return rng.max_row - rng.min_row + 1, rng.max_col - rng.min_col + 1
    raise AssertionError(f"no merged range holds {text}")


def _coord(wb, name: str) -> str:
    sheet, ref = next(iter(wb.defined_names[name].destinations))
    assert sheet == TABLES_SHEET
    return ref.replace("$", "")


def test_sheets_and_marker(exported) -> None:
    _, wb = exported
    assert wb.sheetnames == [TABLES_SHEET, TEXT_SHEET, MARKER_SHEET]
    assert wb[MARKER_SHEET].sheet_state == "veryHidden"
    assert wb[MARKER_SHEET]["A1"].value == "format"
    assert wb[MARKER_SHEET]["B1"].value == "gov-info-annual-report"


def test_official_merged_cells(exported) -> None:
    report, wb = exported
    ws = wb[TABLES_SHEET]
    ed = report.edition
    width = max(t.grid_columns for t in ed.tables)
    requests = ed.table("requests")
    # 三: the 3-row note cell over the label columns, 申请人情况 over the 7 value columns
    note = next(c.text for c in requests.header if c.role == "note")
    note_rows, note_cols = _merged_with_text(ws, note)
    assert note_rows == 3
    first_value = range_boundaries(_coord(wb, "gknb.cell.requests.new.natural_person"))[0]
    assert note_cols == first_value - 1  # the note spans every label column
    assert _merged_with_text(ws, "申请人情况") == (1, 7)
    assert _merged_with_text(ws, "法人或其他组织") == (1, 5)
    assert _merged_with_text(ws, "自然人") == (2, 1)
    assert _merged_with_text(ws, "总计")[0] == 2
    # the vertical 三、本年度办理结果 spans every result row, （一） to （七）总计
    results = requests.row_index("results_total") - requests.row_index("disclosed") + 1
    assert _merged_with_text(ws, "三、本年度办理结果") == (results, 1)
    vertical = next(ws.cell(r.min_row, r.min_col) for r in ws.merged_cells.ranges
                    if ws.cell(r.min_row, r.min_col).value == "三、本年度办理结果")
    assert vertical.alignment.text_rotation == 255
    # 四: 行政复议 over 5 columns, 行政诉讼 over 10, its two groups over 5 each
    assert _merged_with_text(ws, "行政复议") == (1, 5)
    assert _merged_with_text(ws, "行政诉讼") == (1, 10)
    assert _merged_with_text(ws, "未经复议直接起诉") == (1, 5)
    assert _merged_with_text(ws, "复议后起诉") == (1, 5)
    # 二: every caption row spans the page width and is shaded
    for table in ed.tables:
        if table.section == "proactive":
            assert _merged_with_text(ws, table.caption) == (1, width)
            caption = next(ws.cell(r.min_row, r.min_col) for r in ws.merged_cells.ranges
                           if ws.cell(r.min_row, r.min_col).value == table.caption)
            assert caption.fill.fgColor.rgb.endswith("C6D9F1")


def test_labels_in_reading_order_and_headings(exported) -> None:
    report, wb = exported
    ws = wb[TABLES_SHEET]
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    ed = report.edition
    assert texts[0] == report.meta.title
    expected = []
    for section in ed.sections:
        if section.kind != "tables":
            continue
        expected.append(section.heading)
        for table_id in section.tables:
            table = ed.table(table_id)
            expected.extend(r.label for r in table.rows if r.label)
    positions = [texts.index(t) for t in expected]
    assert positions == sorted(positions)
    assert "3.其他" in texts if ed.id == "2021" else "（六）其他处理" in texts


def test_values_fonts_borders_and_print_setup(exported) -> None:
    report, wb = exported
    ws = wb[TABLES_SHEET]
    for ref, value in report.values.items():
        cell = ws[_coord(wb, "gknb.cell." + ".".join(ref))]
        assert Decimal(repr(cell.value)) == value
        assert cell.border.left.style == "thin" and cell.border.bottom.style == "thin"
        assert cell.font.name == "宋体"
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4 == "9"
    assert ws.page_setup.orientation == "portrait"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.print_area == "'表格'!$A$1:$O$" + str(ws.max_row)
    # every page break falls just before a section heading: no table is cut
    headings = {c.row for row in ws.iter_rows() for c in row if c.value in
                {s.heading for s in report.edition.sections if s.kind == "tables"}}
    breaks = [b.id + 1 for b in ws.row_breaks.brk]
    assert breaks and set(breaks) <= headings
    assert all(ws.column_dimensions[c].width > 5 for c in "ABCDEFGHIJKLMNO")
    texts = wb[TEXT_SHEET]
    assert texts.page_setup.fitToWidth == 1 and texts.sheet_properties.pageSetUpPr.fitToPage


def test_every_value_cell_has_the_validation_of_its_kind(exported) -> None:
    report, wb = exported
    ws = wb[TABLES_SHEET]
    ed = report.edition
    expected = {"count": ("whole", "greaterThanOrEqual", "0"),
                "signed": ("whole", "between", "-999999999"),
                "money": ("decimal", "greaterThanOrEqual", "0")}
    for ref, kind in ed.cell_kinds.items():
        coord = _coord(wb, "gknb.cell." + ".".join(ref))
        covering = [dv for dv in ws.data_validations.dataValidation if coord in dv.sqref]
        assert len(covering) == 1, ref
        dv = covering[0]
        assert (dv.type, dv.operator, dv.formula1) == expected[kind], ref
        assert dv.showErrorMessage and dv.error and dv.allow_blank
    kinds = set(ed.cell_kinds.values())
    assert ("signed" in kinds) == (ed.id == "2019")


def test_text_sheet_one_paragraph_per_row(tmp_path: Path) -> None:
    report = sample_report(2024, seed=4)
    path = tmp_path / "r.xlsx"
    write_xlsx(report, path)
    wb = openpyxl.load_workbook(path)
    ws = wb[TEXT_SHEET]
    sheet, ref = next(iter(wb.defined_names["gknb.text.overview"].destinations))
    assert sheet == TEXT_SHEET
    cells = [c[0].value for c in ws[ref.replace("$", "")]]
    assert cells == report.texts["overview"].split("\n")
    assert ws.cell(ws[ref.replace("$", "").split(":")[0]].row - 1, 1).value == "一、总体情况"
    assert edition("2021").section("overview").heading == "一、总体情况"
