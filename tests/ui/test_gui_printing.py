"""文件 → 打印预览 / 打印 / 导出 PDF, offscreen: the preview shows the layout's pages, the first is grabbed
to PNG, the PDF is written where the user chose."""

from __future__ import annotations

import pytest

from editor.samples import sample_report
from editor.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot):
    w = MainWindow(sample_report(2024), autosave_ms=0)
    qtbot.addWidget(w)
    yield w
    w.doc.undo_stack.setClean()
    w.doc._text_dirty = False
    w.autosaver.shutdown()


def _file_actions(w: MainWindow) -> dict[str, object]:
    acts = {a.text(): a for a in w.menus["file"].actions()}
    acts.update({a.text(): a for a in w.menus["export"].actions()})
    return acts


def test_menu_has_print_preview_and_pdf(window):
    acts = _file_actions(window)
    assert {"打印(&P)…", "打印预览(&V)…", "导出 PDF(.pdf)…"} <= set(acts)
    assert acts["打印(&P)…"].shortcut().toString() == "Ctrl+P"


def test_print_preview_shows_the_pages_and_grabs_the_first(window, qtbot, tmp_path):
    from PySide6.QtPrintSupport import QPrintPreviewWidget

    from editor.ui.printing.actions import preview_dialog

    dlg = preview_dialog(window, window.doc.report)
    qtbot.addWidget(dlg)
    dlg.show()
    preview = dlg.findChild(QPrintPreviewWidget)
    preview.updatePreview()
    qtbot.waitUntil(lambda: preview.pageCount() > 0)
    assert preview.pageCount() == dlg.printout.page_count >= 3
    out = tmp_path / "preview.png"
    dlg.resize(900, 700)
    assert dlg.grab().save(str(out))
    assert out.stat().st_size > 10_000
    dlg.close()


def test_export_pdf_writes_the_chosen_file(window, tmp_path, monkeypatch):
    from editor.io.formats import read_any
    from editor.ui.printing import actions

    target = tmp_path / "年报"
    monkeypatch.setattr(actions.QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    assert window.export_pdf()
    pdf = target.with_name("年报.pdf")
    assert pdf.read_bytes()[:5] == b"%PDF-"
    assert read_any(pdf).report.values == window.doc.report.values
    assert "已导出" in window.statusBar().currentMessage()
