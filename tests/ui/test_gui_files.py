"""Files: save → open, import marks, exports, closing with unsaved changes, autosave and crash recovery,
and the ``gui`` command (screenshots, unreadable files)."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel

from editor.io.formats import ImportResult, LogEntry
from editor.io.native import read_native, report_to_dict, write_native
from editor.samples import sample_report
from editor.ui.main_window import MainWindow
from editor.ui.recovery import recovery_dir
from editor.ui.recovery_files import orphaned_recoveries

ROOT = Path(__file__).resolve().parents[2]


def _close(w: MainWindow) -> None:
    w.doc.undo_stack.setClean()
    w.doc._text_dirty = False
    w.autosaver.shutdown()


def test_save_then_open_gives_the_same_report(window, tmp_path, qtbot):
    doc = window.doc
    doc.set_cells({("requests", "new", "natural_person"): 77}, "t")
    doc.report.acknowledged["cell.blank|requests"] = "说明"
    page = window.show_section("problems")
    page.editor.setPlainText("存在问题：……\n改进情况：……")
    path = tmp_path / "报告.gknb"
    assert window.save_to(path)
    assert not window.isWindowModified() and window.windowTitle().startswith("报告.gknb")
    other = MainWindow()
    qtbot.addWidget(other)
    assert other.open_path(path)
    assert report_to_dict(other.doc.report) == report_to_dict(doc.report)
    assert other.doc.report.text("problems") == "存在问题：……\n改进情况：……"
    assert other.doc.path == path and not other.doc.modified
    assert other.pages["problems"].editor.toPlainText() == "存在问题：……\n改进情况：……"
    assert str(path.resolve()) in other.recent_files()
    _close(other)


def test_unreadable_file_shows_the_message_and_keeps_the_report(window, tmp_path, answers):
    shown, _ = answers
    bad = tmp_path / "坏.gknb"
    bad.write_text("{not json", encoding="utf-8")
    before = report_to_dict(window.doc.report)
    assert not window.open_path(bad, ask_save=False)
    assert "已损坏" in shown["error"][-1][1]
    assert report_to_dict(window.doc.report) == before


def test_import_log_is_shown_and_cells_stay_marked_until_edited(window, tmp_path, answers):
    shown, _ = answers
    ref = ("requests", "other_else", "natural_person")
    report = sample_report(2024, 5)
    log = [LogEntry("adjusted", "（六）其他处理只有一行，数值放入“3.其他”", ref), LogEntry("note", "说明")]
    window.apply_import(tmp_path / "去年.docx", ImportResult(report, log))
    assert shown["log"][-1][0] == "去年.docx"
    model = window.show_section("requests").views[0].grid
    idx = model.index_of(ref)
    assert idx.data(256 + 4) == "marked"
    assert "导入时标记" in idx.data(3)  # tooltip
    assert window.doc.path is None and "导入自 去年.docx" in window.windowTitle()
    # Editing it (even to the same value) clears the mark; undo brings it back.
    assert model.setData(idx, str(report.get(ref)))
    assert idx.data(256 + 4) is None
    window.doc.undo_stack.undo()
    assert idx.data(256 + 4) == "marked"


def test_save_of_an_imported_report_never_writes_the_imported_file(window, tmp_path, monkeypatch):
    src = tmp_path / "去年.docx"
    src.write_bytes(b"PK original")
    window.apply_import(src, ImportResult(sample_report(2024, 5)))
    asked = []
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName",
                        lambda _p, _t, suggested, _f: (asked.append(suggested) or str(tmp_path / "新"), ""))
    assert window.save()
    assert asked and asked[0].endswith(".gknb")
    assert src.read_bytes() == b"PK original"
    assert read_native(tmp_path / "新.gknb").meta.agency == window.doc.report.meta.agency


def test_export_uses_the_writers_or_shows_their_message(window, tmp_path, answers):
    shown, _ = answers
    for suffix, module, options in ((".docx", "editor.io.docx.export", {"font_set": "windows", "blank_as_zero": True}),
                                    (".xlsx", "editor.io.xlsx.export", {})):
        out = tmp_path / f"导出{suffix}"
        ok = window.export_to(out, **options)
        if importlib.util.find_spec(module) is None:
            assert not ok and "本版本尚不能写出" in shown["error"][-1][1]
            assert not out.exists()
        else:
            assert ok and out.stat().st_size > 0


def test_docx_options_warn_about_missing_fonts(qtbot, monkeypatch):
    from editor.ui import dialogs

    # A Windows PC whose Qt lists the English names: the one check of editor.io.fonts knows them.
    monkeypatch.setattr(dialogs.QFontDatabase, "families",
                        staticmethod(lambda *a: ["FangSong", "SimSun", "KaiTi", "SimHei", "Times New Roman"]))
    dlg = dialogs.DocxOptionsDialog()
    qtbot.addWidget(dlg)
    assert dlg.font_set() == "windows" and dlg.warning.text() == ""
    dlg.buttons["official"].setChecked(True)
    assert "仿宋_GB2312" in dlg.warning.text() and "方正小标宋简体" in dlg.warning.text()
    assert dlg.options() == {"font_set": "official", "blank_as_zero": True}


def test_close_with_unsaved_changes_asks(window, answers, tmp_path):
    _, state = answers
    window.doc.set_cells({("requests", "new", "natural_person"): 5}, "t")
    state["save"] = "cancel"
    assert not window.close()
    state["save"] = "discard"
    assert window.close()


def test_autosave_writes_a_recovery_file_never_the_users_file(window, tmp_path):
    path = tmp_path / "我的.gknb"
    assert window.save_to(path)
    original = path.read_bytes()
    assert not window.autosaver.autosave()  # nothing unsaved
    window.doc.set_cells({("requests", "new", "natural_person"): 5}, "t")
    assert window.autosaver.autosave()
    rec = window.autosaver.report_path
    assert rec.parent == recovery_dir() and rec.exists()
    assert read_native(rec).get(("requests", "new", "natural_person")) == 5
    assert path.read_bytes() == original
    assert window.save_to(path)  # saving clears the recovery file
    assert not rec.exists()
    assert window.autosaver.timer.interval() == 30_000 and window.autosaver.timer.isActive()


_CRASH = """
import os
from editor.ui.app import application
app = application(offscreen=True)
from editor.ui.main_window import MainWindow
from editor.samples import sample_report
w = MainWindow(sample_report(2024, 4))
w.show()
w.doc.set_cells({("requests", "new", "natural_person"): 4321}, "t")
assert w.autosaver.autosave()
os._exit(3)  # a crash: no cleanup runs
"""


def test_crash_leaves_a_recovery_file_that_the_next_start_restores(qtbot, answers, private_folders, monkeypatch):
    from editor.ui.recovery_dialog import RecoveryDialog

    offered = []

    def restore_first(dlg):
        offered.append(dlg.findChild(QLabel).text())
        dlg.restore_selected()
        return dlg.result()

    monkeypatch.setattr(RecoveryDialog, "exec", restore_first)
    env = {**os.environ, "XDG_DATA_HOME": str(private_folders), "QT_QPA_PLATFORM": "offscreen",
           "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", _CRASH], cwd=ROOT, env=env, capture_output=True, timeout=60)
    assert proc.returncode == 3, proc.stderr.decode(errors="replace")
    left = list(recovery_dir().glob("*.gknb"))
    assert len(left) == 1
    w = MainWindow()
    qtbot.addWidget(w)
    assert w.offer_recovery()
    assert "上次程序意外退出" in offered[-1]
    assert w.doc.report.get(("requests", "new", "natural_person")) == 4321
    assert w.doc.modified and w.doc.path is None
    assert not left[0].exists()  # the crashed session's file is gone; ours now holds the content
    assert read_native(w.autosaver.report_path).get(("requests", "new", "natural_person")) == 4321
    assert orphaned_recoveries() == []
    _close(w)


def test_a_running_windows_recovery_file_is_not_offered(window, qtbot, answers):
    window.doc.set_cells({("requests", "new", "natural_person"): 5}, "t")
    assert window.autosaver.autosave()
    assert orphaned_recoveries() == []


def _cli(*args: str, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), **(env_extra or {})}
    env.pop("QT_QPA_PLATFORM", None)  # --screenshot must render offscreen by itself
    return subprocess.run([sys.executable, "-m", "editor", *args], cwd=ROOT, env=env, capture_output=True,
                          timeout=120, text=True)


@pytest.mark.parametrize("section", ["meta", "preamble", "overview", "proactive", "requests", "appeals",
                                     "problems", "other"])
def test_screenshot_of_every_section(tmp_path, section, private_folders):
    from PySide6.QtGui import QImage

    src = tmp_path / "r.gknb"
    write_native(sample_report(2024, 1), src)
    out = tmp_path / f"{section}.png"
    proc = _cli("gui", str(src), "--section", section, "--screenshot", str(out),
                env_extra={"XDG_DATA_HOME": str(private_folders)})
    assert proc.returncode == 0, proc.stderr
    image = QImage(str(out))
    assert image.width() >= 900 and image.height() >= 600
    assert out.stat().st_size < 300_000
    assert not list(recovery_dir().glob("*.gknb"))


def test_screenshot_window_fits_the_whole_table(window):
    page = window.pages["requests"]
    window.fit_to_section("requests")
    view = page.views[0]
    viewport = page._scroll.viewport().size()
    assert view.width() <= viewport.width() and view.height() <= viewport.height()


def test_unreadable_file_exits_2_with_the_message(tmp_path):
    bad = tmp_path / "坏.gknb"
    bad.write_text("[]", encoding="utf-8")
    proc = _cli("gui", str(bad), "--screenshot", str(tmp_path / "x.png"))
    assert proc.returncode == 2 and "不是年报文件" in proc.stderr
    proc = _cli(str(tmp_path / "无此文件.gknb"))
    assert proc.returncode == 2 and "找不到文件" in proc.stderr


def test_qt_dialogs_are_chinese(tmp_path):
    code = ("from editor.ui.app import application\napp = application(offscreen=True)\n"
            "from PySide6.QtCore import QCoreApplication\n"
            "print(QCoreApplication.translate('QPlatformTheme', 'Cancel'))")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=60)
    assert proc.stdout.strip() == "取消", proc.stderr


_SHOW_AND_QUIT = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
def _exec(*_a):
    def report():
        for w in QApplication.topLevelWidgets():
            if w.isVisible() and w.windowTitle():
                print("WINDOW", w.windowTitle(), w.current_key(), w.doc.report.meta.agency, flush=True)
        QApplication.instance().quit()
    QTimer.singleShot(0, report)
    return QApplication._real_exec()
QApplication._real_exec = QApplication.exec
QApplication.exec = _exec
from editor.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("with_file", [False, True])
def test_report_editor_opens_the_window(tmp_path, private_folders, with_file):
    args = []
    if with_file:
        src = tmp_path / "本年.gknb"
        write_native(sample_report(2024, 1, "某某县教育局"), src)
        args = [str(src)]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen",
           "XDG_DATA_HOME": str(private_folders)}
    proc = subprocess.run([sys.executable, "-c", _SHOW_AND_QUIT, *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    line = next(x for x in proc.stdout.splitlines() if x.startswith("WINDOW"))
    if with_file:
        assert "本年.gknb" in line and "某某县教育局" in line and " meta " in line
    else:
        assert "未命名" in line and " meta" in line


def test_new_report_takes_agency_and_year_and_the_edition_follows(window, monkeypatch, answers):
    from editor.ui import dialogs

    def fake_exec(dlg):
        dlg.agency.setText("某某镇人民政府")
        dlg.year.setValue(2020)
        dlg.kind.setCurrentIndex(1)
        assert "2019年版" in dlg.edition.text()
        return dlg.DialogCode.Accepted

    monkeypatch.setattr(dialogs.NewReportDialog, "exec", fake_exec)
    assert not window.pages["proactive"].views[0].grid.index_of(("art20_9", "procurement", "amount")).isValid()
    window.doc.set_cells({("requests", "new", "natural_person"): 1}, "t")  # unsaved: asks first
    window.new_report()
    report = window.doc.report
    assert (report.meta.agency, report.meta.year, report.meta.kind, report.edition_id) == \
        ("某某镇人民政府", 2020, "government", "2019")
    assert report.meta.title == "某某镇人民政府2020年政府信息公开工作年度报告"
    assert report.values == {} and not window.doc.modified and window.doc.undo_stack.count() == 0
    assert window.pages["proactive"].views[0].grid.index_of(("art20_9", "procurement", "amount")).isValid()
