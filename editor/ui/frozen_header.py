"""Frozen header rows, as in Excel: while a table's body scrolls in the page's scroll area, the header
rows of that table (申请人情况 … 总计) stay at the top of the visible area.

A second, read-only view over the same model shows only the header band; it lies over the scroll
area's viewport, follows the horizontal scroll and slides away with the end of its table. The tables
themselves never scroll (the page does), so the overlay only has to mirror column widths and row
heights. ``reveal`` scrolls the page so that given cells show below the frozen band.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QFrame, QScrollArea, QTableView

from editor.ui.table_view import ReportTableView, VerticalLabelDelegate

_MARGIN = 6  # pixels kept between a revealed cell and the edge of the visible area


class FrozenHeader(QObject):
    """The frozen header band of ``view`` (a grid of one or more stacked tables) in ``scroll``."""

    def __init__(self, scroll: QScrollArea, view: ReportTableView):
        super().__init__(view)
        self.scroll = scroll
        self.view = view
        band = self.band = QTableView(scroll.viewport())
        band.setObjectName("frozen_header")
        band.setModel(view.model())
        band.setItemDelegate(VerticalLabelDelegate(band))
        band.horizontalHeader().hide()
        band.verticalHeader().hide()
        band.setFrameShape(QFrame.Shape.NoFrame)
        band.setWordWrap(True)
        band.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        band.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        band.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        band.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        band.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        band.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        band.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        band.hide()
        for p in view.grid.spans():
            band.setSpan(p.row, p.col, p.rowspan, p.colspan)
        self._shown: tuple[int, int, int] | None = None  # the table whose header the band shows
        self._pending = False
        self.sync_sizes()
        scroll.verticalScrollBar().valueChanged.connect(self.place)
        scroll.horizontalScrollBar().valueChanged.connect(self.place)
        view.horizontalHeader().sectionResized.connect(self._resized)
        view.verticalHeader().sectionResized.connect(self._resized)
        scroll.viewport().installEventFilter(self)
        view.installEventFilter(self)
        # The table never scrolls, so its own scrollTo does nothing: the page follows the current cell
        # (Enter down a column, Tab across, arrows) and keeps it clear of the band.
        view.selectionModel().currentChanged.connect(self._follow)
        band.destroyed.connect(lambda *_: setattr(self, "band", None))

    # ------------------------------------------------------------------ mirroring the view
    def _resized(self, *_args) -> None:
        # Refitting a table resizes every row and column: mirror them once, after the last one.
        if not self._pending:
            self._pending = True
            QTimer.singleShot(0, self, self._sync_pending)

    def _sync_pending(self) -> None:
        self._pending = False
        self.sync_sizes()

    def sync_sizes(self) -> None:
        band, view = self.band, self.view
        if band is None:
            return
        band.setFont(view.font())
        band.setPalette(view.palette())
        for c in range(view.grid.columnCount()):
            if band.columnWidth(c) != view.columnWidth(c):
                band.setColumnWidth(c, view.columnWidth(c))
        for r in range(view.grid.rowCount()):
            if band.rowHeight(r) != view.rowHeight(r):
                band.setRowHeight(r, view.rowHeight(r))
        self._shown = None
        self.place()

    def eventFilter(self, obj, event) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Move, QEvent.Type.Show, QEvent.Type.LayoutRequest):
            self.place()
        elif event.type() == QEvent.Type.FontChange and obj is self.view:
            self.sync_sizes()
        return False

    # ------------------------------------------------------------------ geometry
    def origin(self) -> QPoint:
        """The top-left of the view's cells in the scroll area's viewport."""
        return self.view.viewport().mapTo(self.scroll.viewport(), QPoint(0, 0))

    def _row_top(self, row: int) -> int:
        return self.view.rowViewportPosition(row)

    def _rows_height(self, first: int, count: int) -> int:
        return sum(self.view.rowHeight(r) for r in range(first, first + count))

    def header_height(self, row: int) -> int:
        """The height of the header band of the table holding grid row ``row``."""
        for top, header, rows in self.view.grid.bands():
            if top <= row < top + rows:
                return self._rows_height(top, header)
        return 0

    def place(self, *_args) -> None:
        """Show the header band of the table whose body crosses the top of the visible area."""
        band = self.band
        if band is None:
            return
        if not self.view.isVisible():
            band.hide()
            return
        y0 = self.origin().y()
        chosen = None
        for top, header, rows in self.view.grid.bands():
            if header == 0:
                continue
            head_top = y0 + self._row_top(top)
            end = y0 + self._row_top(top + rows - 1) + self.view.rowHeight(top + rows - 1)
            head_h = self._rows_height(top, header)
            if head_top < 0 < end - head_h:
                chosen = (top, header, head_h, end)
                break
        if chosen is None:
            band.hide()
            self._shown = None
            return
        top, header, head_h, end = chosen
        width = self.view.viewport().width()
        y = min(0, end - head_h)  # pushed up by the end of its table, like a sticky heading
        band.setGeometry(QRect(self.origin().x(), y, width, head_h))
        if self._shown != (top, header, head_h):
            band.verticalScrollBar().setValue(self._row_top(top))
            self._shown = (top, header, head_h)
        band.horizontalScrollBar().setValue(0)
        band.show()
        band.raise_()

    def covered(self) -> int:
        """How many pixels at the top of the visible area the band covers now."""
        band = self.band
        if band is None or not band.isVisible():
            return 0
        return max(0, band.geometry().bottom() + 1)

    # ------------------------------------------------------------------ revealing cells
    def _follow(self, current, _previous=None) -> None:
        if current.isValid() and self.view.isVisible():
            self.reveal([(current.row(), current.column())])

    def reveal(self, rows_cols: list[tuple[int, int]]) -> None:
        """Scroll the page so that these cells show below the frozen band: all of them when they fit,
        else as many as fit starting with the first."""
        if not rows_cols:
            return
        view, scroll = self.view, self.scroll
        holder = scroll.widget()
        if holder is None:
            return
        at = view.viewport().mapTo(holder, QPoint(0, 0))
        rects = [view.visualRect(view.grid.index(r, c)).translated(at) for r, c in rows_cols]
        first = rects[0]
        union = QRect(first)
        for rect in rects[1:]:
            union = union.united(rect)
        vbar, hbar = scroll.verticalScrollBar(), scroll.horizontalScrollBar()
        port = scroll.viewport()
        head = self.header_height(rows_cols[0][0])
        # Cells of a table's body show below its header: when the header is on screen anyway, the
        # cell is below it; when it has scrolled away, the frozen band covers that much.
        vbar.setValue(_scrolled(vbar.value(), port.height(), head + _MARGIN, _MARGIN, first, union, vertical=True))
        hbar.setValue(_scrolled(hbar.value(), port.width(), _MARGIN, _MARGIN, first, union, vertical=False))
        self.place()


def _scrolled(value: int, size: int, lead: int, trail: int, first: QRect, union: QRect, *, vertical: bool) -> int:
    """The scroll value that shows ``union`` within [value + lead, value + size - trail], or, when it
    does not fit, puts ``first`` at the leading edge."""
    lo, hi = (union.top(), union.bottom()) if vertical else (union.left(), union.right())
    first_lo = first.top() if vertical else first.left()
    room = size - lead - trail
    if hi - lo + 1 > room:
        return first_lo - lead
    if lo < value + lead:
        return lo - lead
    if hi > value + size - trail:
        return hi - size + trail
    return value
