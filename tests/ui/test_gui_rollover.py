"""Last year in the window: 由上年报告新建, last year beside each page, 对比上年, 附加上年报告."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from editor.checks.titles import rule_title
from editor.io.formats import write_any
from editor.io.native import read_native, write_native
from editor.rollover import roll_forward
from editor.samples import sample_report
from editor.ui import last_year as last_year_module
from editor.ui.last_year import attach_last_year, new_from_last_year
from editor.ui.last_year_table import LastYearDelegate
from editor.ui.main_window import MainWindow
from editor.ui.table_view import CellDelegate
from tests.conftest import FIXTURES
from tests.realdata import real_report

QIAOCHENG = FIXTURES / "qiaocheng-2020.gknb"
COLUMNS = ("natural_person", "commercial", "research", "nonprofit", "legal_services", "other_org", "total")


@pytest.fixture
def dialogs_seen(monkeypatch):
    """Accepts the 由上年报告新建 dialog as the user would (optionally with another year); keeps it."""
    seen: dict = {"dialogs": [], "year": None}

    def run(dialog):
        seen["dialogs"].append(dialog)
        if seen["year"] is not None:
            dialog.year.setValue(seen["year"])
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(last_year_module, "_exec", run)
    return seen


def _rule_titles(window) -> list[str]:
    tree = window.findings.tree
    return [tree.topLevelItem(i).text(1) for i in range(tree.topLevelItemCount())]


def _rolled(window, dialogs_seen, path=QIAOCHENG):
    assert new_from_last_year(window, path)
    return window.doc.report


def test_new_from_last_year_qiaocheng(window, dialogs_seen, answers):
    last = read_native(QIAOCHENG)
    report = _rolled(window, dialogs_seen)
    dialog = dialogs_seen["dialogs"][0]
    assert dialog.year.value() == 2021 and dialog.edition.text() == report.edition.name
    notes = dialog.notes.toPlainText()
    assert "2021年版格式" in notes and "上年结转" in notes
    assert (report.edition_id, report.meta.year, report.meta.agency) == ("2021", 2021, "谯城区商务局")
    for col in COLUMNS:
        assert report.get(("requests", "carried_over", col)) == last.get(("requests", "carry_forward", col))
    assert "2021年" in report.text("preamble") and "2020" not in report.text("preamble")
    assert report.last_year is not None and report.last_year.meta.year == 2020
    assert report.last_year.text("overview") == last.text("overview")
    # A new report nobody saved yet: the title carries the mark and 保存 asks for a name.
    assert window.doc.path is None and window.doc.modified and window.isWindowModified()
    assert "2021年度报告" in window.statusBar().currentMessage()
    assert not window.last_year_bar.isVisible()


def test_another_year_can_be_chosen(window, dialogs_seen):
    dialogs_seen["year"] = 2022
    report = _rolled(window, dialogs_seen)
    assert report.meta.year == 2022
    assert "相隔1年" in dialogs_seen["dialogs"][0].notes.toPlainText()


def test_last_year_from_an_excel_file_goes_through_the_importers(window, dialogs_seen, answers, tmp_path):
    last = sample_report(2024, seed=3)
    path = tmp_path / "2024年报.xlsx"
    write_any(last, path)
    report = _rolled(window, dialogs_seen, path)
    assert report.meta.year == 2025
    for col in COLUMNS:
        assert report.get(("requests", "carried_over", col)) == last.get(("requests", "carry_forward", col))


def test_unreadable_last_year_shows_the_message(window, dialogs_seen, answers, tmp_path):
    shown, _ = answers
    bad = tmp_path / "坏.gknb"
    bad.write_text("{", encoding="utf-8")
    before = window.doc.report
    assert not new_from_last_year(window, bad)
    assert shown["error"] and window.doc.report is before and not dialogs_seen["dialogs"]


def test_narrative_page_shows_last_years_text_read_only(window, dialogs_seen):
    last = read_native(QIAOCHENG)
    _rolled(window, dialogs_seen)
    page = window.show_section("overview")
    pane = page.last_year_pane
    assert pane.isVisible() and pane.text.isReadOnly()
    assert pane.text.toPlainText() == last.text("overview")
    assert "2020年度" in pane.title.text()
    # This year's editor starts from the official sub-heads, not from last year's words.
    assert page.editor.toPlainText().splitlines()[0] == "（一）主动公开"


def test_table_page_shows_last_years_numbers_under_this_years(window, dialogs_seen):
    _rolled(window, dialogs_seen)
    page = window.show_section("requests")
    view = page.views[0]
    toggle = page.last_year_toggle
    assert toggle.isVisible() and toggle.isChecked()
    delegate = view.itemDelegate()
    assert isinstance(delegate, LastYearDelegate)
    assert delegate.last_text(("requests", "carry_forward", "natural_person")) == "上年 0"
    # A 2021-edition row the 2019 edition lacks has no last-year value to show.
    assert not window.doc.report.last_year.edition.has_cell(("requests", "other_no_fee", "total"))
    assert delegate.last_text(("requests", "other_no_fee", "total")) is None
    tall = view.full_size().height()
    toggle.setChecked(False)
    assert type(view.itemDelegate()) is CellDelegate and view.full_size().height() < tall
    toggle.setChecked(True)
    assert view.full_size().height() == tall
    assert not view.grab().isNull()


def test_last_year_numbers_in_the_same_edition(window, dialogs_seen, tmp_path):
    last = sample_report(2024, seed=3)
    path = tmp_path / "2024.gknb"
    write_native(last, path)
    _rolled(window, dialogs_seen, path)
    page = window.show_section("proactive")
    delegate = page.views[0].itemDelegate()
    ref = ("art20_1", "regulations", "in_force")
    assert delegate.last_text(ref) == f"上年 {last.get(ref)}"


def test_changing_a_carried_over_cell_raises_cross_year_carried_over(window, dialogs_seen):
    _rolled(window, dialogs_seen)
    title = rule_title("cross_year.carried_over")
    assert title not in _rule_titles(window)
    page = window.show_section("requests")
    model = page.views[0].grid
    assert model.setData(model.index_of(("requests", "carried_over", "natural_person")), "5")
    assert title in _rule_titles(window)
    finding = next(f for f in window.doc.findings if f.rule == "cross_year.carried_over")
    assert ("requests", "carried_over", "natural_person") in finding.cells
    window.doc.undo_stack.undo()
    assert title not in _rule_titles(window)


def test_pasting_last_years_overview_raises_text_copied_and_rewriting_clears_it(window, dialogs_seen):
    _rolled(window, dialogs_seen)
    page = window.show_section("overview")
    title = rule_title("text.copied")
    pane = page.last_year_pane.text
    pane.selectAll()
    pane.copy()
    page.editor.selectAll()
    page.editor.paste()
    page.commit()
    assert title in _rule_titles(window)
    assert "text.copied|overview" in {f.key for f in window.doc.findings}
    page.editor.setPlainText("（一）主动公开\n2021年，我局在门户网站发布政府信息912条，较上年增加58条。\n"
                             "（二）依申请公开\n全年收到政府信息公开申请3件，均已按期答复。")
    page.commit()
    assert title not in _rule_titles(window)


def test_compare_page_lists_changes_and_copied_sections(window, dialogs_seen):
    last = read_native(QIAOCHENG)
    report = _rolled(window, dialogs_seen)
    report_page = window.show_section("requests")
    model = report_page.views[0].grid
    model.setData(model.index_of(("requests", "carried_over", "total")), "7")
    window.pages["overview"].editor.setPlainText(last.text("overview"))
    window.pages["overview"].commit()
    page = window.show_section("compare").page
    rows = [[page.numbers.item(r, c).text() for c in range(6)] for r in range(page.numbers.rowCount())]
    label = report.edition.table("requests").full_row_label("carried_over")
    assert [label, "总计", str(last.get(("requests", "carried_over", "total"))), "7"] == rows[
        [r[1:3] for r in rows].index([label, "总计"])][1:5]
    # Only what the user has filled in and differs; the cells not filled yet are counted, not listed.
    assert len(rows) == 1
    unfilled = sum(n.this is None for n in page.comparison.changed)
    assert unfilled > 100 and f"{unfilled}个本年尚未填写" in page.summary.text()
    page.only_changed.setChecked(False)
    assert page.numbers.rowCount() == len(page.comparison.numbers) > 1
    sections = {page.sections.item(r, 0).text(): page.sections.item(r, 3).text()
                for r in range(page.sections.rowCount())}
    assert "与上年报告相同" in sections["一、总体情况"]
    assert "与上年报告相同" not in sections["五、存在的主要问题及改进情况"]
    # Double-click goes to the cell.
    page.numbers.itemActivated.emit(page.numbers.item(0, 0))
    assert window.current_key() != "compare"


def test_attaching_last_year_enables_the_cross_year_checks(window, answers, tmp_path, qtbot):
    last = sample_report(2024, seed=3)
    last_path = tmp_path / "2024.gknb"
    write_native(last, last_path)
    this = roll_forward(last).report
    this.last_year = None
    ref = ("requests", "carried_over", "total")
    this.set(ref, this.get(ref) + 1)
    this_path = tmp_path / "2025.gknb"
    write_native(this, this_path)
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    assert w.open_path(this_path, ask_save=False)
    assert w.last_year_bar.isVisible()
    assert not [f for f in w.doc.findings if f.rule.startswith("cross_year.")]
    assert "本报告没有附加上年报告" in w.show_section("compare").page.summary.text()
    table_page = w.show_section("requests")
    assert table_page.last_year_toggle.isHidden() and type(table_page.views[0].itemDelegate()) is CellDelegate

    assert attach_last_year(w, last_path)
    assert [f.key for f in w.doc.findings if f.rule == "cross_year.carried_over"] == ["cross_year.carried_over|total"]
    assert rule_title("cross_year.carried_over") in _rule_titles(w)
    assert not w.last_year_bar.isVisible()
    assert w.doc.modified and w.isWindowModified()
    assert any(n.ref == ref for n in w.show_section("compare").page.comparison.changed)
    assert w.pages["overview"].last_year_pane.isVisibleTo(w.pages["overview"])
    assert isinstance(table_page.views[0].itemDelegate(), LastYearDelegate)
    assert not table_page.last_year_toggle.isHidden()
    w.doc.undo_stack.undo()
    assert w.doc.report.last_year is None and not w.doc.modified
    assert type(table_page.views[0].itemDelegate()) is CellDelegate
    assert not [f for f in w.doc.findings if f.rule.startswith("cross_year.")]
    w.doc.undo_stack.redo()
    assert w.save_to(this_path)
    saved = read_native(this_path)
    assert saved.last_year is not None and saved.last_year.get(ref) == last.get(ref)
    w.autosaver.shutdown()


def test_attaching_a_report_that_is_not_earlier_is_refused(window, answers, tmp_path):
    shown, state = answers
    path = tmp_path / "same.gknb"
    write_native(sample_report(2024, seed=5), path)
    assert not attach_last_year(window, path)  # the window's report is 2024 too
    assert "不能作为上年报告" in shown["error"][-1][1]
    assert window.doc.report.last_year is None
    other = tmp_path / "2022.gknb"
    write_native(sample_report(2022, seed=5), other)
    state["question"] = False
    assert not attach_last_year(window, other)
    assert "2023年度" in shown["question"][-1][1]
    state["question"] = True
    assert attach_last_year(window, other) and window.doc.report.last_year.meta.year == 2022


def test_info_bar_can_be_dismissed_and_menu_actions_exist(window, qtbot, dialogs_seen, monkeypatch):
    bar = window.last_year_bar
    assert bar.isVisible() and bar.attach.isVisible() and not bar.rollover.isVisible()
    blank = MainWindow()
    qtbot.addWidget(blank)
    blank.show()
    # A blank report: the offer is to start from last year's.
    assert blank.last_year_bar.rollover.isVisible() and not blank.last_year_bar.attach.isVisible()
    asked = []
    monkeypatch.setattr(last_year_module, "_ask_file", lambda _w, title: asked.append(title) or QIAOCHENG)
    qtbot.mouseClick(blank.last_year_bar.rollover, Qt.MouseButton.LeftButton)
    assert asked and blank.doc.report.meta.year == 2021 and blank.doc.report.last_year is not None
    assert not blank.last_year_bar.isVisible()
    blank.doc.undo_stack.setClean()
    blank.doc._text_dirty = False
    blank.autosaver.shutdown()
    bar.close_button.click()
    assert not bar.isVisible()
    window.doc.set_cells({("requests", "new", "natural_person"): 1}, "t")
    assert not bar.isVisible()
    file_texts = [a.text() for a in window.menus["file"].actions()]
    assert "由上年报告新建(&L)…" in file_texts and "附加上年报告…" in file_texts
    assert file_texts.index("由上年报告新建(&L)…") == file_texts.index("新建(&N)…") + 1
    assert "对比上年" in [a.text() for a in window.menus["check"].actions()]


def test_huaian_2024_rolls_into_2025(window, dialogs_seen, tmp_path):
    last = real_report("huaian-2024")
    path = tmp_path / "淮安2024.gknb"
    write_native(last, path)
    report = _rolled(window, dialogs_seen, path)
    assert (report.meta.year, report.edition_id) == (2025, "2021")
    assert report.get(("requests", "carried_over", "natural_person")) == 103
    for col in COLUMNS:
        assert report.get(("requests", "carried_over", col)) == last.get(("requests", "carry_forward", col))
    page = window.show_section("requests")
    assert page.views[0].itemDelegate().last_text(("requests", "carry_forward", "natural_person")) == "上年 103"
