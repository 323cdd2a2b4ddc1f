"""Tables 二, 三 and 四 on one worksheet, in the official layout, drawn from ``Table.layout()``.

``write_official_tables`` is shared by the report export and the district summary (汇总): it lays the
tables, styles them for printing, adds data validation on the value cells and conditional formats that
turn a cell red when one of the edition's cross-checks fails (see ``xlsx.formulas``), and returns where
each value cell went.

All tables share one column grid (as many sheet columns as the widest table has grid columns), so the
sheet prints as one page width: a narrower table spreads its grid columns over several sheet columns.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping
from copy import copy
from dataclasses import dataclass, field
from decimal import Decimal

from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import MultiCellRange
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from editor.io.xlsx.formulas import rule_formulas
from editor.io.xlsx.inert import put_text
from editor.report import Number
from editor.schema import CellRef, Edition, GridCell, Table

# Fonts every Windows PC (and WPS) has; the XLSX is for collecting, the DOCX is the typeset document.
BODY_FONT = "宋体"
HEADING_FONT = "黑体"
NOTE_FONT = "楷体"
TABLE_SIZE = 10
COLUMN_WIDTH = 8.5  # Excel width units (characters of "0" in the default font)
CAPTION_FILL = "C6D9F1"  # the light blue of the common template's 第二十条 caption rows
ERROR_FILL, ERROR_FONT = "FFC7CE", "9C0006"  # Excel's own "bad" style
WARNING_FILL, WARNING_FONT = "FFEB9C", "9C5700"  # Excel's own "neutral" style

# Money shows as many decimals as it holds, up to the 6 a value may have (0.###### never rounds what the
# editor accepts, whatever the column width; General would). A whole amount would print "7545." with it:
# a conditional format gives whole amounts the format "0" (Excel, WPS and LibreOffice all apply it).
NUMBER_FORMATS = {"count": "0", "signed": "0", "money": "0.######"}
MONEY_WHOLE_FORMAT = "0"

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)

# A4 portrait, 0.5 in side margins: printable size in points, for the scale and the page breaks.
_SIDE_MARGIN_IN = 0.5
_PRINTABLE_WIDTH_PT = 595 - 2 * 72 * _SIDE_MARGIN_IN
_PRINTABLE_HEIGHT_PT = 842 - 2 * 54 - 30


@dataclass
class TablesPlacement:
    """Where write_official_tables put things: 1-based sheet rows and columns."""

    cells: dict[CellRef, str] = field(default_factory=dict)  # value cell -> its top-left coordinate
    ranges: dict[CellRef, str] = field(default_factory=dict)  # value cell -> its whole (merged) range
    table_rows: dict[str, tuple[int, int]] = field(default_factory=dict)  # table id -> first, last row
    last_row: int = 0
    columns: int = 0


def text_width(text: str) -> int:
    """Display width in Excel width units: CJK characters count double."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


# ----------------------------------------------------------------------------- column plan


def sheet_columns(edition: Edition) -> int:
    return max(t.grid_columns for t in edition.tables)


