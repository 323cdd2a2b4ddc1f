"""The report laid out on A4 pages as the Word export sets it (FORMAT.md, "Typesetting"): one layout for
the print preview, the printer and the PDF.

GB/T 9704 margins; body lines at the fixed pitch of the 22-line grid, 28 characters a line; title,
headings and sub-heads in their fonts; each official table drawn from ``Table.layout()`` with the DOCX's
column widths, rows never split, header rows repeated on every page a table continues on, the 第二十条
blocks of 二 each kept whole, and a heading never left alone at the foot of a page. Qt's text engine
(QTextLayout) breaks the lines; the page flow is ours, because Qt's own table layout sizes rows under
spanning cells wrongly. All lengths are in twips (1/20 pt) and fonts are sized in pixels of that unit,
so the layout does not depend on the device it is painted on.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen, QTextCharFormat, QTextLayout, QTextOption

from editor.io.docx import style as st
from editor.io.docx.export import (
    SUBHEAD_PATTERN,
    column_widths,
    format_value,
    prose_lines,
    table_groups,
    table_size,
    title_lines,
)
from editor.io.fonts import DEFAULT_FONT_SET
from editor.report import Report
from editor.schema import GridCell, Table
from editor.ui.printing.fonts import ResolvedFonts, resolve

MM = 1440 / 25.4  # twips
PAGE_W, PAGE_H = 210 * MM, 297 * MM
TOP, LEFT = 37 * MM, 28 * MM
TEXT_W = float(st.TEXT_WIDTH_TWIPS)
TEXT_H = 225 * MM
LINE = float(st.LINE_PITCH)
NUMBER_TOP = TOP + TEXT_H + 7 * MM  # the page number's top, 7 mm below the text area (as in the DOCX)
BORDER = 10  # 0.5 pt
INDENT = 2 * st.BODY_PT * 20  # two characters


def page_layout():
    """A4 portrait with the GB/T 9704 margins, for printers and the PDF writer."""
    from PySide6.QtCore import QMarginsF
    from PySide6.QtGui import QPageLayout, QPageSize

    return QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                       QMarginsF(28, 37, 26, 35), QPageLayout.Unit.Millimeter)


def _font(families: list[str], size_pt: float, spacing_twips: float = 0) -> QFont:
    font = QFont()
    font.setFamilies(families)
    font.setPixelSize(round(size_pt * 20))
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    font.setKerning(False)
    if spacing_twips:
        font.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, spacing_twips)
    return font


@dataclass
class Fonts:
    body: QFont
    kai: QFont
    hei: QFont
    title: QFont
    page_number: QFont
    table: QFont
    table_small: QFont
    table_tiny: QFont
    note: QFont


def _fonts(r: ResolvedFonts) -> Fonts:
    condense = st.CONDENSE_PT * 20
    return Fonts(
        body=_font([r.latin, r.body], st.BODY_PT, condense),
        kai=_font([r.latin, r.kai], st.BODY_PT, condense),
        hei=_font([r.latin, r.hei], st.BODY_PT, condense),
        title=_font([r.latin, r.title], st.TITLE_PT),
        page_number=_font([r.page_number], st.PAGE_NUMBER_PT),
        table=_font([r.latin, r.body], st.TABLE_PT),
        table_small=_font([r.latin, r.body], st.TABLE_SMALL_PT),
        table_tiny=_font([r.latin, r.body], st.TABLE_TINY_PT),
        note=_font([r.latin, r.kai], st.TABLE_SMALL_PT),
    )


def _fit(font: QFont, text: str, width: float) -> QFont:
    """A figure stays on one line: where the font drawn with is wider than the column was made for (digits
    of a fallback for Times New Roman), it is set smaller, never wrapped."""
    natural = QFontMetricsF(font).horizontalAdvance(text)
    if natural <= width or not text:
        return font
    smaller = QFont(font)
    smaller.setPixelSize(max(1, int(font.pixelSize() * width / natural)))
    return smaller


def _text_layout(text: str, font: QFont, width: float, align: Qt.AlignmentFlag, first_indent: float = 0,
                 formats: list[tuple[int, int, QFont]] = ()) -> tuple[QTextLayout, list[float]]:
    """Break ``text`` into lines of ``width``; returns the layout and each line's natural height."""
    layout = QTextLayout(text, font)
    option = QTextOption(align)
    option.setUseDesignMetrics(True)
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    ranges = []
    for start, length, f in formats:
        fr = QTextLayout.FormatRange()
        fr.start, fr.length = start, length
        cf = QTextCharFormat()
        cf.setFont(f)
        fr.format = cf
        ranges.append(fr)
    if ranges:
        layout.setFormats(ranges)
    layout.beginLayout()
    heights = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        indent = first_indent if not heights else 0
        line.setLineWidth(width - indent)
        line.setPosition(QPointF(indent, 0))
        heights.append(line.height())
    layout.endLayout()
    return layout, heights


