"""The window's edge: an importer failing in an unexpected way shows a message box (details in a crash
log) and the report being edited stays as it was."""

from __future__ import annotations

import os

import pytest

from editor.io.native import report_to_dict


def test_unexpected_import_failure_shows_a_box_and_keeps_the_report(window, tmp_path, answers, monkeypatch):
    shown, _ = answers
    monkeypatch.setenv("REPORT_EDITOR_LOG_DIR", str(tmp_path / "logs"))
    import editor.io.load as load_module

    def broken(_path):
        raise AttributeError("simulated importer bug")

    monkeypatch.setattr(load_module, "load", broken)
    before = report_to_dict(window.doc.report)
    path = tmp_path / "外来.docx"
    path.write_bytes(b"PK")
    assert not window.open_path(path, ask_save=False)
    assert shown["error"] and "程序内部出错" in shown["error"][-1][1]
    logs = list((tmp_path / "logs").glob("crash-*.log"))
    assert logs and "simulated importer bug" in logs[0].read_text(encoding="utf-8")
    assert report_to_dict(window.doc.report) == before


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
def test_fifo_is_refused_in_the_window_without_blocking(window, tmp_path, answers):
    shown, _ = answers
    fifo = tmp_path / "管道.gknb"
    os.mkfifo(fifo)
    assert not window.open_path(fifo, ask_save=False)
    assert "管道" in shown["error"][-1][1]


def test_an_exception_escaping_an_action_shows_a_box_and_a_log(window, tmp_path, answers, monkeypatch):
    import sys

    from editor.ui import app

    shown, _ = answers
    monkeypatch.setenv("REPORT_EDITOR_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    app._install_crash_box(window)
    before = report_to_dict(window.doc.report)
    try:
        raise RuntimeError("simulated slot failure")
    except RuntimeError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    assert shown["error"][-1][0] == "程序内部出错"
    logs = list((tmp_path / "logs").glob("crash-*.log"))
    assert logs and "simulated slot failure" in logs[0].read_text(encoding="utf-8")
    assert report_to_dict(window.doc.report) == before
