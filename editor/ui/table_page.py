"""A page of official tables (二, 三, 四), laid out like the printed ones. Imported when first shown."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QScrollArea, QVBoxLayout, QWidget

from editor.schema import CellRef
from editor.ui.document import ReportDocument
from editor.ui.grid_model import GridModel
from editor.ui.pages import Page, heading
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
        box.addWidget(view)
        self.views.append(view)
        box.addStretch(1)
        box.setAlignment(view, Qt.AlignmentFlag.AlignLeft)
        self._scroll.setWidget(holder)

    @property
    def models(self) -> list[GridModel]:
        return [v.grid for v in self.views]

    def view_for(self, ref: CellRef) -> ReportTableView | None:
        return next((v for v in self.views if v.grid.index_of(ref).isValid()), None)

    def show_cells(self, refs: list[CellRef]) -> bool:
        for view in self.views:
            mine = [r for r in refs if view.grid.index_of(r).isValid()]
            if mine:
                view.select_refs(mine)
                view.setFocus()
                return True
        return False

    def full_size(self) -> QSize:
        w = max(v.full_size().width() for v in self.views)
        h = sum(v.full_size().height() for v in self.views)
        m = self.layout().contentsMargins()
        toggle = self.last_year_toggle
        h += 0 if toggle.isHidden() else toggle.sizeHint().height() + self.layout().spacing()
        return QSize(w + m.left() + m.right() + 4, h + self._title.sizeHint().height() + m.top() + m.bottom() + 16)
