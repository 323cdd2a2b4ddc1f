"""After a crash: every recovery file left behind, in one list (机关, 年度, 自动保存时间, 原文件). The user
restores one, discards one explicitly, or keeps them all for later; nothing is deleted otherwise, and a
file that cannot be read is kept and its place shown."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from editor.ui.recovery_files import Recovery, orphaned_recoveries


def _dialogs():
    from editor.ui import dialogs

    return dialogs


def describe(rec: Recovery) -> list[str]:
    """The row shown for a recovery file: agency, year, time, original file, state."""
    year = f"{rec.year}年度" if rec.year else "（未填年度）"
    state = f"无法读取：{rec.problem}" if rec.problem else "可恢复"
    return [rec.agency or rec.title or "（未填机关名称）", year, rec.saved_at.replace("T", " ") or "（时间不详）",
            rec.source or "未保存过的新报告", state]


class RecoveryDialog(QDialog):
    """The list of recovery files; ``chosen`` is the one to restore after ``exec`` accepted."""

    def __init__(self, recoveries: list[Recovery], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("恢复自动保存的内容")
        self.recoveries = list(recoveries)
        self.chosen: Recovery | None = None
        layout = QVBoxLayout(self)
        intro = QLabel(f"上次程序意外退出，留下了{len(self.recoveries)}份自动保存的内容。请选择要恢复的一份；"
                       "未恢复的会保留，下次启动时（或在“文件→恢复自动保存的内容”中）仍可恢复。")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.tree = QTreeWidget()
        self.tree.setRootIsDecorated(False)
        self.tree.setHeaderLabels(["机关名称", "年度", "自动保存时间", "原文件", "状态"])
        self.tree.setColumnWidth(0, 200)
        self.tree.setColumnWidth(2, 150)
        self.tree.setColumnWidth(3, 220)
        layout.addWidget(self.tree, 1)
        self.where = QLabel()
        self.where.setWordWrap(True)
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.where)
        buttons = QDialogButtonBox()
        self.restore_button = QPushButton("恢复选中的报告")
        self.discard_button = QPushButton("删除选中的自动保存…")
        later = QPushButton("以后再说")
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.discard_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.addButton(later, QDialogButtonBox.ButtonRole.RejectRole)
        layout.addWidget(buttons)
        self.restore_button.clicked.connect(self.restore_selected)
        self.discard_button.clicked.connect(self.discard_selected)
        later.clicked.connect(self.reject)
        self.tree.currentItemChanged.connect(lambda *_: self._update())
        self.tree.itemDoubleClicked.connect(lambda *_: self.restore_selected())
        self._fill()
        self.resize(860, 320)

    def _fill(self) -> None:
        self.tree.clear()
        for i, rec in enumerate(self.recoveries):
            item = QTreeWidgetItem(describe(rec))
            item.setData(0, Qt.ItemDataRole.UserRole, i)
            item.setToolTip(4, f"{item.text(4)}\n{rec.report_path}")
            self.tree.addTopLevelItem(item)
        first = next((i for i, r in enumerate(self.recoveries) if not r.problem), 0)
        if self.recoveries:
            self.tree.setCurrentItem(self.tree.topLevelItem(first))
        self._update()

    def select(self, rec: Recovery) -> None:
        self.tree.setCurrentItem(self.tree.topLevelItem(self.recoveries.index(rec)))

    def current(self) -> Recovery | None:
        item = self.tree.currentItem()
        return None if item is None else self.recoveries[item.data(0, Qt.ItemDataRole.UserRole)]

    def _update(self) -> None:
        rec = self.current()
        self.restore_button.setEnabled(rec is not None and not rec.problem)
        self.discard_button.setEnabled(rec is not None)
        self.where.setText("" if rec is None else f"文件位置：{rec.report_path}")

    def restore_selected(self) -> None:
        rec = self.current()
        if rec is None:
            return
        if rec.problem:
            _dialogs().error(self, "无法恢复",
                             f"{rec.problem}\n\n这份自动保存的文件没有删除，保留在：\n{rec.report_path}")
            return
        self.chosen = rec
        self.accept()

    def discard_selected(self) -> None:
        rec = self.current()
        if rec is None:
            return
        text = f"删除这份自动保存的内容？删除后无法找回。\n\n{'　'.join(describe(rec)[:3])}\n{rec.report_path}"
        if not _dialogs().question(self, "删除自动保存", text):
            return
        rec.discard()
        self.recoveries.remove(rec)
        if not self.recoveries:
            self.reject()
            return
        self._fill()


def offer(window, recoveries: list[Recovery] | None = None, *, quiet: bool = True) -> bool:
    """Offer the recovery files left by crashed windows; True when one was restored into ``window``.

    The restored content is autosaved by ``window`` before the crashed session's file is deleted;
    every other file is kept. ``quiet`` False says so when there is nothing to recover (menu)."""
    recs = orphaned_recoveries() if recoveries is None else recoveries
    if not recs:
        if not quiet:
            _dialogs().info(window, "恢复自动保存的内容", "没有需要恢复的自动保存内容。")
        return False
    dlg = RecoveryDialog(recs, window)
    restored = False
    try:
        if dlg.exec() == QDialog.DialogCode.Accepted and dlg.chosen is not None and window.maybe_save():
            rec = dlg.chosen
            window._set_report(rec.load(), Path(rec.source) if rec.source else None)
            window.doc.mark_modified()
            restored = True
            if window.autosaver.autosave():
                rec.discard()  # its content lives on in this window's own recovery file
            else:
                window.show_message(f"已恢复，但暂时无法写入新的自动保存文件；原自动保存文件保留在 {rec.report_path}")
    finally:
        for rec in dlg.recoveries:
            if rec.report_path.exists():
                rec.release()
    left = [r for r in dlg.recoveries if r.report_path.exists() and r is not dlg.chosen]
    if left:
        window.show_message(f"另有{len(left)}份自动保存的内容已保留，可在“文件→恢复自动保存的内容”中恢复")
    return restored
