"""The view of one GridModel: spans from the layout, sizes fitted to the official labels, and
spreadsheet editing as in Excel (Enter down, Tab right, typing or input-method text edits, Delete
blanks, copy, paste from Excel/WPS, Ctrl+Enter and a pasted single value fill the selection,
Home/End to value cells, → / ← at the edge of the typed text commit and move)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QMimeData, QModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFontMetrics, QGuiApplication, QInputMethodEvent, QKeySequence, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QLineEdit,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolTip,
    QWidget,
)

from editor.cell_input import CellInputError, half_width, parse_cell
from editor.io.clipboard import ClipboardError, parse_spreadsheet_xml, parse_tsv, to_tsv
from editor.report import Number
from editor.schema import CellRef
from editor.ui.grid_model import ROLE_VERTICAL, GridModel
from editor.ui.palette import paint_selection

# Label columns wrap beyond this many characters, as the official tables do.
_LABEL_CHARS = 16
_VALUE_CHARS = 6
_PAD = 10
_XML_FORMATS = ("XML Spreadsheet", "application/x-qt-windows-mime;value=\"XML Spreadsheet\"")


class CellEditor(QLineEdit):
    """The line editor of a value cell: text an input method commits in full-width mode (１０６) is shown
    half-width, as the cell will store it."""

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:
        commit = event.commitString()
        if commit and half_width(commit) != commit:
            copy = QInputMethodEvent(event.preeditString(), event.attributes())
            copy.setCommitString(half_width(commit), event.replacementStart(), event.replacementLength())
            event = copy
        super().inputMethodEvent(event)


class CellDelegate(QStyledItemDelegate):
    """Edits a value cell with a plain line editor holding the value as text (blank: empty)."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex) -> QWidget:
        editor = CellEditor(parent)
        editor.setAlignment(Qt.AlignmentFlag.AlignCenter)
        editor.setFrame(False)
        return editor

    def eventFilter(self, editor, event) -> bool:
        # Excel's keys inside a cell being typed into: Ctrl+Enter fills the selection; → at the end of
        # the text and ← at its start commit and move, elsewhere they move the caret.
        if event.type() == QEvent.Type.KeyPress and isinstance(editor, QLineEdit):
            key, mods = event.key(), event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            view = self.parent()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and mods == Qt.KeyboardModifier.ControlModifier \
                    and isinstance(view, ReportTableView):
                if view.fill_selection(editor.text()):
                    self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.RevertModelCache)
                return True
            if mods == Qt.KeyboardModifier.NoModifier and not editor.hasSelectedText() and not editor.isReadOnly():
                at_end = editor.cursorPosition() == len(editor.text())
                if (key == Qt.Key.Key_Right and at_end) or (key == Qt.Key.Key_Left and editor.cursorPosition() == 0):
                    self.commitData.emit(editor)
                    hint = QAbstractItemDelegate.EndEditHint
                    move = hint.EditNextItem if key == Qt.Key.Key_Right else hint.EditPreviousItem
                    self.closeEditor.emit(editor, move)
                    return True
        return super().eventFilter(editor, event)

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        if isinstance(editor, QLineEdit) and not editor.text():
            editor.setText(index.data(Qt.ItemDataRole.EditRole) or "")

    def setModelData(self, editor: QWidget, model, index: QModelIndex) -> None:
        if isinstance(editor, QLineEdit):
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        if not option.state & QStyle.StateFlag.State_Selected:
            super().paint(painter, option, index)
            return
        # Selected: the cell keeps its error/warning colour under a tint and a border (palette.py).
        opt = QStyleOptionViewItem(option)
        opt.state &= ~QStyle.StateFlag.State_Selected
        super().paint(painter, opt, index)
        paint_selection(painter, option.rect)

    def paint_without_text(self, painter: QPainter, option: QStyleOptionViewItem,
                           index: QModelIndex) -> tuple[QStyleOptionViewItem, str]:
        """Paints the cell (background, selection, frame) but not its text; returns the style option and
        the text, for delegates that lay the text out themselves."""
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        opt.state &= ~QStyle.StateFlag.State_Selected
        text = opt.text
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        if selected:
            paint_selection(painter, option.rect)
        return opt, text


