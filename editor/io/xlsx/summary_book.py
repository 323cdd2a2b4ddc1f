"""The district summary workbook: 汇总 (the summed tables in the official layout), 报送情况 (with a roster:
who sent what, who sent nothing, who is not on the list), 指标 (the indicators per unit and for the
district, with last year's change), 单位一览 (one row per file) and 问题清单 (one row per finding),
formatted for printing.

Every text cell that starts with = + - @ TAB or CR is written as text, never as a formula: agency and file
names come from other people's files. Row heights are estimated from the text's length in bytes (a CJK
character is three UTF-8 bytes and prints two units wide, an ASCII one is one byte and one unit), not by
measuring every character."""

from __future__ import annotations

import math
import os
import re
from copy import copy
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from editor.checks.titles import rule_title
from editor.io.xlsx.inert import looks_like_formula
from editor.io.xlsx.tables import write_official_tables
from editor.schema import edition as get_edition
from editor.summary import (
    HAS_ERRORS,
    MISSING,
    OUTSIDE,
    STATUS_FILLS,
    SUBMIT_FILLS,
    SUBMITTED,
    UNREADABLE,
    Summary,
    UnitResult,
)
from editor.summary_indicators import COUNT_BY_ID, LAYOUT, RATIO_BY_ID, RATIOS, Indicators, change, from_counts

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
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


def inert(cell) -> None:
    """A text cell that a spreadsheet could take for a formula (= + - @ TAB CR) stays text (the rule of
    ``editor.io.xlsx.inert``; the quote prefix is left out, as the cell's style array is copied over)."""
    if isinstance(cell.value, str) and looks_like_formula(cell.value):
        cell.data_type = "s"


def text_units(text: str) -> int:
    """Print width in Excel units, from the byte length: exact for CJK (2) and ASCII (1)."""
    return (len(text.encode("utf-8", "surrogatepass")) + len(text)) // 2


def _fit_rows(ws: Worksheet, first_row: int = 1) -> None:
    """Row heights for wrapped text: Excel and LibreOffice do not grow the rows of a written file by
    themselves, so a long message would print over the rows below."""
    widths = {c: ws.column_dimensions[get_column_letter(c)].width or 8.43 for c in range(1, ws.max_column + 1)}
    lines = dict.fromkeys(range(first_row, ws.max_row + 1), 1)
    # The cells written (not iter_rows, which would make a cell at every place of the sheet's rectangle).
    for (row, col), cell in ws._cells.items():
        value = cell.value
        if row >= first_row and isinstance(value, str) and value:
            usable = max(widths[col] - 1, 1)
            lines[row] = max(lines[row], sum(math.ceil(text_units(part) / usable) or 1 for part in value.split("\n")))
    for row, n in lines.items():
        ws.row_dimensions[row].height = n * _LINE_PT + 4


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
    inert(cell)  # text from other people's files never becomes a live formula
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
        return unit.name
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
                if summary.own_in_folder:
                    value = "位于汇总文件夹中，已从下级合计中排除；" + value
            else:
                value = _unit_value(unit, key, base)
            if header == "状态":
                _body_cell(ws, i + 1, col, value, center=True, fill=STATUS_FILLS.get(unit.status, "FFFFFF"))
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
        values = [row - 1, unit.agency, unit.name, "错误" if f.severity == "error" else "警告",
                  rule_title(f.rule), f.message, _cell_names(unit, f.cells)]
        for col, value in enumerate(values, start=1):
            if col == 4:
                _body_cell(ws, row, col, value, center=True, red=f.severity == "error")
            else:
                _body_cell(ws, row, col, value, wrap=col >= 2)
        row += 1
    for unit in summary.units:
        if unit.status == UNREADABLE:
            for col, value in enumerate([row - 1, "", unit.name, "无法读取", "", unit.reason, ""], start=1):
                _body_cell(ws, row, col, value, wrap=col >= 2)
            row += 1
    _fit_rows(ws)
    _print_setup(ws)


_ROSTER_COLUMNS = [("序号", 5), ("名单中的单位", 22), ("报送情况", 9), ("报告中的单位名称", 24), ("文件", 26),
                   ("匹配方式", 16), ("报告状态", 9), ("说明", 30)]