# ----------------------------------------------------------------------------- what a page holds


@dataclass
class _Line:
    """One line of a paragraph, drawn at a fixed pitch."""

    layout: QTextLayout
    index: int
    pitch: float


@dataclass
class _Cell:
    cell: GridCell
    layout: QTextLayout | None
    height: float  # of the text
    shade: bool
    stacked: str = ""  # characters of a vertical cell, one a line


@dataclass
class _TableRows:
    """Consecutive rows of one table, placed together on one page."""

    widths: list[float]
    heights: list[float]  # of every row of the grid
    cells: list[_Cell]
    rows: list[int]  # grid rows drawn here, in order (repeated header rows first)
    stacked_font: QFont | None = None
    pad: int = 0


@dataclass
class Page:
    items: list[tuple[float, object]] = field(default_factory=list)  # (y, _Line | _TableRows)


@dataclass
class PrintLayout:
    pages: list[Page]
    fonts: ResolvedFonts
    qfonts: Fonts

    @property
    def page_count(self) -> int:
        return len(self.pages)

    def paint_page(self, painter: QPainter, index: int) -> None:
        """Draw page ``index`` (0-based) with the painter in twips, origin at the paper's corner."""
        painter.save()
        painter.translate(LEFT, TOP)
        for y, item in self.pages[index].items:
            if isinstance(item, _Line):
                _draw_line(painter, item, y)
            else:
                _draw_rows(painter, item, y)
        painter.restore()
        _draw_page_number(painter, self.qfonts.page_number, index + 1)


def _draw_line(painter: QPainter, item: _Line, y: float) -> None:
    line = item.layout.lineAt(item.index)
    # Text centred in its fixed-pitch line, as Word places an "exact" line.
    offset = y + (item.pitch - line.height()) / 2 - line.y()
    painter.setPen(QColor("black"))
    line.draw(painter, QPointF(0, offset))


def _draw_page_number(painter: QPainter, font: QFont, number: int) -> None:
    painter.setFont(font)
    painter.setPen(QColor("black"))
    inset = st.PAGE_NUMBER_PT * 20  # one character in from the edge of the text area
    box = QRectF(LEFT + inset, NUMBER_TOP, TEXT_W - 2 * inset, 2 * st.PAGE_NUMBER_PT * 20)
    side = Qt.AlignmentFlag.AlignRight if number % 2 else Qt.AlignmentFlag.AlignLeft
    painter.drawText(box, side | Qt.AlignmentFlag.AlignTop, f"— {number} —")


def _draw_rows(painter: QPainter, t: _TableRows, y0: float) -> None:
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


def _draw_stacked(painter: QPainter, t: _TableRows, c: _Cell, xs: list[float], ys: dict[int, float]) -> None:
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


# ----------------------------------------------------------------------------- building


