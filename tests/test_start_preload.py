"""The window's start reads the font configuration and loads Qt's libraries on a second thread
(ui/preload.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from editor.ui import preload
from tests.test_start_fonts import start_window


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the preload is for Linux")
def test_the_start_reads_the_fonts_and_loads_qt_on_a_second_thread(tmp_path):
    pytest.importorskip("PySide6")
    state, stderr = start_window(tmp_path)
    assert state["finished"] is True
    assert state["fontconfig"] == 1  # FcInit built the configuration
    # The libraries waited for the moment inside shiboken's initialisation (not for the time-out):
    # a PySide that changed its import order would fail here, not slow every start unnoticed.
    assert state["moment"] is True
    assert state["loaded"] and state["loaded"] == state["mapped"]
    assert Path(state["loaded"][0]).name == "libqoffscreen.so"  # the plugin QT_QPA_PLATFORM names
    # Qt still counts the program's own thread as its main thread.
    assert state["main_thread"] is True
    assert "main() thread" not in stderr


@pytest.mark.parametrize(("environ", "plugin"), [
    ({"QT_QPA_PLATFORM": "offscreen"}, "offscreen"),
    ({"QT_QPA_PLATFORM": "xcb"}, "xcb"),
    ({"QT_QPA_PLATFORM": "wayland;xcb"}, "wayland"),
    ({"QT_QPA_PLATFORM": "xcb:nomitshm", "WAYLAND_DISPLAY": "wayland-0"}, "xcb"),
    ({"XDG_SESSION_TYPE": "x11", "DISPLAY": ":0"}, "xcb"),
    ({"DISPLAY": ":0"}, "xcb"),
    # Wayland (or both): Qt chooses for itself, so no plugin is guessed.
    ({"XDG_SESSION_TYPE": "wayland", "WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}, None),
    ({"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}, None),
    ({}, None),
    ({"QT_QPA_PLATFORM": "../../elsewhere/x"}, None),  # a name, never a path
])
def test_the_platform_plugin_is_guessed_only_where_the_environment_names_it(environ, plugin):
    assert preload.platform_plugin(environ) == plugin


def test_the_plugin_brings_qt_with_it_else_the_widgets_library_else_nothing(tmp_path):
    plugins = tmp_path / "Qt" / "plugins" / "platforms"
    lib = tmp_path / "Qt" / "lib"
    plugins.mkdir(parents=True)
    lib.mkdir(parents=True)
    assert preload.libraries(tmp_path, {"QT_QPA_PLATFORM": "xcb"}) == []
    (lib / "libQt6Widgets.so.6").write_bytes(b"")
    assert preload.libraries(tmp_path, {"QT_QPA_PLATFORM": "xcb"}) == [lib / "libQt6Widgets.so.6"]
    (plugins / "libqxcb.so").write_bytes(b"")
    assert preload.libraries(tmp_path, {"QT_QPA_PLATFORM": "xcb"}) == [plugins / "libqxcb.so"]
    assert preload.libraries(tmp_path, {"QT_QPA_PLATFORM": "offscreen"}) == [lib / "libQt6Widgets.so.6"]
    assert preload.libraries(tmp_path, {}) == [lib / "libQt6Widgets.so.6"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the preload is for Linux")
def test_once_qt_is_loaded_only_the_font_configuration_is_read_and_nothing_off_linux(monkeypatch):
    pytest.importorskip("PySide6")
    import shiboken6.Shiboken  # noqa: F401  (the test process has Qt, as the installed bundle's start has)

    finders = list(sys.meta_path)
    assert preload.start() is True
    assert preload.report["done"].wait(10)
    assert preload.report["loaded"] == [] and preload.report["fontconfig"] == 1
    assert sys.meta_path == finders  # no finder waits for a moment that has passed
    monkeypatch.setattr(sys, "platform", "win32")
    assert preload.start() is False
    assert sys.meta_path == finders and preload.report == {}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the preload is for Linux")
def test_no_thread_to_be_had_leaves_the_start_as_it_was(monkeypatch):
    import threading

    def refuse(self):
        raise RuntimeError("can't start new thread")

    monkeypatch.delitem(sys.modules, "shiboken6.Shiboken", raising=False)  # as before Qt is imported
    monkeypatch.setattr(threading.Thread, "start", refuse)
    finders = list(sys.meta_path)
    assert preload.start({"QT_QPA_PLATFORM": "offscreen"}) is False
    assert sys.meta_path == finders and preload.report == {}
