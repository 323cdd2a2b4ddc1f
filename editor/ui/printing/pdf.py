"""Export a report to PDF without an office suite (the window's 导出 PDF and ``convert … x.pdf``)."""

from __future__ import annotations

import os

from editor.io.fonts import DEFAULT_FONT_SET
from editor.io.native import ReportFileError
from editor.report import Report

APPLICATION = "政府信息公开年报编辑器"


def ensure_gui_application():
    """Qt's text layout and PDF writer need a QGuiApplication; the command line has none, so one is
    created, offscreen: no screen is needed to lay out text, and a QT_QPA_PLATFORM=xcb without a display
    must not stop a conversion. (Windows keeps its own platform, which never needs a display.)"""
    import sys

    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance()
    if app is None:
        if sys.platform != "win32":
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        app = QGuiApplication(["report-editor"])
    return app


def write_pdf(report: Report, path: str | os.PathLike[str], *, font_set: str = DEFAULT_FONT_SET,
              blank_as_zero: bool = True) -> str:
    """Write the report as a PDF. Atomic. Returns the Chinese note on replaced fonts ("" if none)."""
    ensure_gui_application()
    from editor.io.safe_save import write_atomic
    from editor.ui.printing.layout import build_layout
    from editor.ui.printing.pages import pdf_bytes

    try:
        printout = build_layout(report, font_set, blank_as_zero)
    except ValueError as exc:
        raise ReportFileError(f"无法导出 PDF 文件：{exc}") from None
    title = report.meta.title or report.meta.suggested_title()
    write_atomic(path, pdf_bytes(printout, title, APPLICATION))
    return printout.fonts.message
