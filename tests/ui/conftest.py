"""GUI tests: offscreen Qt (tests/conftest.py), and a private data folder and settings per test so
that recovery files and recent files never touch the user's own."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtCore import QSettings

from editor.ui import app as app_module


@pytest.fixture(autouse=True)
def private_folders(tmp_path, monkeypatch, qapp):
    data = tmp_path / "xdg-data"
    config = tmp_path / "xdg-config"
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(config))
    qapp.setOrganizationName(app_module.ORG_NAME)
    qapp.setApplicationName(app_module.APP_ID)
    return data


@pytest.fixture
def answers(monkeypatch):
    """Answers the window's prompts instead of a user; records every message shown."""
    from editor.ui import dialogs

    shown: dict[str, list] = {"error": [], "info": [], "question": [], "log": []}
    state = {"question": True, "save": "discard", "edition": "convert"}

    def question(_parent, title, text):
        shown["question"].append((title, text))
        return state["question"]

    monkeypatch.setattr(dialogs, "error", lambda _p, title, text: shown["error"].append((title, text)))
    monkeypatch.setattr(dialogs, "info", lambda _p, title, text: shown["info"].append((title, text)))
    monkeypatch.setattr(dialogs, "question", question)
    monkeypatch.setattr(dialogs, "save_discard_cancel", lambda _p, _t: state["save"])
    monkeypatch.setattr(dialogs, "edition_change", lambda _p, year, old, new, lost: (
        shown.setdefault("edition", []).append(lost) or state["edition"]))
    monkeypatch.setattr(dialogs, "show_import_log", lambda _p, name, log: shown["log"].append((name, log)))
    return shown, state


@pytest.fixture
def window(qtbot, answers):
    from editor.samples import sample_report
    from editor.ui.main_window import MainWindow

    w = MainWindow(sample_report(2024, 3))
    qtbot.addWidget(w)
    w.show()
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    yield w
    w.doc.undo_stack.setClean()
    w.doc._text_dirty = False
    w.autosaver.shutdown()
