"""Reading an Excel 97-2003 workbook (.xls), the format many templates still use, with xlrd.

Every sheet becomes lines exactly as a foreign .xlsx does (``foreign.sheet_lines``: a merged range's other
cells blank), and goes through the same recognizer. A web page or web archive (.mht) saved with an .xls
name (what many web systems export as “Excel”) is read as the page it is.
"""

from __future__ import annotations

from pathlib import Path

from editor.io.formats import ImportResult, LogEntry
from editor.io.native import ReportFileError
from editor.io.recognize import Line, recognize_lines
from editor.io.text.plain import read_bytes
from editor.io.xlsx.foreign import MAX_CELLS, cell_text, sheet_lines

MAX_BYTES = 20 * 1024 * 1024  # a report's workbook is well under 1 MB
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _value_text(cell, datemode: int) -> str:
    import xlrd

    if cell.ctype == xlrd.XL_CELL_NUMBER:
        return cell_text(float(cell.value))
    if cell.ctype == xlrd.XL_CELL_TEXT:
        return str(cell.value).strip()
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            y, m, d, *_ = xlrd.xldate_as_tuple(cell.value, datemode)
        except (xlrd.xldate.XLDateError, ValueError):
            return ""
        return f"{y}年{m}月{d}日" if y else ""
    return ""  # blank, empty, boolean, error (#DIV/0!): nothing a report prints as a number


def xls_lines(data: bytes, name: str) -> list[Line]:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True,
                                  logfile=_Silent())
    except Exception as exc:  # xlrd raises XLRDError, struct.error, IndexError… on a damaged file
        raise ReportFileError(f"{name} 不是有效的 Excel 97-2003（.xls）文件或已损坏（{type(exc).__name__}）") from exc
    out: list[Line] = []
    seen = 0
    try:
        for k in range(book.nsheets):
            sheet = book.sheet_by_index(k)
            seen += sheet.nrows * sheet.ncols
            if seen > MAX_CELLS:
                raise ReportFileError(f"{name} 的表格过大，不像一份年度报告")
            hidden = set()
            for rlo, rhi, clo, chi in sheet.merged_cells:
                hidden.update((r, c) for r in range(rlo, rhi) for c in range(clo, chi) if (r, c) != (rlo, clo))
            rows = [[(c + 1, "" if (r, c) in hidden else _value_text(sheet.cell(r, c), book.datemode))
                     for c in range(sheet.row_len(r))] for r in range(sheet.nrows)]
            out.extend(sheet_lines(rows, sheet.name))
            book.unload_sheet(k)
    except ReportFileError:
        raise
    except Exception as exc:
        raise ReportFileError(f"{name} 已损坏，无法读取（{type(exc).__name__}）") from exc
    finally:
        book.release_resources()
    return out


class _Silent:
    """xlrd writes warnings about sloppy files to a log file; they are not the user's concern."""

    def write(self, _text: str) -> None:
        pass


def read_xls(path: Path) -> ImportResult:
    path = Path(path)
    data = read_bytes(path, MAX_BYTES)
    if data.startswith(_OLE2):
        return recognize_lines(xls_lines(data, path.name), False, path.name)
    if data.startswith(b"PK"):
        raise ReportFileError(f"{path.name} 实为 .xlsx 文件：请将扩展名改为 .xlsx 后再打开")
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"mime-version") or b"multipart/related" in head:
        # Excel's “single file web page”, which web systems also hand out as .xls.
        from editor.io.text.mht import read_mht

        result = read_mht(path)
        result.log.insert(0, LogEntry("note", f"{path.name} 实为网页存档（.mht）文件，已按网页读取"))
        return result
    if head.startswith(b"<") or b"<html" in head or b"<table" in head:
        from editor.io.text.html_page import read_html

        result = read_html(path)
        result.log.insert(0, LogEntry("note", f"{path.name} 实为网页（HTML）文件，已按网页读取"))
        return result
    raise ReportFileError(f"{path.name} 不是 Excel 97-2003（.xls）文件（文件内容与扩展名不符）")
