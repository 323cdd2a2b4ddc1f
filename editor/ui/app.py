"""Starting the editor: the QApplication with Qt's Chinese translations and the icon, the window,
the crash-recovery offer, and the offscreen screenshot mode."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

ORG_NAME = "gov-report-editor"
APP_ID = "report-editor"


def application(offscreen: bool = False):
    """The QApplication (created once), in Chinese."""
    if offscreen:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is not None:
        return app
    from editor.commands.display import guard_platform_plugin

    release = guard_platform_plugin()  # no usable display: a Chinese message and exit 2, not an abort
    app = QApplication(sys.argv[:1])
    release()
    app.setOrganizationName(ORG_NAME)
    app.setApplicationName(APP_ID)
    app.setApplicationDisplayName("政府信息公开工作年度报告编辑器")
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    # Qt's own dialogs (file dialog, message box buttons) in Chinese, from the wheel's translations.
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in ("qtbase_zh_CN",):
        tr = QTranslator(app)
        if tr.load(name, folder):
            app.installTranslator(tr)
    from PySide6.QtGui import QIcon

    from editor.resources import resources_dir

    icon = resources_dir() / "icons" / "app.png"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def run(path: Path | None = None, result=None, section: str | None = None) -> int:
    """Show the window; ``result`` is the ImportResult already read from ``path`` (or None)."""
    app = application()
    from PySide6.QtCore import QTimer

    from editor.ui.main_window import MainWindow

    # Built once, for the file being opened; only the page shown first is built before it shows.
    if result is not None and path is not None:
        window = MainWindow.opened(path, result, section or "meta")
        window.show()
        window.announce_open(path, result)  # the import log opens over the window
    else:
        window = MainWindow(section=section or "meta")
        window.show()
    QTimer.singleShot(0, window.offer_recovery)
    QTimer.singleShot(0, _collect_from_now_on)
    return app.exec()


def _collect_from_now_on() -> None:
    """The window is up: what start-up built lives as long as the program, so it is moved out of the
    collector's sight (gc.freeze) and collection resumes for what editing creates."""
    gc.freeze()
    gc.enable()


def screenshot(out: Path, path: Path | None, section: str) -> int:
    """Render the window offscreen showing one part, fitted so its table shows whole; save a PNG."""
    app = application(offscreen=True)
    from editor.ui.main_window import MainWindow

    report = None
    log = []
    if path is not None:
        from editor.io.load import load

        result = load(str(path))  # ReportFileError propagates to the command
        report, log = result.report, result.log
    window = MainWindow(report, path if path is not None and path.suffix.lower() in (".gknb", ".json") else None,
                        marked={e.cell: e.message for e in log if e.cell is not None}, section=section)
    window.show()
    app.processEvents()
    window.fit_to_section(section)
    window.fit_to_section(section)
    image = window.grab()
    ok = image.save(str(out))
    window.autosaver.shutdown()
    window.doc.undo_stack.setClean()
    window.close()
    return 0 if ok else 1
