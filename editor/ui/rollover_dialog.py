"""「由上年报告新建」: last year's report is read; here the user picks the new year and sees, before
anything is created, what will be carried over (the notes of ``editor.rollover.roll_forward``)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from editor.report import Report
from editor.rollover import Rollover, roll_forward
from editor.schema import edition_for_year

KIND_WORDS = {"department": "部门", "government": "人民政府"}
ALWAYS = ("本年其他数字一律空白，请按本年度实际填写",
          "正文一至六部分从官方小标题开始，不沿用上年文字（照搬上年会被评议为内容雷同）",
          "上年报告全文保存在新报告中：各页旁边可对照上年的文字和数字，上年结转等跨年度检查随之进行")


class RolloverDialog(QDialog):
    def __init__(self, last: Report, source: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.last = last
        self.setWindowTitle("由上年报告新建")
        self.resize(600, 420)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)
        m = last.meta
        form.addRow("上年报告：", QLabel(source))
        about = QLabel(f"{m.agency or '（未填写机关名称）'}　{m.year}年度　{KIND_WORDS.get(m.kind, '')}　"
                       f"{last.edition.name}")
        about.setWordWrap(True)
        form.addRow("", about)
        self.year = QSpinBox()
        self.year.setRange(m.year + 1, max(m.year + 1, 2100))
        self.year.setValue(m.year + 1)
        form.addRow("新报告年度：", self.year)
        self.edition = QLabel()
        form.addRow("格式版本：", self.edition)
        self.title = QLabel()
        self.title.setWordWrap(True)
        form.addRow("报告标题：", self.title)
        layout.addWidget(QLabel("新报告将："))
        self.notes = QPlainTextEdit()
        self.notes.setReadOnly(True)
        layout.addWidget(self.notes, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("新建")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.rollover: Rollover = roll_forward(last, self.year.value())
        self.year.valueChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        year = self.year.value()
        self.rollover = roll_forward(self.last, year)
        ed = edition_for_year(year)
        self.edition.setText(ed.name)
        self.title.setText(self.rollover.report.meta.title or "（上年报告没有机关名称，请在“基本信息”中填写）")
        lines = list(self.rollover.notes) + list(ALWAYS)
        if year != self.last.meta.year + 1:
            gap = year - self.last.meta.year - 1
            lines.insert(0, f"注意：上年报告是{self.last.meta.year}年度，新报告是{year}年度，中间相隔{gap}年，"
                            "上年结转和跨年度检查将以所选报告为准")
        self.notes.setPlainText("\n".join(f"· {line}" for line in lines))
