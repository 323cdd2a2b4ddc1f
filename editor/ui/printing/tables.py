"""The official tables on the page: each cell measured from ``Table.layout()`` with the DOCX's column
widths, row heights found, and rows drawn with their borders, shading and spanning cells."""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen, QTextLayout

from editor.io.docx import style as st
from editor.io.docx.export import column_widths, format_value, table_size
from editor.report import Report
from editor.schema import GridCell, Table
from editor.ui.printing.geometry import BORDER, TEXT_W, fit, text_layout


@dataclass
class TableCell:
    cell: GridCell
    layout: QTextLayout | None
    height: float  # of the text
    shade: bool
    stacked: str = ""  # characters of a vertical cell, one a line


@dataclass
class TableRows:
    """Consecutive rows of one table, placed together on one page."""

    widths: list[float]
    heights: list[float]  # of every row of the grid
    cells: list[TableCell]
    rows: list[int]  # grid rows drawn here, in order (repeated header rows first)
    stacked_font: QFont | None = None
    pad: int = 0



@dataclass
class MeasuredTable:
    widths: list[float]
    heights: list[float]  # of every grid row
    cells: list[TableCell]
    blocks: list[tuple[int, int, int]]  # (first grid row, header rows, end) of each official table
    font: QFont  # the table's text font (also that of a vertical cell's stacked characters)
    pad: int


def measure(group: list[Table], report: Report, blank_as_zero: bool, fonts) -> MeasuredTable:
    """Every cell of the tables of ``group`` (one Word table) laid out, and the rows' heights: at least 1.8
    lines (as in the DOCX), as tall as a cell's text needs; a spanning cell taller than its rows grows the
    last of them."""
    widths = [float(w) for w in column_widths(group[0])]
    style, size, pad = table_size(group[0])
    font = {st.TABLE: fonts.table, st.TABLE_SMALL: fonts.table_small}.get(style, fonts.table_tiny)
    min_height = round(size * 20 * 1.8)  # rows at least 1.8 lines high, as in the DOCX
    cells: list[TableCell] = []
    heights: list[float] = []
    blocks: list[tuple[int, int, int]] = []  # (first grid row, header rows, last grid row + 1) per table
    top = 0
    for t in group:
        columns = {c.id: c for c in t.columns}
        n = t.header_rows + len(t.rows)
        heights.extend([float(min_height)] * n)
        spanning: list[TableCell] = []
        for g in t.layout():
            cell = GridCell(g.row + top, g.col, g.rowspan, g.colspan, g.text, g.role, g.ref, g.vertical)
            width = sum(widths[cell.col:cell.col + cell.colspan]) - 2 * pad
            if cell.vertical:
                c = TableCell(cell, None, 0, False, stacked=cell.text)
            else:
                text = _cell_text(cell, columns, report, blank_as_zero)
                left = cell.role in ("label", "group")
                f = fonts.note if cell.role == "note" else font
                if cell.ref is not None:
                    f = fit(f, text, width)
                align = Qt.AlignmentFlag.AlignLeft if left else Qt.AlignmentFlag.AlignHCenter
                layout, hs = text_layout(text, f, width, align)
                if cell.role == "header" and len(hs) > 1:
                    # Even lines ("商业/企业", not "商业企/业"): wrap at the width of the longer one.
                    per = math.ceil(len(text) / len(hs))
                    narrow = min(width, per * size * 20 + 12)
                    layout, hs = text_layout(text, f, narrow, align)
                    for i in range(layout.lineCount()):
                        layout.lineAt(i).setPosition(QPointF((width - narrow) / 2, 0))
                y = 0.0
                for i in range(layout.lineCount()):
                    layout.lineAt(i).setPosition(QPointF(layout.lineAt(i).x(), y))
                    y += hs[i]
                c = TableCell(cell, layout, y, cell.role == "caption")
            cells.append(c)
            if cell.rowspan == 1:
                heights[cell.row] = max(heights[cell.row], c.height + 2 * BORDER + 40)
            else:
                spanning.append(c)
        for c in spanning:  # a spanning cell taller than its rows grows its last row
            rows = range(c.cell.row, c.cell.row + c.cell.rowspan)
            need = c.height + 2 * BORDER + 40 - sum(heights[r] for r in rows)
            if need > 0:
                heights[rows[-1]] += need
        blocks.append((top, t.header_rows, top + n))
        top += n
    return MeasuredTable(widths, heights, cells, blocks, font, pad)


