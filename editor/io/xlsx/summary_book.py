"""The district summary workbook: 汇总 (the summed tables in the official layout), 单位一览 (one row per
report) and 问题清单 (one row per finding), formatted for printing."""

from __future__ import annotations

import math
import os
from copy import copy
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from editor.checks.titles import rule_title
from editor.io.xlsx.tables import text_width, write_official_tables
from editor.schema import edition as get_edition
from editor.summary import HAS_ERRORS, HAS_WARNINGS, PASSED, SET_APART, UNREADABLE, Summary, UnitResult

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
_STATUS_FILL = {HAS_ERRORS: "FFC7CE", HAS_WARNINGS: "FFEB9C", UNREADABLE: "D9D9D9", SET_APART: "DDEBF7",
                PASSED: "C6EFCE"}
_FONT = "宋体"
_SIZE = 10
_LINE_PT = 13.5  # one line of 10 pt 宋体, with its leading
OWN_STATUS = "本级报告"
MAX_CELLS = 3  # cells named per finding in 问题清单; the message says the rest

# (header, width, value) for 单位一览; the numbers are the ones a 政务公开办 looks at first.
# Widths keep each sheet within about 150 width units, so that "fit to one page wide" on A4 landscape
# prints at ~90 % (10 pt stays legible); long texts wrap and their rows grow (see _fit_rows).
_UNIT_COLUMNS = [
    ("序号", 5, None), ("单位", 19, "agency"), ("文件", 20, "file"), ("格式版本", 10, "edition"),
    ("年度", 6, "year"), ("状态", 9, "status"), ("错误", 5, "errors"), ("警告", 5, "warnings"),
    ("本年新收", 7, ("requests", "new", "total")), ("上年结转", 7, ("requests", "carried_over", "total")),
    ("办理结果总计", 7, ("requests", "results_total", "total")),
    ("结转下年度", 7, ("requests", "carry_forward", "total")),
    ("行政复议", 7, ("appeals", "cases", "review_total")),
    ("行政诉讼", 7, None), ("说明", 28, "reason"),
]
_FINDING_COLUMNS = [("序号", 5), ("单位", 16), ("文件", 16), ("类别", 8), ("规则", 20), ("问题", 58),
                    ("涉及单元格", 28)]


def _fit_rows(ws: Worksheet, first_row: int = 1) -> None:
    """Row heights for wrapped text: Excel and LibreOffice do not grow the rows of a written file by
    themselves, so a long message would print over the rows below."""
    widths = {c: ws.column_dimensions[get_column_letter(c)].width or 8.43 for c in range(1, ws.max_column + 1)}
    for row in ws.iter_rows(min_row=first_row):
        lines = 1
        for cell in row:
            if isinstance(cell.value, str) and cell.value:
                usable = max(widths[cell.column] - 1, 1)
                lines = max(lines, sum(math.ceil(text_width(part) / usable) or 1
                                       for part in cell.value.split("\n")))
        ws.row_dimensions[row[0].row].height = lines * _LINE_PT + 4


def _header(ws: Worksheet, headers: list[tuple[str, float]]) -> None:
    for col, (text, width) in enumerate(headers, start=1):
        cell = ws.cell(row=1, column=col, value=text)
        cell.font = Font(name=_FONT, bold=True, size=_SIZE)
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"


def _print_setup(ws: Worksheet, landscape: bool = True) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.oddFooter.center.size = 9


# openpyxl hashes every style object assigned to a cell, which made a 1,000-unit workbook take 9 s; copying
# a ready style array per cell takes a fraction of that. The arrays index the workbook's own style tables,
# so each workbook keeps its own cache (by wrap, centred, fill, red).
_CACHE_ATTR = "_summary_styles"


def _body_cell(ws: Worksheet, row: int, col: int, value, wrap: bool = False, center: bool | None = None,
               fill: str | None = None, red: bool = False):
    cell = ws.cell(row=row, column=col, value=value)
    key = (wrap, not isinstance(value, str) if center is None else center, fill, red)
    cache: dict[tuple, StyleArray] = ws.parent.__dict__.setdefault(_CACHE_ATTR, {})
    style = cache.get(key)
    if style is None:
        cell.font = Font(name=_FONT, size=_SIZE, bold=red, color="9C0006" if red else None)
        cell.border = _BORDER
        cell.alignment = Alignment(vertical="center", wrap_text=wrap, horizontal="center" if key[1] else "left")
        if fill:
            cell.fill = PatternFill("solid", fgColor=fill)
        cache[key] = copy(cell._style)
    else:
        cell._style = copy(style)
    return cell


