"""Export a report to one Excel workbook (.xlsx), for the 政务公开办 that collects the reports.

Sheets: 表格 (tables 二, 三, 四 in the official layout, checking themselves with conditional formats),
基本信息与正文 (the meta and every paragraph of prose, one paragraph per row), and a very hidden
``_gknb`` sheet that marks the file as ours (format, version, edition) and keeps what the sheets do not
show (acknowledged notes, last year's report, which cells print 0 only because they are blank). Every
value cell, meta field and prose range has a workbook-level defined name
(``gknb.cell.<table>.<row>.<col>``, ``gknb.meta.<field>``, ``gknb.text.<section>``): names follow the
cells when someone inserts rows in Excel, so the reader finds them even then.
"""

from __future__ import annotations

import io
import json
import math
import os
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from editor import __version__
from editor.io.native import FORMAT_NAME, VERSION, ReportFileError, report_to_dict
from editor.io.safe_save import write_atomic
from editor.io.xlsx.inert import put_text
from editor.io.xlsx.names import (  # the sheets and names the importer reads back (no openpyxl there)
    KIND_LABELS,
    MARKER_SHEET,
    TABLES_SHEET,
    TEXT_SHEET,
    cell_name,
    meta_name,
    text_name,
)
from editor.io.xlsx.tables import BODY_FONT, HEADING_FONT, text_width, write_official_tables
from editor.report import Report
from editor.schema import Section
from editor.value_limits import clean_report_texts, has_bad_text

META_FIELDS = (("agency", "单位名称"), ("kind", "报告主体"), ("year", "年度"), ("edition", "格式版本"),
               ("title", "报告标题"), ("published", "发布日期"))
MAX_CELL_CHARS = 32767  # Excel's limit for one cell
_CHUNK = 30000  # hidden JSON is split into cells this long
_TEXT_WIDTH = 96
_LABEL_WIDTH = 14
_TEXT_SIZE = 11

_THIN = Side(style="thin", color="808080")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def text_heading(section: Section) -> str:
    """The heading above a prose section on the text sheet (the preamble has no printed one)."""
    return section.heading if section.printed else "引言（正文前的导语）"


