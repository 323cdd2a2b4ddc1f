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


def _cell_text(v) -> str:
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


def xlsx_lines(path: Path) -> list[Line]:
    import openpyxl
    from openpyxl.cell.cell import MergedCell

    stream = open_vetted(path, "Excel")
    try:
        wb = openpyxl.load_workbook(stream, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged or foreign file
        raise ReportFileError(f"{path.name} 不是有效的 Excel（.xlsx）文件或已损坏（{type(exc).__name__}）") from exc
    out: list[Line] = []
    seen = 0
    for ws in wb.worksheets:
        seen += (ws.max_row or 0) * (ws.max_column or 0)
        if seen > MAX_CELLS:
            raise ReportFileError(f"{path.name} 的表格过大，不像一份年度报告")
        rows = [[(c.column, _cell_text(c.value)) for c in row if not isinstance(c, MergedCell)]
                for row in ws.iter_rows()]
        # The sheet's real width: formatting alone can stretch max_column far to the right.
        width = max((col for row in rows for col, text in row if text), default=0)
        for row in rows:
            cells = [text for col, text in row if col <= width]
            if any(cells):
                out.append(Line(cells, table_row=len([c for c in cells if c]) > 1))
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