class VerticalLabelDelegate(CellDelegate):
    """For the columns holding a vertical group label (三、本年度办理结果): one character per line,
    top to bottom, centred, as it is printed. Other columns keep Qt's own painting (fast)."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        if not index.data(ROLE_VERTICAL):
            super().paint(painter, option, index)
            return
        opt, text = self.paint_without_text(painter, option, index)
        fm = QFontMetrics(opt.font)
        line = fm.height()
        y = option.rect.top() + max(0, (option.rect.height() - line * len(text)) // 2)
        painter.save()
        painter.setFont(opt.font)
        painter.setPen(opt.palette.color(QPalette.ColorRole.Text))
        for ch in text:
            painter.drawText(QRect(option.rect.left(), y, option.rect.width(), line), Qt.AlignmentFlag.AlignCenter, ch)
            y += line
        painter.restore()


class ReportTableView(QTableView):
    message = Signal(str)  # a refusal or a note for the status bar

    def __init__(self, model: GridModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.setModel(model)
        self.grid = model
        self.setItemDelegate(CellDelegate(self))
        for col in sorted({p.col for p in model.cells if p.cell.vertical}):
            self.setItemDelegateForColumn(col, VerticalLabelDelegate(self))
        self.horizontalHeader().hide()
        self.verticalHeader().hide()
        self.setWordWrap(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.setTabKeyNavigation(True)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        for p in model.spans():
            self.setSpan(p.row, p.col, p.rowspan, p.colspan)
        self._refused = False
        model.refused.connect(self._on_refused)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._context_menu)
        self.fit_sizes()
        first = next((QModelIndex(model.index_of(r)) for r in model.refs()), QModelIndex())
        if first.isValid():
            # Current but not selected: the selection colour would hide the cell's state.
            self.selectionModel().setCurrentIndex(first, self.selectionModel().SelectionFlag.NoUpdate)

    # ------------------------------------------------------------------ sizes
    def fit_sizes(self) -> None:
        """Column widths and row heights from the labels' text, so that nothing is cut off."""
        model = self.grid
        fm = QFontMetrics(self.font())
        char = fm.horizontalAdvance("中")
        line = fm.height()
        widths = [0] * model.columnCount()
        for p in model.cells:
            if p.cell.vertical:
                widths[p.col] = max(widths[p.col], char + _PAD)
            elif p.colspan == 1:
                limit = _VALUE_CHARS * char if p.cell.ref is not None else _LABEL_CHARS * char
                widths[p.col] = max(widths[p.col], min(fm.horizontalAdvance(p.cell.text), limit) + _PAD)
        for c in range(len(widths)):
            widths[c] = max(widths[c], _VALUE_CHARS * char // 2 + _PAD)
        # A spanning label wider than its columns widens the last of them (up to the wrap limit).
        for p in sorted(model.cells, key=lambda p: p.colspan):
            if p.colspan > 1 and not p.cell.vertical and p.cell.role in ("label", "header"):
                need = min(fm.horizontalAdvance(p.cell.text), _LABEL_CHARS * 2 * char) + _PAD
                have = sum(widths[p.col:p.col + p.colspan])
                if need > have:
                    widths[p.col + p.colspan - 1] += need - have
        for c, w in enumerate(widths):
            self.setColumnWidth(c, w)
        heights = [line + _PAD] * model.rowCount()
        for p in model.cells:
            if p.rowspan != 1 or p.cell.vertical or not p.cell.text:
                continue
            width = sum(widths[p.col:p.col + p.colspan]) - _PAD
            rect = fm.boundingRect(QRect(0, 0, max(width, char), 10_000), int(Qt.TextFlag.TextWordWrap),
                                   p.cell.text)
            heights[p.row] = max(heights[p.row], rect.height() + _PAD)
        for p in model.cells:
            # Multi-row header and note cells, and the vertical label, must fit their rows too.
            if p.rowspan > 1:
                if p.cell.vertical:
                    need = line * len(p.cell.text) + _PAD
                else:
                    width = sum(widths[p.col:p.col + p.colspan]) - _PAD
                    need = fm.boundingRect(QRect(0, 0, max(width, char), 10_000), int(Qt.TextFlag.TextWordWrap),
                                           p.cell.text).height() + _PAD
                have = sum(heights[p.row:p.row + p.rowspan])
                if need > have:
                    extra = need - have
                    for r in range(p.row, p.row + p.rowspan):
                        heights[r] += extra // p.rowspan + 1
        for r, h in enumerate(heights):
            self.setRowHeight(r, h)

    def full_size(self) -> QSize:
        """The size at which the whole table shows without scroll bars."""
        w = sum(self.columnWidth(c) for c in range(self.grid.columnCount())) + 2 * self.frameWidth() + 2
        h = sum(self.rowHeight(r) for r in range(self.grid.rowCount())) + 2 * self.frameWidth() + 2
        return QSize(w, h)

    def sizeHint(self) -> QSize:
        return self.full_size()

    # ------------------------------------------------------------------ navigation
    def _editable(self, row: int, col: int) -> bool:
        return self.grid.is_editable(self.grid.index(row, col))

    def move_to_next(self, drow: int, dcol: int) -> None:
        """Move to the next editable cell below (Enter) or to the right (Tab, wrapping to the next row)."""
        cur = self.currentIndex()
        if not cur.isValid():
            return
        rows, cols = self.grid.rowCount(), self.grid.columnCount()
        r, c = cur.row(), cur.column()
        for _ in range(rows * cols):
            if drow:
                r += drow
                if not 0 <= r < rows:
                    return
            else:
                c += dcol
                if c >= cols:
                    c, r = 0, r + 1
                elif c < 0:
                    c, r = cols - 1, r - 1
                if not 0 <= r < rows:
                    return
            if self._editable(r, c):
                self.setCurrentIndex(self.grid.index(r, c))
                return

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        refused, self._refused = self._refused, False
        if refused:
            return  # stay on the cell whose input was refused
        if hint == QAbstractItemDelegate.EndEditHint.EditNextItem:
            self.move_to_next(0, 1)
        elif hint == QAbstractItemDelegate.EndEditHint.EditPreviousItem:
            self.move_to_next(0, -1)
        elif hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:
            self.move_to_next(1, 0)

    def value_positions(self) -> list[tuple[int, int]]:
        """(row, column) of every value cell, in reading order."""
        return sorted((i.row(), i.column()) for i in map(self.grid.index_of, self.grid.refs()))

    def go_home_end(self, end: bool, whole_table: bool) -> None:
        """Home/End: the first/last value cell of the row (of the nearest row that has one, below for
        Home, above for End); Ctrl+Home/Ctrl+End: the first/last value cell of the table. Never a label,
        where typing does nothing."""
        positions = self.value_positions()
        cur = self.currentIndex()
        if not positions:
            return
        if whole_table or not cur.isValid():
            r, c = positions[-1] if end else positions[0]
        else:
            row = cur.row()
            in_row = [p for p in positions if p[0] == row]
            if in_row:
                r, c = in_row[-1] if end else in_row[0]
            else:
                after = [p for p in positions if p[0] > row]
                before = [p for p in positions if p[0] < row]
                if end:
                    r, c = (before[-1] if before else after[-1]) if before or after else positions[-1]
                else:
                    r, c = (after[0] if after else before[0]) if before or after else positions[0]
        self.setCurrentIndex(self.grid.index(r, c))

    def _on_refused(self, message: str, index: QModelIndex) -> None:
        self._refused = True
        self.message.emit(message)
        # Also right at the cell, where the user is looking.
        rect = self.visualRect(index)
        QToolTip.showText(self.viewport().mapToGlobal(rect.bottomLeft()), message, self.viewport())

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if self.state() != QAbstractItemView.State.EditingState:
            if event.matches(QKeySequence.StandardKey.Copy):
                self.copy_selection()
                return
            if event.matches(QKeySequence.StandardKey.Paste):
                self.paste()
                return
            if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.clear_selection()
                return
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.move_to_next(-1 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1, 0)
                return
            if key == Qt.Key.Key_Tab:
                self.move_to_next(0, 1)
                return
            if key == Qt.Key.Key_Backtab:
                self.move_to_next(0, -1)
                return
            if key in (Qt.Key.Key_Home, Qt.Key.Key_End):
                ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
                self.go_home_end(key == Qt.Key.Key_End, ctrl)
                return
        super().keyPressEvent(event)

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:
        # An input method in full-width mode (fcitx, ibus) commits text without a key press: it must
        # start editing like a typed key and keep every character (Qt's own handling opens the editor
        # on the first commit and drops it, so １０６ became 6).
        commit = event.commitString()
        if self.state() != QAbstractItemView.State.EditingState and commit and not event.preeditString():
            index = self.currentIndex()
            if self.grid.is_editable(index) and self.edit(index, QAbstractItemView.EditTrigger.AnyKeyPressed, event):
                editor = self._open_editor()
                if editor is not None:
                    editor.setText(half_width(commit))
                    editor.setFocus()
                event.accept()
                return
        super().inputMethodEvent(event)

    def _open_editor(self) -> QLineEdit | None:
        return next((e for e in self.viewport().findChildren(CellEditor) if e.isVisible()), None)

    def event(self, event) -> bool:
        # Tab must reach keyPressEvent rather than move focus to the next widget.
        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) \
                and self.state() != QAbstractItemView.State.EditingState:
            self.keyPressEvent(event)
            return True
        return super().event(event)

    # ------------------------------------------------------------------ selection, clipboard
    def selected_refs(self) -> list[CellRef]:
        out = []
        for idx in self.selectedIndexes():
            p = self.grid.placed(idx)
            if p is not None and p.cell.ref is not None:
                out.append(p.cell.ref)
        return out

    def select_refs(self, refs: list[CellRef]) -> None:
        sel = self.selectionModel()
        sel.clearSelection()
        first = None
        for ref in refs:
            idx = self.grid.index_of(ref)
            if idx.isValid():
                sel.select(idx, sel.SelectionFlag.Select)
                first = first or idx
        if first is not None:
            sel.setCurrentIndex(first, sel.SelectionFlag.NoUpdate)
            self.scrollTo(first)

    def _selected_value_cells(self) -> list:
        """The placed value cells of the selection, with the current cell when nothing is selected."""
        indexes = self.selectedIndexes() or [self.currentIndex()]
        out = []
        for idx in indexes:
            p = self.grid.placed(idx)
            if p is not None and p.cell.ref is not None and p not in out:
                out.append(p)
        return out

    def fill_selection(self, text: str) -> bool:
        """Ctrl+Enter and a single pasted value: the same value into every selected value cell, as one
        undo step; refused whole (with the cells named) if it does not fit one of them."""
        cells = self._selected_value_cells()
        if not cells:
            return False
        values: dict[CellRef, Number | None] = {}
        bad = []
        for p in cells:
            ref = p.cell.ref
            try:
                values[ref] = parse_cell(p.table.column(ref[2]).kind, text)
            except CellInputError as exc:
                bad.append(f"{p.table.cell_label(ref[1], ref[2])}：{exc}")
        if bad:
            self.message.emit(f"未填入：{bad[0]}" + (f"（另有{len(bad) - 1}格）" if len(bad) > 1 else ""))
            return False
        self.grid.doc.set_cells(values, f"填入{len(values)}个单元格")
        self.message.emit(f"已在选中的{len(values)}个单元格填入“{text.strip() or '空白'}”")
        return True

    def fill_blanks(self, whole_report: bool = False) -> int:
        """空白单元格填0 for the table of the current cell (or the whole report); returns how many."""
        if whole_report:
            tables, where = None, "全部表格"
        else:
            p = self.grid.placed(self.currentIndex())
            table = p.table if p is not None else self.grid.tables[0]
            tables, where = [table.id], (table.caption or "本表")
        n = self.grid.doc.fill_blanks(tables)
        self.message.emit(f"已将{where}中{n}个空白单元格填为0（可撤销）" if n else f"{where}中没有空白单元格")
        return n

    def _context_menu(self, pos) -> None:
        menu = QMenu(self)
        menu.addAction("复制", self.copy_selection)
        menu.addAction("粘贴", self.paste)
        menu.addAction("清除", self.clear_selection)
        menu.addSeparator()
        menu.addAction("空白单元格填0（本表）", self.fill_blanks)
        menu.addAction("空白单元格填0（全部表格）", lambda: self.fill_blanks(True))
        menu.popup(self.viewport().mapToGlobal(pos))

    def clear_selection(self) -> None:
        refs = self.selected_refs()
        if refs:
            self.grid.doc.set_cells(dict.fromkeys(refs), "清除单元格")

    def copy_selection(self) -> None:
        indexes = self.selectedIndexes()
        if not indexes:
            return
        top = min(i.row() for i in indexes)
        left = min(i.column() for i in indexes)
        bottom = max(i.row() for i in indexes)
        right = max(i.column() for i in indexes)
        chosen = {(i.row(), i.column()) for i in indexes}
        rows = []
        for r in range(top, bottom + 1):
            rows.append([(self.grid.index(r, c).data(Qt.ItemDataRole.EditRole) or "") if (r, c) in chosen else ""
                         for c in range(left, right + 1)])
        mime = QMimeData()
        mime.setText(to_tsv(rows))
        QGuiApplication.clipboard().setMimeData(mime)

    def paste(self, mime: QMimeData | None = None) -> bool:
        """Paste a block anchored at the current cell, as one undo step; refuse it whole if any value
        that would land in an editable cell is not a number of that cell's kind."""
        mime = mime or QGuiApplication.clipboard().mimeData()
        try:
            block = self._block(mime)
        except ClipboardError as exc:
            self.message.emit(str(exc))
            return False
        anchor = self.currentIndex()
        if not block or not anchor.isValid():
            return False
        if len(block) == 1 and len(block[0]) == 1 and len(self._selected_value_cells()) > 1:
            return self.fill_selection(block[0][0])  # one value onto a range fills it, as in Excel
        values: dict[CellRef, Number | None] = {}
        bad: list[str] = []
        outside = 0
        for i, line in enumerate(block):
            for j, text in enumerate(line):
                r, c = anchor.row() + i, anchor.column() + j
                if r >= self.grid.rowCount() or c >= self.grid.columnCount():
                    outside += bool(text.strip())
                    continue
                p = self.grid.placed(self.grid.index(r, c))
                if p is None or p.cell.ref is None:
                    continue  # a label or a covered part of a span: only editable cells are filled
                ref = p.cell.ref
                try:
                    values[ref] = parse_cell(p.table.column(ref[2]).kind, text)
                except CellInputError:
                    bad.append(f"“{text.strip()}”（{p.table.cell_label(ref[1], ref[2])}）")
        if bad:
            shown = "；".join(bad[:8]) + ("等" if len(bad) > 8 else "")
            self.message.emit(f"粘贴未执行：{len(bad)}个内容不是本格可填的数字：{shown}")
            return False
        if not values:
            self.message.emit("粘贴位置没有可填写的单元格")
            return False
        self.grid.doc.set_cells(values, f"粘贴{len(values)}个单元格")
        note = f"已粘贴{len(values)}个单元格"
        if outside:
            note += f"，超出表格范围的{outside}个内容未粘贴"
        self.message.emit(note)
        return True

    @staticmethod
    def _block(mime: QMimeData | None) -> list[list[str]]:
        if mime is None:
            return []
        for fmt in _XML_FORMATS:
            if mime.hasFormat(fmt):
                data = bytes(mime.data(fmt).data())
                try:
                    return parse_spreadsheet_xml(data.rstrip(b"\x00"))
                except ClipboardError:
                    break  # fall back to the plain text Excel puts next to it
        if mime.hasText():
            return parse_tsv(mime.text())
        return []
