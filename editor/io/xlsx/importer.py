"""Read an Excel workbook (.xlsx) back into a Report.

Files this program wrote (``xlsx.export``) are recognised by their very hidden ``_gknb`` sheet and read
exactly, through the workbook's defined names: every value (blank stays blank, 0 stays 0), the meta and
every paragraph of prose, even after someone edited the numbers or inserted rows in Excel/WPS. Any
other workbook goes to ``editor.io.xlsx.foreign.read_foreign_xlsx`` when that module exists.

The file is untrusted: its size, the zip's member sizes and compression ratio are checked before any
XML is parsed (``zip_guard``); the workbook's XML is read once, straight with lxml (``xlsx.package``: the
values, the formulas and their computed values in one pass), and whatever cannot be parsed becomes a
Chinese ReportFileError.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from editor.io.formats import ImportResult, LogEntry
from editor.io.native import FORMAT_NAME, VERSION, ReportFileError, report_from_dict
from editor.io.xlsx.names import KIND_LABELS, MARKER_SHEET, NAME_PREFIX, cell_name, meta_name, text_name
from editor.io.xlsx.package import Book, destination, open_book
from editor.io.zip_guard import check_office_zip
from editor.report import Meta, Number, Report
from editor.schema import CellRef, Edition, editions
from editor.value_limits import MAX_NUMBER_TEXT, loads_json, number_problem

MAX_SHEET_ROWS = 20000  # our sheets have under 200 rows and 16 columns; a reader never walks further
MAX_SHEET_COLS = 64  # (a forged dimension like A1:XFD1048576 would otherwise pad every row)
MAX_CELLS = 2_000_000  # cells written in one sheet (the zip guard's tag budget bounds them too)
MONEY_PLACES = 6
Destination = tuple[str, tuple[int, int, int, int]]  # sheet, (min_col, min_row, max_col, max_row)
_SIGNIFICANT_FLOAT_DIGITS = 15  # more digits than this in a float's shortest form is binary noise
_THOUSANDS = re.compile(r"[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")


# ----------------------------------------------------------------------------- the file as a zip


def check_xlsx_container(path: Path) -> None:
    """Refuse, with a Chinese message, what is not a sane .xlsx before any XML is parsed."""
    check_office_zip(path, "Excel")


def _open(path: Path) -> Book:
    # The vetted bytes, not the path: what is parsed is what the zip guard measured.
    return open_book(path, MAX_SHEET_ROWS, MAX_SHEET_COLS, MAX_CELLS)


# ----------------------------------------------------------------------------- sheets as grids


class _Grids:
    """Each sheet as {(row, col): value}, a formula cell holding its formula (“=…”); with ``computed``, the
    values Excel/WPS computed instead (None: never computed)."""

    def __init__(self, wb: Book, computed: bool = False):
        self.wb = wb
        self.computed = computed
        self._grids: dict[str, dict[tuple[int, int], Any]] = {}
        # name -> destination found by position, for a file whose defined names were lost
        self.fallback: dict[str, Destination] = {}

    def sheet(self, title: str) -> dict[tuple[int, int], Any]:
        if title not in self._grids:
            sheet = self.wb.sheet(title)
            self._grids[title] = sheet.values if self.computed or not sheet.formulas \
                else sheet.values | sheet.formulas
        return self._grids[title]


def _destination(grids: _Grids, name: str) -> Destination | None:
    """(sheet, (min_col, min_row, max_col, max_row)) a workbook-level name points at, or None (also when
    beyond what the reader walks: reported as not found rather than read as blank)."""
    if name not in grids.wb.defined_names:
        return grids.fallback.get(name)
    return destination(grids.wb, name, MAX_SHEET_ROWS, MAX_SHEET_COLS)


def _named_value(grids: _Grids, name: str) -> tuple[bool, Any]:
    dest = _destination(grids, name)
    if dest is None:
        return False, None
    sheet, (col, row, _, _) = dest
    return True, grids.sheet(sheet).get((row, col))


def _named_column(grids: _Grids, name: str) -> list[Any] | None:
    dest = _destination(grids, name)
    if dest is None:
        return None
    sheet, (col, first, _, last) = dest
    grid = grids.sheet(sheet)
    return [grid.get((r, col)) for r in range(first, min(last, MAX_SHEET_ROWS) + 1)]


# ----------------------------------------------------------------------------- values


def _decimal_from_float(value: float) -> tuple[Decimal, bool]:
    """The decimal a float stands for; True when binary noise (0.30000000000000004) was rounded away."""
    exact = Decimal(repr(value))
    digits = len(exact.as_tuple().digits)
    if digits > _SIGNIFICANT_FLOAT_DIGITS:
        rounded = exact.quantize(Decimal(1).scaleb(-MONEY_PLACES)).normalize()
        if rounded != exact:
            return rounded, True
    return exact, False


def _to_number(value: Any, kind: str) -> tuple[Number | None, str]:
    """(number, problem): the number a cell holds, or None and why not (empty problem: blank)."""
    if value is None:
        return None, ""
    if isinstance(value, bool):
        return None, f"“{value}”不是数字"
    if isinstance(value, (int, float)):
        problem = number_problem(value)
        if problem:
            return None, problem  # NaN, Infinity, 1e999999999 read as inf: never into arithmetic
    if isinstance(value, int):
        return value, ""
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 2**53:
            return int(value), ""
        number, rounded = _decimal_from_float(value)
        return number, "rounded" if rounded else ""
    if isinstance(value, str):
        text = value.strip()
        if _THOUSANDS.fullmatch(text):
            text = text.replace(",", "")  # 1,234 but never 12,5 (that is not a number here)
        if not text:
            return None, ""
        if text.startswith("#"):
            return None, f"单元格显示错误值“{text}”"
        if len(text) > MAX_NUMBER_TEXT:
            return None, f"“{text[:20]}…”位数过多，不是报告中的数字"
        try:
            number = Decimal(text)
        except InvalidOperation:
            return None, f"“{value}”不是数字"
        if not number.is_finite():
            return None, f"“{value}”不是数字"
        problem = number_problem(number)  # before int() or quantize: 1e999999999 must not be expanded
        if problem:
            return None, f"“{value}”{problem}"
        if kind != "money" and number == number.to_integral_value():
            return int(number), ""
        return number, ""
    if isinstance(value, (datetime, date)):
        return None, "是日期，不是数字"
    return None, "不是数字"


def _formula_values(grids: _Grids, refs: list[CellRef]) -> dict[CellRef, Any]:
    """Values Excel/WPS computed for value cells that hold a formula (None: never computed), from the same
    parse of the sheets."""
    cached_grids = _Grids(grids.wb, computed=True)
    cached_grids.fallback = grids.fallback
    return {ref: _named_value(cached_grids, cell_name(ref))[1] for ref in refs}


def _read_values(grids: _Grids, edition: Edition,
                 log: list[LogEntry]) -> dict[CellRef, Number]:
    raw: dict[CellRef, Any] = {}
    for ref in edition.cells():
        found, value = _named_value(grids, cell_name(ref))
        if not found:
            message = f"{_label(edition, ref)}：找不到这个单元格（单元格名称已删除，或表格结构已改动），未读取"
            log.append(LogEntry("missing", message, ref))
            continue
        raw[ref] = value
    formulas = [ref for ref, v in raw.items() if isinstance(v, str) and v.startswith("=")]
    if formulas:
        computed = _formula_values(grids, formulas)
        for ref in formulas:
            if computed[ref] is None:
                log.append(LogEntry("missing", f"{_label(edition, ref)}：公式“{raw[ref]}”没有计算结果"
                                               "（请在Excel/WPS中打开并保存后再导入），未读取", ref))
                raw[ref] = None
            else:
                log.append(LogEntry("note", f"{_label(edition, ref)}：单元格是公式“{raw[ref]}”，读取其计算结果", ref))
                raw[ref] = computed[ref]
    values: dict[CellRef, Number] = {}
    kinds = edition.cell_kinds
    for ref, value in raw.items():
        number, problem = _to_number(value, kinds[ref])
        if problem == "rounded":
            message = f"{_label(edition, ref)}：{value!r} 按{MONEY_PLACES}位小数读作{number}"
            log.append(LogEntry("adjusted", message, ref))
        elif problem:
            log.append(LogEntry("unplaced", f"{_label(edition, ref)}：{problem}，未读取", ref))
            continue
        if number is not None:
            values[ref] = number
    return values


def _label(edition: Edition, ref: CellRef) -> str:
    return edition.table(ref[0]).cell_label(ref[1], ref[2])


# ----------------------------------------------------------------------------- meta and prose


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_meta(grids: _Grids, log: list[LogEntry]) -> Meta:
    def get(key: str) -> Any:
        return _named_value(grids, meta_name(key))[1]

    meta = Meta(agency=_text(get("agency")), title=_text(get("title")))
    kind = _text(get("kind")).strip()
    by_label = {label: k for k, label in KIND_LABELS.items()}
    if kind in by_label or kind in KIND_LABELS:
        meta.kind = by_label.get(kind, kind)
    else:
        log.append(LogEntry("adjusted", f"报告主体“{kind}”无法识别，按“{KIND_LABELS['department']}”读取"))
    raw_year = get("year")
    year, _ = _to_number(raw_year.strip().removesuffix("年") if isinstance(raw_year, str) else raw_year, "count")
    if year is None and _text(raw_year).strip() in ("", "0"):
        year = 0  # not known yet (a report imported without one): valid; a check asks for it
    if not isinstance(year, int) or (year and not 1900 <= year <= 9999):
        raise ReportFileError(f"“基本信息”中的年度“{_text(get('year'))}”无效，应为四位数的年份")
    meta.year = year
    published = get("published")
    if isinstance(published, datetime):
        meta.published = published.date()
    elif isinstance(published, date):
        meta.published = published
    elif published not in (None, ""):
        meta.published = parse_date(_text(published))
        if meta.published is None:
            log.append(LogEntry("unplaced", f"发布日期“{published}”不是“年-月-日”格式的日期，未读取"))
    return meta


_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")


def parse_date(text: str) -> date | None:
    """2025-01-15, 2025/1/15, 2025.1.15 or 2025年1月15日, as people type dates in Excel/WPS."""
    m = _DATE.fullmatch(text.strip())
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _read_texts(grids: _Grids, edition: Edition, log: list[LogEntry]) -> dict[str, str]:
    texts = {}
    for section in edition.text_sections():
        paragraphs = _named_column(grids, text_name(section.id))
        if paragraphs is None:
            log.append(LogEntry("missing", f"找不到“{section.heading}”的正文区域，该部分未读取"))
            continue
        text = "\n".join(_text(p) for p in paragraphs)
        if text:
            texts[section.id] = text
    return texts


# ----------------------------------------------------------------------------- the marker sheet


def _marker(grids: _Grids) -> dict[str, list[Any]] | None:
    """The hidden sheet's key/value rows, or None when the workbook is not one of ours."""
    if MARKER_SHEET not in grids.wb.sheetnames:
        return None
    rows: dict[str, list[Any]] = {}
    for key, value in _pairs(grids.sheet(MARKER_SHEET)):
        if isinstance(key, str):
            rows.setdefault(key, []).append(value)
    if rows.get("format") != [FORMAT_NAME]:
        return None
    return rows