def _roster_sheet(ws: Worksheet, summary: Summary) -> None:
    """报送情况: each roster unit with its files (未报送 when none), then the files from units not listed."""
    assert summary.roster is not None
    _header(ws, _ROSTER_COLUMNS)
    rows: list[tuple[str, str, UnitResult | None, str]] = []
    for line in summary.roster:
        if not line.files:
            rows.append((line.unit, MISSING, None, ""))
        for f in line.files:
            rows.append((line.unit, SUBMITTED, f, "" if line.how == "名称一致" else line.how))
    for f in summary.outside:
        rows.append(("", OUTSIDE, f, ""))
    for i, (unit_name, state, f, how) in enumerate(rows, start=1):
        status = "" if f is None else OWN_STATUS if f.own else f.status
        note = "" if f is None else f.reason
        values = [i, unit_name, state, "" if f is None else f.agency, "" if f is None else f.name,
                  how or ("名称一致" if f is not None and unit_name else ""), status, note]
        for col, value in enumerate(values, start=1):
            if col == 3:
                _body_cell(ws, i + 1, col, value, center=True, fill=SUBMIT_FILLS[state])
            elif col == 7 and f is not None:
                _body_cell(ws, i + 1, col, value, center=True, fill=STATUS_FILLS.get(f.status, "FFFFFF"))
            else:
                _body_cell(ws, i + 1, col, value, wrap=col in (2, 4, 5, 6, 8))
    missing = sum(1 for line in summary.roster if not line.files)
    row = len(rows) + 3
    note = (f"名单（{summary.roster_name}）共{len(summary.roster)}个单位：已报送{len(summary.roster) - missing}个，"
            f"未报送{missing}个；名单外文件{len(summary.outside)}个。匹配方式不是“名称一致”的，请核对是否为同一单位。")
    ws.cell(row=row, column=1, value=note).font = Font(name=_FONT, size=_SIZE)
    _fit_rows(ws, 2)
    _print_setup(ws)


TOTAL_LABEL = "全区合计"  # the district row of 指标 (read back from last year's workbook)
_YEAR_NOTE = re.compile(r"本表为(\d{4})年度")


def _indicator_columns(with_last: bool) -> list[tuple[str, str, bool]]:
    """(header, indicator id, is the change column) in sheet order after 序号, 单位, 文件."""
    out = []
    for ident in LAYOUT:
        label = RATIO_BY_ID[ident].label if ident in RATIO_BY_ID else COUNT_BY_ID[ident].label
        out.append((label, ident, False))
        if with_last and (ident in RATIO_BY_ID or ident == "new"):
            out.append(("较上年" + ("（百分点）" if ident in RATIO_BY_ID else ""), ident, True))
    return out


def _indicator_value(ind: Indicators | None, ident: str, last: Indicators | None, is_change: bool):
    if ind is None:
        return None
    ratio = ident in RATIO_BY_ID
    this = ind.percent(ident) if ratio else ind.counts.get(ident)
    if not is_change:
        return this
    if last is None:
        return None
    d = change(this, last.percent(ident) if ratio else last.counts.get(ident))
    if d is None:
        return None
    return round(d * 100, 4) if ratio else (int(d) if float(d).is_integer() else d)