def column_plan(table: Table, columns: int) -> list[tuple[int, int]]:
    """(first sheet column, span) for each of the table's grid columns, 0-based, filling ``columns``.

    Value columns get an equal share; what is left goes to the label columns in proportion to the
    longest label each holds, so 三's item labels get room and its vertical label stays narrow.
    """
    labels = table.label_columns
    value_cols = table.grid_columns - labels
    share = max(1, (columns - labels) // value_cols) if value_cols else 0
    spans = [1] * labels + [share] * value_cols
    leftover = columns - sum(spans)
    if leftover > 0:
        targets = list(range(labels)) if labels else [len(spans) - 1]
        weights = [_label_weight(table, c) for c in targets]
        total = sum(weights)
        exact = [leftover * w / total for w in weights]
        extra = [math.floor(x) for x in exact]
        by_remainder = sorted(range(len(targets)), key=lambda i: exact[i] - extra[i], reverse=True)
        for i in by_remainder[: leftover - sum(extra)]:
            extra[i] += 1
        for target, add in zip(targets, extra, strict=True):
            spans[target] += add
    plan, col = [], 0
    for span in spans:
        plan.append((col, span))
        col += span
    return plan


def _label_weight(table: Table, grid_col: int) -> int:
    """The width the longest single-column text starting in this grid column needs (at least 1)."""
    widths = [text_width(c.text) for c in table.layout()
              if c.col == grid_col and c.colspan == 1 and c.text and not c.vertical]
    return max([1, *widths])


# ----------------------------------------------------------------------------- drawing


def _font(name: str = BODY_FONT, size: float = TABLE_SIZE, bold: bool = False) -> Font:
    return Font(name=name, size=size, bold=bold)


def _style_for(cell: GridCell) -> tuple[Font, Alignment, PatternFill | None]:
    if cell.role == "caption":
        return (_font(), Alignment(horizontal="center", vertical="center", wrap_text=True),
                PatternFill("solid", start_color=CAPTION_FILL, end_color=CAPTION_FILL))
    if cell.role == "note":
        return _font(NOTE_FONT), Alignment(horizontal="center", vertical="center", wrap_text=True), None
    if cell.role == "header":
        return _font(), Alignment(horizontal="center", vertical="center", wrap_text=True), None
    if cell.role == "group" and cell.vertical:
        # 255: the letters stacked top to bottom (the vertical 三、本年度办理结果).
        return _font(), Alignment(horizontal="center", vertical="center", text_rotation=255, wrap_text=True), None
    if cell.role in ("label", "group"):
        return _font(), Alignment(horizontal="left", vertical="center", wrap_text=True), None
    return _font(), Alignment(horizontal="center", vertical="center"), None


def _number_format(table: Table, column_id: str, value: Number | None) -> str:
    """Counts print as integers; money as many decimals as the cell holds (see NUMBER_FORMATS), so a
    figure typed over the export later prints as typed too."""
    del value
    col = table.column(column_id)
    fmt = NUMBER_FORMATS[col.kind]
    return f'{fmt}"{col.unit_suffix}"' if col.unit_suffix else fmt


def _cell_value(value: Number | None, blank_as_zero: bool) -> Number | None:
    if value is None:
        return 0 if blank_as_zero else None
    if isinstance(value, Decimal) and value == value.to_integral_value() and value.as_tuple().exponent >= 0:
        return int(value)
    return value


def _line_height(size: float) -> float:
    return size * 1.4


def _lines(text: str, width_units: float, size: float) -> int:
    """How many lines a wrapped text takes in a cell this wide (fonts narrower than 11 pt fit more)."""
    if not text:
        return 1
    usable = max(1.0, width_units - 1) * 11 / size
    return sum(max(1, math.ceil(text_width(part) / usable)) for part in text.split("\n"))


def _write_table(ws: Worksheet, table: Table, top: int, columns: int, values: Mapping[CellRef, Number],
                 blank_as_zero: bool, placement: TablesPlacement) -> list[float]:
    """Draw one table with its first grid row at sheet row ``top``; return the estimated row heights."""
    plan = column_plan(table, columns)
    height = table.header_rows + len(table.rows)
    lines = [1] * height
    styles: dict[tuple, StyleArray] = {}
    for cell in table.layout():
        first_col = plan[cell.col][0] + 1
        last_col = plan[cell.col + cell.colspan - 1][0] + plan[cell.col + cell.colspan - 1][1]
        first_row, last_row = top + cell.row, top + cell.row + cell.rowspan - 1
        # Merge before styling: openpyxl then has no border to spread over the merged cells (slow).
        if last_row > first_row or last_col > first_col:
            ws.merge_cells(start_row=first_row, start_column=first_col, end_row=last_row, end_column=last_col)
        anchor = ws.cell(first_row, first_col)
        if cell.role == "value":
            assert cell.ref is not None
            anchor.value = _cell_value(values.get(cell.ref), blank_as_zero)
            number_format = _number_format(table, cell.ref[2], anchor.value)
            placement.cells[cell.ref] = anchor.coordinate
            placement.ranges[cell.ref] = _range(first_row, first_col, last_row, last_col)
        else:
            put_text(anchor, cell.text)
            number_format = "General"
        key = (cell.role, cell.vertical, number_format)
        if key not in styles:
            font, align, fill = _style_for(cell)
            anchor.font, anchor.alignment, anchor.border = font, align, _BORDER
            anchor.number_format = number_format
            if fill is not None:
                anchor.fill = fill
            styles[key] = anchor._style
        # Every piece of a merged cell carries the border, so Excel and WPS draw the whole frame.
        # Copying the style array is openpyxl's own way of copying a style, and 10x faster than setting it.
        for r in range(first_row, last_row + 1):
            for c in range(first_col, last_col + 1):
                ws.cell(r, c)._style = copy(styles[key])
        if cell.text and not cell.vertical:
            need = _lines(cell.text, COLUMN_WIDTH * (last_col - first_col + 1), TABLE_SIZE)
            per_row = math.ceil(need / cell.rowspan)
            for r in range(cell.row, cell.row + cell.rowspan):
                lines[r] = max(lines[r], per_row)
    heights = [max(20.0, n * _line_height(TABLE_SIZE) + 6) for n in lines]
    for i, h in enumerate(heights):
        ws.row_dimensions[top + i].height = h
    placement.table_rows[table.id] = (top, top + height - 1)
    return heights


def _range(r1: int, c1: int, r2: int, c2: int) -> str:
    start = f"{get_column_letter(c1)}{r1}"
    return start if (r1, c1) == (r2, c2) else f"{start}:{get_column_letter(c2)}{r2}"


def _heading(ws: Worksheet, row: int, text: str, columns: int, size: float, center: bool = False) -> float:
    cell = put_text(ws.cell(row, 1), text)
    cell.font = _font(HEADING_FONT, size)
    cell.alignment = Alignment(horizontal="center" if center else "left", vertical="center", wrap_text=True)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
    height = _lines(text, COLUMN_WIDTH * columns, size) * _line_height(size) + 10
    ws.row_dimensions[row].height = height
    return height


# ----------------------------------------------------------------------------- checks in the sheet


def _add_validation(ws: Worksheet, edition: Edition, placement: TablesPlacement) -> None:
    """Refuse in Excel/WPS what the editor refuses: negative counts, fractions, negative money."""
    by_kind: dict[str, list[str]] = {"count": [], "signed": [], "money": []}
    kinds = edition.cell_kinds
    for ref, rng in placement.ranges.items():
        by_kind[kinds[ref]].append(rng)
    specs = {
        "count": dict(type="whole", operator="greaterThanOrEqual", formula1="0",
                      error="请填写不小于0的整数。"),
        "signed": dict(type="whole", operator="between", formula1="-999999999", formula2="999999999",
                       error="请填写整数（减少时填负数）。"),
        "money": dict(type="decimal", operator="greaterThanOrEqual", formula1="0",
                      error="请填写不小于0的金额（单位：万元），最多保留6位小数。"),
    }
    for kind, ranges in by_kind.items():
        if not ranges:
            continue
        dv = DataValidation(allow_blank=True, showErrorMessage=True, errorStyle="stop", errorTitle="数值不符合要求",
                            **specs[kind])
        dv.sqref = MultiCellRange(" ".join(ranges))
        ws.add_data_validation(dv)


# An entry the editor would refuse, as a formula TRUE for the cell {c}: a number stored as text, a
# negative count, a fraction in a count cell, money below 0 or with more than 6 decimals. IF, not AND:
# Excel evaluates every argument of AND, and INT of a text is an error that would void the format.
_BAD_ENTRY = {
    "count": "IF(ISTEXT({c}),TRUE,IF(ISNUMBER({c}),OR({c}<0,{c}<>INT({c})),FALSE))",
    "signed": "IF(ISTEXT({c}),TRUE,IF(ISNUMBER({c}),{c}<>INT({c}),FALSE))",
    "money": "IF(ISTEXT({c}),TRUE,IF(ISNUMBER({c}),OR({c}<0,ROUND({c},6)<>{c}),FALSE))",
}


def _add_entry_formats(ws: Worksheet, edition: Edition, placement: TablesPlacement) -> None:
    """Bad entries turn red like a failed check, and whole amounts of money drop the decimal point."""
    from openpyxl.formatting.rule import Rule
    from openpyxl.styles.differential import DifferentialStyle
    from openpyxl.styles.numbers import NumberFormat

    kinds = edition.cell_kinds
    fill = PatternFill("solid", start_color=ERROR_FILL, end_color=ERROR_FILL)
    for ref, coord in placement.cells.items():
        kind = kinds[ref]
        rng = placement.ranges[ref]
        ws.conditional_formatting.add(rng, FormulaRule(formula=[_BAD_ENTRY[kind].format(c=coord)], stopIfTrue=True,
                                                       fill=fill, font=Font(color=ERROR_FONT)))
        if kind == "money":
            col = edition.table(ref[0]).column(ref[2])
            code = MONEY_WHOLE_FORMAT + (f'"{col.unit_suffix}"' if col.unit_suffix else "")
            dxf = DifferentialStyle(numFmt=NumberFormat(numFmtId=300, formatCode=code))
            ws.conditional_formatting.add(rng, Rule(type="expression", dxf=dxf,
                                                    formula=[f"AND(ISNUMBER({coord}),{coord}=INT({coord}))"]))


def _add_check_formats(ws: Worksheet, edition: Edition, placement: TablesPlacement) -> None:
    """One conditional format per rule instance: its cells turn red (errors) or amber (warnings)."""
    for item in rule_formulas(edition, placement.cells):
        fill_color, font_color = (ERROR_FILL, ERROR_FONT) if item.severity == "error" else (WARNING_FILL, WARNING_FONT)
        rule = FormulaRule(formula=[item.formula], stopIfTrue=False,
                           fill=PatternFill("solid", start_color=fill_color, end_color=fill_color),
                           font=Font(color=font_color))
        ws.conditional_formatting.add(" ".join(placement.ranges[ref] for ref in item.cells), rule)


# ----------------------------------------------------------------------------- page


def sheet_width_points(columns: int) -> float:
    """Printed width of the table columns: Excel's column width in pixels is 7 × width + 5 for the
    workbook's default font (Calibri 11, what openpyxl writes as the Normal style), at 96 dpi."""
    return columns * (COLUMN_WIDTH * 7 + 5) * 0.75


def print_scale(columns: int) -> float:
    """The scale Excel's "fit to 1 page wide" comes to (LibreOffice's wider columns give a smaller one)."""
    return min(1.0, _PRINTABLE_WIDTH_PT / sheet_width_points(columns))


def _setup_page(ws: Worksheet, columns: int, blocks: list[tuple[int, float]], last_row: int) -> None:
    """A4 portrait, fit to 1 page wide and as many tall as needed; a block (a section with its tables)
    that would not fit the rest of a page starts on the next one, so a table is never cut when it fits
    on one page. (Excel repeats only one range of header rows per sheet: with three tables on a sheet,
    keeping each table whole is what works.) Excel and LibreOffice honour manual breaks with "fit to"
    when the height is left automatic (fitToHeight 0); an explicit scale would not survive LibreOffice,
    which measures column widths with other font metrics and cut the right-hand columns off.
    """
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.page_margins.left = ws.page_margins.right = _SIDE_MARGIN_IN
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.print_options.horizontalCentered = True
    ws.print_area = f"A1:{get_column_letter(columns)}{last_row}"
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.oddFooter.center.size = 9
    page_height = _PRINTABLE_HEIGHT_PT / print_scale(columns) * 0.9  # a margin for the height estimate
    used = 0.0
    for first_row, height in blocks:
        if used and used + height > page_height:
            ws.row_breaks.append(Break(id=first_row - 1))
            used = 0.0
        used += height


def write_official_tables(ws: Worksheet, edition: Edition, values: Mapping[CellRef, Number], *,
                          title: str = "", start_row: int = 1, blank_as_zero: bool = True,
                          validation: bool = True, check_formats: bool = True,
                          page_setup: bool = True) -> TablesPlacement:
    """Lay the edition's table sections (二, 三, 四), each under its heading, on ``ws``.

    values: cell -> number (a blank cell is absent; it prints 0 unless ``blank_as_zero`` is False).
    title: an optional title row above the tables (e.g. the report's title, or 汇总表's).
    """
    columns = sheet_columns(edition)
    placement = TablesPlacement(columns=columns)
    for c in range(1, columns + 1):
        ws.column_dimensions[get_column_letter(c)].width = COLUMN_WIDTH
    row = start_row
    blocks: list[tuple[int, float]] = []
    if title:
        _heading(ws, row, title, columns, 14, center=True)
        row += 2
    for section in edition.sections:
        if section.kind != "tables":
            continue
        block_start = row
        block_height = _heading(ws, row, section.heading, columns, 12)
        row += 1
        for table_id in section.tables:
            table = edition.table(table_id)
            heights = _write_table(ws, table, row, columns, values, blank_as_zero, placement)
            block_height += sum(heights)
            row += len(heights)
        blocks.append((block_start, block_height))
        placement.last_row = row - 1
        row += 1  # one empty row between sections
    ws.sheet_view.showGridLines = False
    if validation:
        _add_validation(ws, edition, placement)
    if check_formats:
        _add_entry_formats(ws, edition, placement)
        _add_check_formats(ws, edition, placement)
    if page_setup:
        _setup_page(ws, columns, blocks, placement.last_row)
    return placement
