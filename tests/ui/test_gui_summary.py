"""「汇总检查」 in the window: a folder checked on a worker thread with a progress bar (the window keeps
processing events meanwhile), cancel, the sortable list with coloured statuses, each report's findings,
the own report's mismatches, double-click to open, and the exports."""

from __future__ import annotations

import os
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFileDialog

from editor import summary as summary_module
from editor.io.native import write_native
from editor.summary import HAS_ERRORS, HAS_WARNINGS, PASSED, SET_APART, UNREADABLE
from editor.ui.summary_dialog import COLUMNS, OWN_STATUS, STATUS_COLORS, SummaryDialog
from tests.summary_helpers import DELAY_ENV, LOG_ENV, make_district, slow_task, started
from tests.test_summary import make_folder

STATUS_COL, ERRORS_COL = COLUMNS.index("状态"), COLUMNS.index("错误")


def _open_dialog(window) -> SummaryDialog:
    action = next(a for a in window.menus["check"].actions() if a.text().startswith("汇总检查"))
    action.trigger()
    dlg = window.summary_dialog
    assert dlg.isVisible()
    return dlg


def _run(qtbot, dlg: SummaryDialog, folder: Path, **kwargs) -> None:
    assert dlg.start(folder, **kwargs)
    qtbot.waitUntil(lambda: not dlg.running(), timeout=60_000)


class _Seen:
    """The files the worker processes started reading (they write to a log file)."""

    def __init__(self, log: Path):
        self.log = log

    def __len__(self) -> int:
        return len(started(self.log))


def _slow_examine(monkeypatch, seconds: float, tmp_path: Path | None = None) -> _Seen:
    """Each file takes at least ``seconds`` in its worker process: a batch long enough to watch the window
    while it runs."""
    import tempfile

    log = Path(tempfile.mkdtemp(dir=tmp_path)) / "started.txt"
    monkeypatch.setenv(DELAY_ENV, str(seconds))
    monkeypatch.setenv(LOG_ENV, str(log))
    monkeypatch.setattr(summary_module, "_task", slow_task)
    return _Seen(log)


def test_window_stays_responsive_and_the_progress_bar_counts_files(window, qtbot, tmp_path, monkeypatch):
    folder, _ = make_folder(tmp_path)
    _slow_examine(monkeypatch, 0.08)  # 7 files: over half a second of work on the worker thread
    dlg = _open_dialog(window)
    values: list[int] = []
    dlg.progress.valueChanged.connect(values.append)
    ticks = {"while_running": 0}

    def tick():
        if dlg.running():
            ticks["while_running"] += 1

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(20)
    _run(qtbot, dlg, folder)
    timer.stop()
    # The GUI thread's event loop ran the timer many times during the batch and saw every step.
    assert ticks["while_running"] >= 10
    assert values[-1] == 7 and dlg.progress.maximum() == 7
    assert set(range(1, 8)) <= set(values)
    assert dlg.table.rowCount() == 7
    assert "计入合计 4 份" in dlg.status.text() and "无法读取 2 个" in dlg.status.text()
    assert dlg.export_button.isEnabled() and dlg.start_button.isEnabled() and not dlg.cancel_button.isEnabled()


def test_cancel_stops_the_batch_before_the_end(window, qtbot, tmp_path, monkeypatch, answers):
    folder, _ = make_folder(tmp_path)
    seen = _slow_examine(monkeypatch, 0.3)
    dlg = _open_dialog(window)
    assert dlg.start(folder)
    assert dlg.cancel_button.isEnabled() and not dlg.start_button.isEnabled()
    qtbot.waitUntil(lambda: dlg.progress.value() >= 1, timeout=10_000)
    qtbot.mouseClick(dlg.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dlg.running(), timeout=10_000)
    assert len(seen) < 7
    assert dlg.summary is None and dlg.table.rowCount() == 0
    assert "已取消" in dlg.status.text()
    assert not dlg.export_button.isEnabled() and dlg.start_button.isEnabled()
    assert answers[0]["error"] == []


