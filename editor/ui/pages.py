"""Pages of the main window: 基本信息 and the narrative sections (the table pages: table_page.py)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, QSize, QTimer, Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTextEdit,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from editor.prose import char_count, indent_spans
from editor.report import KINDS, Meta, default_report_year
from editor.schema import CellRef, Section, edition_for_year
from editor.ui.document import ReportDocument
from editor.ui.palette import muted_style

KIND_NAMES = {"department": "部门（1月31日前公布）", "government": "人民政府（3月31日前公布）"}


def heading(text: str) -> QLabel:
    label = QLabel(text)
    f = label.font()
    f.setPointSizeF(f.pointSizeF() * 1.25)
    f.setBold(True)
    label.setFont(f)
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

    def show_text(self, start: int, end: int) -> None:
        pass


class TextPage(Page):
    """A narrative section: plain text; text findings are underlined in place."""

    def __init__(self, doc: ReportDocument, section: Section, parent: QWidget | None = None):
        super().__init__(doc, section.id, parent)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(section.heading))
        if section.subheads:
            hint = QLabel("常用小标题：" + " ".join(section.subheads))
            hint.setWordWrap(True)
            hint.setStyleSheet(muted_style(hint.palette()))
            layout.addWidget(hint)
        self.editor = QPlainTextEdit()
        self.editor.setPlaceholderText("在此填写本部分正文（纯文本，段落之间换行）")
        from editor.ui.last_year_text import text_with_last_year

        layout.addWidget(text_with_last_year(self), 1)  # last year's text beside, when there is one
        self.count_label = QLabel()
        self.count_label.setToolTip("不计空格和换行")
        layout.addWidget(self.count_label)
        self._indent_noted = False
        self._loading = False
        self._loaded = ("", "")  # the report's text as loaded, and as the editor shows it
        self._commit_timer = QTimer(self)
        self._commit_timer.setSingleShot(True)
        self._commit_timer.setInterval(250)  # re-check after a pause in typing, not on every key
        self._commit_timer.timeout.connect(self.commit)
        self.editor.textChanged.connect(self._on_text_changed)
        self.editor.viewport().installEventFilter(self)  # tooltips of the underlined findings
        self.load()
        doc.textChangedOutside.connect(lambda sid: self.load() if sid in ("", self.section_id) else None)
        doc.changed.connect(self.underline)

    def plain_text(self) -> str:
        """The editor's text exactly: toPlainText() turns a no-break space into a space, which would make
        a report that is merely viewed look modified."""
        return self.editor.document().toRawText().replace("\u2029", "\n")

    def load(self) -> None:
        text = self.doc.report.text(self.section_id)
        expected = self._loaded[1] if text == self._loaded[0] else text
        if self.plain_text() != expected:
            self._loading = True
            self.editor.setPlainText(text)
            self._loading = False
            # Qt's editor may turn CR LF, U+2028 and the like into plain ones: remember both forms, so
            # that merely viewing a section never changes (and never marks modified) the report.
            self._loaded = (text, self.plain_text())
        self._count()
        self.underline()

    def _on_text_changed(self) -> None:
        self._count()
        if not self._loading:
            self._commit_timer.start()

    def _count(self) -> None:
        self.count_label.setText(f"本部分字数：{char_count(self.plain_text())}")

    def commit(self) -> None:
        self._commit_timer.stop()
        source, shown = self._loaded
        if self.plain_text() == shown:
            self.doc.set_text(self.section_id, source)  # viewed, not edited: the report's own text
            return
        if self._strip_indents():
            if not self._indent_noted:
                self._indent_noted = True
                self.message.emit("段首缩进由导出的 Word 文件自动排版，输入的段首空格已去掉")
        self.doc.set_text(self.section_id, self.plain_text())

    def _strip_indents(self) -> bool:
        """Remove typed paragraph indents in the editor itself, as one step of its own undo history, so
        that the editor, the report and the findings' offsets stay the same text."""
        spans = indent_spans(self.plain_text())
        if not spans:
            return False
        cursor = QTextCursor(self.editor.document())
        cursor.beginEditBlock()
        for start, end in reversed(spans):
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            cursor.removeSelectedText()
        cursor.endEditBlock()
        return True

    def replace_text(self, text: str) -> None:
        """Replace the whole text as one step the user can undo in the editor (Ctrl+Z), then commit."""
        cursor = QTextCursor(self.editor.document())
        cursor.beginEditBlock()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(text)
        cursor.endEditBlock()
        self.commit()

    def underline(self) -> None:
        selections = []
        length = len(self.plain_text())
        for f in self.doc.findings:
            if f.text is None or f.text.section != self.section_id or f.text.end > length:
                continue
            sel = QTextEdit.ExtraSelection()
            fmt = QTextCharFormat()
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            fmt.setUnderlineColor(QColor("#9A9A9A") if f.acknowledged else QColor("#D98200"))
            fmt.setToolTip(f.message)
            fmt.setProperty(QTextFormat.Property.UserProperty, f.key)
            sel.format = fmt
            cursor = QTextCursor(self.editor.document())
            cursor.setPosition(f.text.start)
            cursor.setPosition(f.text.end, QTextCursor.MoveMode.KeepAnchor)
            sel.cursor = cursor
            selections.append(sel)
        self.editor.setExtraSelections(selections)

    def findings_at(self, position: int) -> list:
        return [f for f in self.doc.findings
                if f.text is not None and f.text.section == self.section_id and f.text.start <= position < f.text.end]

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.ToolTip and obj is self.editor.viewport():
            found = self.findings_at(self.editor.cursorForPosition(event.pos()).position())
            if found:
                QToolTip.showText(event.globalPos(), "\n".join(f.message for f in found), obj)
            else:
                QToolTip.hideText()
            return True
        return super().eventFilter(obj, event)

    def show_text(self, start: int, end: int) -> None:
        cursor = self.editor.textCursor()
        cursor.setPosition(min(start, len(self.plain_text())))
        cursor.setPosition(min(end, len(self.plain_text())), QTextCursor.MoveMode.KeepAnchor)
        self.editor.setTextCursor(cursor)
        self.editor.setFocus()

    def full_size(self) -> QSize:
        return QSize(760, 520)


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
