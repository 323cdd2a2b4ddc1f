"""Paste, 填入合计, undo, acknowledged warnings, underlined text findings, the edition change."""

from __future__ import annotations

from PySide6.QtCore import QMimeData

from editor.checks import check
from editor.report import Report
from editor.ui.main_window import MainWindow
from editor.ui.pages import MetaPage, TextPage

SUM_RULES = ("requests.row_sum", "requests.results_sum", "appeals.group_sum")


def _mime(text: str) -> QMimeData:
    m = QMimeData()
    m.setText(text)
    return m


def test_paste_3x2_block_lands_and_one_undo_removes_it(window):
    doc = window.doc
    view = window.show_section("requests").views[0]
    anchor = ("requests", "withheld_state_secret", "research")
    view.setCurrentIndex(view.grid.index_of(anchor))
    before = dict(doc.report.values)
    assert view.paste(_mime("101\t102\r\n103\t104\r\n105\t106\r\n"))  # Excel ends each row with CRLF
    rows = ("withheld_state_secret", "withheld_prohibited", "withheld_security")
    cols = ("research", "nonprofit")
    expected = {("requests", r, c): 101 + 2 * i + j for i, r in enumerate(rows) for j, c in enumerate(cols)}
    for ref, value in expected.items():
        assert doc.report.get(ref) == value
    changed = {ref for ref in doc.report.values if doc.report.values[ref] != before.get(ref)}
    assert changed == set(expected)
    assert doc.undo_stack.count() == 1
    doc.undo_stack.undo()
    assert doc.report.values == before


def test_paste_skips_labels_and_refuses_non_numbers_with_one_message(window):
    doc = window.doc
    view = window.show_section("requests").views[0]
    before = dict(doc.report.values)
    # A block whose first column lands on the label column: the labels are not touched.
    label = view.grid.index(view.grid.index_of(("requests", "new", "natural_person")).row(), 0)
    view.setCurrentIndex(label)
    assert not view.paste(_mime("x\t\t\t7\t八\t-1\n"))
    message = window.statusBar().currentMessage()
    assert "粘贴未执行" in message and "“八”" in message and "“-1”" in message
    assert doc.report.values == before and doc.undo_stack.count() == 0


def test_paste_prefers_excel_xml(window):
    doc = window.doc
    view = window.show_section("appeals").views[0]
    view.setCurrentIndex(view.grid.index_of(("appeals", "cases", "review_upheld")))
    m = QMimeData()
    m.setText("1\t2\n")  # the formatted text Excel puts next to its own format
    m.setData("XML Spreadsheet", b"""<?xml version="1.0"?><Workbook
 xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
 <Worksheet><Table><Row><Cell><Data ss:Type="Number">11</Data></Cell><Cell><Data ss:Type="Number">12</Data>
 </Cell></Row></Table></Worksheet></Workbook>""")
    assert view.paste(m)
    assert doc.report.get(("appeals", "cases", "review_upheld")) == 11
    assert doc.report.get(("appeals", "cases", "review_corrected")) == 12


def test_ctrl_v_pastes_the_clipboard(window, qapp, qtbot):
    from PySide6.QtCore import Qt

    view = window.show_section("appeals").views[0]
    view.setFocus()
    view.setCurrentIndex(view.grid.index_of(("appeals", "cases", "review_other")))
    qapp.clipboard().setText("7\t8\n")
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert window.doc.report.get(("appeals", "cases", "review_other")) == 7
    assert window.doc.report.get(("appeals", "cases", "review_pending")) == 8


def test_copy_puts_tab_separated_text_on_the_clipboard(window, qapp):
    view = window.show_section("appeals").views[0]
    refs = [("appeals", "cases", "review_upheld"), ("appeals", "cases", "review_corrected")]
    view.select_refs(refs)
    view.copy_selection()
    values = [str(window.doc.report.get(r)) for r in refs]
    assert qapp.clipboard().text() == "\t".join(values) + "\n"


def test_fill_totals_makes_every_sum_rule_hold_without_touching_a_part(window):
    doc = window.doc
    ed = doc.report.edition
    totals = {ref for t in ed.tables for ref in t.cells()
              if t.row(ref[1]).total or t.column(ref[2]).total}
    # Wrong or missing totals everywhere.
    for i, ref in enumerate(sorted(totals)):
        doc.report.set(ref, None if i % 3 == 0 else 999)
    doc.recheck()
    assert {f.rule for f in doc.findings} >= set(SUM_RULES)
    parts_before = {ref: v for ref, v in doc.report.values.items() if ref not in totals}
    assert window.fill_totals() > 0
    assert not [f for f in check(doc.report) if f.rule in SUM_RULES]
    assert {ref: v for ref, v in doc.report.values.items() if ref not in totals} == parts_before
    assert doc.undo_stack.count() == 1 and doc.undo_stack.text(0) == "填入合计"
    doc.undo_stack.undo()
    assert doc.report.get(sorted(totals)[1]) == 999
    assert window.fill_totals() > 0
    assert window.fill_totals() == 0  # nothing left to fill