def test_list_statuses_colours_sorting_and_findings(window, qtbot, tmp_path):
    folder, _ = make_folder(tmp_path)
    dlg = _open_dialog(window)
    _run(qtbot, dlg, folder)
    statuses = {dlg.unit_at(r).path.name: dlg.table.item(r, STATUS_COL).text() for r in range(dlg.table.rowCount())}
    assert statuses == {"商务局.gknb": PASSED, "教育局.json": PASSED, "某某镇.gknb": PASSED,
                        "卫健委.gknb": HAS_ERRORS, "民政局2023.gknb": SET_APART, "损坏.gknb": UNREADABLE,
                        "配置.json": UNREADABLE}
    row = dlg.row_of("卫健委.gknb")
    assert dlg.table.item(row, STATUS_COL).background().color().name().upper() == STATUS_COLORS[HAS_ERRORS]
    assert dlg.table.item(row, 0).text() == "区卫健委"
    assert dlg.table.item(row, 1).text() == "卫健委.gknb"
    assert dlg.table.item(dlg.row_of("某某镇.gknb"), 1).text() == str(Path("乡镇") / "某某镇.gknb")
    assert dlg.table.item(row, 2).text() == "2021年版"
    errors = dlg.unit_at(row).errors
    assert errors >= 1 and dlg.table.item(row, ERRORS_COL).data(Qt.ItemDataRole.DisplayRole) == errors

    # Sorting by 错误 (descending) brings the report with errors to the top; rows still map to their units.
    dlg.table.sortItems(ERRORS_COL, Qt.SortOrder.DescendingOrder)
    assert dlg.unit_at(0).path.name == "卫健委.gknb"
    dlg.table.sortItems(0, Qt.SortOrder.AscendingOrder)
    for r in range(dlg.table.rowCount()):
        unit = dlg.unit_at(r)
        assert dlg.table.item(r, STATUS_COL).text() == unit.status

    # Selecting a report lists its findings; an unreadable file shows why.
    dlg.table.selectRow(dlg.row_of("卫健委.gknb"))
    messages = dlg.findings.texts()
    unit = dlg.unit_at(dlg.row_of("卫健委.gknb"))
    assert messages == [f.message for f in unit.findings if not f.acknowledged]
    assert dlg.findings.texts(0)[0] == "错误"
    assert "错误" in dlg.findings_title.text()
    dlg.table.selectRow(dlg.row_of("损坏.gknb"))
    assert "损坏" in dlg.findings.texts()[0]
    dlg.table.selectRow(dlg.row_of("民政局2023.gknb"))
    assert "2023" in dlg.findings.texts()[0]
    dlg.grab().save(str(tmp_path / "summary.png"))
    assert (tmp_path / "summary.png").stat().st_size > 10_000


def test_double_click_opens_the_report_asking_about_unsaved_changes(window, qtbot, tmp_path, answers):
    _, state = answers
    folder, _ = make_folder(tmp_path)
    dlg = _open_dialog(window)
    _run(qtbot, dlg, folder)
    window.doc.set_cells({("requests", "new", "natural_person"): 12345}, "t")
    assert window.doc.modified
    item = dlg.table.item(dlg.row_of("教育局.json"), 1)

    def double_click():
        rect = dlg.table.visualItemRect(item)
        qtbot.mouseClick(dlg.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(dlg.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    state["save"] = "cancel"
    double_click()
    assert window.doc.report.get(("requests", "new", "natural_person")) == 12345  # kept: the user cancelled
    state["save"] = "discard"
    double_click()
    qtbot.waitUntil(lambda: window.doc.report.meta.agency == "区教育局")
    assert window.doc.path == folder / "教育局.json" and not window.doc.modified
    assert dlg.summary is not None  # the list stays for the next report
    # The button does the same for the selected row; an unreadable file cannot be opened.
    dlg.table.selectRow(dlg.row_of("商务局.gknb"))
    qtbot.mouseClick(dlg.open_button, Qt.MouseButton.LeftButton)
    assert window.doc.report.meta.agency == "区商务局"
    dlg.table.selectRow(dlg.row_of("损坏.gknb"))
    assert not dlg.open_button.isEnabled()


def test_closing_during_a_run_stops_the_worker_and_the_folder_is_remembered(window, qtbot, tmp_path, monkeypatch):
    folder, _ = make_folder(tmp_path)
    seen = _slow_examine(monkeypatch, 0.3)
    dlg = _open_dialog(window)
    assert dlg.start(folder)
    qtbot.waitUntil(lambda: dlg.progress.value() >= 1, timeout=10_000)
    worker = dlg.worker
    dlg.close()
    assert worker.isFinished() and len(seen) < 7
    qtbot.waitUntil(lambda: not dlg.running())
    assert SummaryDialog(window).folder.text() == str(folder)  # the next time starts from the same folder


def test_own_report_shows_the_mismatches(window, qtbot, tmp_path):
    folder, own_path, _ = make_district(tmp_path, ("requests", "disclosed", "natural_person"), 3)
    dlg = _open_dialog(window)
    _run(qtbot, dlg, folder, own=own_path)
    assert "不一致 1 处" in dlg.status.text()
    row = dlg.row_of("区政府.gknb")
    assert dlg.table.item(row, STATUS_COL).text() == OWN_STATUS
    assert "不一致 1 处" in dlg.table.item(row, COLUMNS.index("说明")).text()
    dlg.table.selectRow(row)
    texts = dlg.findings.texts()
    assert any("相差3" in t for t in texts)
    assert "不一致 1 处" in dlg.findings_title.text()


def test_exports_write_the_workbook_and_the_notice(window, qtbot, tmp_path, monkeypatch):
    folder, _ = make_folder(tmp_path)
    dlg = _open_dialog(window)
    _run(qtbot, dlg, folder)
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(out / "汇总"), "")))
    qtbot.mouseClick(dlg.export_button, Qt.MouseButton.LeftButton)
    wb = openpyxl.load_workbook(out / "汇总.xlsx")
    assert wb.sheetnames == ["汇总", "指标", "单位一览", "问题清单"]
    assert wb["单位一览"].max_row == 1 + 7
    assert "已导出" in dlg.status.text()
    pytest.importorskip("docx")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(out / "通报"), "")))
    qtbot.mouseClick(dlg.notice_button, Qt.MouseButton.LeftButton)
    import docx

    text = "\n".join(p.text for p in docx.Document(out / "通报.docx").paragraphs)
    assert "区卫健委" in text


