"""Start-up of the window: the cyclic collector is paused while the window is built and back on (with
what start-up built frozen) once it is shown; a start that fails or only takes a screenshot leaves it on."""

from __future__ import annotations

import argparse
import gc

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
