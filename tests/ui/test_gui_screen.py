"""The window on a 1366×768 office laptop (1280×706 usable): frozen header rows, jumping to a finding
brings its cells into view, the findings panel folds, the layout and the zoom are remembered, the
colours stay readable under a dark theme, last year's numbers fit, and viewing never modifies."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from PySide6.QtCore import QPoint, QPointF, QRect, QSettings, Qt
from PySide6.QtGui import QColor, QFontMetrics, QImage, QWheelEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from editor.io.native import write_native
from editor.report import Report
from editor.samples import sample_report
from editor.ui import zoom
from editor.ui.last_year_table import LastYearDelegate
from editor.ui.main_window import MainWindow
from editor.ui.palette import ERROR_BG, SELECTION, dark_palette
from tests.conftest import ROOT

USABLE = (1280, 706)  # 1366×768 less a taskbar


def _broken() -> Report:
    """A full 2021 report with errors all over 表三 and 表四 and blank cells down to 表三's last row."""
    r = sample_report(2024, 3)
    ed = r.edition
    requests = ed.table("requests")
    for i, col in enumerate(c.id for c in requests.columns):
        ref = ("requests", requests.rows[3 + (i * 4) % (len(requests.rows) - 4)].id, col)
        r.set(ref, (r.get(ref) or 0) + 1 + i)
    for col in ("natural_person", "other_org", "total"):
        r.set(("requests", "carry_forward", col), None)
    appeals = ed.table("appeals")
    for col in list(appeals.columns)[::3]:
        ref = ("appeals", "cases", col.id)
        r.set(ref, (r.get(ref) or 0) + 2)
    return r


def _window(qtbot, report: Report | None = None, size=USABLE) -> MainWindow:
    w = MainWindow(report or sample_report(2024, 3))
    qtbot.addWidget(w)
    w.resize(*size)
    w.show()
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    return w


def _close(w: MainWindow) -> None:
    w.doc.undo_stack.setClean()
    w.doc._text_dirty = False
    w.close()


def _shown_below_band(page, view, ref) -> bool:
    frozen = page.frozen[page.views.index(view)]
    rect = view.visualRect(view.grid.index_of(ref)).translated(frozen.origin())
    port = page._scroll.viewport().rect()
    return port.contains(rect) and rect.top() >= frozen.covered()


# ---------------------------------------------------------------------------- jumping to findings
def test_every_findings_first_cell_is_visible_after_the_jump(qtbot, answers):
    w = _window(qtbot, _broken())
    findings = [f for f in w.doc.findings if f.cells]
    sections = {w.doc.report.edition.table(f.cells[0][0]).section for f in findings}
    assert len(findings) >= 15 and {"requests", "appeals"} <= sections
    for f in findings:
        w.show_finding(f)
        page = w.pages[w.current_key()]
        view = page.view_for(f.cells[0])
        assert _shown_below_band(page, view, f.cells[0]), (f.rule, f.cells[0])
        assert set(view.selected_refs()) == set(f.cells)
    # A finding whose cells fit shows all of them: 表三's 总计 column of row 四 with its parts.
    carry = next(f for f in findings if f.cells[0] == ("requests", "carry_forward", "natural_person"))
    w.show_finding(carry)
    page = w.pages["requests"]
    assert all(_shown_below_band(page, page.views[0], ref) for ref in carry.cells)
    _close(w)


def test_selected_cell_keeps_its_error_colour(qtbot, answers):
    w = _window(qtbot, _broken())
    page = w.show_section("requests")
    view = page.views[0]
    ref = next(r for r, st in w.doc.cell_states.items() if r[0] == "requests" and st.severity == "error"
               and w.doc.report.get(r) is not None)
    view.select_refs([ref])
    qtbot.wait(10)
    rect = view.visualRect(view.grid.index_of(ref))
    image = view.viewport().grab().toImage()
    inside = image.pixelColor(rect.left() + 6, rect.center().y())
    # Tinted, not replaced by the highlight colour: still the error's red hue.
    assert inside.red() > inside.blue() and inside.red() > 150, inside.name()
    assert abs(inside.red() - ERROR_BG.red()) < 60
    edge = image.pixelColor(rect.left() + 1, rect.center().y())
    assert _near(edge, SELECTION), edge.name()
    _close(w)


def _near(a: QColor, b: QColor, tolerance: int = 40) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a.getRgb()[:3], b.getRgb()[:3], strict=True))