def _cell_text(cell: GridCell, columns, report: Report, blank_as_zero: bool) -> str:
    if cell.ref is not None:
        return format_value(report.values.get(cell.ref), columns[cell.ref[2]], blank_as_zero)
    return cell.text


def draw_rows(painter: QPainter, t: TableRows, y0: float) -> None:
    left = (TEXT_W - sum(t.widths)) / 2
    xs = [left]
    for w in t.widths:
        xs.append(xs[-1] + w)
    ys: dict[int, float] = {}
    y = y0
    for r in t.rows:
        ys[r] = y
        y += t.heights[r]
    pen = QPen(QColor("black"))
    pen.setWidthF(BORDER)
    for c in t.cells:
        cell = c.cell
        spanned = [r for r in range(cell.row, cell.row + cell.rowspan) if r in ys]
        if not spanned:
            continue
        top = ys[spanned[0]]
        height = sum(t.heights[r] for r in spanned)
        rect = QRectF(xs[cell.col], top, xs[cell.col + cell.colspan] - xs[cell.col], height)
        if c.shade:
            painter.fillRect(rect, QColor("#" + st.SHADE_CAPTION))
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect)
        painter.setPen(QColor("black"))
        if c.stacked:
            _draw_stacked(painter, t, c, xs, ys)
            continue
        if c.layout is None or (spanned[0] != cell.row):
            continue  # a spanning cell continued from the page before: its text is there
        pad = t.pad
        centre = height / 2
        if cell.role == "group" and len(spanned) > 1:
            # A group label sits on the border between two of its rows nearest the middle, not on one of
            # the rows' own text lines: a line of the page (pdftotext, copy) then holds one row's text only.
            borders, acc = [], 0.0
            for r in spanned[:-1]:
                acc += t.heights[r]
                borders.append(acc)
            centre = min(borders, key=lambda b: abs(b - height / 2))
        c.layout.draw(painter, QPointF(rect.x() + pad, rect.y() + centre - c.height / 2))


def _draw_stacked(painter: QPainter, t: TableRows, c: TableCell, xs: list[float], ys: dict[int, float]) -> None:
    """A vertical cell's characters, one a line, centred over its span, each on a border between two of
    its rows: never on the line of another cell's text, so a PDF's text layer keeps the rows' lines
    clean (pdftotext, copy and paste). Each character is drawn with the row above it, so a span broken
    across pages keeps its characters in place (one at a page's foot moves up into its row)."""
    cell = c.cell
    font = t.stacked_font
    step = QFontMetricsF(font).height()
    painter.setFont(font)
    x0, x1 = xs[cell.col], xs[cell.col + cell.colspan]
    rows = list(range(cell.row, cell.row + cell.rowspan))
    n = len(c.stacked)
    if n <= len(rows) - 1:
        first = (len(rows) - 1 - n) // 2
        for k, ch in enumerate(c.stacked):
            above = rows[first + k]  # the character sits on the border under this row
            if above not in ys:
                continue
            centre = ys[above] + t.heights[above]
            if above + 1 not in ys:
                centre -= step / 2  # the page ends under this row
            painter.drawText(QRectF(x0, centre - step / 2, x1 - x0, step), Qt.AlignmentFlag.AlignCenter, ch)
        return
    total = sum(t.heights[r] for r in rows)
    start = (total - step * n) / 2
    for k, ch in enumerate(c.stacked):
        pos = start + k * step + step / 2  # the character's centre, from the span's top
        acc = 0.0
        for r in rows:
            if acc + t.heights[r] > pos or r == rows[-1]:
                if r in ys:
                    top = ys[r] + pos - acc - step / 2
                    painter.drawText(QRectF(x0, top, x1 - x0, step), Qt.AlignmentFlag.AlignCenter, ch)
                break
            acc += t.heights[r]
