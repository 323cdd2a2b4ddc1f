"""Text pages: typed indents removed in place, 字数 under each text, 一键改正 of half-width punctuation,
and the year a new report starts with."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from editor import report as report_module
from editor.ui.text_page import TextPage


def _text_page(window, key: str) -> TextPage:
    page = window.show_section(key)
    assert isinstance(page, TextPage)
    return page


def test_indent_typed_at_a_paragraph_start_is_removed_in_place(window, qtbot):
    page = _text_page(window, "problems")
    editor = page.editor
    editor.setPlainText("一是公开不够及时。")
    page.commit()
    cursor = editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    editor.setTextCursor(cursor)
    editor.insertPlainText("\n\t二是")
    editor.insertPlainText("　　解读不足。")  # an indent inside a paragraph stays
    cursor.movePosition(QTextCursor.MoveOperation.Start)
    editor.setTextCursor(cursor)
    editor.insertPlainText("　　")
    page.commit()
    expected = "一是公开不够及时。\n二是　　解读不足。"
    assert editor.toPlainText() == expected
    assert window.doc.report.text("problems") == expected
    assert "段首缩进" in window.statusBar().currentMessage()
    editor.undo()  # the removal is one step of the editor's own history
    assert editor.toPlainText().startswith("　　一是")


def test_each_text_shows_its_character_count(window, qtbot):
    page = _text_page(window, "other")
    page.editor.setPlainText("本年度未收取 信息处理费。\n")
    assert page.count_label.text() == "本部分字数：12"
    assert page.count_label.isVisibleTo(window)
    other = _text_page(window, "overview")
    assert other.count_label.text() == f"本部分字数：{len(''.join(window.doc.report.text('overview').split()))}"


def test_one_click_fix_of_half_width_punctuation(window, qtbot):
    page = _text_page(window, "problems")
    page.editor.setPlainText("一是公开不够及时,二是(二)解读不足.网址http://www.gov.cn")
    page.commit()
    window.findings_fold.unfold()  # as a click on the counts in the folded bar
    panel = window.findings
    item = next(panel.tree.topLevelItem(i) for i in range(panel.tree.topLevelItemCount())
                if panel.tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole).rule == "text.punctuation")
    panel.tree.setCurrentItem(item)
    assert panel.fix_button.isVisibleTo(window)
    panel.fix_button.click()
    fixed = "一是公开不够及时，二是（二）解读不足。网址http://www.gov.cn"
    assert window.doc.report.text("problems") == fixed and page.editor.toPlainText() == fixed
    assert not [f for f in window.doc.findings if f.rule == "text.punctuation"]
    assert "3处半角标点" in window.statusBar().currentMessage()
    page.editor.undo()
    page.commit()
    assert window.doc.report.text("problems").startswith("一是公开不够及时,")
    window.doc.set_cells({("requests", "new", "natural_person"): None}, "t")  # a blank: not fixable
    other = next(f for f in window.doc.findings if f.rule != "text.punctuation")
    panel.tree.setCurrentItem(next(panel.tree.topLevelItem(i) for i in range(panel.tree.topLevelItemCount())
                                   if panel.tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole) == other))
    assert not panel.fix_button.isVisibleTo(window)


@pytest.mark.parametrize(("today", "year"), [(date(2026, 12, 2), 2026), (date(2027, 1, 10), 2026),
                                             (date(2026, 7, 1), 2025)])
def test_new_report_defaults_to_the_year_being_prepared(qtbot, monkeypatch, today, year):
    from editor.ui.dialogs import NewReportDialog
    from editor.ui.main_window import MainWindow

    class Today(date):
        @classmethod
        def today(cls):
            return today

    monkeypatch.setattr(report_module, "date", Today)
    dlg = NewReportDialog()
    qtbot.addWidget(dlg)
    assert dlg.year.value() == year
    w = MainWindow()
    qtbot.addWidget(w)
    assert w.doc.report.meta.year == year
    w.autosaver.shutdown()


def test_viewing_prose_with_a_no_break_space_does_not_modify_the_report(qtbot, answers, tmp_path, private_folders):
    import os
    import subprocess
    import sys
    from pathlib import Path

    from editor.io.native import write_native
    from editor.samples import sample_report
    from editor.ui.main_window import MainWindow

    report = sample_report(2024, 3)
    report.texts["problems"] = "一是\u00a0公开不够及时。\n\n二是……\n"  # as imported from a web page
    w = MainWindow(report)
    qtbot.addWidget(w)
    page = _text_page(w, "problems")
    page.commit()
    assert not w.doc.modified and w.doc.report.text("problems") == report.texts["problems"]
    w.autosaver.shutdown()
    # The same file drawn headless: no hidden save prompt to wait on.
    src = tmp_path / "nbsp.gknb"
    write_native(report, src)
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root), "XDG_DATA_HOME": str(private_folders)}
    env.pop("QT_QPA_PLATFORM", None)
    proc = subprocess.run([sys.executable, "-m", "editor", "gui", str(src), "--section", "problems", "--screenshot",
                           str(tmp_path / "p.png")], cwd=root, env=env, capture_output=True, timeout=60, text=True)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "p.png").exists()
