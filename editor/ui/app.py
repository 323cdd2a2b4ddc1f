"""Starting the editor: the QApplication with Qt's Chinese translations and the icon, the window,
the crash-recovery offer, and the offscreen screenshot mode."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

ORG_NAME = "gov-report-editor"
APP_ID = "report-editor"


def application(offscreen: bool = False, icon_later: bool = False):
    """The QApplication (created once), in Chinese. ``icon_later``: the caller sets the window icon
    (set_window_icon) once its window shows."""
    if offscreen:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is not None:
        return app
    from editor.ui.display import guard_platform_plugin
    from editor.ui.text_language import prefer_simplified_chinese

    prefer_simplified_chinese()  # Simplified Chinese glyph forms whatever the locale (text_language.py)
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
    if not icon_later:
        set_window_icon(app)
    return app


def set_window_icon(app) -> None:
    """The program's icon on every window, in the small sizes title and task bars show."""
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QIcon

    from editor.resources import window_icons

    icon = QIcon()
    for size, path in window_icons():  # each size given, so that Qt reads no file to learn it
        icon.addFile(str(path), QSize(size, size))
    if not icon.isNull():
        app.setWindowIcon(icon)  # windows already shown take it too (Qt tells them)


def run(path: Path | None = None, result=None, section: str | None = None) -> int:
    """Show the window; ``result`` is the ImportResult already read from ``path`` (or None)."""
    # The window icon one turn after the window shows: QIcon's type (its ThemeIcon enum has ~100 members)
    # costs ~1.5 ms to create, and title and task bars take the icon when it comes (see _after_shown).
    app = application(icon_later=True)
    from PySide6.QtCore import QTimer

    from editor.ui.main_window import MainWindow

    # Built once, for the file being opened; only the page shown first is built before it shows.
    # The menus' commands wait for the window too (a closed menu looks the same): see _after_shown.
    if result is not None and path is not None:
        window = MainWindow.opened(path, result, section or "meta", menus_later=True)
        _install_crash_box(window)
        window.show()
        window.announce_open(path, result)  # the import log opens over the window
    else:
        window = MainWindow(section=section or "meta", menus_later=True)
        _install_crash_box(window)
        window.show()
    QTimer.singleShot(0, _collect_from_now_on)
    # What the window does not wait for runs one turn later, once the first turn has painted it.
    QTimer.singleShot(0, lambda: QTimer.singleShot(0, lambda: _after_shown(window)))
    return app.exec()


def _after_shown(window) -> None:
    from PySide6.QtWidgets import QApplication

    set_window_icon(QApplication.instance())  # before any dialog (the recovery offer below) opens
    window.fill_menus()  # the commands and shortcuts of the menus (~5 ms)
    from editor import edition_cache

    edition_cache.flush()  # a cold start's edition cache (hashing and pickling, ~6 ms)
    window.offer_recovery()  # after a crash: the autosaved reports, in a dialog over the window (modal)


def _install_crash_box(window) -> None:
    """The window's last edge: an exception escaping any action (a slot) is written to a crash log and
    shown in a message box; the window and the report being edited stay as they were."""
    import sys

    def hook(kind, exc, tb) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        from editor.crash_log import crash_message, write_crash_log
        from editor.ui import dialogs

        exc.__traceback__ = tb
        try:
            dialogs.error(window, "程序内部出错", crash_message(write_crash_log(exc, "窗口操作")))
        except Exception:  # never let the hook itself fail
            sys.__excepthook__(kind, exc, tb)

    sys.excepthook = hook


def _collect_from_now_on() -> None:
    """The window is up: what start-up built lives as long as the program, so it is moved out of the
    collector's sight (gc.freeze) and collection resumes for what editing creates."""
    gc.freeze()
    gc.enable()


def screenshot(out: Path, path: Path | None, section: str, size: tuple[int, int] | None = None) -> int:
    """Render the window offscreen showing one part and save a PNG. With ``size`` (the image's pixels,
    e.g. 1366×768) the window is drawn at exactly that size, as a user's screen shows it; without it,
    the window is fitted so that the part's table shows whole. Never waits on a dialog."""
    app = application(offscreen=True)
    from PySide6.QtCore import QSize

    from editor.ui.main_window import MainWindow

    report = None
    log = []
    if path is not None:
        from editor.io.load import load

        result = load(str(path))  # ReportFileError propagates to the command
        report, log = result.report, result.log
    guard = _refuse_dialogs(app)
    # headless: closing never asks to save, and the window's layout is never stored
    window = MainWindow(report, path if path is not None and path.suffix.lower() in (".gknb", ".json") else None,
                        marked={e.cell: e.message for e in log if e.cell is not None}, section=section,
                        headless=True)
    if size is not None:
        ratio = app.primaryScreen().devicePixelRatio() if app.primaryScreen() else 1.0
        window.resize(QSize(round(size[0] / ratio), round(size[1] / ratio)))
        from editor.ui.view_menu import default_layout

        default_layout(window)  # as a first start at that size, whatever this machine remembers
        window.show()
        app.processEvents()
        window.show_section(section)
        for _ in range(3):  # pages are laid out, then the frozen headers placed
            app.processEvents()
    else:
        window.show()
        app.processEvents()
        window.fit_to_section(section)
        window.fit_to_section(section)
    image = window.grab()
    ok = image.save(str(out))
    window.autosaver.shutdown()
    window.doc.undo_stack.setClean()
    window.close()
    app.removeEventFilter(guard)
    return 0 if ok else 1


def _no_dialogs_filter():
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QDialog

    class NoDialogs(QObject):
        """Headless: a dialog that would open (and wait for a user nobody is) is refused at once."""

        def eventFilter(self, obj, event) -> bool:
            if event.type() == QEvent.Type.Show and isinstance(obj, QDialog):
                print(f"截图时跳过对话框：{obj.windowTitle()}", file=sys.stderr)
                QTimer.singleShot(0, obj.reject)
            return False

    return NoDialogs


def _refuse_dialogs(app):
    guard = _no_dialogs_filter()(app)
    app.installEventFilter(guard)
    return guard