def test_fill_totals_does_not_invent_totals_from_blanks(qtbot, answers):
    w = MainWindow(Report.blank(2024, "某某局"))
    qtbot.addWidget(w)
    w.doc.set_cells({("requests", "new", "natural_person"): 3}, "t")
    w.fill_totals()
    assert w.doc.report.get(("requests", "new", "total")) == 3
    assert w.doc.report.get(("requests", "carried_over", "total")) is None
    assert w.doc.report.get(("appeals", "cases", "review_total")) is None
    w.doc.undo_stack.setClean()
    w.autosaver.shutdown()


def test_acknowledged_warning_is_kept_and_shown_as_such(window, qtbot, monkeypatch):
    doc = window.doc
    doc.set_cells({("requests", "new", "natural_person"): None}, "t")  # a blank: cell.blank warning
    panel = window.findings
    item = next(panel.tree.topLevelItem(i) for i in range(panel.tree.topLevelItemCount())
                if panel.tree.topLevelItem(i).data(0, 256).rule == "cell.blank")
    panel.tree.setCurrentItem(item)
    monkeypatch.setattr("PySide6.QtWidgets.QInputDialog.getText", lambda *a, **k: ("已核实，确为空白", True))
    panel.acknowledge_current()
    f = next(f for f in doc.findings if f.rule == "cell.blank")
    assert f.acknowledged and doc.report.acknowledged[f.key] == "已核实，确为空白"
    assert "已确认 1 项" in window.counts_label.text()
    words = {panel.tree.topLevelItem(i).text(0) for i in range(panel.tree.topLevelItemCount())}
    assert "已确认" in words
    # Errors cannot be acknowledged.
    err = next(i for i in range(panel.tree.topLevelItemCount())
               if panel.tree.topLevelItem(i).data(0, 256).severity == "error")
    panel.tree.setCurrentItem(panel.tree.topLevelItem(err))
    assert not panel.ack_button.isEnabled()


def test_text_findings_are_underlined_in_place(window, qtbot):
    doc = window.doc
    page = window.show_section("overview")
    assert isinstance(page, TextPage)
    year = doc.report.meta.year
    text = f"{year - 1}年，本机关共收到政府信息公开申请3件。"
    page.editor.setPlainText(text)
    page.commit()
    spans = {(f.rule, f.text.start, f.text.end) for f in doc.findings if f.text and f.text.section == "overview"}
    assert {r for r, *_ in spans} == {"text.year", "text.numbers"}
    underlined = {(s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in page.editor.extraSelections()}
    assert underlined == {(a, b) for _r, a, b in spans}
    start = next(a for r, a, _b in spans if r == "text.year")
    assert [f.rule for f in page.findings_at(start)] == ["text.year"]
    assert window.windowTitle().startswith("未命名[*]") and window.isWindowModified()


def test_meta_changes_are_undoable_and_title_follows(window):
    doc = window.doc
    page = window.pages["meta"]
    assert isinstance(page, MetaPage)
    page.agency.setText("某某县财政局")
    page.commit()
    assert doc.report.meta.agency == "某某县财政局"
    assert doc.report.meta.title == "某某县财政局2024年政府信息公开工作年度报告"
    doc.undo_stack.undo()
    assert doc.report.meta.agency == "某某区商务局"
    assert page.agency.text() == "某某区商务局"


def test_year_across_the_edition_boundary_asks_and_converts_common_cells(window, answers):
    shown, state = answers
    doc = window.doc
    before = dict(doc.report.values)
    page = window.pages["meta"]
    page.year.setValue(2020)
    assert doc.report.edition_id == "2019" and doc.report.meta.year == 2020
    lost = shown["edition"][-1]
    ed2019 = doc.report.edition
    kept = {ref: v for ref, v in before.items() if ed2019.has_cell(ref)}
    assert doc.report.values == kept
    assert len(lost) == len(before) - len(kept) and any("本年制发件数" in x for x in lost)
    assert window.pages["proactive"].views[0].grid.index_of(("art20_9", "procurement", "projects")).isValid()
    doc.undo_stack.undo()
    assert doc.report.edition_id == "2021" and doc.report.values == before
    # "只改年度" keeps the edition: the check then reports the mismatch.
    state["edition"] = "keep"
    page.year.setValue(2019)
    assert doc.report.edition_id == "2021" and doc.report.meta.year == 2019
    assert any(f.rule == "edition.year" for f in doc.findings)


def test_help_guide_is_chinese_and_covers_checks_and_files(qtbot):
    from editor.ui.help_dialog import HelpDialog

    dlg = HelpDialog()
    qtbot.addWidget(dlg)
    text = dlg.browser.toPlainText()
    assert "勾稽关系" in text and "自动保存" in text and "recovery" in text


