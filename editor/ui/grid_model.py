"""One table model per official table (or per stack of tables printed as one, like the 第二十条 blocks).

The model is the printed grid of ``Table.layout()``: header rows, label columns and value cells, with
the spans the view applies. Nothing here knows a label or a row: everything comes from the edition.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QFont

from editor.cell_input import KIND_HINTS, CellInputError, format_cell, parse_cell
from editor.checks.titles import rule_title
from editor.schema import CellRef, GridCell, Table
from editor.totals import balancing_value
from editor.ui.document import ERROR_STATE, WARNING_STATE, ReportDocument
from editor.ui.palette import BLANK_BG, BLANK_FG, CAPTION_BG, ERROR_BG, HEADER_BG, MARKED_BG, WARNING_BG

ROLE_KIND = Qt.ItemDataRole.UserRole + 1  # caption, note, header, label, group, value
ROLE_REF = Qt.ItemDataRole.UserRole + 2  # (table, row, column) of a value cell
ROLE_VERTICAL = Qt.ItemDataRole.UserRole + 3
ROLE_STATE = Qt.ItemDataRole.UserRole + 4  # error, warning, blank, marked or None

BLANK_TEXT = "未填写"
_STATE_BG = {ERROR_STATE: ERROR_BG, WARNING_STATE: WARNING_BG, "marked": MARKED_BG, "blank": BLANK_BG}
_VALUE_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable
_LABEL_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_CENTER = int(Qt.AlignmentFlag.AlignCenter)


def _font(bold: bool = False, italic: bool = False, scale: float = 1.0) -> QFont:
    f = QFont()
    f.setBold(bold)
    f.setItalic(italic)
    if scale != 1.0 and f.pointSizeF() > 0:
        f.setPointSizeF(max(6.0, f.pointSizeF() * scale))
    return f

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class PlacedCell:
    """A grid cell at its place in the stacked grid."""

    row: int
    col: int
    rowspan: int
    colspan: int
    cell: GridCell
    table: Table


class GridModel(QAbstractTableModel):
    refused = Signal(str, QModelIndex)  # a typed value was refused: message, where

    def __init__(self, doc: ReportDocument, tables: list[Table], parent=None):
        super().__init__(parent)
        self.doc = doc
        self.tables = tables
        self.cells: list[PlacedCell] = []
        self._at: dict[tuple[int, int], PlacedCell] = {}  # only anchors (top-left of a span)
        self._where: dict[CellRef, tuple[int, int]] = {}
        top = 0
        width = max(t.grid_columns for t in tables)
        for t in tables:
            for c in t.layout():
                colspan = c.colspan
                if c.col + c.colspan == t.grid_columns:
                    colspan += width - t.grid_columns  # a narrower stacked table stretches its last cell
                placed = PlacedCell(top + c.row, c.col, c.rowspan, colspan, c, t)
                self.cells.append(placed)
                self._at[(placed.row, placed.col)] = placed
                if c.ref is not None:
                    self._where[c.ref] = (placed.row, placed.col)
            top += t.header_rows + len(t.rows)
        self._rows, self._cols = top, width
        self.zoom = 1.0  # the view's zoom: fonts the model sets a size for follow it
        self._cache: dict[tuple[int, int], dict] = {}
        self._value_at = set(self._where.values())
        self._sigs: dict[CellRef, tuple] = {ref: self._signature(ref) for ref in self._where}
        doc.changed.connect(self.refresh)

    # ------------------------------------------------------------------ structure
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._cols

    def placed(self, index: Index) -> PlacedCell | None:
        if not index.isValid():
            return None
        return self._at.get((index.row(), index.column()))

    def index_of(self, ref: CellRef) -> QModelIndex:
        pos = self._where.get(ref)
        return QModelIndex() if pos is None else self.index(*pos)

    def refs(self) -> list[CellRef]:
        return list(self._where)

    def bands(self) -> list[tuple[int, int, int]]:
        """Each stacked table as (first row, header rows, rows in all), in grid rows."""
        out, top = [], 0
        for t in self.tables:
            out.append((top, t.header_rows, t.header_rows + len(t.rows)))
            top += t.header_rows + len(t.rows)
        return out

    def set_zoom(self, zoom: float) -> None:
        self.zoom = zoom
        self._cache.clear()
        if self._rows and self._cols:
            self.dataChanged.emit(self.index(0, 0), self.index(self._rows - 1, self._cols - 1))

    def spans(self) -> list[PlacedCell]:
        return [p for p in self.cells if p.rowspan > 1 or p.colspan > 1]

    def is_editable(self, index: Index) -> bool:
        return index.isValid() and (index.row(), index.column()) in self._value_at

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _VALUE_FLAGS if (index.row(), index.column()) in self._value_at else _LABEL_FLAGS

    # ------------------------------------------------------------------ data
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        # Painting asks for ~10 roles per cell on every repaint: answer from a per-cell cache that is
        # rebuilt after each change, so an edit repaints in a few milliseconds.
        if not index.isValid():
            return None
        key = (index.row(), index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            p = self._at.get(key)
            return self._tooltip(p.table, p.cell.ref) if p is not None and p.cell.ref is not None else None
        roles = self._cache.get(key)
        if roles is None:
            roles = self._cache[key] = self._roles(key)
        return roles.get(role)

    def _roles(self, key: tuple[int, int]) -> dict:
        p = self._at.get(key)
        if p is None:
            return {}
        cell = p.cell
        ref = cell.ref
        out: dict = {ROLE_KIND: cell.role, ROLE_REF: ref, ROLE_VERTICAL: cell.vertical}
        if ref is None:
            out[Qt.ItemDataRole.DisplayRole] = out[Qt.ItemDataRole.EditRole] = cell.text
            out[Qt.ItemDataRole.TextAlignmentRole] = _LEFT if cell.role == "label" else _CENTER
            if cell.role == "caption":
                out[Qt.ItemDataRole.FontRole] = _font(bold=True)
                out[Qt.ItemDataRole.BackgroundRole] = QBrush(CAPTION_BG)
            elif cell.role in ("header", "note"):
                out[Qt.ItemDataRole.BackgroundRole] = QBrush(HEADER_BG)
                if cell.role == "note":
                    out[Qt.ItemDataRole.FontRole] = _font(italic=True)
            return out
        text = format_cell(self.doc.report.get(ref))
        state = self._state(ref)
        out[Qt.ItemDataRole.EditRole] = text
        suffix = p.table.column(ref[2]).unit_suffix  # 2019's 采购总金额 names no unit in its header
        out[Qt.ItemDataRole.DisplayRole] = BLANK_TEXT if state == "blank" else f"{text} {suffix}".rstrip()
        out[Qt.ItemDataRole.TextAlignmentRole] = _CENTER
        out[ROLE_STATE] = state
        color = _STATE_BG.get(state or "")
        if color is not None:
            out[Qt.ItemDataRole.BackgroundRole] = QBrush(color)
        if state == "blank":
            out[Qt.ItemDataRole.ForegroundRole] = QBrush(BLANK_FG)
            out[Qt.ItemDataRole.FontRole] = _font(scale=0.85 * self.zoom)
        return out

    def _state(self, ref: CellRef) -> str | None:
        st = self.doc.cell_states.get(ref)
        if st is not None and st.severity is not None:
            return st.severity
        if ref in self.doc.marked:
            return "marked"
        if self.doc.report.get(ref) is None:
            return "blank"
        return None

    def _tooltip(self, table: Table, ref: CellRef) -> str:
        col = table.column(ref[2])
        lines = [table.cell_label(ref[1], ref[2]), f"应填：{KIND_HINTS[col.kind]}"]
        if ref in self.doc.marked:
            lines.append(f"导入时标记：{self.doc.marked[ref]}")
        if ref in self.doc.sources:
            lines.append(f"导入原文：{self.doc.sources[ref]}")
        st = self.doc.cell_states.get(ref)
        for f in st.findings if st else ():
            if f.rule == "cell.blank":
                lines.append(BLANK_TEXT + "（空白按0计算，导出时印为0）")
                continue
            word = "错误" if f.severity == "error" else ("警告（已确认）" if f.acknowledged else "警告")
            lines.append(f"【{word}】{rule_title(f.rule)}：{f.message}")
            hint = self._balance_hint(f)
            if hint:
                lines.append(hint)
        return "\n".join(lines)

    def _balance_hint(self, finding) -> str:
        """Where a column of 三 does not balance: the 结转下年度 that would balance it."""
        if finding.rule != "requests.balance":
            return ""
        report = self.doc.report
        rule = next((r for r in report.edition.rules if r.id == finding.rule), None)
        subject = finding.key.split("|", 1)[1]
        if rule is None:
            return ""
        inst = next((i for i in rule.instances if i.subject == subject), None)
        if inst is None or not inst.right:
            return ""
        target = inst.right[-1].ref  # the rule's last term: 第四项 结转下年度继续办理
        value = balancing_value(report, rule, subject, target)
        if value is None:
            return ""
        row_label = report.edition.table(target[0]).row(target[1]).label
        if value < 0:
            return f"提示：即使“{row_label}”填0也不平衡，请核对第一项至第三项"
        return f"提示：“{row_label}”填{format_cell(value)}可使本列平衡"

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole:
            return False
        p = self.placed(index)
        if p is None or p.cell.ref is None:
            return False
        ref = p.cell.ref
        kind = p.table.column(ref[2]).kind
        try:
            number = parse_cell(kind, "" if value is None else str(value))
        except CellInputError as exc:
            self.refused.emit(f"{p.table.cell_label(ref[1], ref[2])}：{exc}，原值保留", QModelIndex(index))
            return False
        self.doc.set_cells({ref: number}, "编辑单元格")
        return True

    def _signature(self, ref: CellRef) -> tuple:
        return self.doc.report.get(ref), self._state(ref)

    def refresh(self) -> None:
        """After a change: tell the views about the cells whose value or state changed, and only those,
        so that an edit repaints a few cells rather than the whole table."""
        changed = []
        for ref, pos in self._where.items():
            sig = self._signature(ref)
            if self._sigs.get(ref) != sig:
                self._sigs[ref] = sig
                self._cache.pop(pos, None)
                changed.append(pos)
        if len(changed) > 40:
            self._cache.clear()
            self.dataChanged.emit(self.index(0, 0), self.index(self._rows - 1, self._cols - 1))
            return
        for pos in changed:
            idx = self.index(*pos)
            self.dataChanged.emit(idx, idx)
