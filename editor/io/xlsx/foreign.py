"""Reading an Excel file laid out like the official tables by someone else (.xlsx).

Every sheet is read in order, one line per row; the cells of a merged range other than its first are
skipped (a merged label spanning three columns is one cell, as printed). The workbook is read straight
from its XML (``xlsx.package``), once, with the values Excel/WPS computed for formulas.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from editor.io.formats import ImportResult, LogEntry
from editor.io.native import ReportFileError
from editor.io.recognize import Line, recognize_lines
from editor.io.xlsx.package import Book, Sheet, open_book
from editor.value_limits import number_problem

MAX_CELLS = 200_000


def cell_text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return ""
    if isinstance(v, (int, float)) and number_problem(v):
        return "（无效数字）"  # NaN, inf (1e999999999), 16+ digits: never a figure, never expanded
    if isinstance(v, float):
        # Excel stores 7730.28 as the nearest binary float: its shortest repr is what the user typed.
        d = Decimal(repr(v))
        return format(d.quantize(Decimal(1)) if d == d.to_integral_value() else d.normalize(), "f")
    return str(v).strip()


_NO_LIMIT_ROWS, _NO_LIMIT_COLS = 1_048_576, 16_384  # Excel's own extent: the cell count is the bound here


def _uncomputed_formulas(wb: Book) -> int:
    """Formula cells a program other than Excel/WPS wrote without their values (read blank)."""
    return sum(1 for title in wb.sheetnames for sheet in [wb.sheet(title)]
               for pos in sheet.formulas if pos not in sheet.values)


def _merged_continuations(sheet: Sheet, name: str) -> set[tuple[int, int]]:
    """(row, column) of every cell of a merged range other than its first."""
    skip: set[tuple[int, int]] = set()
    for c1, r1, c2, r2 in sheet.merged:
        if (c2 - c1 + 1) * (r2 - r1 + 1) + len(skip) > MAX_CELLS:
            raise ReportFileError(f"{name} 的合并单元格过多或过大，不像一份年度报告")
        skip.update((r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1) if (r, c) != (r1, c1))
    return skip


def open_workbook(path: Path) -> Book:
    return open_book(path, _NO_LIMIT_ROWS, _NO_LIMIT_COLS, MAX_CELLS)


def xlsx_lines(path: Path, wb: Book | None = None) -> list[Line]:
    """The lines of every sheet; ``wb``: the same file, already opened (and vetted) by the caller."""
    wb = wb if wb is not None else open_workbook(path)
    out: list[Line] = []
    seen = 0
    try:
        for title in wb.sheetnames:
            if not wb.is_worksheet(title):  # a chartsheet: no cells
                continue
            sheet = wb.sheet(title)
            grid, skip, bounds = _sheet_cells(sheet, path.name)
            if bounds is None:
                continue
            min_row, min_col, max_row, max_col = bounds
            seen += (max_row - min_row + 1) * (max_col - min_col + 1)
            if seen > MAX_CELLS:
                raise ReportFileError(f"{path.name} 的表格过大，不像一份年度报告")
            # The cells' own extent (not the declared dimension, which a forged file sets to A1:XFD1048576);
            # a merged range's other cells stay as blanks, so every cell keeps its column.
            rows = [[(c, "" if (r, c) in skip else cell_text(grid.get((r, c)))) for c in range(min_col, max_col + 1)]
                    for r in range(min_row, max_row + 1)]
            out.extend(sheet_lines(rows, title))
    except ReportFileError:
        raise
    except Exception as exc:  # a damaged sheet inside a sane package
        raise ReportFileError(f"{path.name} 已损坏，无法作为 Excel 文件读取（{type(exc).__name__}）") from exc
    return out


def _sheet_cells(sheet: Sheet, name: str):
    """The sheet's cells as {(row, col): value}, its merged continuation cells, and the extent of both
    (min_row, min_col, max_row, max_col), None for an empty sheet: every cell written counts, a blank one
    with formatting too (as a full openpyxl load gives them)."""
    skip = _merged_continuations(sheet, name)
    rows = {r for r, _ in skip} | {r for r, _ in sheet.present}
    cols = {c for _, c in skip} | {c for _, c in sheet.present}
    if not rows:
        return sheet.values, skip, None
    return sheet.values, skip, (min(rows), min(cols), max(rows), max(cols))


def sheet_lines(rows: list[list[tuple[int, str]]], title: str) -> list[Line]:
    """One sheet's rows of (column, text), a merged range's other cells blank, as lines (.xlsx and .xls)."""
    # The sheet's real width: formatting alone can stretch max_column far to the right.
    width = max((col for row in rows for col, text in row if text), default=0)
    out = []
    for row_no, row in enumerate(rows, start=1):
        cells = [text for col, text in row if col <= width]
        if any(cells):
            # A row with several cells is a row of the sheet's grid even when only its label is filled.
            out.append(Line(cells, table_row=len(cells) > 1, positional=True, grid_columns=True,
                            origin=f"工作表“{title}”第{row_no}行"))
    return out


def read_foreign_xlsx(path: Path, wb: Book | None = None) -> ImportResult:
    """``wb``: the same file, already opened (and vetted) by the caller."""
    path = Path(path)
    wb = wb if wb is not None else open_workbook(path)
    result = recognize_lines(xlsx_lines(path, wb), False, path.name)
    if any(e.kind == "missing" and e.cell for e in result.log):
        formulas = _uncomputed_formulas(wb)
        if formulas:
            result.log.insert(0, LogEntry("note", f"文件中有{formulas}个公式单元格没有保存计算结果，读作空白；"
                                                  "请在 Excel/WPS 中打开并保存后再导入"))
    return result
