"""The real Qt dialogs, answered as a user would (a timer clicks the button of the open dialog): the
save/discard question when closing, the edition-change question, and the save dialog's confirmation
before replacing a file. These tests do not use the ``answers`` fixture, which replaces the prompts."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QLineEdit, QMessageBox

from editor.io.native import read_native, write_native
from editor.samples import sample_report
from editor.ui.main_window import MainWindow


@pytest.fixture
def real_window(qtbot, tmp_path):
    path = tmp_path / "本年.gknb"
    write_native(sample_report(2024, 3), path, backup=False)
    w = MainWindow(read_native(path), path)
    w.show()
    yield w
    # Not qtbot.addWidget: qtbot would close the window before this runs, and a window still modified
    # would then wait for an answer to the real question.
    w.doc.undo_stack.setClean()
    w.doc._text_dirty = False
    w.autosaver.shutdown()
    w.close()
    w.deleteLater()


def when_modal(kind: type, act: Callable[[QDialog], None], seen: list) -> None:
    """Once a modal dialog of ``kind`` is open, record it (a message box: its text, since Qt deletes the
    box when it closes) and let ``act`` answer it (polls: the dialog opens inside the call under test,
    which only returns after it closes). Should ``act`` fail, the dialog is rejected, so that a broken
    test fails instead of waiting for a click forever."""
    tries = [0]
    handled: list = []

    def poll() -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, kind) and widget not in handled:
            handled.append(widget)
            seen.append(widget.text() if isinstance(widget, QMessageBox) else widget)
            try:
                act(widget)
            except Exception:
                widget.reject()
                raise
            return
        tries[0] += 1
        if tries[0] < 250:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)


_STANDARD = {"保存": QMessageBox.StandardButton.Save, "不保存": QMessageBox.StandardButton.Discard,
             "取消": QMessageBox.StandardButton.Cancel, "是": QMessageBox.StandardButton.Yes,
             "否": QMessageBox.StandardButton.No}


def click(text: str) -> Callable[[QMessageBox], None]:
    """Clicks the button labelled ``text`` (ours), or the standard button of that meaning (Qt labels
    those in the language of the translations loaded, none in the tests)."""
    def act(box: QMessageBox) -> None:
        button = next((b for b in box.buttons() if b.text().replace("&", "") == text), None)
        if button is None and text in _STANDARD:
            button = box.button(_STANDARD[text])
        assert button is not None, [b.text() for b in box.buttons()]
        button.click()
    return act


def _modify(w: MainWindow) -> None:
    ref = ("requests", "new", "natural_person")
    w.doc.set_cells({ref: (w.doc.report.get(ref) or 0) + 1}, "改一个数")
    assert w.doc.modified


def test_closing_with_changes_asks_and_cancel_keeps_the_window(real_window):
    _modify(real_window)
    seen: list = []
    when_modal(QMessageBox, click("取消"), seen)
    assert real_window.close() is False
    assert len(seen) == 1 and "未保存的修改" in seen[0]
    assert real_window.isVisible() and real_window.doc.modified


def test_closing_with_changes_and_discard_leaves_the_file_as_it_was(real_window):
    before = real_window.doc.path.read_bytes()
    _modify(real_window)
    seen: list = []
    when_modal(QMessageBox, click("不保存"), seen)
    assert real_window.close() is True
    assert seen and real_window.doc.path.read_bytes() == before


def test_closing_with_changes_and_save_writes_the_file(real_window):
    _modify(real_window)
    changed = real_window.doc.report.get(("requests", "new", "natural_person"))
    seen: list = []
    when_modal(QMessageBox, click("保存"), seen)
    assert real_window.close() is True
    assert seen
    assert read_native(real_window.doc.path).get(("requests", "new", "natural_person")) == changed


@pytest.mark.parametrize(("answer", "edition_id", "year"), [("转换格式", "2019", 2020), ("只改年度", "2021", 2020),
                                                            ("取消", "2021", 2024)])
def test_the_edition_change_question_is_asked_and_followed(real_window, answer, edition_id, year):
    doc = real_window.doc
    assert (doc.report.edition_id, doc.report.meta.year) == ("2021", 2024)
    seen: list = []
    when_modal(QMessageBox, click(answer), seen)
    real_window.change_year_edition(dataclasses.replace(doc.report.meta, year=2020))
    assert len(seen) == 1 and "2019年版" in seen[0]
    assert (doc.report.edition_id, doc.report.meta.year) == (edition_id, year)


def _type_in_file_dialog(name: str, *, then: Callable[[QDialog], None] | None = None):
    def act(dialog: QFileDialog) -> None:
        assert not dialog.testOption(QFileDialog.Option.DontConfirmOverwrite)
        edit = dialog.findChild(QLineEdit)
        edit.setText(name)
        if then is not None:
            then(dialog)
        dialog.accept()
    return act


def test_save_as_over_an_existing_file_asks_first(real_window, tmp_path):
    # The window's own QFileDialog.getSaveFileName (Qt's widgets: the offscreen platform has no native
    # dialog), driven like a user: a name is typed, Qt asks whether to replace the existing file, the
    # user says no and then cancels.
    other = tmp_path / "别人的.gknb"
    other.write_bytes(b"someone else's report")
    seen: list = []

    def refuse_then_cancel(dialog: QFileDialog) -> None:
        when_modal(QMessageBox, lambda box: (click("否")(box), QTimer.singleShot(50, dialog.reject)), seen)

    when_modal(QFileDialog, _type_in_file_dialog(str(other), then=refuse_then_cancel), [])
    assert real_window.save_as() is False
    assert seen and "别人的.gknb" in seen[0]
    assert other.read_bytes() == b"someone else's report"


def test_a_suffix_added_to_the_typed_name_is_confirmed_too(real_window, tmp_path, monkeypatch):
    # Typing "别人的" picks 别人的.gknb: the dialog never saw that name, so the window asks itself.
    other = tmp_path / "别人的.gknb"
    other.write_bytes(b"someone else's report")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "别人的"), ""))
    seen: list = []
    when_modal(QMessageBox, click("否"), seen)
    assert real_window.save_as() is False
    assert seen and "别人的.gknb" in seen[0]
    assert other.read_bytes() == b"someone else's report"
    when_modal(QMessageBox, click("是"), seen)
    assert real_window.save_as() is True
    assert read_native(other).meta == real_window.doc.report.meta