# ---------------------------------------------------------------------------- frozen header rows
def test_headers_of_table_three_stay_visible_while_its_last_row_is(qtbot, answers):
    w = _window(qtbot)
    page = w.show_section("requests")
    qtbot.wait(10)
    view, frozen = page.views[0], page.frozen[0]
    bar = page._scroll.verticalScrollBar()
    assert bar.maximum() > 0, "at 1280×706 表三 does not fit: the page must scroll"
    assert not frozen.band.isVisible()  # at the top the table's own header rows show
    bar.setValue(bar.maximum())
    qtbot.wait(10)
    last = ("requests", "carry_forward", "total")
    assert _shown_below_band(page, view, last)
    band = frozen.band
    assert band.isVisible() and band.geometry().top() == 0
    header_rows = view.grid.tables[0].header_rows
    assert band.height() == sum(view.rowHeight(r) for r in range(header_rows))
    # On top of the scrolled body, and showing the header cells: 自然人 … 总计.
    port = page._scroll.viewport()
    for label in ("自然人", "总计", "申请人情况"):
        p = next(c for c in view.grid.cells if c.row < header_rows and c.cell.text == label)
        cell = band.visualRect(view.grid.index(p.row, p.col))
        assert band.viewport().rect().intersects(cell), label
        centre = band.viewport().mapTo(port, cell.center())
        assert port.childAt(centre) is band.viewport(), label
    # Scrolling back to the top hands the header back to the table.
    bar.setValue(0)
    qtbot.wait(10)
    assert not band.isVisible()
    _close(w)


def test_frozen_band_follows_each_stacked_table(qtbot, answers):
    """二 stacks several tables in one grid: the band shows the header of the table under the top edge."""
    w = _window(qtbot, size=(1280, 400))
    page = w.show_section("proactive")
    qtbot.wait(10)
    view, frozen = page.views[0], page.frozen[0]
    bands = view.grid.bands()
    assert len(bands) > 1
    bar = page._scroll.verticalScrollBar()
    assert bar.maximum() > 100
    seen = set()
    for value in range(0, bar.maximum() + 1, 12):
        bar.setValue(value)
        if frozen.band.isVisible():
            top_row = frozen.band.rowAt(1)
            seen.add(next(t for t, _h, n in bands if t <= top_row < t + n))
    assert len(seen) >= 2
    _close(w)


# ---------------------------------------------------------------------------- findings bar
def test_findings_fold_when_empty_and_on_demand_and_remember(qtbot, answers):
    w = _window(qtbot)
    fold, dock = w.findings_fold, w.findings_dock
    assert not w.doc.findings and fold.is_folded()
    assert dock.height() <= fold.bar.sizeHint().height() + 2 and not w.findings.isVisible()
    assert "未发现问题" in fold.bar.counts.text()
    w.doc.set_cells({("requests", "new", "natural_person"): 999}, "编辑单元格")
    # While typing, the panel does not open under the user's cursor: the bar's counts turn red.
    assert fold.is_folded() and "错误 2 项" in fold.bar.counts.text()
    qtbot.mouseClick(fold.bar.button, Qt.MouseButton.LeftButton)
    assert not fold.is_folded() and w.findings.isVisible()
    qtbot.waitUntil(lambda: dock.height() > 100)
    # Fixing the last error folds it again by itself; a new error leaves it folded.
    w.doc.undo_stack.undo()
    assert not w.doc.findings and fold.is_folded()
    w.doc.undo_stack.redo()
    assert fold.is_folded()
    qtbot.mouseClick(fold.bar.button, Qt.MouseButton.LeftButton)
    assert not fold.is_folded()
    qtbot.mouseClick(fold.bar.button, Qt.MouseButton.LeftButton)
    assert fold.is_folded() and not w.findings.isVisible()
    qtbot.waitUntil(lambda: dock.height() <= fold.bar.sizeHint().height() + 2)
    assert QSettings().value("findings/folded", type=bool) is True
    report = w.doc.report.copy()
    _close(w)
    # Remembered: the next window starts folded even though there are findings.
    w2 = _window(qtbot, report)
    assert w2.doc.findings and w2.findings_fold.is_folded()
    assert w2.fold_action.isChecked()
    w2.fold_action.setChecked(False)  # 视图 → 收起检查结果
    assert not w2.findings_fold.is_folded() and w2.findings.isVisible()
    assert QSettings().value("findings/folded", type=bool) is False
    _close(w2)


def test_a_report_opened_with_findings_shows_them(qtbot, answers):
    w = _window(qtbot, _broken())
    assert not w.findings_fold.is_folded() and w.findings.isVisible()
    assert w.findings_dock.height() > 100
    w.findings_fold.set_user_folded(True)
    w.apply_import(ROOT / "x.gknb", _Result(sample_report(2024, 3)))  # clean: stays folded
    assert w.findings_fold.is_folded()
    _close(w)


class _Result:
    def __init__(self, report):
        self.report, self.log, self.sources = report, [], {}


