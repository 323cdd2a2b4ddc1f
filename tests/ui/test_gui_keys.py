"""Keys and habits from Excel and Word, at the usable size of a 1366×768 screen (1280×706): input-method
text, Ctrl+Enter and paste filling a range, 空白单元格填0, Home/End, arrows at the edge of the text,
Ctrl+F, Ctrl+Shift+Z, undo showing its cell, Ctrl+PgUp/PgDn and F6."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from editor.blanks import blank_cells
from editor.ui.table_view import ReportTableView

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def win(window, qtbot):
    window.resize(1280, 706)
    qtbot.waitUntil(lambda: window.width() == 1280)
    return window


def _view(window, section: str) -> ReportTableView:
    return window.show_section(section).views[0]


def _editor(view: ReportTableView) -> QLineEdit:
    return next(e for e in view.viewport().findChildren(QLineEdit) if e.isVisible())


def _ime(widget, commit: str = "", preedit: str = "") -> None:
    event = QInputMethodEvent(preedit, [])
    if commit:
        event.setCommitString(commit)
    QApplication.sendEvent(widget, event)


def _at(view: ReportTableView, ref) -> None:
    view.setFocus()
    view.setCurrentIndex(view.grid.index_of(ref))


# ---------------------------------------------------------------------------- input methods


@pytest.mark.parametrize("typed", ["１０６", "106"])
def test_input_method_commits_one_character_at_a_time_keep_every_character(win, qtbot, typed):
    view = _view(win, "requests")
    ref = ("requests", "new", "natural_person")
    _at(view, ref)
    for ch in typed:  # fcitx/ibus: each character is committed text, without any key press
        _ime(QApplication.focusWidget(), ch)
    assert view.state() == ReportTableView.State.EditingState
    assert _editor(view).text() == "106"  # full-width digits shown as the cell will store them
    qtbot.keyClick(_editor(view), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: win.doc.report.get(ref) == 106)
    assert win.doc.undo_stack.count() == 1


def test_input_method_with_preedit_then_commit_keeps_the_word(win, qtbot):
    view = _view(win, "appeals")
    ref = ("appeals", "cases", "review_upheld")
    _at(view, ref)
    _ime(view, preedit="１２")
    _ime(QApplication.focusWidget() or view, commit="１２")
    qtbot.keyClick(_editor(view), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: win.doc.report.get(ref) == 12)


def test_input_method_text_on_a_label_edits_nothing(win):
    view = _view(win, "requests")
    label = view.grid.index(view.grid.index_of(("requests", "new", "natural_person")).row(), 0)
    view.setFocus()
    view.setCurrentIndex(label)
    before = dict(win.doc.report.values)
    _ime(view, "５")
    assert view.state() != ReportTableView.State.EditingState
    assert win.doc.report.values == before


# ---------------------------------------------------------------------------- filling a range


_RANGE = [("requests", r, c) for r in ("disclosed", "partly_disclosed", "withheld_state_secret")
          for c in ("natural_person", "commercial")]


def _select(view: ReportTableView, refs) -> None:
    view.setFocus()
    view.select_refs(list(refs))


def test_ctrl_enter_fills_the_selection_in_one_undo_step(win, qtbot):
    doc = win.doc
    view = _view(win, "requests")
    before = dict(doc.report.values)
    _select(view, _RANGE)
    qtbot.keyClick(view, "0")
    assert view.state() == ReportTableView.State.EditingState
    qtbot.keyClick(_editor(view), Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: view.state() != ReportTableView.State.EditingState)
    assert {ref: doc.report.get(ref) for ref in _RANGE} == dict.fromkeys(_RANGE, 0)
    changed = {ref for ref in doc.report.values if doc.report.values[ref] != before.get(ref)}
    assert changed == {ref for ref in _RANGE if before.get(ref) != 0}
    assert doc.undo_stack.count() == 1
    assert view.currentIndex() == view.grid.index_of(_RANGE[0])  # Ctrl+Enter stays, as in Excel
    doc.undo_stack.undo()
    assert doc.report.values == before


def test_ctrl_enter_with_a_bad_value_fills_nothing_and_keeps_the_editor(win, qtbot):
    view = _view(win, "requests")
    before = dict(win.doc.report.values)
    _select(view, _RANGE)
    qtbot.keyClick(view, "-")
    qtbot.keyClicks(_editor(view), "1")
    qtbot.keyClick(_editor(view), Qt.Key.Key_Return, CTRL)
    assert "未填入" in win.statusBar().currentMessage()
    assert win.doc.report.values == before and win.doc.undo_stack.count() == 0
    assert view.state() == ReportTableView.State.EditingState


def test_pasting_one_value_onto_a_range_fills_it_in_one_undo_step(win):
    doc = win.doc
    view = _view(win, "requests")
    before = dict(doc.report.values)
    _select(view, _RANGE)
    mime = QMimeData()
    mime.setText("7\r\n")  # one cell copied from Excel
    assert view.paste(mime)
    assert {ref: doc.report.get(ref) for ref in _RANGE} == dict.fromkeys(_RANGE, 7)
    assert {ref for ref in doc.report.values if doc.report.values[ref] != before.get(ref)} == set(_RANGE)
    assert doc.undo_stack.count() == 1
    doc.undo_stack.undo()
    assert doc.report.values == before


def test_pasting_one_value_onto_one_cell_fills_only_that_cell(win):
    doc = win.doc
    view = _view(win, "requests")
    _at(view, _RANGE[0])
    before = dict(doc.report.values)
    mime = QMimeData()
    mime.setText("9")
    assert view.paste(mime)
    assert {r for r in doc.report.values if doc.report.values[r] != before.get(r)} == {_RANGE[0]}


# ---------------------------------------------------------------------------- 空白单元格填0


def _blank_some(doc) -> tuple[list, list]:
    """Blanks in 表三 and 表四, and one 0 and one filled cell in 表三 that must stay as they are."""
    in_requests = [("requests", "new", "natural_person"), ("requests", "disclosed", "commercial")]
    in_appeals = [("appeals", "cases", "review_upheld")]
    doc.set_cells({**dict.fromkeys(in_requests + in_appeals), ("requests", "withheld_state_secret", "research"): 0},
                  "blank")
    doc.undo_stack.clear()
    return in_requests, in_appeals


def test_fill_blanks_in_the_current_table_fills_only_its_blanks(win):
    doc = win.doc
    in_requests, in_appeals = _blank_some(doc)
    before = dict(doc.report.values)
    findings_before = [(f.key, f.message) for f in doc.findings if f.rule != "cell.blank"]
    view = _view(win, "requests")
    _at(view, ("requests", "refused_other", "other_org"))
    assert set(blank_cells(doc.report, ["requests"])) == set(in_requests)
    assert view.fill_blanks() == 2
    assert "2个空白单元格填为0" in win.statusBar().currentMessage()
    for ref in in_requests:
        assert doc.report.get(ref) == 0
    assert doc.report.get(in_appeals[0]) is None  # another table: untouched
    # No filled cell changed; the checks (which count a blank as 0) say exactly what they said before.
    assert {r: v for r, v in doc.report.values.items() if r not in in_requests} == before
    assert [(f.key, f.message) for f in doc.findings if f.rule != "cell.blank"] == findings_before
    assert doc.undo_stack.count() == 1
    doc.undo_stack.undo()
    assert doc.report.values == before


def test_fill_blanks_everywhere_from_the_menu_in_one_undo_step(win):
    doc = win.doc
    in_requests, in_appeals = _blank_some(doc)
    before = dict(doc.report.values)
    win.show_section("overview")  # a text page: the whole-report command still works
    action = next(a for a in win.menus["edit"].actions() if a.text() == "空白单元格填0（全部表格）")
    action.trigger()
    assert all(doc.report.get(r) == 0 for r in in_requests + in_appeals)
    assert {r: v for r, v in doc.report.values.items() if r not in in_requests + in_appeals} == before
    assert blank_cells(doc.report) == [] and doc.undo_stack.count() == 1
    action.trigger()  # nothing left: no empty undo step
    assert doc.undo_stack.count() == 1 and "没有空白单元格" in win.statusBar().currentMessage()


def test_fill_blanks_in_this_table_from_the_menu_uses_the_page_of_the_cell(win):
    doc = win.doc
    in_requests, in_appeals = _blank_some(doc)
    _at(_view(win, "appeals"), ("appeals", "cases", "review_corrected"))
    next(a for a in win.menus["edit"].actions() if a.text() == "空白单元格填0（本表）").trigger()
    assert doc.report.get(in_appeals[0]) == 0
    assert all(doc.report.get(r) is None for r in in_requests)


def test_the_table_context_menu_offers_the_fill(win, qtbot, monkeypatch):
    from PySide6.QtWidgets import QMenu

    shown = []
    monkeypatch.setattr(QMenu, "popup", lambda menu, _pos, _a=None: shown.append([a.text() for a in menu.actions()]))
    view = _view(win, "requests")
    view.customContextMenuRequested.emit(view.visualRect(view.grid.index_of(_RANGE[0])).center())
    assert "空白单元格填0（本表）" in shown[0] and "空白单元格填0（全部表格）" in shown[0]


# ---------------------------------------------------------------------------- Home, End, arrows


def test_home_and_end_go_to_value_cells_never_to_labels(win, qtbot):
    view = _view(win, "requests")
    table = win.doc.report.edition.table("requests")
    first_col, last_col = table.columns[0].id, table.columns[-1].id
    _at(view, ("requests", "disclosed", "commercial"))
    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert view.currentIndex() == view.grid.index_of(("requests", "disclosed", first_col))
    qtbot.keyClick(view, Qt.Key.Key_End)
    assert view.currentIndex() == view.grid.index_of(("requests", "disclosed", last_col))
    qtbot.keyClick(view, Qt.Key.Key_Home, CTRL)
    assert view.currentIndex() == view.grid.index_of(table.cells()[0])
    qtbot.keyClick(view, Qt.Key.Key_End, CTRL)
    assert view.currentIndex() == view.grid.index_of(table.cells()[-1])
    view.setCurrentIndex(view.grid.index(0, 0))  # a header label: Home goes to the first value cell below
    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert view.grid.is_editable(view.currentIndex())
    assert view.currentIndex() == view.grid.index_of(table.cells()[0])


def test_arrows_at_the_edge_of_the_typed_text_commit_and_move(win, qtbot):
    doc = win.doc
    view = _view(win, "requests")
    start = ("requests", "disclosed", "commercial")
    _at(view, start)
    qtbot.keyClick(view, "4")
    qtbot.keyClick(_editor(view), "2")
    qtbot.keyClick(_editor(view), Qt.Key.Key_Right)  # caret at the end: commit and move right
    qtbot.waitUntil(lambda: view.state() != ReportTableView.State.EditingState)
    assert doc.report.get(start) == 42
    assert view.currentIndex() == view.grid.index_of(("requests", "disclosed", "research"))
    qtbot.keyClick(view, "5")
    editor = _editor(view)
    qtbot.keyClick(editor, Qt.Key.Key_Left)  # caret moves inside the text first
    assert view.state() == ReportTableView.State.EditingState and editor.cursorPosition() == 0
    qtbot.keyClick(editor, Qt.Key.Key_Left)  # now at the start: commit and move left
    qtbot.waitUntil(lambda: view.state() != ReportTableView.State.EditingState)
    assert doc.report.get(("requests", "disclosed", "research")) == 5
    assert view.currentIndex() == view.grid.index_of(start)


# ---------------------------------------------------------------------------- find, undo, sections, F6


def test_ctrl_f_finds_table_labels_and_prose(win, qtbot):
    win.show_section("meta")
    win.nav.setFocus()
    qtbot.keyClick(win.nav, Qt.Key.Key_F, CTRL)
    bar = win.find_bar
    assert bar.isVisibleTo(win) and bar.edit.hasFocus()
    report = win.doc.report
    label = next(c.text for c in report.edition.table("appeals").layout() if c.role == "header" and len(c.text) > 1
                 and not any(c.text in report.text(s.id) or c.text in s.heading for s in report.edition.sections))
    bar.edit.setText(label)  # (QTest types ASCII only)
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    assert win.current_key() == "appeals"
    view = win.pages["appeals"].views[0]
    assert label in view.currentIndex().data()
    assert bar.edit.hasFocus()  # Enter again goes on
    bar.edit.setText("依申请公开")
    hit = bar.next()
    assert hit is not None and win.current_key() == hit.section
    assert win.pages["overview"].editor.textCursor().selectedText() == "依申请公开"
    assert "1/" in bar.status.text()
    bar.edit.setText("没有这样的字")
    assert bar.next() is None and bar.status.text() == "未找到"
    qtbot.keyClick(bar.edit, Qt.Key.Key_Escape)
    assert not bar.isVisibleTo(win)


def test_ctrl_shift_z_redoes_and_undo_redo_show_the_cell_they_change(win, qtbot):
    doc = win.doc
    ref = ("appeals", "cases", "review_other")
    _at(_view(win, "appeals"), ref)
    doc.set_cells({ref: 77}, "t")
    win.show_section("overview")
    win.activateWindow()
    qtbot.keyClick(win.nav, Qt.Key.Key_Z, CTRL)
    assert doc.report.get(ref) != 77
    assert win.current_key() == "appeals"
    view = win.pages["appeals"].views[0]
    assert view.selected_refs() == [ref] and view.currentIndex() == view.grid.index_of(ref)
    win.show_section("meta")
    win.nav.setFocus()
    qtbot.keyClick(win.nav, Qt.Key.Key_Z, CTRL | SHIFT)
    assert doc.report.get(ref) == 77
    assert win.current_key() == "appeals" and view.selected_refs() == [ref]
    doc.undo_stack.undo()
    qtbot.keyClick(win.nav, Qt.Key.Key_Y, CTRL)
    assert doc.report.get(ref) == 77


def test_ctrl_page_keys_move_between_sections(win, qtbot):
    keys = [win.nav.item(i).data(Qt.ItemDataRole.UserRole) for i in range(win.nav.count())]
    view = _view(win, "requests")
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_PageDown, CTRL)
    assert win.current_key() == keys[keys.index("requests") + 1]
    assert win.pages[win.current_key()].views[0].hasFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_PageUp, CTRL)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_PageUp, CTRL)
    assert win.current_key() == keys[keys.index("requests") - 1]
    win.show_section("overview")
    win.pages["overview"].editor.setFocus()
    qtbot.keyClick(win.pages["overview"].editor, Qt.Key.Key_PageDown, CTRL)  # from inside a text too
    assert win.current_key() == keys[keys.index("overview") + 1]


def test_f6_cycles_section_list_page_and_findings(win, qtbot):
    _view(win, "requests")
    win.nav.setFocus()
    qtbot.keyClick(win.nav, Qt.Key.Key_F6)
    assert win.pages["requests"].views[0].hasFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6)
    assert win.nav.hasFocus()  # no findings: the folded panel has no turn
    win.doc.set_cells({("requests", "new", "natural_person"): None}, "t")  # a finding
    qtbot.keyClick(win.nav, Qt.Key.Key_F6)
    assert win.pages["requests"].views[0].hasFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6)
    assert win.findings.tree.hasFocus() and win.findings.tree.isVisibleTo(win)  # opened for its turn
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6)
    assert win.nav.hasFocus()
    qtbot.keyClick(win.nav, Qt.Key.Key_F6, SHIFT)
    assert win.findings.tree.hasFocus()


def _visible_in_page(view: ReportTableView, ref) -> bool:
    from PySide6.QtWidgets import QScrollArea

    area = view.parentWidget()
    while not isinstance(area, QScrollArea):
        area = area.parentWidget()
    rect = view.visualRect(view.grid.index_of(ref))
    top_left = view.viewport().mapTo(area.viewport(), rect.topLeft())
    bottom_right = view.viewport().mapTo(area.viewport(), rect.bottomRight())
    return area.viewport().rect().contains(top_left) and area.viewport().rect().contains(bottom_right)


def test_undo_scrolls_the_page_to_a_cell_out_of_sight(win, qtbot):
    doc = win.doc
    table = doc.report.edition.table("requests")
    ref = table.cells()[-1]  # the last row of 表三: below the fold at 1280×706
    view = _view(win, "requests")
    doc.set_cells({ref: 5}, "t")
    win.show_section("meta")
    qtbot.wait(10)
    area = view.parentWidget()
    while not hasattr(area, "verticalScrollBar"):
        area = area.parentWidget()
    area.verticalScrollBar().setValue(0)
    assert not _visible_in_page(view, ref)
    doc.undo_stack.undo()
    assert win.current_key() == "requests"
    qtbot.waitUntil(lambda: _visible_in_page(view, ref))
    assert view.selected_refs() == [ref]
