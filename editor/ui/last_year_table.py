"""Last year's numbers on a table page, read-only: a 「显示上年数」 switch prints last year's value in
small grey type under each cell's own, so the official grid stays as printed and both years read at a
glance. Cells last year's edition lacks (2020 → 2021) show nothing. Shown only with a ``last_year``.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRect, QSettings, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QCheckBox, QStyle, QStyleOptionViewItem, QToolTip, QWidget

from editor.cell_input import format_cell
from editor.compare import last_year_value
from editor.schema import CellRef
from editor.ui.document import ReportDocument
from editor.ui.grid_model import ROLE_REF
from editor.ui.palette import LAST_FG
from editor.ui.table_view import CellDelegate, ReportTableView

SETTING = "show_last_year"
_PAD = 10  # as the table's own cells (table_view.py)
_GAP = 1  # between this year's value and last year's




class LastYearDelegate(CellDelegate):
    """Paints a value cell as usual, with last year's value in a second, smaller grey line."""

    def __init__(self, doc: ReportDocument, parent: QWidget | None = None):
        super().__init__(parent)
        self.doc = doc

    def last_text(self, ref: CellRef | None) -> str | None:
        """What the second line says, or None where last year's edition has no such cell."""
        if ref is None:
            return None
        has, value = last_year_value(self.doc.report, ref)
        if not has:
            return None
        return f"上年 {format_cell(value)}" if value is not None else "上年 未填"

    @staticmethod
    def small_font(font: QFont) -> QFont:
        f = QFont(font)
        if f.pointSizeF() > 0:
            f.setPointSizeF(max(6.0, f.pointSizeF() * 0.8))
        return f

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        second = self.last_text(index.data(ROLE_REF))
        if second is None:
            super().paint(painter, option, index)
            return
        opt, text = self.paint_without_text(painter, option, index)
        small = self.small_font(option.font)
        small_h = QFontMetrics(small).height()
        line_h = QFontMetrics(opt.font).height()
        rect = option.rect
        # The two lines as one block, centred in the cell (a tall row keeps them together).
        y = rect.top() + max(0, (rect.height() - line_h - _GAP - small_h) // 2)
        top = QRect(rect.left(), y, rect.width(), line_h)
        bottom = QRect(rect.left(), y + line_h + _GAP, rect.width(), small_h)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        painter.save()
        painter.setFont(opt.font)
        fg = index.data(Qt.ItemDataRole.ForegroundRole)
        painter.setPen(opt.palette.color(QPalette.ColorRole.HighlightedText) if selected
                       else fg.color() if fg is not None else opt.palette.color(QPalette.ColorRole.Text))
        painter.drawText(top, Qt.AlignmentFlag.AlignCenter, text)
        painter.setFont(small)
        painter.setPen(opt.palette.color(QPalette.ColorRole.HighlightedText) if selected else LAST_FG)
        painter.drawText(bottom, Qt.AlignmentFlag.AlignCenter, second)
        painter.restore()

    def helpEvent(self, event, view, option, index) -> bool:
        # The tooltip names last year's value too, in full words.
        second = self.last_text(index.data(ROLE_REF))
        if second is not None and event is not None:
            tip = index.data(Qt.ItemDataRole.ToolTipRole) or ""
            QToolTip.showText(event.globalPos(), f"{tip}\n{second.replace('上年 ', '上年报告：')}".strip(), view)
            return True
        return super().helpEvent(event, view, option, index)


class LastYearToggle(QCheckBox):
    """「显示上年数」 on a table page: visible while the report has a last year; remembered across sessions."""

    def __init__(self, page, parent: QWidget | None = None):
        super().__init__("显示上年数", parent)
        self.page = page
        self.setToolTip("在每个单元格下方以灰色小字显示上年报告的数字（只读，仅供对照）；"
                        "本年格式新增、上年没有的单元格不显示")
        self.setChecked(QSettings().value(SETTING, True, type=bool))
        self._last: object = False  # never a report: the first refresh applies
        self.toggled.connect(self._on_toggled)
        page.doc.changed.connect(self.refresh)
        page.doc.editionChanged.connect(self.apply)
        self.refresh()

    @property
    def showing(self) -> bool:
        return self.isChecked() and self.page.doc.report.last_year is not None

    def _on_toggled(self, on: bool) -> None:
        QSettings().setValue(SETTING, on)
        self.apply()

    def refresh(self) -> None:
        # Runs after every edit: only a change of last year itself (attached, replaced, removed) needs
        # the views redone; repainting whole tables on each keystroke would slow editing down.
        last = self.page.doc.report.last_year
        if last is self._last:
            return
        self.setVisible(last is not None)
        self.setText(f"显示上年数（{last.meta.year}年度）" if last is not None else "显示上年数")
        self.apply()

    def apply(self) -> None:
        """Put the delegate on (or off) every view of the page and fit the rows to one or two lines."""
        self._last = self.page.doc.report.last_year
        for view in self.page.views:
            self._apply_to(view, self.showing)

    def _apply_to(self, view: ReportTableView, on: bool) -> None:
        delegate = LastYearDelegate(self.page.doc, view) if on else CellDelegate(view)
        view.setItemDelegate(delegate)
        view.fit_sizes()
        if isinstance(delegate, LastYearDelegate):
            fit_two_lines(view, delegate)
        view.setFixedSize(view.full_size())


def fit_two_lines(view: ReportTableView, delegate: LastYearDelegate) -> None:
    """Room for last year's line: a column widens to its widest 「上年 …」 and this year's value; a row
    is made tall enough for the two lines, and no taller (a row with a wrapped label has room already).
    Only rows with a last-year value grow: a table new in this edition keeps its own height."""
    normal = QFontMetrics(view.font())
    small = QFontMetrics(LastYearDelegate.small_font(view.font()))
    need_w: dict[int, int] = {}
    rows: set[int] = set()
    for p in view.grid.cells:
        second = delegate.last_text(p.cell.ref)
        if second is None:
            continue
        rows.add(p.row)
        if p.colspan == 1:
            shown = view.grid.index(p.row, p.col).data(Qt.ItemDataRole.DisplayRole) or ""
            width = max(small.horizontalAdvance(second), normal.horizontalAdvance(shown)) + _PAD
            need_w[p.col] = max(need_w.get(p.col, 0), width)
    for col, width in need_w.items():
        if view.columnWidth(col) < width:
            view.setColumnWidth(col, width)
    need_h = normal.height() + small.height() + _GAP + _PAD
    for r in rows:
        if view.rowHeight(r) < need_h:
            view.setRowHeight(r, need_h)
