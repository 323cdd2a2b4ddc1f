"""「对比上年」: what changed since last year, number by number, and which narrative sections repeat last
year's words. It shows ``editor.compare``; double-clicking a number goes to its cell."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from editor.cell_input import format_cell
from editor.compare import Comparison, compare
from editor.report import Number
from editor.ui.document import ReportDocument
from editor.ui.pages import Page, heading
from editor.ui.palette import INK, muted_style, severity_colors

COLUMNS = ("表格", "行", "列", "上年", "本年", "增减")
SECTION_COLUMNS = ("部分", "上年字数", "本年字数", "与上年相比")
COPIED = QColor("#FFE2A8")
BLANK = "未填写"


def _num(v: Number | None) -> str:
    return BLANK if v is None else format_cell(v)


def _diff(v: Number | None) -> str:
    if v is None:
        return "—"
    return f"+{format_cell(v)}" if v > 0 else format_cell(v)


class ComparePage(Page):
    goToCell = Signal(object)  # a CellRef
    goToSection = Signal(str)
    attachRequested = Signal()

    def __init__(self, doc: ReportDocument, parent: QWidget | None = None):
        super().__init__(doc, "compare", parent)
        self.comparison = Comparison([], [], 0)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("对比上年"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        row = QHBoxLayout()
        self.only_changed = QCheckBox("只列出本年已填写且与上年不同的数字")
        self.only_changed.setChecked(True)
        self.only_changed.toggled.connect(lambda _on: self.refresh())
        row.addWidget(self.only_changed)
        row.addStretch(1)
        self.attach = QPushButton("附加上年报告…")
        self.attach.clicked.connect(self.attachRequested)
        row.addWidget(self.attach)
        layout.addLayout(row)

        self.numbers = QTableWidget(0, len(COLUMNS))
        self.numbers.setHorizontalHeaderLabels(COLUMNS)
        self.numbers.verticalHeader().hide()
        self.numbers.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.numbers.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.numbers.setWordWrap(False)
        header = self.numbers.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for i, w in enumerate((240, 300, 170, 64, 64, 64)):
            self.numbers.setColumnWidth(i, w)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # row labels are the longest
        self.numbers.itemActivated.connect(self._number_activated)
        layout.addWidget(self.numbers, 3)
        self.no_numbers = QLabel("本年已填写的数字都与上年相同，或尚未填写任何数字。取消勾选上面的选项可列出全部数字。")
        self.no_numbers.setStyleSheet(muted_style(self.palette()) + "; padding: 12px")
        self.no_numbers.hide()
        layout.addWidget(self.no_numbers, 3)

        layout.addWidget(QLabel("正文各部分："))
        self.sections = QTableWidget(0, len(SECTION_COLUMNS))
        self.sections.setHorizontalHeaderLabels(SECTION_COLUMNS)
        self.sections.verticalHeader().hide()
        self.sections.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.sections.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for i, w in enumerate((250, 70, 70)):
            self.sections.setColumnWidth(i, w)
        self.sections.horizontalHeader().setStretchLastSection(True)
        self.sections.itemActivated.connect(self._section_activated)
        layout.addWidget(self.sections, 2)
        self.stale = True
        doc.changed.connect(self._on_changed)

    # ------------------------------------------------------------------ refresh (only while shown)
    def _on_changed(self) -> None:
        self.stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event) -> None:
        if self.stale:
            self.refresh()
        super().showEvent(event)

    def refresh(self) -> None:
        self.stale = False
        report = self.doc.report
        last = report.last_year
        self.comparison = c = compare(report)
        self.attach.setText("更换上年报告…" if last is not None else "附加上年报告…")
        self.only_changed.setEnabled(last is not None)
        if last is None:
            self.summary.setText("本报告没有附加上年报告，无法对比。附加上年报告后，这里逐项列出本年与上年不同的数字，"
                                 "并指出与上年文字大量相同的正文部分；上年结转等跨年度检查也随之进行。")
            self.numbers.setRowCount(0)
            self.sections.setRowCount(0)
            self.numbers.show()
            self.no_numbers.hide()
            return
        unfilled = sum(n.this is None for n in c.changed)
        text = (f"本年（{report.meta.year}年度）与上年报告（{last.meta.year}年度）相比："
                f"{len(c.changed) - unfilled}个数字有变化，{len(c.numbers) - len(c.changed)}个相同")
        if unfilled:
            text += f"，{unfilled}个本年尚未填写"
        if c.only_this_year:
            text += f"；本年格式新增的{c.only_this_year}个单元格上年没有，不作对比"
        if c.copied:
            text += f"。{len(c.copied)}个正文部分与上年文字大量相同，请重写"
        self.summary.setText(text + "。双击一行可转到该处。")
        self._fill_numbers()
        self._fill_sections()

    def _fill_numbers(self) -> None:
        rows = ([n for n in self.comparison.changed if n.this is not None] if self.only_changed.isChecked()
                else self.comparison.numbers)
        t = self.numbers
        t.setRowCount(len(rows))
        t.setVisible(bool(rows))
        self.no_numbers.setVisible(not rows)
        for i, n in enumerate(rows):
            d = n.difference
            cells = (n.table, n.row, n.column, _num(n.last), _num(n.this), _diff(d))
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, n.ref)
                if j >= 3:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if j < 3:
                    item.setToolTip(text)
                t.setItem(i, j, item)
            if d:
                colors = severity_colors(t.palette())  # green up, red down: readable in the theme
                t.item(i, 5).setForeground(QBrush(colors["通过"] if d > 0 else colors["错误"]))

    def _fill_sections(self) -> None:
        t = self.sections
        rows = self.comparison.sections
        unwritten = {f.key.split("|", 1)[1] for f in self.doc.findings if f.rule == "text.required"}
        t.setRowCount(len(rows))
        for i, s in enumerate(rows):
            if s.copied:
                verdict = s.copied
            elif s.section == "preamble":
                verdict = "引言每年相近，不作比较"
            elif not s.this_chars or s.section in unwritten:
                verdict = "本年尚未填写"
            else:
                verdict = "未发现照搬上年文字"
            for j, text in enumerate((s.heading, str(s.last_chars), str(s.this_chars), verdict)):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, s.section)
                item.setToolTip(text)
                if s.copied:
                    item.setBackground(QBrush(COPIED))
                    item.setForeground(QBrush(INK))  # dark on the light yellow, whatever the theme
                t.setItem(i, j, item)

    def _number_activated(self, item: QTableWidgetItem) -> None:
        self.goToCell.emit(item.data(Qt.ItemDataRole.UserRole))

    def _section_activated(self, item: QTableWidgetItem) -> None:
        self.goToSection.emit(item.data(Qt.ItemDataRole.UserRole))

    def full_size(self) -> QSize:
        return QSize(960, 640)
