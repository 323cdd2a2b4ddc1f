"""write_official_tables is reusable: the district summary (汇总) lays summed values with it."""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise
from pathlib import Path

import openpyxl
import pytest

from editor.io.xlsx.tables import column_plan, sheet_columns, write_official_tables
from editor.samples import sample_report
from editor.schema import edition


@pytest.mark.parametrize("edition_id", ["2019", "2021"])
def test_column_plan_fills_the_sheet_width(edition_id: str) -> None:
    ed = edition(edition_id)
    width = sheet_columns(ed)
    assert width == 15  # 四 has 15 columns
    for table in ed.tables:
        plan = column_plan(table, width)
        assert len(plan) == table.grid_columns
        assert plan[0][0] == 0 and all(span >= 1 for _, span in plan)
        assert all(a[0] + a[1] == b[0] for a, b in pairwise(plan))
        assert plan[-1][0] + plan[-1][1] == width
        value_spans = {span for _, span in plan[table.label_columns:]}
        assert len(value_spans) == 1  # value columns share the width equally
    requests = column_plan(ed.table("requests"), width)
    assert requests[2][1] > requests[1][1] >= requests[0][1]  # item labels widest, vertical label narrowest


def test_summed_values_on_a_summary_sheet(tmp_path: Path) -> None:
    a, b = sample_report(2024, seed=1), sample_report(2024, seed=2)
    b.set(("requests", "new", "research"), None)  # a blank counts as 0 in the sum
    cells = a.edition.cells()
    summed = {ref: a.values.get(ref, 0) + b.values.get(ref, 0) for ref in cells}
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "汇总"
    placement = write_official_tables(ws, a.edition, summed, title="某某区2024年政府信息公开工作年度报告汇总表")
    path = tmp_path / "sum.xlsx"
    wb.save(path)
    ws = openpyxl.load_workbook(path)["汇总"]
    assert ws["A1"].value == "某某区2024年政府信息公开工作年度报告汇总表"
    assert set(placement.cells) == set(cells)
    for ref in cells:
        got = ws[placement.cells[ref]].value
        assert Decimal(repr(got)) == a.values.get(ref, 0) + b.values.get(ref, 0), ref
    money = ("art20_8", "fees", "amount")
    assert Decimal(repr(ws[placement.cells[money]].value)) == a.values[money] + b.values[money]
    assert len(ws.conditional_formatting) > 30 and ws.data_validations.dataValidation
    first, last = placement.table_rows["requests"]
    assert last - first + 1 == 3 + len(a.edition.table("requests").rows)
    assert placement.last_row == placement.table_rows["appeals"][1]


def test_start_row_and_options(tmp_path: Path) -> None:
    report = sample_report(2020, seed=3)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "单位一览之后"
    placement = write_official_tables(ws, report.edition, report.values, start_row=5, validation=False,
                                      check_formats=False, page_setup=False)
    assert min(r for r, _ in placement.table_rows.values()) > 5
    assert ws["A1"].value == "单位一览之后"
    assert not ws.conditional_formatting and not ws.data_validations.dataValidation
    assert not ws.print_area and not ws.row_breaks.brk