def test_window_geometry_and_splitter_are_remembered(qtbot, answers):
    w = _window(qtbot, size=(760, 540))  # within the offscreen screen (800×600): restoring keeps it there
    w.centralWidget().setSizes([180, 560])
    nav = w.nav.width()
    _close(w)
    w2 = MainWindow(sample_report(2024, 3))
    qtbot.addWidget(w2)
    w2.show()
    qtbot.waitExposed(w2)
    assert (w2.width(), w2.height()) == (760, 540)
    assert abs(w2.nav.width() - nav) <= 2
    _close(w2)


# ---------------------------------------------------------------------------- zoom
def test_zoom_by_keys_and_ctrl_wheel_is_remembered(qtbot, answers):
    w = _window(qtbot)
    page = w.show_section("requests")
    view = page.views[0]
    width, font = view.width(), view.font().pointSizeF()
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert zoom.current() == 1.1
    assert view.font().pointSizeF() == pytest.approx(font * 1.1)
    assert view.width() > width * 1.05
    qtbot.wait(10)
    assert page.frozen[0].band.columnWidth(1) == view.columnWidth(1)  # the band follows
    wheel = QWheelEvent(QPointF(20, 20), QPointF(view.viewport().mapToGlobal(QPoint(20, 20))), QPoint(0, 0),
                        QPoint(0, 120), Qt.MouseButton.NoButton, Qt.KeyboardModifier.ControlModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(view.viewport(), wheel)
    assert zoom.current() == 1.25
    qtbot.keyClick(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert zoom.current() == 1.1
    _close(w)
    w2 = _window(qtbot)
    view2 = w2.show_section("requests").views[0]
    assert view2.font().pointSizeF() == pytest.approx(font * 1.1)
    qtbot.keyClick(view2, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert zoom.current() == 1.0 and view2.font().pointSizeF() == pytest.approx(font)
    _close(w2)


# ---------------------------------------------------------------------------- colours
def _contrast(image: QImage, rect: QRect) -> int:
    """The spread of lightness inside ``rect``: text on its background, or nothing readable."""
    values = [image.pixelColor(x, y).lightness() for x in range(rect.left(), rect.right(), 1)
              for y in range(rect.top(), rect.bottom(), 1)]
    return max(values) - min(values)


@pytest.fixture
def dark(qapp):
    old = qapp.palette()
    qapp.setPalette(dark_palette())
    yield
    qapp.setPalette(old)


def test_tables_and_bars_stay_readable_under_a_dark_theme(qtbot, answers, dark):
    w = _window(qtbot, _broken())
    page = w.show_section("requests")
    view = page.views[0]
    qtbot.wait(10)
    image = view.viewport().grab().toImage()
    for label in ("自然人", "总计"):
        p = next(c for c in view.grid.cells if c.cell.text == label)
        assert _contrast(image, view.visualRect(view.grid.index(p.row, p.col)).adjusted(3, 3, -3, -3)) > 120, label
    note = next(c for c in view.grid.cells if c.cell.role == "note")
    assert _contrast(image, view.visualRect(view.grid.index(note.row, note.col)).adjusted(3, 3, -3, -3)) > 120
    # The info bar (附加上年报告) and the findings bar's counts, on the window's own background.
    shot = w.grab().toImage()
    label = w.last_year_bar.label
    assert _contrast(shot, QRect(label.mapTo(w, QPoint(0, 0)), label.size())) > 120
    counts = w.findings_fold.bar.counts
    assert _contrast(shot, QRect(counts.mapTo(w, QPoint(0, 0)), counts.size())) > 100
    _close(w)


# ---------------------------------------------------------------------------- last year's numbers
def _with_big_last_year() -> Report:
    report = sample_report(2024, 3)
    last = sample_report(2023, 5)
    for ref, v in list(last.values.items()):
        if isinstance(v, int):
            last.set(ref, v * 137 + 1000)  # four and five digits
    report.last_year = last
    return report


def test_four_digit_last_year_numbers_fit_and_rows_do_not_double(qtbot, answers):
    w = _window(qtbot, _with_big_last_year())
    page = w.show_section("requests")
    view = page.views[0]
    toggle = page.last_year_toggle
    toggle.setChecked(False)
    off = [view.rowHeight(r) for r in range(view.grid.rowCount())]
    toggle.setChecked(True)
    delegate = view.itemDelegate()
    assert isinstance(delegate, LastYearDelegate)
    small = QFontMetrics(delegate.small_font(view.font()))
    normal = QFontMetrics(view.font())
    two_lines = normal.height() + small.height()
    checked = 0
    for p in view.grid.cells:
        text = delegate.last_text(p.cell.ref)
        if text is None:
            continue
        width = sum(view.columnWidth(c) for c in range(p.col, p.col + p.colspan))
        assert small.horizontalAdvance(text) <= width - 4, (p.cell.ref, text, width)
        height = view.rowHeight(p.row)
        assert height >= two_lines + 2
        # No taller than two lines need, unless the row was already taller (a wrapped label).
        assert height <= max(off[p.row], two_lines + 12), (p.cell.ref, off[p.row], height)
        checked += 1
    assert checked > 100
    _close(w)


# ---------------------------------------------------------------------------- viewing never modifies
NBSP_TEXT = "（一）主动公开。\u00a0全年公开信息\u00a0693条。\r\n（二）依申请公开。\u2028共304件。"


def test_viewing_text_with_no_break_spaces_does_not_modify(qtbot, answers):
    report = sample_report(2024, 3)
    report.texts["problems"] = NBSP_TEXT
    w = _window(qtbot, report)
    page = w.show_section("problems")
    assert page.editor.toPlainText() != NBSP_TEXT  # Qt's editor did normalise it
    w._commit_texts()
    assert not w.doc.modified and w.doc.report.text("problems") == NBSP_TEXT
    assert w.maybe_save()
    assert answers[0]["question"] == []
    # A real edit is still taken.
    page.editor.appendPlainText("补充。")
    w._commit_texts()
    assert w.doc.modified and w.doc.report.text("problems").endswith("补充。")
    _close(w)


def test_headless_refuses_dialogs(qapp):
    from editor.ui.app import _refuse_dialogs

    guard = _refuse_dialogs(qapp)
    try:
        answer = QMessageBox.question(None, "尚未保存", "是否保存？")  # would wait for a user
    finally:
        qapp.removeEventFilter(guard)
    assert answer != QMessageBox.StandardButton.Yes


@pytest.mark.parametrize("scale", ["1", "1.25"])
def test_screenshot_at_a_given_size_never_waits(tmp_path, scale):
    report = sample_report(2024, 3)
    report.texts["problems"] = NBSP_TEXT
    path = tmp_path / "nbsp.gknb"
    write_native(report, path)
    out = tmp_path / "shot.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": scale,
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data")}
    proc = subprocess.run([sys.executable, "-m", "editor", "gui", str(path), "--section", "problems",
                           "--size", "1366x768", "--screenshot", str(out)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=90)
    assert proc.returncode == 0, proc.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1366, 768)
    assert "跳过对话框" not in proc.stderr


def test_screenshot_size_is_checked():
    proc = subprocess.run([sys.executable, "-m", "editor", "gui", "--size", "13x7", "--screenshot", "x.png"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "窗口大小" in proc.stderr


def test_table_three_fits_across_at_125_percent(qtbot, answers):
    """1366×768 at 125 % leaves 1093×614 pixels of layout: 表三, last year's numbers shown, fits
    beside the section list."""
    w = _window(qtbot, _with_big_last_year(), size=(1093, 614))
    from editor.ui.view_menu import default_layout

    default_layout(w)
    page = w.show_section("requests")
    qtbot.wait(10)
    assert page._scroll.horizontalScrollBar().maximum() == 0
    assert page._scroll.viewport().height() > 250  # the findings bar and the info bar leave room
    _close(w)


def test_the_page_follows_the_current_cell_down_a_column(qtbot, answers):
    """Enter moves down 表三's 自然人 column: each cell it lands on shows, below the frozen header rows."""
    w = _window(qtbot)
    page = w.show_section("requests")
    view = page.views[0]
    view.setFocus()
    view.setCurrentIndex(view.grid.index_of(("requests", "new", "natural_person")))
    refs = [("requests", row.id, "natural_person") for row in w.doc.report.edition.table("requests").rows]
    for ref in refs[1:]:
        qtbot.keyClick(view, Qt.Key.Key_Return)
        assert view.currentIndex() == view.grid.index_of(ref)
        assert _shown_below_band(page, view, ref), ref
    assert page._scroll.verticalScrollBar().value() > 0
    _close(w)


def test_a_click_on_the_findings_bar_unfolds_it(qtbot, answers):
    w = _window(qtbot, _broken())
    fold = w.findings_fold
    assert not fold.is_folded()
    qtbot.mouseClick(fold.bar.counts, Qt.MouseButton.LeftButton)  # the counts: a label on the bar
    assert fold.is_folded()
    qtbot.mouseClick(fold.bar, Qt.MouseButton.LeftButton, pos=QPoint(fold.bar.width() // 2, 5))
    assert not fold.is_folded()
    _close(w)


def test_summary_dialog_fits_the_screen(qtbot, answers):
    """汇总检查 opens no larger than the screen's free area (it was 1100×720: taller than a laptop's)."""
    w = _window(qtbot)
    dlg = w.show_summary()
    free = w.screen().availableGeometry()
    assert dlg.width() <= free.width() and dlg.height() <= free.height() * 0.9 + 1
    dlg.close()
    _close(w)
