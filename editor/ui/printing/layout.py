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

from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QTextLayout

from editor.io.docx import style as st
from editor.io.docx.export import SUBHEAD_PATTERN, prose_lines, table_groups, title_lines
from editor.io.fonts import DEFAULT_FONT_SET
from editor.report import Report
from editor.schema import Table
from editor.ui.printing.fonts import ResolvedFonts, resolve
from editor.ui.printing.geometry import (
    INDENT,
    LEFT,
    LINE,
    NUMBER_TOP,
    TEXT_H,
    TEXT_W,
    TOP,
    make_font,
    page_layout,
    text_layout,
)
from editor.ui.printing.tables import TableRows, draw_rows, measure

__all__ = ["TEXT_H", "Page", "PrintLayout", "TableRows", "build_layout", "page_layout"]


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
        body=make_font([r.latin, r.body], st.BODY_PT, condense),
        kai=make_font([r.latin, r.kai], st.BODY_PT, condense),
        hei=make_font([r.latin, r.hei], st.BODY_PT, condense),
        title=make_font([r.latin, r.title], st.TITLE_PT),
        page_number=make_font([r.page_number], st.PAGE_NUMBER_PT),
        table=make_font([r.latin, r.body], st.TABLE_PT),
        table_small=make_font([r.latin, r.body], st.TABLE_SMALL_PT),
        table_tiny=make_font([r.latin, r.body], st.TABLE_TINY_PT),
        note=make_font([r.latin, r.kai], st.TABLE_SMALL_PT),
    )


@dataclass
class _Line:
    """One line of a paragraph, drawn at a fixed pitch."""

    layout: QTextLayout
    index: int
    pitch: float


@dataclass
class Page:
    items: list[tuple[float, object]] = field(default_factory=list)  # (y, _Line | TableRows)


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
                draw_rows(painter, item, y)
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
        layout, heights = text_layout(text, self.fonts.title, TEXT_W, Qt.AlignmentFlag.AlignHCenter)
        lines = self._lines(layout, len(heights), LINE)
        for line in lines:
            self.flow.place(LINE, line)
        self.flow.y += LINE  # one empty line under the title

    def heading(self, text: str) -> None:
        layout, heights = text_layout(text, self.fonts.hei, TEXT_W, Qt.AlignmentFlag.AlignJustify, INDENT)
        self.paragraph(self._lines(layout, len(heights), LINE), keep_with_next=True)

    def prose(self, line: str) -> None:
        line = line.replace("\t", "    ")
        m = SUBHEAD_PATTERN.match(line)
        formats = [(0, m.end(), self.fonts.kai)] if m else []
        layout, heights = text_layout(line, self.fonts.body, TEXT_W, Qt.AlignmentFlag.AlignJustify, INDENT,
                                       formats)
        self.paragraph(self._lines(layout, max(1, len(heights)), LINE))

    def table(self, group: list[Table], repeat_header: bool) -> None:
        m = measure(group, self.report, self.blank_as_zero, self.fonts)
        heights = m.heights
        flow = self.flow

        def emit(rows: list[int]) -> None:
            if rows:
                item = TableRows(m.widths, heights, m.cells, rows, m.font, m.pad)
                flow.pages[-1].items.append((flow.y, item))
                flow.y += sum(heights[r] for r in rows)

        for first, header_rows, end in m.blocks:
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