def _indicators_sheet(ws: Worksheet, summary: Summary) -> None:
    with_last = summary.last is not None
    columns = _indicator_columns(with_last)
    headers = [("序号", 5), ("单位", 18), ("文件", 18)] + [(h, 9 if not c else 8) for h, _, c in columns]
    _header(ws, headers)
    ws.row_dimensions[1].height = 3 * _LINE_PT + 4
    rows: list[tuple[str, str, Indicators | None, Indicators | None]] = []
    for u in summary.accepted:
        rows.append((u.agency, u.name, summary.unit_indicators(u), summary.last_for(u)))
    rows.append((TOTAL_LABEL, f"{len(summary.accepted)}份报告合计", summary.district_indicators(),
                 summary.last.district if summary.last is not None else None))
    for i, (agency, name, ind, last) in enumerate(rows, start=1):
        r = i + 1
        total = agency == TOTAL_LABEL and i == len(rows)
        _body_cell(ws, r, 1, None if total else i, red=False)
        _body_cell(ws, r, 2, agency, wrap=True, red=total)
        _body_cell(ws, r, 3, name, wrap=True)
        for col, (_, ident, is_change) in enumerate(columns, start=4):
            value = _indicator_value(ind, ident, last, is_change)
            cell = _body_cell(ws, r, col, value if value is not None else "—", center=True)
            if value is not None:
                if ident in RATIO_BY_ID and not is_change:
                    cell.number_format = "0.0%"
                elif is_change:
                    cell.number_format = "+0.0;-0.0;0.0" if ident in RATIO_BY_ID else "+0;-0;0"
    row = len(rows) + 3
    notes = [f"本表为{summary.year}年度指标。各比率按下列公式由表三、表四的数据计算"
             "（括号内为 FORMAT.md 中的单元格编号）；合计行按全区合计数计算，不是各单位比率的平均；"
             "分母为0或空白时不计算（“—”）。"]
    notes += [f"{r.label} = {r.formula}" for r in RATIOS]
    notes.append("依申请公开情况以“本年新收申请”（表三第一项总计）列示。")
    if summary.last is not None:
        notes.append(f"“较上年”为本年减上年（比率以百分点计）；上年资料：{Path(summary.last.source).name}"
                     f"（{summary.last.year}年度），按单位名称对应，名称不同的单位不比较。")
    for j, text in enumerate(notes):
        cell = ws.cell(row=row + j, column=1, value=text)
        cell.font = Font(name=_FONT, size=_SIZE)
    ws.freeze_panes = "D2"
    _fit_rows(ws, 2)
    for j in range(len(notes)):
        ws.row_dimensions[row + j].height = _LINE_PT + 4
    _print_setup(ws)


def read_indicators(path: Path) -> tuple[Indicators, dict[str, Indicators], int]:
    """Last year's 指标 sheet, written by this program: (district, per agency, year). The ratios are
    computed again from the counts read, never taken from the sheet. Raises ValueError in Chinese."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # any parser failure of an untrusted file
        raise ValueError(f"无法读取上年汇总表 {path.name}（{type(exc).__name__}）") from None
    try:
        if "指标" not in wb.sheetnames:
            raise ValueError(f"上年汇总表 {path.name} 中没有“指标”表（可能由旧版本生成），"
                             "请改用上年各单位年报所在的文件夹")
        rows = [list(r) for r in wb["指标"].iter_rows(max_row=20000, max_col=60, values_only=True)]
    finally:
        wb.close()
    header = [str(v) if v is not None else "" for v in rows[0]] if rows else []
    by_label = {c.label: c.id for c in COUNT_BY_ID.values()}
    positions = {by_label[h]: i for i, h in enumerate(header) if h in by_label}
    if "单位" not in header or not positions:
        raise ValueError(f"上年汇总表 {path.name} 的“指标”表格式不符，无法读取")
    unit_col = header.index("单位")
    year = 0
    district: Indicators | None = None
    units: dict[str, Indicators] = {}
    for row in rows[1:]:
        first = row[0] if row else None
        if isinstance(first, str) and (m := _YEAR_NOTE.search(first)):
            year = int(m.group(1))
            continue
        name = row[unit_col] if len(row) > unit_col else None
        if not isinstance(name, str) or not name:
            continue
        counts = {}
        for ident, i in positions.items():
            v = row[i] if len(row) > i else None
            counts[ident] = v if isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) else None
        ind = from_counts(counts)
        if name == TOTAL_LABEL:
            district = ind
        else:
            units[name] = ind
    if district is None:
        raise ValueError(f"上年汇总表 {path.name} 的“指标”表中没有“{TOTAL_LABEL}”行")
    return district, units, year


def build_summary_workbook(summary: Summary, base: Path | None = None) -> Workbook:
    """``base`` is accepted for old callers; files are named by ``UnitResult.name``."""
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
    if summary.roster is not None:
        _roster_sheet(wb.create_sheet("报送情况"), summary)
    _indicators_sheet(wb.create_sheet("指标"), summary)
    _units_sheet(wb.create_sheet("单位一览"), summary, base)
    _findings_sheet(wb.create_sheet("问题清单"), summary)
    return wb


def write_summary_xlsx(summary: Summary, path: str | os.PathLike[str], base: Path | None = None) -> None:
    import io

    from editor.io.safe_save import write_atomic

    buf = io.BytesIO()
    build_summary_workbook(summary, base).save(buf)
    write_atomic(path, buf.getvalue())  # a failure leaves no half file, the old one's mode is kept
