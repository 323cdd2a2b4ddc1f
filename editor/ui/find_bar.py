"""The find bar (Ctrl+F): finds headings, table labels and prose (editor.find) and goes to each hit."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QToolBar, QToolButton, QWidget

from editor.find import Hit, find
from editor.ui.reveal import reveal


class FindBar(QWidget):
    def __init__(self, window, parent: QWidget | None = None):
        super().__init__(parent)
        self.window_ = window
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(QLabel("查找："))
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("表格中的栏目名称或正文中的文字")
        self.edit.setClearButtonEnabled(True)
        self.edit.setMinimumWidth(260)
        layout.addWidget(self.edit)
        self.prev_button = QPushButton("上一个")
        self.next_button = QPushButton("下一个")
        layout.addWidget(self.prev_button)
        layout.addWidget(self.next_button)
        self.status = QLabel()
        layout.addWidget(self.status, 1)
        close = QToolButton()
        close.setText("×")
        close.setToolTip("关闭查找（Esc）")
        layout.addWidget(close)
        self.hits: list[Hit] = []
        self.position = -1
        self._searched = ("", -1)  # (query, document revision) of self.hits
        self.edit.textChanged.connect(lambda _t: self._reset())
        self.edit.returnPressed.connect(self.next)
        self.next_button.clicked.connect(self.next)
        self.prev_button.clicked.connect(self.previous)
        close.clicked.connect(self.close_bar)
        QShortcut(QKeySequence("Shift+Return"), self.edit, self.previous,
                  context=Qt.ShortcutContext.WidgetShortcut)
        QShortcut(QKeySequence("Esc"), self, self.close_bar, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def _reset(self) -> None:
        self.position = -1
        self._searched = ("", -1)
        self.status.clear()

    def _search(self) -> None:
        key = (self.edit.text(), self.window_.doc.revision)
        if key != self._searched:
            self.window_._commit_texts()  # find what is typed, not what was committed before
            self.hits = find(self.window_.doc.report, self.edit.text())
            self._searched = (self.edit.text(), self.window_.doc.revision)
            self.position = min(self.position, len(self.hits) - 1)

    def next(self) -> Hit | None:
        return self._step(1)

    def previous(self) -> Hit | None:
        return self._step(-1)

    def _step(self, step: int) -> Hit | None:
        self._search()
        if not self.hits:
            self.status.setText("未找到" if self.edit.text().strip() else "")
            return None
        self.position = (self.position + step) % len(self.hits)
        hit = self.hits[self.position]
        self.show_hit(hit)
        self.status.setText(f"第{self.position + 1}/{len(self.hits)}处：{hit.where}")
        self.edit.setFocus()  # Enter goes on to the next hit
        return hit

    def show_hit(self, hit: Hit) -> None:
        page = self.window_.show_section(hit.section)
        if hit.start >= 0:
            page.show_text(hit.start, hit.end)
        elif hit.table is not None:
            for view in getattr(page, "views", ()):
                p = next((p for p in view.grid.cells
                          if p.table.id == hit.table and p.cell.row == hit.row and p.cell.col == hit.col), None)
                if p is not None:
                    index = view.grid.index(p.row, p.col)
                    view.setCurrentIndex(index)
                    reveal(view, index)
                    break
        self._target = page

    def open(self) -> None:
        self.parentWidget().show() if isinstance(self.parentWidget(), QToolBar) else self.show()
        self.edit.setFocus()
        self.edit.selectAll()

    def close_bar(self) -> None:
        bar = self.parentWidget()
        (bar if isinstance(bar, QToolBar) else self).hide()
        page = self.window_.pages.get(self.window_.current_key())
        if page is not None:
            from editor.ui.navigation import focus_page

            focus_page(page)


def install(window) -> FindBar:
    """A find bar at the bottom of the window, hidden until Ctrl+F."""
    toolbar = QToolBar("查找", window)
    toolbar.setObjectName("find")
    toolbar.setMovable(False)
    bar = FindBar(window, toolbar)
    toolbar.addWidget(bar)
    window.addToolBar(Qt.ToolBarArea.BottomToolBarArea, toolbar)
    toolbar.hide()
    return bar