def _pairs(grid: dict[tuple[int, int], Any]) -> Iterator[tuple[Any, Any]]:
    for r in sorted({r for r, c in grid if r <= 1000 and c <= 2}):
        yield grid.get((r, 1)), grid.get((r, 2))


def _extras(rows: dict[str, list[Any]], report: Report, log: list[LogEntry]) -> None:
    """Acknowledged notes and last year's report, kept as JSON in the hidden sheet."""
    for key in ("acknowledged", "last_year"):
        if key not in rows:
            continue
        try:
            data = loads_json("".join(_text(v) for v in rows[key]))  # depth- and number-limited
            if key == "acknowledged":
                if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
                    raise ValueError
                report.acknowledged = {str(k): v for k, v in data.items()}
            else:
                report.last_year = report_from_dict(data, "last_year", nested=True)
        except (ValueError, ReportFileError):
            what = "已确认提醒的说明" if key == "acknowledged" else "上年度报告数据"
            log.append(LogEntry("note", f"文件中保存的{what}已损坏，未读取"))


def _restore_blanks(rows: dict[str, list[Any]], report: Report, log: list[LogEntry]) -> None:
    """Cells exported blank print 0 (the default): they are blank again where they still hold 0."""
    if "printed_zero" not in rows:
        return
    try:
        refs = loads_json("".join(_text(v) for v in rows["printed_zero"]))
        if not isinstance(refs, list) or not all(isinstance(r, str) for r in refs):
            raise ValueError
    except ValueError:
        log.append(LogEntry("note", "文件中记录的空白单元格清单已损坏：印为0的空白单元格按0读取"))
        return
    cells = set(report.edition.cells())
    restored = 0
    for text in refs:
        ref = tuple(text.split("."))
        if ref in cells and report.values.get(ref) == 0:  # type: ignore[arg-type]
            del report.values[ref]  # type: ignore[arg-type]
            restored += 1
    if restored:
        log.append(LogEntry("note", f"{restored}个单元格导出前未填写、表中印为0，已恢复为未填写（空白）"))


