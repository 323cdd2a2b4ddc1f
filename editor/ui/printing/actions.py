"""文件 → 打印… / 打印预览 / 导出 PDF: the window's entry points, all painting the one layout."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QFileDialog, QWidget

from editor.io.fonts import DEFAULT_FONT_SET
from editor.io.native import ReportFileError
from editor.io.oserror import os_reason
from editor.report import Report
from editor.ui.printing.layout import PrintLayout, build_layout, page_layout
from editor.ui.printing.pages import paint


def _printer(report: Report) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(page_layout())
    printer.setDocName(report.meta.title or report.meta.suggested_title() or "年报")
    return printer


def _paint_to(printout: PrintLayout, printer: QPrinter) -> None:
    """Paint the pages the printer asks for (its from/to page range, 1-based; 0 = all)."""
    first, last = printer.fromPage(), printer.toPage()
    pages = range(printout.page_count)
    if first and last:
        pages = range(max(0, first - 1), min(printout.page_count, last))
    painter = QPainter()
    if not painter.begin(printer):
        raise ReportFileError("无法开始打印：打印机不可用")
    try:
        paint(printout, painter, printer, pages)
    finally:
        painter.end()


def preview_dialog(parent: QWidget | None, report: Report, font_set: str = DEFAULT_FONT_SET
                   ) -> QPrintPreviewDialog:
    """The print preview of the report (not shown yet): the same pages as the PDF and the printer."""
    printout = build_layout(report, font_set)
    printer = _printer(report)
    dlg = QPrintPreviewDialog(printer, parent)
    dlg.kept_printer = printer  # the dialog does not own it: Python must keep it alive
    dlg.setWindowTitle("打印预览" + (f"（{printout.fonts.message}）" if printout.fonts.message else ""))
    dlg.paintRequested.connect(lambda printer: _paint_to(printout, printer))
    dlg.printout = printout  # kept alive with the dialog (and read by tests)
    dlg.resize(900, 700)
    return dlg


def print_dialog(parent: QWidget | None, report: Report, font_set: str = DEFAULT_FONT_SET
                 ) -> tuple[QPrintDialog, QPrinter, PrintLayout]:
    printout = build_layout(report, font_set)
    printer = _printer(report)
    dlg = QPrintDialog(printer, parent)
    dlg.setWindowTitle("打印")
    dlg.setMinMax(1, printout.page_count)
    return dlg, printer, printout


def print_report(parent: QWidget | None, report: Report) -> str:
    """Ask for a printer, print. Returns a Chinese note for the status bar ("" when cancelled)."""
    dlg, printer, printout = print_dialog(parent, report)
    if dlg.exec() != QPrintDialog.DialogCode.Accepted:
        return ""
    _paint_to(printout, printer)
    note = printout.fonts.message
    return f"已送往打印机：共{printout.page_count}页" + (f"。{note}" if note else "")


def preview_report(parent: QWidget | None, report: Report) -> None:
    preview_dialog(parent, report).exec()


def export_pdf(parent: QWidget | None, report: Report, base: Path) -> str:
    """Ask where, write the PDF. Returns the status-bar note ("" when cancelled); raises ReportFileError."""
    from editor.ui.printing.pdf import write_pdf

    name, _ = QFileDialog.getSaveFileName(parent, "导出 PDF", str(base.with_suffix(".pdf")), "PDF 文件 (*.pdf)")
    if not name:
        return ""
    path = Path(name)
    if path.suffix.lower() != ".pdf":
        path = path.with_name(path.name + ".pdf")
    try:
        note = write_pdf(report, path)
    except OSError as exc:
        raise ReportFileError(f"无法写入 {path}：{os_reason(exc)}") from None
    return f"已导出 {path}" + (f"。{note}" if note else "")