def _clean(text: str) -> str:
    """XML cannot hold most control characters (a stray one pasted from another program)."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def _define(wb: Workbook, name: str, sheet: str, ref: str) -> None:
    """An internal name (the reader's way back to a cell): hidden, so Excel's Name Box and Name Manager
    list only names a person would use."""
    start, _, end = ref.partition(":")
    absolute = "$" + "$".join(_split(start)) + (":$" + "$".join(_split(end)) if end else "")
    wb.defined_names[name] = DefinedName(name, attr_text=f"'{sheet}'!{absolute}", hidden=True)


def _split(coord: str) -> tuple[str, str]:
    letters = coord.rstrip("0123456789")
    return letters, coord[len(letters):]


def _rows_for(text: str, width: float, size: float) -> float:
    usable = max(1.0, width - 1) * 11 / size
    lines = max(1, math.ceil(text_width(text) / usable)) if text else 1
    return min(409.0, lines * size * 1.35 + 6)


# ----------------------------------------------------------------------------- the text sheet


def _write_text_sheet(wb: Workbook, ws: Worksheet, report: Report) -> None:
    ws.column_dimensions["A"].width = _LABEL_WIDTH
    ws.column_dimensions["B"].width = _TEXT_WIDTH
    heading_font = Font(name=HEADING_FONT, size=12)
    body_font = Font(name=BODY_FONT, size=_TEXT_SIZE)
    wrap = Alignment(vertical="top", wrap_text=True)

    ws.cell(1, 1, "基本信息").font = heading_font
    meta = report.meta
    shown = {"agency": meta.agency, "kind": KIND_LABELS.get(meta.kind, meta.kind), "year": meta.year or None,
             "edition": report.edition.name, "title": meta.title, "published": meta.published}
    row = 2
    for key, label in META_FIELDS:
        ws.cell(row, 1, label).font = body_font
        value = shown[key]
        cell = ws.cell(row, 2)
        if isinstance(value, str):
            put_text(cell, value)
        else:
            cell.value = value
        if isinstance(value, date):
            cell.number_format = "yyyy-mm-dd"
        cell.font = body_font
        cell.alignment = Alignment(horizontal="left", vertical="center", wrap_text=True)
        for c in (1, 2):
            ws.cell(row, c).border = _BOX
        if key != "edition":  # the edition is fixed by the layout; it is read from the hidden sheet
            _define(wb, meta_name(key), ws.title, cell.coordinate)
        if key == "kind":
            dv = DataValidation(type="list", formula1='"' + ",".join(KIND_LABELS.values()) + '"', allow_blank=False,
                                showErrorMessage=True, errorTitle="报告主体", error="请在列表中选择。")
            dv.add(cell.coordinate)
            ws.add_data_validation(dv)
        row += 1
    note = ws.cell(row, 2, "说明：在“表格”工作表中修改数字时，不符合勾稽关系的单元格显示为红色（错误）或黄色（提醒）。")
    note.font = Font(name=BODY_FONT, size=9, color="606060")
    row += 2

    for section in report.edition.text_sections():
        heading = ws.cell(row, 1, text_heading(section))
        heading.font = heading_font
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        ws.row_dimensions[row].height = 24
        row += 1
        paragraphs = _clean(report.texts.get(section.id, "")).split("\n")
        first = row
        for para in paragraphs:
            if len(para) > MAX_CELL_CHARS:
                raise ReportFileError(f"“{section.heading}”中有一段超过{MAX_CELL_CHARS}字，"
                                      "Excel单元格放不下，请分段后再导出")
            cell = ws.cell(row, 2)
            if para:
                put_text(cell, para)
            cell.font = body_font
            cell.alignment = wrap
            ws.row_dimensions[row].height = _rows_for(para, _TEXT_WIDTH, _TEXT_SIZE)
            row += 1
        _define(wb, text_name(section.id), ws.title, f"B{first}:B{row - 1}")
        row += 1

    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.page_margins.left = ws.page_margins.right = 0.6
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.oddFooter.center.size = 9
    ws.sheet_view.showGridLines = False


# ----------------------------------------------------------------------------- the hidden marker sheet


def _write_marker_sheet(ws: Worksheet, report: Report, blank_as_zero: bool) -> None:
    """Key/value rows; long JSON is split over several rows with the same key."""
    ws.sheet_state = "veryHidden"
    rows: list[tuple[str, object]] = [("format", FORMAT_NAME), ("version", VERSION), ("edition", report.edition_id),
                                      ("blank_as_zero", blank_as_zero), ("program", __version__)]
    extra = {}
    if report.acknowledged:
        extra["acknowledged"] = dict(report.acknowledged)
    if report.last_year is not None:
        extra["last_year"] = report_to_dict(report.last_year, include_last=False)
    if blank_as_zero:
        # The cells that print 0 only because they are blank: reading the file back makes them blank
        # again, unless someone typed another number there.
        blank = [".".join(ref) for ref in report.edition.cells() if ref not in report.values]
        if blank:
            extra["printed_zero"] = blank
    for key, data in extra.items():
        text = json.dumps(data, ensure_ascii=True)  # ASCII: no character XML could refuse
        rows.extend((key, text[i:i + _CHUNK]) for i in range(0, len(text), _CHUNK))
    for i, (key, value) in enumerate(rows, start=1):
        put_text(ws.cell(i, 1), key)
        cell = ws.cell(i, 2)
        if isinstance(value, str):
            put_text(cell, value)
        else:
            cell.value = value


# ----------------------------------------------------------------------------- the workbook


def build_workbook(report: Report, *, blank_as_zero: bool = True) -> Workbook:
    if has_bad_text(report):  # a lone surrogate or control character typed or pasted: no file can hold it
        report = report.copy()
        clean_report_texts(report)
    wb = Workbook()
    tables = wb.active
    tables.title = TABLES_SHEET
    placement = write_official_tables(tables, report.edition, report.values, title=_clean(report.meta.title),
                                      blank_as_zero=blank_as_zero)
    for ref, coord in placement.cells.items():
        _define(wb, cell_name(ref), TABLES_SHEET, coord)
    _write_text_sheet(wb, wb.create_sheet(TEXT_SHEET), report)
    _write_marker_sheet(wb.create_sheet(MARKER_SHEET), report, blank_as_zero)

    props = wb.properties
    props.title = _clean(report.meta.title)
    props.subject = _clean(report.meta.agency)
    props.creator = "政府信息公开工作年度报告编辑器"
    props.keywords = FORMAT_NAME
    wb.custom_doc_props.append(StringProperty(name="gknb.format", value=FORMAT_NAME))
    wb.custom_doc_props.append(StringProperty(name="gknb.edition", value=report.edition_id))
    return wb


def write_xlsx(report: Report, path: str | os.PathLike[str], *, blank_as_zero: bool = True) -> None:
    """Write the workbook atomically (temp file in the same folder, then rename).

    blank_as_zero: blank cells print as 0 (the official look); False keeps them blank, so reading the
    file back gives exactly the same report.
    """
    p = Path(path)
    wb = build_workbook(report, blank_as_zero=blank_as_zero)
    buf = io.BytesIO()
    wb.save(buf)
    write_atomic(p, buf.getvalue())  # same folder, fsync, rename; mode kept; temp removed on failure
