"""A narrative section's page: plain text; text findings are underlined in place."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, QTimer
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextFormat
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QTextEdit, QToolTip, QVBoxLayout, QWidget

from editor.prose import char_count, indent_spans
from editor.schema import Section
from editor.ui.document import ReportDocument
from editor.ui.pages import Page, heading
from editor.ui.palette import muted_style


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

    def commit_text(self) -> None:
        self.commit()

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