class _Flow:
    """Places lines and table rows on pages, top to bottom."""

    def __init__(self):
        self.pages: list[Page] = [Page()]
        self.y = 0.0

    def room(self) -> float:
        return TEXT_H - self.y

    def new_page(self) -> None:
        if self.pages[-1].items:
            self.pages.append(Page())
        self.y = 0.0

    def place(self, height: float, item: object) -> None:
        if height > self.room() + 0.5 and self.y > 0:
            self.new_page()
        self.pages[-1].items.append((self.y, item))
        self.y += height


class _Builder:
    def __init__(self, report: Report, fonts: ResolvedFonts, blank_as_zero: bool):
        self.report = report
        self.resolved = fonts
        self.fonts = _fonts(fonts)
        self.blank_as_zero = blank_as_zero
        self.flow = _Flow()
        self.keep_next = 0.0  # height of a heading waiting to be kept with what follows
        self.pending: list[_Line] = []

    # ------------------------------------------------------------------ paragraphs
    def _lines(self, layout: QTextLayout, count: int, pitch: float) -> list[_Line]:
        return [_Line(layout, i, pitch) for i in range(count)]

    def paragraph(self, lines: list[_Line], keep_with_next: bool = False, after: float = 0) -> None:
        if keep_with_next:
            self.pending.extend(lines)
            return
        self._flush(sum(x.pitch for x in lines[:2]))
        for line in lines:
            self.flow.place(line.pitch, line)
        self.flow.y += after

    def _flush(self, next_height: float) -> None:
        """Place waiting headings, on a new page if the first lines after them would not fit under them."""
        if not self.pending:
            return
        need = sum(x.pitch for x in self.pending) + next_height
        if need > self.flow.room() + 0.5 and self.flow.y > 0:
            self.flow.new_page()
        for line in self.pending:
            self.flow.place(line.pitch, line)
        self.pending = []

    def title(self, title: str) -> None:
        text = "\u2028".join(title_lines(title))
        layout, heights = _text_layout(text, self.fonts.title, TEXT_W, Qt.AlignmentFlag.AlignHCenter)
        lines = self._lines(layout, len(heights), LINE)
        for line in lines:
            self.flow.place(LINE, line)
        self.flow.y += LINE  # one empty line under the title

    def heading(self, text: str) -> None:
        layout, heights = _text_layout(text, self.fonts.hei, TEXT_W, Qt.AlignmentFlag.AlignJustify, INDENT)
        self.paragraph(self._lines(layout, len(heights), LINE), keep_with_next=True)

    def prose(self, line: str) -> None:
        line = line.replace("\t", "    ")
        m = SUBHEAD_PATTERN.match(line)
        formats = [(0, m.end(), self.fonts.kai)] if m else []
        layout, heights = _text_layout(line, self.fonts.body, TEXT_W, Qt.AlignmentFlag.AlignJustify, INDENT,
                                       formats)
        self.paragraph(self._lines(layout, max(1, len(heights)), LINE))

    # ------------------------------------------------------------------ tables
    def table(self, group: list[Table], repeat_header: bool) -> None:
        widths = [float(w) for w in column_widths(group[0])]
        style, size, pad = table_size(group[0])
        font = {st.TABLE: self.fonts.table, st.TABLE_SMALL: self.fonts.table_small}.get(style, self.fonts.table_tiny)
        min_height = round(size * 20 * 1.8)  # rows at least 1.8 lines high, as in the DOCX
        cells: list[_Cell] = []
        heights: list[float] = []
        blocks: list[tuple[int, int, int]] = []  # (first grid row, header rows, last grid row + 1) per table
        top = 0
        for t in group:
            columns = {c.id: c for c in t.columns}
            n = t.header_rows + len(t.rows)
            heights.extend([float(min_height)] * n)
            spanning: list[_Cell] = []
            for g in t.layout():
                cell = GridCell(g.row + top, g.col, g.rowspan, g.colspan, g.text, g.role, g.ref, g.vertical)
                width = sum(widths[cell.col:cell.col + cell.colspan]) - 2 * pad
                if cell.vertical:
                    c = _Cell(cell, None, 0, False, stacked=cell.text)
                else:
                    text = self._cell_text(cell, columns)
                    left = cell.role in ("label", "group")
                    f = self.fonts.note if cell.role == "note" else font
                    if cell.ref is not None:
                        f = _fit(f, text, width)
                    align = Qt.AlignmentFlag.AlignLeft if left else Qt.AlignmentFlag.AlignHCenter
                    layout, hs = _text_layout(text, f, width, align)
                    if cell.role == "header" and len(hs) > 1:
                        # Even lines ("商业/企业", not "商业企/业"): wrap at the width of the longer one.
                        per = math.ceil(len(text) / len(hs))
                        narrow = min(width, per * size * 20 + 12)
                        layout, hs = _text_layout(text, f, narrow, align)
                        for i in range(layout.lineCount()):
                            layout.lineAt(i).setPosition(QPointF((width - narrow) / 2, 0))
                    y = 0.0
                    for i in range(layout.lineCount()):
                        layout.lineAt(i).setPosition(QPointF(layout.lineAt(i).x(), y))
                        y += hs[i]
                    c = _Cell(cell, layout, y, cell.role == "caption")
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
        stacked_font = font
        self._place_table(widths, heights, cells, blocks, repeat_header, stacked_font, pad)

    def _place_table(self, widths, heights, cells, blocks, repeat_header, stacked_font, pad) -> None:
        flow = self.flow

        def emit(rows: list[int]) -> None:
            if rows:
                item = _TableRows(widths, heights, cells, rows, stacked_font, pad)
                flow.pages[-1].items.append((flow.y, item))
                flow.y += sum(heights[r] for r in rows)

        for first, header_rows, end in blocks:
            header = list(range(first, first + header_rows))
            head_h = sum(heights[r] for r in header)
            block_h = sum(heights[r] for r in range(first, end))
            # 二: a block stays whole (it is short); 三, 四: the header with at least the first row.
            whole = not repeat_header and block_h <= TEXT_H
            need = block_h if whole else head_h + heights[first + header_rows]
            pending_h = sum(x.pitch for x in self.pending)
            if pending_h + need > flow.room() + 0.5 and flow.y > 0:
                flow.new_page()
            self._flush(0)
            rows: list[int] = []
            for r in range(first, end):
                h = heights[r]
                used = sum(heights[x] for x in rows)
                if rows and used + h > flow.room() + 0.5:
                    emit(rows)
                    flow.new_page()
                    rows = list(header) if repeat_header and r >= first + header_rows else []
                rows.append(r)
            emit(rows)

    def _cell_text(self, cell: GridCell, columns) -> str:
        if cell.ref is not None:
            return format_value(self.report.values.get(cell.ref), columns[cell.ref[2]], self.blank_as_zero)
        return cell.text


def build_layout(report: Report, font_set: str = DEFAULT_FONT_SET, blank_as_zero: bool = True) -> PrintLayout:
    """Lay the report out on pages. Raises ValueError (Chinese) for an unknown font set."""
    fonts = resolve(font_set)
    b = _Builder(report, fonts, blank_as_zero)
    ed = report.edition
    title = report.meta.title or report.meta.suggested_title()
    if title:
        b.title(title)
    for section in ed.sections:
        if section.kind == "meta":
            continue
        if section.printed:
            b.heading(section.heading)
        if section.kind == "text":
            for line in prose_lines(report.text(section.id)):
                b.prose(line)
            continue
        for group in table_groups(ed, section):
            b.table(group, repeat_header=len(group) == 1)
    b._flush(0)
    pages = [p for p in b.flow.pages if p.items] or [Page()]
    return PrintLayout(pages, fonts, b.fonts)
