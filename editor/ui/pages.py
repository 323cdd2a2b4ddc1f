"""Pages of the main window: the base class and 基本信息 (the narrative sections: text_page.py; the table
pages: table_page.py, each imported when its first page is built, so their Qt types are not made at start)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QSize, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from editor.report import KINDS, Meta, default_report_year
from editor.schema import CellRef, edition_for_year
from editor.ui.document import ReportDocument
from editor.ui.palette import muted_style

KIND_NAMES = {"department": "部门（1月31日前公布）", "government": "人民政府（3月31日前公布）"}


def heading(text: str) -> QLabel:
    """A page's title: bold, a quarter larger than the text. Set by a style sheet: touching a QFont from
    Python would make PySide create its type and eight enums (~2 ms) while the window starts."""
    label = QLabel(text)
    label.setStyleSheet(f"font-size: {label.fontInfo().pointSizeF() * 1.25:g}pt; font-weight: bold;")
    return label


class Page(QWidget):
    """A page of the main window; ``section_id`` is the part of the report it shows."""

    message = Signal(str)

    def __init__(self, doc: ReportDocument, section_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.doc = doc
        self.section_id = section_id

    def full_size(self) -> QSize:
        """The size at which everything on the page shows (for screenshots and the first window size)."""
        return self.sizeHint()

    def show_cells(self, refs: list[CellRef]) -> bool:
        return False

    def commit_text(self) -> None:
        """Write text still being typed into the report (before saving): text pages only."""

    def show_text(self, start: int, end: int) -> None:
        pass


class MetaPage(Page):
    """基本信息: agency, kind, year, title (suggested from agency and year), publication date.

    Every change is one undo step; a year across an edition boundary is handed to the window, which
    asks before converting (``yearNeedsEdition``)."""

    yearNeedsEdition = Signal(object)  # the Meta the user asked for, whose year needs another edition

    def __init__(self, doc: ReportDocument, parent: QWidget | None = None):
        super().__init__(doc, "meta", parent)
        outer = QVBoxLayout(self)
        outer.addWidget(heading("基本信息"))
        form = QFormLayout()
        outer.addLayout(form)
        self.agency = QLineEdit()
        self.agency.setPlaceholderText("如：某某区商务局")
        self.kind = QComboBox()
        for k in KINDS:
            self.kind.addItem(KIND_NAMES[k], k)
        self.year = QSpinBox()
        self.year.setRange(2008, 2100)  # the 条例 took effect in 2008
        self.year.setKeyboardTracking(False)
        self.title = QLineEdit()
        self.suggest = QPushButton("按机关名称和年度生成")
        title_row = QHBoxLayout()
        title_row.addWidget(self.title, 1)
        title_row.addWidget(self.suggest)
        self.has_date = QCheckBox("已确定")
        self.published = QDateEdit()
        self.published.setCalendarPopup(True)
        self.published.setDisplayFormat("yyyy年M月d日")
        date_row = QHBoxLayout()
        date_row.addWidget(self.has_date)
        date_row.addWidget(self.published)
        date_row.addStretch(1)
        self.edition_label = QLabel()
        self.edition_label.setWordWrap(True)
        form.addRow("机关名称：", self.agency)
        form.addRow("报告主体：", self.kind)
        form.addRow("报告年度：", self.year)
        form.addRow("报告标题：", title_row)
        form.addRow("发布日期：", date_row)
        form.addRow("格式版本：", self.edition_label)
        note = QLabel("格式版本由年度决定：2020年及以前为2019年版格式，2021年起为2021年版格式。"
                      "部门年报应于次年1月31日前公布，人民政府年报应于次年3月31日前公布。")
        note.setWordWrap(True)
        note.setStyleSheet(muted_style(note.palette()))
        outer.addWidget(note)
        outer.addStretch(1)
        self._loading = False
        self.load()
        self.agency.editingFinished.connect(self.commit)
        self.title.editingFinished.connect(self.commit)
        self.kind.currentIndexChanged.connect(self.commit)
        self.year.valueChanged.connect(self.commit)
        self.has_date.toggled.connect(self._date_toggled)
        self.published.dateChanged.connect(self.commit)
        self.suggest.clicked.connect(self._suggest_title)
        doc.metaChangedOutside.connect(self.load)

    def load(self) -> None:
        m = self.doc.report.meta
        self._loading = True
        try:
            self.agency.setText(m.agency)
            self.kind.setCurrentIndex(max(0, self.kind.findData(m.kind)))
            self.year.setValue(m.year or default_report_year())
            self.title.setText(m.title)
            self.has_date.setChecked(m.published is not None)
            self.published.setEnabled(m.published is not None)
            d = m.published or date(max(m.year, 2008) + 1, 1, 20)
            self.published.setDate(QDate(d.year, d.month, d.day))
            self.edition_label.setText(self.doc.report.edition.name)
        finally:
            self._loading = False

    def _date_toggled(self, on: bool) -> None:
        self.published.setEnabled(on)
        self.commit()

    def _suggest_title(self) -> None:
        meta = self.current_meta()
        self.title.setText(meta.suggested_title())
        self.commit()

    def current_meta(self) -> Meta:
        old = self.doc.report.meta
        d = self.published.date()
        meta = Meta(agency=self.agency.text().strip(), kind=self.kind.currentData(), year=self.year.value(),
                    title=self.title.text().strip(),
                    published=date(d.year(), d.month(), d.day()) if self.has_date.isChecked() else None)
        # The title follows agency and year while it is still the suggested one (or empty).
        if (meta.agency, meta.year) != (old.agency, old.year) and old.title in ("", old.suggested_title()):
            meta.title = meta.suggested_title()
        return meta

    def commit(self) -> None:
        if self._loading:
            return
        meta = self.current_meta()

        if meta.year != self.doc.report.meta.year and edition_for_year(meta.year).id != self.doc.report.edition_id:
            self.yearNeedsEdition.emit(meta)
            self.load()  # shows the document's state: the window changes it once the user chose
            return
        if not self.doc.set_meta(meta, "修改基本信息"):
            return
        self.load()


def __getattr__(name: str):
    # TextPage moved to text_page.py (its text-editing Qt types cost ~4 ms to create); still importable here.
    if name == "TextPage":
        from editor.ui.text_page import TextPage

        return TextPage
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
