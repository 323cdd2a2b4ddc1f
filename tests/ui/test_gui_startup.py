"""Start-up of the window: the cyclic collector is paused while the window is built and back on (with
what start-up built frozen) once it is shown; a start that fails or only takes a screenshot leaves it on."""

from __future__ import annotations

import argparse
import gc
import os

import pytest
from PySide6.QtWidgets import QApplication

from editor.commands import gui
from editor.io.native import write_native
from editor.samples import sample_report
from editor.ui.main_window import MainWindow


@pytest.fixture
def collector():
    was = gc.isenabled()
    yield
    gc.unfreeze()
    if was:
        gc.enable()


def _args(**kw) -> argparse.Namespace:
    return argparse.Namespace(**{"file": None, "section": None, "screenshot": None, **kw})


def test_the_collector_is_off_while_the_window_is_built_and_on_once_it_is_shown(
        tmp_path, monkeypatch, answers, collector):
    src = tmp_path / "r.gknb"
    write_native(sample_report(2024, 1), src)
    seen = {}

    def fake_exec():
        # What the real event loop does first: the window is shown, then the queued calls run.
        seen["built_with_gc"] = gc.isenabled()
        QApplication.processEvents()
        seen["after_shown"] = gc.isenabled()
        seen["frozen"] = gc.get_freeze_count()
        for w in QApplication.topLevelWidgets():
            if isinstance(w, MainWindow) and w.doc.path == src:
                seen["title"] = w.windowTitle()
                w.doc.undo_stack.setClean()
                w.autosaver.shutdown()
                w.close()
        return 0

    monkeypatch.setattr(QApplication.instance(), "exec", fake_exec)
    gc.enable()
    assert gui.run(_args(file=str(src))) == 0
    assert seen["built_with_gc"] is False
    assert seen["after_shown"] is True and seen["frozen"] > 0
    assert seen["title"].startswith("r.gknb")
    assert gc.isenabled()


def test_an_unreadable_file_or_a_screenshot_leaves_the_collector_on(tmp_path, collector, capsys):
    gc.enable()
    bad = tmp_path / "bad.gknb"
    bad.write_text("{", encoding="utf-8")
    assert gui.run(_args(file=str(bad))) == 2
    assert gc.isenabled()
    out = tmp_path / "s.png"
    assert gui.run(_args(screenshot=str(out))) == 0
    assert out.exists() and gc.isenabled()


def test_recent_files_keep_their_order_and_reopening_the_latest_writes_nothing(window, tmp_path, private_folders):
    a, b = tmp_path / "a.gknb", tmp_path / "b.gknb"
    for p in (a, b):
        write_native(sample_report(2024, 1), p)
    assert window.open_path(a, ask_save=False) and window.open_path(b, ask_save=False)
    assert window.open_path(a, ask_save=False)
    assert window.recent_files()[:2] == [str(a.resolve()), str(b.resolve())]
    (settings_file,) = (private_folders.parent / "xdg-config").rglob("*.conf")
    old = 1_000_000_000 * 1_000_000_000  # 2001: any write would leave the current time
    os.utime(settings_file, ns=(old, old))
    assert window.open_path(a, ask_save=False)
    assert settings_file.stat().st_mtime_ns == old
    assert window.open_path(b, ask_save=False)  # a real change is still written
    assert window.recent_files()[:2] == [str(b.resolve()), str(a.resolve())]
    assert settings_file.stat().st_mtime_ns != old