def test_a_missing_folder_is_a_clear_message(window, answers):
    shown, _ = answers
    dlg = _open_dialog(window)
    assert not dlg.start(Path("/nonexistent/各单位"))
    assert "找不到文件夹" in shown["error"][-1][1]
    assert not dlg.running()


def test_real_reports_of_a_city(window, qtbot, tmp_path):
    """淮安 and 洪泽 2024 (real published values) are summed, 洪泽 2023 is set apart with its real errors
    shown; 洪泽's published PDF (the same department again) and the blank WPS template (no year) are
    listed apart with their reasons."""
    from editor.checks import check
    from tests.conftest import shared_path
    from tests.realdata import real_report

    folder = tmp_path / "淮安市"
    folder.mkdir()
    reports = {n: real_report(n) for n in ("huaian-2024", "hongze-2024", "hongze-2023")}
    for name, report in reports.items():
        write_native(report, folder / f"{name}.gknb")
    for name in ("hongze-2024.pdf", "template-2021-blank.docx"):
        (folder / name).symlink_to(shared_path("realdata", name))  # read in place, never copied
    dlg = _open_dialog(window)
    _run(qtbot, dlg, folder)
    summary = dlg.summary
    assert summary.year == 2024
    status = {dlg.unit_at(r).path.name: dlg.table.item(r, STATUS_COL).text() for r in range(dlg.table.rowCount())}
    assert status["huaian-2024.gknb"] == PASSED  # the clean real report
    assert status["hongze-2024.gknb"] == HAS_WARNINGS
    assert dlg.unit_at(dlg.row_of("hongze-2024.gknb")).warnings == sum(
        f.severity == "warning" and not f.acknowledged for f in check(reports["hongze-2024"]))
    assert status["hongze-2023.gknb"] == SET_APART
    # The published PDF is the same department as hongze-2024.gknb: listed, summed once.
    assert status["hongze-2024.pdf"] == status["template-2021-blank.docx"] == SET_APART
    assert [u.path.name for u in summary.accepted] == ["hongze-2024.gknb", "huaian-2024.gknb"]
    for ref in summary.edition.cells():
        assert summary.totals.get(ref, 0) == sum(reports[n].values.get(ref, 0) for n in ("huaian-2024", "hongze-2024"))
    dlg.table.selectRow(dlg.row_of("hongze-2023.gknb"))
    assert "2023" in dlg.findings.texts()[0]
    unit = dlg.unit_at(dlg.row_of("hongze-2023.gknb"))
    errors = [f.message for f in check(reports["hongze-2023"]) if f.severity == "error"]
    assert unit.errors == len(errors) > 0
    # Set apart, yet its own errors are listed under the reason, to be sent back all the same.
    shown = dlg.findings.texts()[1:]
    assert set(errors) <= set(shown)
    dlg.table.selectRow(dlg.row_of("template-2021-blank.docx"))
    assert "没有年度" in dlg.findings.texts()[0]
    dlg.table.selectRow(dlg.row_of("hongze-2024.pdf"))
    assert "hongze-2024.gknb" in dlg.findings.texts()[0]
    out = tmp_path / "汇总.xlsx"
    assert dlg.export_to(out)
    ws = openpyxl.load_workbook(out)["单位一览"]
    assert ws.max_row == 1 + 5


