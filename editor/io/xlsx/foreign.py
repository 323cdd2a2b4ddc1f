"""Reading an Excel file laid out like the official tables by someone else (.xlsx).

Every sheet is read in order, one line per row; the cells of a merged range other than its first are
skipped (a merged label spanning three columns is one cell, as printed).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from editor.io.formats import ImportResult, LogEntry
from editor.io.native import ReportFileError
from editor.io.recognize import Line, recognize_lines
from editor.io.zip_guard import open_vetted
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


def _uncomputed_formulas(path: Path) -> int:
    """Formula cells a program other than Excel/WPS wrote without their values: openpyxl reads them blank."""
    import openpyxl

    wb = openpyxl.load_workbook(open_vetted(path, "Excel"), read_only=True)
    try:
        return sum(1 for ws in wb.worksheets for row in ws.iter_rows(values_only=True)
                   for v in row if isinstance(v, str) and v.startswith("="))
    finally:
        wb.close()


_MERGE_CELL = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}mergeCell"


def _merged_continuations(ws, name: str) -> set[tuple[int, int]]:
    """(row, column) of every cell of a merged range other than its first, streamed from the sheet's XML
    (a read-only worksheet does not offer its merged ranges; a full load formats every merged cell and
    costs ten times the whole read)."""
    from lxml import etree
    from openpyxl.utils.cell import range_boundaries

    skip: set[tuple[int, int]] = set()
    src = ws._get_source()
    try:
        for _, el in etree.iterparse(src, tag=_MERGE_CELL, resolve_entities=False, no_network=True):
            try:
                c1, r1, c2, r2 = range_boundaries(el.get("ref", ""))
            except (ValueError, TypeError):
                continue
            if None in (c1, r1, c2, r2) or (c2 - c1 + 1) * (r2 - r1 + 1) + len(skip) > MAX_CELLS:
                raise ReportFileError(f"{name} 的合并单元格过多或过大，不像一份年度报告")
            skip.update((r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1) if (r, c) != (r1, c1))
            el.clear()
    finally:
        src.close()
    return skip


def xlsx_lines(path: Path) -> list[Line]:
    import openpyxl

    stream = open_vetted(path, "Excel")
    try:
        wb = openpyxl.load_workbook(stream, read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds on a damaged or foreign file
        raise ReportFileError(f"{path.name} 不是有效的 Excel（.xlsx）文件或已损坏（{type(exc).__name__}）") from exc
    out: list[Line] = []
    seen = 0
    try:
        for ws in wb.worksheets:
            if not hasattr(ws, "_get_source"):  # a chartsheet: no cells
                continue
            grid, skip, bounds = _sheet_cells(ws, path.name)
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
            out.extend(sheet_lines(rows, ws.title))
    except ReportFileError:
        raise
    except Exception as exc:  # a damaged sheet inside a sane package
        raise ReportFileError(f"{path.name} 已损坏，无法作为 Excel 文件读取（{type(exc).__name__}）") from exc
    finally:
        wb.close()
    return out


def _sheet_cells(ws, name: str):
    """The sheet's cells as {(row, col): value}, its merged continuation cells, and the extent of both
    (min_row, min_col, max_row, max_col), None for an empty sheet: what a full openpyxl load would give,
    read in streaming mode."""
    from openpyxl.cell.read_only import ReadOnlyCell

    skip = _merged_continuations(ws, name)
    ws.reset_dimensions()  # ignore the declared dimension: only the cells that are there
    grid: dict[tuple[int, int], object] = {}
    rows = {r for r, _ in skip}
    cols = {c for _, c in skip}
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell, ReadOnlyCell):
                grid[(cell.row, cell.column)] = cell.value
                rows.add(cell.row)
                cols.add(cell.column)
                if len(grid) > MAX_CELLS:
                    raise ReportFileError(f"{name} 的表格过大，不像一份年度报告")
    if not rows:
        return grid, skip, None
    return grid, skip, (min(rows), min(cols), max(rows), max(cols))


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


def read_foreign_xlsx(path: Path) -> ImportResult:
    path = Path(path)
    result = recognize_lines(xlsx_lines(path), False, path.name)
    if any(e.kind == "missing" and e.cell for e in result.log):
        formulas = _uncomputed_formulas(path)
        if formulas:
            result.log.insert(0, LogEntry("note", f"文件中有{formulas}个公式单元格没有保存计算结果，读作空白；"
                                                  "请在 Excel/WPS 中打开并保存后再导入"))
    return result
