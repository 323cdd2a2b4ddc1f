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


def test_the_printer_gets_the_same_pages_as_the_pdf(window, tmp_path):
    """Printed through QPrinter (to a PDF file here, as a printer driver would receive it): the same pages,
    each character where the PDF export puts it (the printable-area offset of a printer is undone). Only
the PDF export's text layer is mended (tounicode.py); a printer needs none."""
    import pypdfium2 as pdfium
    from PySide6.QtPrintSupport import QPrinter

    from editor.ui.printing.actions import _paint_to, _printer
    from editor.ui.printing.layout import build_layout
    from editor.ui.printing.pdf import write_pdf

    report = window.doc.report
    ours = tmp_path / "ours.pdf"
    write_pdf(report, ours)
    printer = _printer(report)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    _paint_to(build_layout(report), printer)

    def boxes(path):
        doc = pdfium.PdfDocument(str(path))
        out = []
        for page in doc:
            text = page.get_textpage()
            out.append([text.get_charbox(i)[:2] for i in range(min(40, text.count_chars()))])
        return out

    a, b = boxes(ours), boxes(tmp_path / "printed.pdf")
    assert len(a) == len(b) >= 3
    for page_a, page_b in zip(a, b, strict=True):
        for (x_a, y_a), (x_b, y_b) in zip(page_a, page_b, strict=True):
            assert abs(x_a - x_b) < 1 and abs(y_a - y_b) < 1
