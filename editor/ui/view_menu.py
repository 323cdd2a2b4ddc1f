"""视图 menu and the window's remembered layout: zoom of the tables, the foldable findings panel,
and the window's geometry, dock and splitter sizes (QSettings), restored at the next start.

``install(window)`` plugs it into the main window, ``install_menu(window)`` adds the menu's commands;
``save(window)`` runs when the window closes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QRect, QSettings, QSize
from PySide6.QtWidgets import QListView, QSplitter

from editor.ui import zoom
from editor.ui.findings_bar import FindingsFold

if TYPE_CHECKING:
    from PySide6.QtGui import QKeySequence

GEOMETRY = "window/geometry"
STATE = "window/state"
SPLITTER = "window/splitter"
FINDINGS_HEIGHT = "findings/height"
_NAV_WIDTH = 220  # the section list's first width: the longest heading wraps into two lines below it


def install(window) -> None:
    window.findings_fold = FindingsFold(window.findings_dock, window.doc)
    nav = window.nav  # long headings wrap instead of needing a horizontal scroll bar
    nav.setWordWrap(True)
    nav.setResizeMode(QListView.ResizeMode.Adjust)
    # Qt.ScrollBarPolicy.ScrollBarAlwaysOff, by value: naming it would build the Qt namespace at start
    # (~13 ms; see main_window._restore_layout); the int property converts to the enum.
    nav.setProperty("horizontalScrollBarPolicy", 1)
    restore(window)


def install_menu(window) -> None:
    """The commands of 视图: zoom of the tables, folding the findings panel."""
    from PySide6.QtGui import QAction, QKeySequence  # with the menus, not at start (main_window.fill_menus)

    menu = window.menus["view"]
    bigger = QAction("放大表格", window)
    bigger.setShortcuts(_keys("Ctrl+=", "Ctrl++", QKeySequence.StandardKey.ZoomIn))
    bigger.triggered.connect(lambda _c=False: window.show_message(_zoom_note(zoom.step(1))))
    smaller = QAction("缩小表格", window)
    smaller.setShortcuts(_keys("Ctrl+-", QKeySequence.StandardKey.ZoomOut))
    smaller.triggered.connect(lambda _c=False: window.show_message(_zoom_note(zoom.step(-1))))
    actual = QAction("实际大小", window)
    actual.setShortcuts([QKeySequence("Ctrl+0")])  # setShortcut would build the Qt namespace (main_window)
    actual.triggered.connect(lambda _c=False: window.show_message(_zoom_note(zoom.step(0))))
    for a in (bigger, smaller, actual):
        a.setStatusTip("也可按住 Ctrl 滚动鼠标滚轮缩放表格")
        menu.addAction(a)
    menu.addSeparator()
    fold = QAction("收起检查结果", window)
    fold.setCheckable(True)
    fold.setStatusTip("检查结果收起为一行，只显示错误和警告的数量；没有问题时自动收起")
    fold.setChecked(window.findings_fold.user_folded)
    fold.toggled.connect(window.findings_fold.set_user_folded)
    window.findings_fold.userFoldedChanged.connect(fold.setChecked)
    menu.addAction(fold)
    window.zoom_actions = (bigger, smaller, actual)
    window.fold_action = fold


def _keys(*keys) -> list[QKeySequence]:
    """Distinct sequences: a platform's standard zoom key often repeats ours, and a sequence bound
    twice is ambiguous, so that Qt triggers neither."""
    from PySide6.QtGui import QKeySequence

    out: list[QKeySequence] = []
    for k in keys:
        for seq in QKeySequence.keyBindings(k) if isinstance(k, QKeySequence.StandardKey) else [QKeySequence(k)]:
            if not seq.isEmpty() and seq not in out:
                out.append(seq)
    return out


def _zoom_note(factor: float) -> str:
    return f"表格显示比例：{round(factor * 100)}%"


def _splitter(window) -> QSplitter | None:
    central = window.centralWidget()
    return central if isinstance(central, QSplitter) else None


def restore(window) -> bool:
    """The window as the user left it; False (and the default layout) the first time."""
    s = QSettings()
    fold = window.findings_fold
    try:
        fold.restore_height(int(s.value(FINDINGS_HEIGHT, 0)))
    except (TypeError, ValueError):
        pass
    splitter = _splitter(window)
    geometry = s.value(GEOMETRY)
    if not isinstance(geometry, QByteArray) or not window.restoreGeometry(geometry):
        default_layout(window)
        return False
    state = s.value(STATE)
    if isinstance(state, QByteArray):
        window.restoreState(state)
    sizes = s.value(SPLITTER)
    if splitter is not None and isinstance(sizes, QByteArray):
        splitter.restoreState(sizes)
    fold.refresh()
    return True


def size_for_screen(width: int, height: int, available: QRect | None) -> QSize:
    """A window's or dialog's first size, never larger than the screen's free area (a 1366×768 screen
    with a taskbar leaves about 1366×728)."""
    if available is None or available.width() <= 0 or available.height() <= 0:
        return QSize(width, height)
    return QSize(min(width, available.width() * 95 // 100), min(height, available.height() * 90 // 100))


def default_layout(window) -> None:
    """The first start's split, for the window's present width: the section list narrower on a
    small screen (1366×768 at 125 % leaves 1093 pixels), so that 表三 fits beside it."""
    splitter = _splitter(window)
    if splitter is not None:
        nav = min(_NAV_WIDTH, max(150, window.width() * 16 // 100))
        splitter.setSizes([nav, max(400, window.width() - nav)])


def save(window) -> None:
    s = QSettings()
    s.setValue(GEOMETRY, window.saveGeometry())
    s.setValue(STATE, window.saveState())
    splitter = _splitter(window)
    if splitter is not None:
        s.setValue(SPLITTER, splitter.saveState())
    fold = window.findings_fold
    if not fold.is_folded():
        panel = window.findings_dock
        fold.restore_height(panel.height())
    s.setValue(FINDINGS_HEIGHT, fold.unfolded_height())
