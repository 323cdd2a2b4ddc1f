"""A page of official tables (二, 三, 四), laid out like the printed ones. Imported when first shown."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtWidgets import QApplication, QScrollArea, QVBoxLayout, QWidget

from editor.schema import CellRef
from editor.ui import zoom
from editor.ui.document import ReportDocument
from editor.ui.frozen_header import FrozenHeader
from editor.ui.grid_model import GridModel
from editor.ui.pages import Page, heading
from editor.ui.palette import table_palette
from editor.ui.table_view import ReportTableView


class TablePage(Page):
    """The official tables of one section, laid out like the printed ones."""

    def __init__(self, doc: ReportDocument, section_id: str, parent: QWidget | None = None):
        super().__init__(doc, section_id, parent)
        self.views: list[ReportTableView] = []
        layout = QVBoxLayout(self)
        self._title = heading("")
        layout.addWidget(self._title)
        self._scroll = QScrollArea()
        self._scroll.setWidgetResizable(True)
        layout.addWidget(self._scroll, 1)
        self.rebuild()
        doc.editionChanged.connect(self.rebuild)
        from editor.ui.last_year_table import LastYearToggle

        self.last_year_toggle = LastYearToggle(self)  # connected after rebuild: applies to the new views
        layout.insertWidget(1, self.last_year_toggle)
        zoom.notifier().changed.connect(self.apply_zoom)
        self._scroll.viewport().installEventFilter(self)

    def rebuild(self) -> None:
        """(Re)build the views from the edition: after a change of edition the tables differ."""
        ed = self.doc.report.edition
        section = ed.section(self.section_id)
        self._title.setText(section.heading)
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        self.views = []
        # 二's 第二十条 blocks are one table in the official Word file: one grid here too.
        tables = [ed.table(t) for t in section.tables]
        model = GridModel(self.doc, tables, holder)
        view = ReportTableView(model, holder)
        view.message.connect(self.message)
        # The page scrolls, not the table: one scroll bar, and the whole grid in every screenshot.
        view.setFixedSize(view.full_size())
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.setPalette(table_palette(view.palette()))  # paper colours in any desktop theme
        factor = zoom.current()
        if factor != 1.0:
            self._zoom_view(view, factor)
        view.viewport().installEventFilter(self)
        box.addWidget(view)
        self.views.append(view)
        box.addStretch(1)
        box.setAlignment(view, Qt.AlignmentFlag.AlignLeft)
        old = self._scroll.takeWidget()
        if old is not None:
            old.deleteLater()
        self._scroll.setWidget(holder)
        self.frozen = [FrozenHeader(self._scroll, v) for v in self.views]

    # ------------------------------------------------------------------ zoom
    @staticmethod
    def _zoom_view(view: ReportTableView, factor: float) -> None:
        view.setFont(zoom.zoomed_font(factor))
        view.grid.set_zoom(factor)
        view.fit_sizes()
        view.setFixedSize(view.full_size())

    def apply_zoom(self, factor: float) -> None:
        for view in self.views:
            self._zoom_view(view, factor)
        if hasattr(self, "last_year_toggle"):
            self.last_year_toggle.apply()  # refits the rows for last year's second line

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.Wheel and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            delta = event.angleDelta().y()
            if delta:
                zoom.step(1 if delta > 0 else -1)
            return True
        return super().eventFilter(obj, event)

    @property
    def models(self) -> list[GridModel]:
        return [v.grid for v in self.views]

    def view_for(self, ref: CellRef) -> ReportTableView | None:
        return next((v for v in self.views if v.grid.index_of(ref).isValid()), None)

    def show_cells(self, refs: list[CellRef]) -> bool:
        """Select these cells and scroll the page so that they show (the first one first) below the
        frozen header rows."""
        for view, frozen in zip(self.views, self.frozen, strict=True):
            mine = [r for r in refs if view.grid.index_of(r).isValid()]
            if mine:
                view.select_refs(mine)
                view.setFocus()
                self._settle()
                cells = [(i.row(), i.column()) for i in map(view.grid.index_of, mine)]
                frozen.reveal(cells)
                return True
        return False

    def _settle(self) -> None:
        """A page shown just now has not been laid out yet: lay it out before measuring."""
        for w in (self, self._scroll.widget()):
            if w is not None and w.layout() is not None:
                w.layout().activate()
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)

    def full_size(self) -> QSize:
        w = max(v.full_size().width() for v in self.views)
        h = sum(v.full_size().height() for v in self.views)
        m = self.layout().contentsMargins()
        toggle = self.last_year_toggle
        h += 0 if toggle.isHidden() else toggle.sizeHint().height() + self.layout().spacing()
        return QSize(w + m.left() + m.right() + 4, h + self._title.sizeHint().height() + m.top() + m.bottom() + 16)
