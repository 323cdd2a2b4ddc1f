"""The findings panel: every finding of the last check, errors first; click to go to its cells."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from editor.checks import ERROR, Finding
from editor.checks.titles import rule_title
from editor.ui.document import ReportDocument
from editor.ui.palette import severity_colors

if TYPE_CHECKING:  # the list is built with the first finding (see FindingsPanel.tree)
    from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

_ROLE = 256  # Qt.ItemDataRole.UserRole: naming it would build the Qt namespace at start (main_window)


def severity_word(f: Finding) -> str:
    if f.severity == ERROR:
        return "错误"
    return "已确认" if f.acknowledged else "警告"


# Rules whose findings the window can fix in one click (editor/ui/fixes.py).
FIXABLE = {"text.punctuation"}


class FindingsPanel(QWidget):
    activated = Signal(object)  # the Finding the user clicked
    fixRequested = Signal(object)  # 一键改正 of the current finding

    def __init__(self, doc: ReportDocument, parent: QWidget | None = None):
        super().__init__(parent)
        self.doc = doc
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self._tree: QTreeWidget | None = None
        buttons = QHBoxLayout()
        self.summary = QLabel()
        buttons.addWidget(self.summary, 1)
        self.ack_button = QPushButton("确认此警告…")
        self.ack_button.setToolTip("核实无误的警告可以确认并写明理由，理由保存在文件中；错误不能确认。")
        self.unack_button = QPushButton("取消确认")
        self.fix_button = QPushButton("一键改正")
        self.fix_button.setToolTip("按检查项的建议改正（可撤销）")
        self.fix_button.hide()
        buttons.addWidget(self.fix_button)
        buttons.addWidget(self.ack_button)
        buttons.addWidget(self.unack_button)
        layout.addLayout(buttons)
        self.ack_button.clicked.connect(self.acknowledge_current)
        self.unack_button.clicked.connect(lambda: self._set_ack(None))
        self.fix_button.clicked.connect(lambda: self.fixRequested.emit(self.current_finding()))
        doc.changed.connect(self.refresh)
        self.refresh()

    @property
    def tree(self) -> QTreeWidget:
        """The list of findings, built when first needed: a report without findings opens with the panel
        folded to its bar, and the list's types and widgets (~2 ms) wait for a finding to show."""
        if self._tree is None:
            from PySide6.QtWidgets import QTreeWidget

            tree = self._tree = QTreeWidget()
            tree.setColumnCount(3)
            tree.setHeaderLabels(["类别", "检查项", "说明"])
            tree.setRootIsDecorated(False)
            tree.setUniformRowHeights(True)
            tree.setWordWrap(False)
            tree.setColumnWidth(0, 70)
            tree.setColumnWidth(1, 330)
            self.layout().insertWidget(0, tree, 1)
            tree.itemClicked.connect(self._clicked)
            tree.itemActivated.connect(self._clicked)
            tree.currentItemChanged.connect(lambda *_: self._update_buttons())
        return self._tree

    def refresh(self) -> None:
        if self._tree is None and not self.doc.findings:
            self._show_counts()
            return
        current = self.current_finding()
        key = current.key if current else None
        self.tree.clear()
        colors = severity_colors(self.tree.palette())  # readable on the theme's own background
        from PySide6.QtGui import QBrush
        from PySide6.QtWidgets import QTreeWidgetItem

        for f in self.doc.findings:
            word = severity_word(f)
            item = QTreeWidgetItem([word, rule_title(f.rule), f.message])
            item.setForeground(0, QBrush(colors[word]))
            note = self.doc.report.acknowledged.get(f.key)
            item.setToolTip(2, f.message + (f"\n确认说明：{note}" if note and f.acknowledged else ""))
            item.setData(0, _ROLE, f)
            self.tree.addTopLevelItem(item)
            if f.key == key:
                self.tree.setCurrentItem(item)
        self._show_counts()

    def _show_counts(self) -> None:
        errors, warnings, acked = self.doc.counts()
        self.summary.setText(f"错误 {errors} 项，警告 {warnings} 项，已确认 {acked} 项")
        self._update_buttons()

    def current_finding(self) -> Finding | None:
        if self._tree is None:
            return None
        item = self._tree.currentItem()
        return item.data(0, _ROLE) if item is not None else None

    def _update_buttons(self) -> None:
        f = self.current_finding()
        can = f is not None and f.severity != ERROR
        self.ack_button.setEnabled(can and not f.acknowledged)
        self.unack_button.setEnabled(can and f.acknowledged)
        self.fix_button.setVisible(f is not None and f.rule in FIXABLE)

    def _clicked(self, item: QTreeWidgetItem, _col: int = 0) -> None:
        self.activated.emit(item.data(0, _ROLE))

    def acknowledge_current(self) -> None:
        f = self.current_finding()
        if f is None or f.severity == ERROR:
            return
        from PySide6.QtWidgets import QInputDialog  # not at start: its type and enums cost ~1 ms to create

        note, ok = QInputDialog.getText(self, "确认警告", f"{f.message}\n\n请写明核实情况（保存在文件中）：")
        if ok:
            self._set_ack(note.strip() or "已核实")

    def _set_ack(self, note: str | None) -> None:
        f = self.current_finding()
        if f is not None and f.severity != ERROR:
            self.doc.set_acknowledged(f.key, note)
