"""Crash recovery: every recovery file is offered (机关, 年度, 时间); one is deleted only once restored or
explicitly discarded; a file that cannot be read is kept and its place shown; two crashed windows
leave two files and restoring one keeps the other; a headless screenshot never asks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from editor.io.native import read_native, write_native
from editor.samples import sample_report
from editor.ui.main_window import MainWindow
from editor.ui.recovery import recovery_dir
from editor.ui.recovery_dialog import RecoveryDialog
from editor.ui.recovery_files import orphaned_recoveries

ROOT = Path(__file__).resolve().parents[2]
REF = ("requests", "new", "natural_person")

_CRASH = """
import os, sys
from editor.ui.app import application
app = application(offscreen=True)
from editor.ui.main_window import MainWindow
from editor.samples import sample_report
value, year, agency = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
report = sample_report(2024, 4)
report.meta.agency = agency
w = MainWindow(report)
w.show()
w.doc.report.meta.year = year  # 0: a report imported from a text that named no year
w.doc.set_cells({("requests", "new", "natural_person"): value}, "t")
assert w.autosaver.autosave()
os._exit(3)  # a crash: no cleanup runs
"""


def _env(data) -> dict:
    return {**os.environ, "XDG_DATA_HOME": str(data), "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}


def _crash(data, value: int, agency: str, year: int = 2024) -> None:
    proc = subprocess.run([sys.executable, "-c", _CRASH, str(value), str(year), agency], cwd=ROOT, env=_env(data),
                          capture_output=True, timeout=60)
    assert proc.returncode == 3, proc.stderr.decode(errors="replace")


@pytest.fixture
def dialog(monkeypatch):
    """Plays the user in the recovery dialog: ``plan`` is a list of (action, agency) steps, where action is
    restore, discard or later; records the rows each time the dialog is shown."""
    seen: list[list[list[str]]] = []
    plan: list[tuple[str, str]] = []

    def fake_exec(dlg: RecoveryDialog):
        rows = [[dlg.tree.topLevelItem(i).text(c) for c in range(5)] for i in range(dlg.tree.topLevelItemCount())]
        seen.append(rows)
        while plan:
            action, agency = plan.pop(0)
            if action == "later":
                return RecoveryDialog.DialogCode.Rejected
            dlg.select(next(r for r in dlg.recoveries if r.agency == agency or agency in r.problem
                            or agency == str(r.report_path)))
            if action == "restore":
                dlg.restore_selected()
                if dlg.result() == RecoveryDialog.DialogCode.Accepted:
                    return dlg.result()
            else:
                dlg.discard_selected()
        return RecoveryDialog.DialogCode.Rejected

    monkeypatch.setattr(RecoveryDialog, "exec", fake_exec)
    return seen, plan


def _window(qtbot) -> MainWindow:
    w = MainWindow()
    qtbot.addWidget(w)
    return w


def _close(w: MainWindow) -> None:
    w.doc.undo_stack.setClean()
    w.doc._text_dirty = False
    w.autosaver.shutdown()


def test_two_crashed_windows_are_both_offered_and_restoring_one_keeps_the_other(qtbot, answers, dialog,
                                                                                 private_folders):
    seen, plan = dialog
    _crash(private_folders, 1111, "甲县教育局")
    _crash(private_folders, 2222, "乙县民政局")
    files = {read_native(p).meta.agency: p for p in recovery_dir().glob("*.gknb")}
    assert set(files) == {"甲县教育局", "乙县民政局"}
    w = _window(qtbot)
    plan.append(("restore", "乙县民政局"))
    assert w.offer_recovery()
    rows = seen[-1]
    assert sorted(r[0] for r in rows) == ["乙县民政局", "甲县教育局"]
    assert all(r[1] == "2024年度" and r[2][:4].isdigit() and r[4] == "可恢复" for r in rows)
    assert w.doc.report.get(REF) == 2222 and w.doc.modified and w.doc.report.meta.agency == "乙县民政局"
    assert not files["乙县民政局"].exists()  # restored: its content is in this window's own recovery file
    assert read_native(w.autosaver.report_path).get(REF) == 2222
    assert files["甲县教育局"].exists()  # the other crash's edits are kept ...
    assert "另有1份" in w.statusBar().currentMessage()
    left = orphaned_recoveries()  # ... and offered again (its lock was let go)
    assert [r.agency for r in left] == ["甲县教育局"]
    for r in left:
        r.release()
    w2 = _window(qtbot)
    plan.append(("restore", "甲县教育局"))
    assert w2.offer_recovery()
    assert [r[0] for r in seen[-1]] == ["甲县教育局"]  # the running first window's file is not offered
    assert w2.doc.report.get(REF) == 1111 and not files["甲县教育局"].exists()
    _close(w)
    _close(w2)


def test_later_keeps_every_file_and_discard_deletes_only_when_confirmed(qtbot, answers, dialog, private_folders):
    shown, state = answers
    _seen, plan = dialog
    _crash(private_folders, 1111, "甲县教育局")
    path = next(recovery_dir().glob("*.gknb"))
    w = _window(qtbot)
    plan.append(("later", ""))
    assert not w.offer_recovery()
    assert path.exists() and w.doc.report.get(REF) != 1111
    state["question"] = False  # asked to confirm the deletion: no
    plan.extend([("discard", "甲县教育局"), ("later", "")])
    assert not w.offer_recovery()
    assert path.exists() and "删除后无法找回" in shown["question"][-1][1]
    state["question"] = True
    plan.append(("discard", "甲县教育局"))
    assert not w.offer_recovery()
    assert not path.exists() and orphaned_recoveries() == []
    w.offer_recovery(quiet=False)  # the menu command with nothing left says so
    assert "没有需要恢复" in shown["info"][-1][1]
    _close(w)


def test_a_recovery_file_that_cannot_be_read_is_kept_and_its_place_shown(qtbot, answers, dialog, private_folders):
    shown, _ = answers
    seen, plan = dialog
    _crash(private_folders, 1111, "甲县教育局")
    path = next(recovery_dir().glob("*.gknb"))
    path.write_text('{"format": "gknb", "meta": ', encoding="utf-8")  # damaged on disk
    w = _window(qtbot)
    plan.extend([("restore", str(path)), ("later", "")])
    assert not w.offer_recovery()
    assert seen[-1][0][4].startswith("无法读取")
    title, text = shown["error"][-1]
    assert title == "无法恢复" and str(path) in text and "没有删除" in text
    assert path.exists() and path.read_text(encoding="utf-8").startswith('{"format"')
    assert [r.report_path for r in orphaned_recoveries()] == [path]  # still offered at the next start
    _close(w)


def test_a_report_without_a_year_recovers(qtbot, answers, dialog, private_folders):
    seen, plan = dialog
    _crash(private_folders, 3333, "丙镇人民政府", year=0)  # imported from a text that named no year
    path = next(recovery_dir().glob("*.gknb"))
    w = _window(qtbot)
    plan.append(("restore", "丙镇人民政府"))
    assert w.offer_recovery()
    assert seen[-1][0][:2] == ["丙镇人民政府", "（未填年度）"]
    assert w.doc.report.get(REF) == 3333 and w.doc.report.meta.year == 0
    assert not path.exists() and read_native(w.autosaver.report_path).get(REF) == 3333
    _close(w)


def test_a_headless_screenshot_never_shows_the_recovery_dialog(tmp_path, private_folders):
    _crash(private_folders, 1111, "甲县教育局")
    left = sorted(recovery_dir().glob("*"))
    src = tmp_path / "r.gknb"
    write_native(sample_report(2024, 1), src)
    env = _env(private_folders)
    env.pop("QT_QPA_PLATFORM")
    proc = subprocess.run([sys.executable, "-m", "editor", "gui", str(src), "--screenshot", str(tmp_path / "s.png")],
                          cwd=ROOT, env=env, capture_output=True, timeout=60, text=True)  # a modal dialog: timeout
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "s.png").stat().st_size > 0
    assert sorted(recovery_dir().glob("*")) == left  # the crash's files are untouched, for the next real start