# ----------------------------------------------------------------------------- entry point


def read_xlsx(path: str | os.PathLike[str]) -> ImportResult:
    p = Path(path)
    wb = _open(p)  # the zip guard vets the bytes it opens; each part is parsed once, by whichever reader
    grids = _Grids(wb)
    rows = _marker(grids)
    if rows is not None:
        return _read_own(p, grids, rows)
    return _read_foreign(p, wb)


def _read_own(path: Path, grids: _Grids, rows: dict[str, list[Any]]) -> ImportResult:
    version = (rows.get("version") or [None])[0]
    if not isinstance(version, int) or isinstance(version, bool):
        raise ReportFileError(f"{path.name}：缺少文件版本号，无法读取")
    if version > VERSION:
        raise ReportFileError(f"{path.name} 由更新版本的程序导出（版本{version}），请升级本程序后再打开")
    edition_id = _text((rows.get("edition") or [None])[0])
    if edition_id not in editions():
        raise ReportFileError(f"{path.name}：未知的格式版本“{edition_id}”（支持：{'、'.join(editions())}）")
    edition = editions()[edition_id]
    log: list[LogEntry] = []
    wb = grids.wb
    if not any(name.startswith(NAME_PREFIX + ".") for name in wb.defined_names):
        # Saved by a program that dropped the workbook's names: find the cells by the layout instead.
        from editor.io.xlsx.positions import positional_destinations

        grids.fallback = positional_destinations(grids.wb, grids.sheet, edition)
        if grids.fallback:
            log.append(LogEntry("note", "文件中的单元格名称已丢失（可能经其他软件另存），"
                                        "已按表格位置读取，并核对了各行各列的标签"))
    try:
        meta = _read_meta(grids, log)
    except ReportFileError as exc:
        if str(exc).startswith(path.name):  # the workbook's own damage already names the file
            raise
        raise ReportFileError(f"{path.name}：{exc}") from None
    report = Report(edition_id, meta, _read_texts(grids, edition, log), _read_values(grids, edition, log))
    _extras(rows, report, log)
    _restore_blanks(rows, report, log)
    return ImportResult(report, log)


def _read_foreign(path: Path, wb: Book) -> ImportResult:
    # Other people's workbooks go to the recognizer that reads any layout close to the official one; the
    # workbook already opened is handed over (its sheets not parsed yet).
    from editor.io.xlsx.foreign import read_foreign_xlsx

    result = read_foreign_xlsx(path, wb)
    return result if isinstance(result, ImportResult) else ImportResult(result)


__all__ = ["check_xlsx_container", "read_xlsx"]
