"""Last year's text beside this year's on a narrative page, read-only: the user writes anew with last
year in sight (a splitter: the editor on the left, last year's words on the right). Shown only while the
report carries ``last_year``; the tables' counterpart is ``last_year_table.py``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QSplitter, QVBoxLayout, QWidget

from editor.ui.document import ReportDocument
from editor.ui.palette import muted_style

LAST_BG = "#F7F7F2"


def last_year_label(doc: ReportDocument) -> str:
    last = doc.report.last_year
    if last is None:
        return ""
    return f"上年报告（{last.meta.year}年度，{last.edition.name}）"




class LastYearTextPane(QWidget):
    """Last year's text of one section, read-only (it can be selected, not edited)."""

    def __init__(self, doc: ReportDocument, section_id: str, this_year: QLabel, parent: QWidget | None = None):
        super().__init__(parent)
        self.doc = doc
        self.this_year = this_year  # "本年" over the editor, so that the two columns read as a pair
        self.section_id = section_id
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setStyleSheet(muted_style(self.title.palette()))
        layout.addWidget(self.title)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setStyleSheet(f"QPlainTextEdit {{ background: {LAST_BG}; color: #333; }}")
        self.text.setPlaceholderText("上年报告的这一部分为空")
        layout.addWidget(self.text, 1)
        self.refresh()
        doc.changed.connect(self.refresh)

    def refresh(self) -> None:
        last = self.doc.report.last_year
        self.setVisible(last is not None)
        self.this_year.setVisible(last is not None)
        if last is None:
            return
        self.this_year.setText(f"本年（{self.doc.report.meta.year}年度）")
        self.title.setText(f"上年（{last.meta.year}年度）原文 · 只读，供对照")
        self.title.setToolTip(f"{last_year_label(self.doc)}的这一部分。请按本年度实际情况重写，"
                              "照搬上年文字会被评议为内容雷同")
        text = last.text(self.section_id)
        if self.text.toPlainText() != text:
            self.text.setPlainText(text)


def text_with_last_year(page) -> QSplitter:
    """The page's editor with last year's text to its right; the pane hides while there is no last year."""
    splitter = QSplitter(Qt.Orientation.Horizontal)
    mine = QWidget()
    box = QVBoxLayout(mine)
    box.setContentsMargins(0, 0, 0, 0)
    this_year = QLabel()
    this_year.setStyleSheet(muted_style(this_year.palette()))
    box.addWidget(this_year)
    box.addWidget(page.editor, 1)
    splitter.addWidget(mine)
    page.last_year_pane = LastYearTextPane(page.doc, page.section_id, this_year)
    splitter.addWidget(page.last_year_pane)
    splitter.setChildrenCollapsible(False)
    splitter.setStretchFactor(0, 3)
    splitter.setStretchFactor(1, 2)
    return splitter
