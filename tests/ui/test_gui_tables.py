"""Table pages: the models' Qt contract, the official layout, live highlights, refusal of bad input."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from editor.checks import check
from editor.report import Report
from editor.samples import sample_report
from editor.ui.document import ReportDocument
from editor.ui.grid_model import ERROR_BG, ROLE_STATE, GridModel
from editor.ui.main_window import MainWindow
from editor.ui.table_page import TablePage
from editor.ui.table_view import ReportTableView


@pytest.mark.parametrize("year", [2020, 2024])
def test_every_table_model_keeps_the_qt_contract(qtmodeltester, year):
    doc = ReportDocument(sample_report(year, 1))
    for section in doc.report.edition.sections:
        if section.kind == "tables":
            model = GridModel(doc, [doc.report.edition.table(t) for t in section.tables])
            qtmodeltester.check(model, force_py=True)
            qtmodeltester.check(model)  # and Qt's own QAbstractItemModelTester
            # The testers stay connected: edits must emit well-formed dataChanged signals.
            ref = model.refs()[0]
            doc.set_cells({ref: None}, "t")
            doc.undo_stack.undo()
            assert model.index_of(ref).data() != "未填写"


@pytest.mark.parametrize("year", [2020, 2024])
def test_grid_follows_the_edition_layout(qtbot, year):
    """Every label of the edition is in the grid at its place, with its span; only value cells edit."""
    doc = ReportDocument(Report.blank(year, "某某局"))
    ed = doc.report.edition
    for table in ed.tables:
        model = GridModel(doc, [table])
        view = ReportTableView(model)
        qtbot.addWidget(view)
        for cell in table.layout():
            idx = model.index(cell.row, cell.col)
            if cell.ref is None:
                assert idx.data() == cell.text
                assert not model.flags(idx) & Qt.ItemFlag.ItemIsEditable
            else:
                assert model.flags(idx) & Qt.ItemFlag.ItemIsEditable
                assert model.index_of(cell.ref) == idx
            assert (view.rowSpan(cell.row, cell.col), view.columnSpan(cell.row, cell.col)) == \
                (cell.rowspan, cell.colspan)
        assert model.rowCount() == table.header_rows + len(table.rows)
        assert model.columnCount() == table.grid_columns


def test_vertical_group_label_and_blank_marks(qtbot):
    doc = ReportDocument(Report.blank(2024, "某某局"))
    table = doc.report.edition.table("requests")
    model = GridModel(doc, [table])
    group = next(c for c in table.layout() if c.vertical)
    assert model.index(group.row, group.col).data(Qt.ItemDataRole.UserRole + 3) is True
    ref = ("requests", "new", "natural_person")
    assert model.index_of(ref).data(ROLE_STATE) == "blank"
    doc.set_cells({ref: 0}, "t")
    assert model.index_of(ref).data(ROLE_STATE) is None  # 0 is filled, not blank


def _page(window: MainWindow, key: str) -> TablePage:
    page = window.show_section(key)
    assert isinstance(page, TablePage)
    return page


def _red(model: GridModel) -> set:
    return {ref for ref in model.refs() if model.index_of(ref).data(ROLE_STATE) == "error"}


def _type(qtbot, view: ReportTableView, ref, text: str) -> None:
    """Type into a cell as a user does: select it, type (which opens the editor), press Enter."""
    view.setFocus()
    view.setCurrentIndex(view.grid.index_of(ref))
    qtbot.keyClick(view, text[0])
    assert view.state() == ReportTableView.State.EditingState, "typing did not start editing"
    editor = next(e for e in view.findChildren(QLineEdit) if e.isVisible())
    qtbot.keyClicks(editor, text[1:])
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def test_breaking_balance_turns_exactly_its_cells_red_and_fixing_clears(window, qtbot):
    view = _page(window, "requests").views[0]
    model = view.grid
    doc = window.doc
    assert _red(model) == set()
    new_np = ("requests", "new", "natural_person")
    new_total = ("requests", "new", "total")
    before_np, before_total = doc.report.get(new_np), doc.report.get(new_total)
    _type(qtbot, view, new_np, str(before_np + 5))
    qtbot.waitUntil(lambda: doc.report.get(new_np) == before_np + 5)
    # Typing moved down (Enter), and 自然人 no longer balances; the 新收 row no longer sums up.
    assert view.currentIndex() == model.index_of(("requests", "carried_over", "natural_person"))
    _type(qtbot, view, new_total, str(before_total + 5))
    qtbot.waitUntil(lambda: doc.report.get(new_total) == before_total + 5)
    balance_cells = {(
        "requests", row, col) for row in ("new", "carried_over", "results_total", "carry_forward")
        for col in ("natural_person", "total")}
    assert _red(model) == balance_cells
    assert model.index_of(new_np).data(Qt.ItemDataRole.BackgroundRole).color() == ERROR_BG
    tip = model.index_of(("requests", "carry_forward", "natural_person")).data(Qt.ItemDataRole.ToolTipRole)
    carry = doc.report.get(("requests", "carry_forward", "natural_person"))
    assert "收支平衡" in tip and f"填{carry + 5}可使本列平衡" in tip
    assert "错误 2 项" in window.counts_label.text()
    # Fix it by entering the balancing 结转下年度 in both columns: every mark goes.
    for col in ("natural_person", "total"):
        ref = ("requests", "carry_forward", col)
        value = doc.report.get(ref) + 5
        _type(qtbot, view, ref, str(value))
        qtbot.waitUntil(lambda ref=ref, value=value: doc.report.get(ref) == value)
    assert _red(model) == set()
    assert not [f for f in doc.findings if f.severity == "error"]


@pytest.mark.parametrize(("table", "row", "col", "text"), [
    ("requests", "new", "natural_person", "abc"),
    ("requests", "new", "natural_person", "-3"),
    ("requests", "new", "natural_person", "2.5"),
    ("art20_8", "fees", "amount", "1.1234567"),
    ("art20_8", "fees", "amount", "-1"),
])
def test_invalid_entry_is_refused_and_the_value_kept(window, qtbot, table, row, col, text):
    doc = window.doc
    section = doc.report.edition.table(table).section
    view = _page(window, section).views[0]
    ref = (table, row, col)
    old = doc.report.get(ref)
    _type(qtbot, view, ref, text)
    qtbot.waitUntil(lambda: "原值保留" in window.statusBar().currentMessage())
    assert doc.report.get(ref) == old
    assert doc.undo_stack.count() == 0
    assert view.currentIndex() == view.grid.index_of(ref)  # stays on the refused cell


def test_valid_kinds_are_accepted(window, qtbot):
    from decimal import Decimal

    doc = window.doc
    view = _page(window, "proactive").views[0]
    ref = ("art20_8", "fees", "amount")
    _type(qtbot, view, ref, "24252.311082")
    qtbot.waitUntil(lambda: doc.report.get(ref) == Decimal("24252.311082"))
    ref2 = ("art20_1", "regulations", "issued")
    # Full-width digits come from a Chinese input method: the model takes them as typed text.
    assert view.grid.setData(view.grid.index_of(ref2), "１２")
    assert doc.report.get(ref2) == 12


def test_signed_change_accepts_negative_in_2019(qtbot, answers):
    w = MainWindow(sample_report(2020, 1))
    qtbot.addWidget(w)
    w.show()
    view = _page(w, "proactive").views[0]
    ref = ("art20_5", "licensing", "change")
    _type(qtbot, view, ref, "-2")
    qtbot.waitUntil(lambda: w.doc.report.get(ref) == -2)
    w.doc.undo_stack.setClean()
    w.autosaver.shutdown()


def test_tab_moves_right_delete_blanks_the_selection(window, qtbot):
    doc = window.doc
    view = _page(window, "requests").views[0]
    model = view.grid
    start = ("requests", "disclosed", "natural_person")
    view.setFocus()
    view.setCurrentIndex(model.index_of(start))
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert view.currentIndex() == model.index_of(("requests", "disclosed", "commercial"))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert view.currentIndex() == model.index_of(("requests", "partly_disclosed", "commercial"))
    view.select_refs([start, ("requests", "disclosed", "commercial")])
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert doc.report.get(start) is None and doc.report.get(("requests", "disclosed", "commercial")) is None
    assert model.index_of(start).data(ROLE_STATE) in ("blank", "error")
    doc.undo_stack.undo()
    assert doc.report.get(start) is not None


def test_findings_panel_click_selects_the_cells(window, qtbot):
    doc = window.doc
    ref = ("appeals", "cases", "review_total")
    doc.set_cells({ref: doc.report.get(ref) + 1}, "t")
    f = next(f for f in doc.findings if f.rule == "appeals.group_sum")
    window.show_section("meta")
    window.show_finding(f)
    assert window.current_key() == "appeals"
    view = window.pages["appeals"].views[0]
    assert set(view.selected_refs()) == set(f.cells)
    assert check(doc.report) == doc.findings