def test_a_chosen_year_and_a_folder_with_nothing_readable(window, qtbot, tmp_path, answers):
    shown, _ = answers
    folder, _ = make_folder(tmp_path)
    dlg = _open_dialog(window)
    _run(qtbot, dlg, folder, year=2023)
    assert [u.path.name for u in dlg.summary.accepted] == ["民政局2023.gknb"]
    assert dlg.table.item(dlg.row_of("商务局.gknb"), STATUS_COL).text() == SET_APART
    assert dlg.summary_text(dlg.summary).startswith("2023年度")

    empty = tmp_path / "空"
    empty.mkdir()
    (empty / "x.gknb").write_text("oops", encoding="utf-8")
    dlg.year.setValue(dlg.year.minimum())  # back to 自动
    _run(qtbot, dlg, empty)
    assert "没有可以读取的年报" in shown["error"][-1][1]
    assert dlg.summary is None and dlg.table.rowCount() == 0 and not dlg.export_button.isEnabled()


def test_roster_tab_confirming_and_the_units_indicators(window, qtbot, tmp_path):
    """The window's 报送情况: missing units, files from outside the list, a short form to confirm (unticking
    it moves the file to 名单外 and the unit to 未报送, in the export too); the selected unit's indicators."""
    from editor.samples import sample_report
    from editor.summary import MISSING, OUTSIDE, SUBMITTED
    from editor.ui.summary_dialog import ROSTER_COLUMNS

    folder = tmp_path / "各单位"
    folder.mkdir()
    reports = {}
    for i, agency in enumerate(("某某县发展和改革局", "某某县财政局", "某某县气象局")):
        reports[agency] = sample_report(2024, seed=i, agency=agency)
        write_native(reports[agency], folder / f"{i}.gknb")
    roster = tmp_path / "名单.txt"
    roster.write_text("县发改局\n某某县财政局\n县审计局\n", encoding="utf-8")
    dlg = _open_dialog(window)
    _run(qtbot, dlg, folder, roster=roster)
    assert dlg.tabs.isTabEnabled(1)
    rows = [(u, state, f.name if f else "") for u, state, f, _ in dlg.roster_rows()]
    assert rows == [("县发改局", SUBMITTED, "0.gknb"), ("某某县财政局", SUBMITTED, "1.gknb"),
                    ("县审计局", MISSING, ""), ("", OUTSIDE, "2.gknb")]
    assert "未报送 1" in dlg.status.text() and "请在“报送情况”中核对" in dlg.status.text()
    confirm_col = len(ROSTER_COLUMNS) - 1
    confirm = dlg.roster_table.item(0, confirm_col)
    assert confirm.flags() & Qt.ItemFlag.ItemIsUserCheckable and confirm.checkState() == Qt.CheckState.Checked
    # An exact match: nothing to confirm.
    assert not dlg.roster_table.item(1, confirm_col).flags() & Qt.ItemFlag.ItemIsUserCheckable
    dlg.tabs.setCurrentIndex(1)
    dlg.grab().save(str(tmp_path / "roster.png"))
    if os.environ.get("SUMMARY_SHOTS"):
        dlg.grab().save(os.environ["SUMMARY_SHOTS"] + "/roster.png")
    confirm.setCheckState(Qt.CheckState.Unchecked)
    qtbot.waitUntil(lambda: dlg.roster_table.rowCount() == 5)
    states = [(u, state) for u, state, _, _ in dlg.roster_rows()]
    assert ("县发改局", MISSING) in states and states.count(("", OUTSIDE)) == 2
    out = tmp_path / "汇总.xlsx"
    assert dlg.export_to(out)
    ws = openpyxl.load_workbook(out)["报送情况"]
    assert [r[1] for r in ws.iter_rows(min_row=2, values_only=True) if r[2] == MISSING] == ["县发改局", "县审计局"]

    # The unit view: indicators of the selected report beside the district's.
    dlg.tabs.setCurrentIndex(0)
    dlg.table.selectRow(dlg.row_of("1.gknb"))
    shown = {dlg.indicators.item(r, 0).text(): [dlg.indicators.item(r, c).text() for c in range(1, 5)]
             for r in range(dlg.indicators.rowCount())}
    r = reports["某某县财政局"]
    review, corrected = r.get(("appeals", "cases", "review_total")), r.get(("appeals", "cases", "review_corrected"))
    expected = f"{corrected / review * 100:.1f}%" if review else "—"
    assert shown["复议纠错率"][0] == expected
    assert shown["本年新收申请（依申请）"][0] == str(r.get(("requests", "new", "total")))
    assert shown["复议纠错率"][1] == "—"  # no last year given
    dlg.grab().save(str(tmp_path / "units.png"))
    if os.environ.get("SUMMARY_SHOTS"):
        dlg.grab().save(os.environ["SUMMARY_SHOTS"] + "/units.png")