def _unit_value(unit: UnitResult, key, base: Path | None) -> object:
    if key is None:
        return None
    if isinstance(key, tuple):
        return unit.values.get(key) if unit.readable else None
    if key == "file":
        try:
            return str(unit.path.relative_to(base)) if base else unit.path.name
        except ValueError:
            return unit.path.name
    if key == "edition":
        return f"{unit.edition_id}年版" if unit.edition_id else ""
    if key == "status":
        return OWN_STATUS if unit.own else unit.status
    if key in ("errors", "warnings"):
        return getattr(unit, key) if unit.readable else None
    if key == "year":
        return unit.year or None
    return getattr(unit, key)


def _units_sheet(ws: Worksheet, summary: Summary, base: Path | None) -> None:
    _header(ws, [(h, w) for h, w, _ in _UNIT_COLUMNS])
    for i, unit in enumerate(summary.units, start=1):
        for col, (header, _, key) in enumerate(_UNIT_COLUMNS, start=1):
            if header == "序号":
                value = i
            elif header == "行政诉讼":
                suits = [unit.values.get(("appeals", "cases", c)) for c in ("direct_suit_total",
                                                                            "suit_after_review_total")]
                value = sum(v or 0 for v in suits) if unit.readable and any(v is not None for v in suits) else None
            elif header == "说明" and unit.own and not unit.reason:
                n = len(summary.mismatches)
                value = f"不计入合计；与下级合计不一致{n}处，见问题清单" if n else "不计入合计；与下级合计一致"
            else:
                value = _unit_value(unit, key, base)
            if header == "状态":
                _body_cell(ws, i + 1, col, value, center=True, fill=_STATUS_FILL.get(unit.status, "FFFFFF"))
            else:
                _body_cell(ws, i + 1, col, value, wrap=header in ("单位", "文件", "说明"))
    _fit_rows(ws)
    _print_setup(ws)


def _cell_names(unit: UnitResult, cells) -> str:
    """The cells a finding names, as the tables label them (表三 “…”行／“…”列), not as internal ids."""
    try:
        ed = get_edition(unit.edition_id)
        names = [ed.table(t).cell_label(r, c) for t, r, c in cells[:MAX_CELLS]]
    except (KeyError, ValueError):
        names = [".".join(c) for c in cells[:MAX_CELLS]]
    more = [f"……共{len(cells)}个单元格"] if len(cells) > MAX_CELLS else []
    return "\n".join(names + more)


def _findings_sheet(ws: Worksheet, summary: Summary) -> None:
    _header(ws, _FINDING_COLUMNS)
    row = 2
    rows = [(u, f) for u in summary.units for f in u.findings if not f.acknowledged]
    own = summary.own
    rows += [(own, f) for f in summary.mismatches] if own is not None else []
    for unit, f in rows:
        values = [row - 1, unit.agency, unit.path.name, "错误" if f.severity == "error" else "警告",
                  rule_title(f.rule), f.message, _cell_names(unit, f.cells)]
        for col, value in enumerate(values, start=1):
            if col == 4:
                _body_cell(ws, row, col, value, center=True, red=f.severity == "error")
            else:
                _body_cell(ws, row, col, value, wrap=col >= 2)
        row += 1
    for unit in summary.units:
        if unit.status == UNREADABLE:
            for col, value in enumerate([row - 1, "", unit.path.name, "无法读取", "", unit.reason, ""], start=1):
                _body_cell(ws, row, col, value, wrap=col >= 2)
            row += 1
    _fit_rows(ws)
    _print_setup(ws)


def build_summary_workbook(summary: Summary, base: Path | None = None) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = "汇总"
    n = len(summary.accepted)
    title = f"{summary.year}年度政府信息公开工作年度报告汇总表（{n}份报告合计）"
    placement = write_official_tables(ws, summary.edition, summary.totals, title=title, validation=False)
    note_row = placement.last_row + 2
    with_errors = sum(u.status == HAS_ERRORS for u in summary.accepted)
    note = f"合计包含{n}份{summary.year}年度报告"
    if with_errors:
        note += f"，其中{with_errors}份有错误，修改后请重新汇总"
    ws.cell(row=note_row, column=1, value=note).font = Font(name=_FONT, size=_SIZE)
    # The note belongs on paper too: the tables' print area ends with table 四.
    ws.print_area = f"A1:{get_column_letter(placement.columns)}{note_row}"
    _units_sheet(wb.create_sheet("单位一览"), summary, base)
    _findings_sheet(wb.create_sheet("问题清单"), summary)
    return wb


def write_summary_xlsx(summary: Summary, path: str | os.PathLike[str], base: Path | None = None) -> None:
    build_summary_workbook(summary, base).save(path)
