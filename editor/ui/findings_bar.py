"""The findings panel folds to a one-line bar with the counts (错误 N 项 警告 N 项): always while there
is nothing to show, and whenever the user folds it (remembered across sessions). The bar is the
dock's title bar, so folded the panel costs one line of a small screen's height.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import QDockWidget, QHBoxLayout, QLabel, QToolButton, QWidget

from editor.ui.document import ReportDocument
from editor.ui.palette import severity_colors

if TYPE_CHECKING:
    from PySide6.QtGui import QMouseEvent

# The bar is built at every start: it names Qt's enums by value (an int property converts to the enum),
# since naming any of them makes PySide build the whole Qt namespace (~13 ms; see main_window).
_RICH_TEXT = 1  # Qt.TextFormat.RichText
_TEXT_BESIDE_ICON = 2  # Qt.ToolButtonStyle.ToolButtonTextBesideIcon

SETTING = "findings/folded"
_DEFAULT_HEIGHT = 170  # the panel's first unfolded height: about seven findings


class FindingsBar(QWidget):
    """检查结果 · counts · 展开/收起."""

    toggled = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 1, 4, 1)
        layout.setSpacing(10)
        self.title = QLabel("检查结果")
        self.title.setStyleSheet("font-weight: bold;")  # not a QFont: see pages.heading
        self.counts = QLabel()
        self.counts.setProperty("textFormat", _RICH_TEXT)
        self.button = QToolButton()
        self.button.setAutoRaise(True)
        self.button.setProperty("toolButtonStyle", _TEXT_BESIDE_ICON)
        self.button.clicked.connect(self.toggled)
        layout.addWidget(self.title)
        layout.addWidget(self.counts)
        layout.addStretch(1)
        self.tools = QHBoxLayout()  # the panel's buttons (确认此警告…) move here: one line less
        self.tools.setSpacing(4)
        layout.addLayout(self.tools)
        layout.addWidget(self.button)
        self.setToolTip("单击展开或收起检查结果")

    def enterEvent(self, event) -> None:
        # The hand cursor is set when the mouse first comes: a cursor shape is a Qt enum (see above).
        if not getattr(self, "_hand", False):
            from PySide6.QtCore import Qt

            self.setCursor(Qt.CursorShape.PointingHandCursor)
            self._hand = True
        super().enterEvent(event)

    # A click folds or unfolds; a drag is left to the dock (moving, floating), as Qt asks of a title bar.
    def mousePressEvent(self, event: QMouseEvent) -> None:
        from PySide6.QtCore import Qt

        self._pressed = event.position().toPoint() if event.button() == Qt.MouseButton.LeftButton else None
        event.ignore()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        event.ignore()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        from PySide6.QtCore import Qt

        pressed, self._pressed = getattr(self, "_pressed", None), None
        if (pressed is not None and event.button() == Qt.MouseButton.LeftButton
                and (event.position().toPoint() - pressed).manhattanLength() < 6):
            self.toggled.emit()
        event.ignore()

    def show_counts(self, errors: int, warnings: int, acked: int) -> None:
        colors = severity_colors(self.palette())
        def part(word: str, n: int, color_key: str) -> str:
            color = colors[color_key] if n else colors["已确认"]
            return f"<span style='color:{color.name()}'>{word} {n} 项</span>"
        text = part("错误", errors, "错误") + "　" + part("警告", warnings, "警告")
        if acked:
            text += "　" + part("已确认", acked, "已确认")
        if not (errors or warnings or acked):
            text = f"<span style='color:{colors['通过'].name()}'>未发现问题</span>"
        self.counts.setText(text)

    def show_folded(self, folded: bool, can_unfold: bool) -> None:
        # ▲ ▼ are in every Chinese font (GBK); ▴ ▾ are not, and made Qt load a second face for them.
        self.button.setText("展开 ▲" if folded else "收起 ▼")
        self.button.setEnabled(can_unfold or not folded)


class FindingsFold(QObject):
    """Folds and unfolds the findings dock; the user's choice is remembered in QSettings."""

    userFoldedChanged = Signal(bool)

    def __init__(self, dock: QDockWidget, doc: ReportDocument):
        super().__init__(dock)
        self.dock = dock
        self.doc = doc
        self.bar = FindingsBar(dock)
        dock.setTitleBarWidget(self.bar)
        panel = dock.widget()
        for name in ("ack_button", "unack_button"):
            button = getattr(panel, name, None)
            if button is not None:
                self.bar.tools.addWidget(button)
        if getattr(panel, "summary", None) is not None:
            panel.summary.hide()  # the bar shows the counts
        self.bar.toggled.connect(self.toggle)
        self._height = _DEFAULT_HEIGHT
        self._folded: bool | None = None
        self._report: object = None  # the report the state was chosen for
        self._user_folded = bool(QSettings().value(SETTING, False, type=bool))
        doc.changed.connect(self.refresh)
        self.refresh()

    @property
    def user_folded(self) -> bool:
        return self._user_folded

    def set_user_folded(self, folded: bool) -> None:
        if folded != self._user_folded:
            self._user_folded = folded
            QSettings().setValue(SETTING, folded)
            self.userFoldedChanged.emit(folded)
        self._report = None  # the user's choice applies now
        self.refresh()

    def toggle(self) -> None:
        if self.is_folded() and not self.doc.findings:
            return  # nothing to unfold to
        self.set_user_folded(not self.is_folded())

    def unfold(self) -> None:
        """Open the panel for this report (F8, a click on the counts) without changing the remembered choice."""
        if self.doc.findings and self.is_folded():
            self._apply(False)
            self.bar.show_folded(False, True)

    def is_folded(self) -> bool:
        return bool(self._folded)

    def refresh(self) -> None:
        """Runs after every edit. The panel opens by itself only when a report is opened: while the user
        types, a column of 三 goes out of balance and back with each digit, and a panel opening and
        closing under the cursor would be worse than the red counts in the bar. It folds by itself
        once nothing is left to show."""
        findings = bool(self.doc.findings)
        self.bar.show_counts(*self.doc.counts())
        if self.doc.report is not self._report:
            self._report = self.doc.report
            folded = self._user_folded or not findings
        else:
            folded = bool(self._folded) or not findings
        self.bar.show_folded(folded, findings)
        if folded != self._folded:
            self._apply(folded)

    def _apply(self, folded: bool) -> None:
        dock, panel = self.dock, self.dock.widget()
        window = dock.parentWidget()
        if folded:
            if self._folded is False and panel is not None and panel.height() > 40:
                self._height = panel.height() + self.bar.height()  # unfolding returns to it
            if panel is not None:
                panel.hide()
            dock.setFixedHeight(self.bar.sizeHint().height())
            self._show_tools(False)
        else:
            dock.setMinimumHeight(0)
            dock.setMaximumHeight(16_777_215)
            if panel is not None:
                panel.show()
            self._show_tools(True)
            if hasattr(window, "resizeDocks"):
                from PySide6.QtCore import Qt

                window.resizeDocks([dock], [min(self._height, self._needed())], Qt.Orientation.Vertical)
        self._folded = folded

    def _needed(self) -> int:
        """The height that shows every finding: two findings need no 170 pixels of the table's room."""
        tree = getattr(self.dock.widget(), "tree", None)
        if tree is None or tree.topLevelItemCount() == 0:
            return self._height
        rows = tree.topLevelItemCount()
        row_h = max(tree.sizeHintForRow(0), tree.fontMetrics().height() + 4)
        panel_margins = 12
        need = (self.bar.sizeHint().height() + tree.header().sizeHint().height() + rows * row_h
                + 2 * tree.frameWidth() + panel_margins)
        window = self.dock.parentWidget()
        # Never more than a quarter of a small screen's window: the tables need the room more.
        cap = max(110, window.height() // 4) if window is not None and window.height() > 0 else need
        return min(need, cap)

    def _show_tools(self, on: bool) -> None:
        for i in range(self.bar.tools.count()):
            w = self.bar.tools.itemAt(i).widget()
            if w is not None:
                w.setVisible(on)

    def unfolded_height(self) -> int:
        return self._height

    def restore_height(self, height: int) -> None:
        """The unfolded height remembered from the last session."""
        if height > 60:
            self._height = height
