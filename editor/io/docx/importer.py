"""Read back a Word file this program wrote (docx.export): the same Report, value for value.

A file of ours carries a format marker in its custom properties; meta (agency, year, edition …) comes from
there, the values and prose from the page, so edits made in Word are read. Any other .docx goes to the
recognizer of other people's files (``editor.io.docx.foreign``) where that module exists.

Tables are read through their grid (gridSpan/vMerge resolved) and matched cell by cell against the
edition's ``Table.layout()``: a changed structure is refused, a changed label is logged, a value that is
not a number is logged and left blank, never guessed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from editor.io.docx.parts import (
    P_AGENCY,
    P_BLANK_CELLS,
    P_BLANK_ZEROS,
    P_EDITION,
    P_FORMAT,
    P_KIND,
    P_PUBLISHED,
    P_TITLE,
    P_VERSION,
    P_YEAR,
    WordPackage,
)
from editor.io.formats import ImportResult, LogEntry
from editor.io.native import FORMAT_NAME, VERSION, ReportFileError
from editor.report import KINDS, Meta, Number, Report
from editor.schema import Column, Edition, Table, editions
from editor.value_limits import MAX_NUMBER_TEXT, number_problem

_WML = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def qn(tag: str) -> str:
    """“w:p” → the Clark name lxml uses (python-docx's qn, for the one namespace read here)."""
    return _WML + tag.removeprefix("w:")


_P, _TBL, _TR, _TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
_T, _TAB, _BR, _CR = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")
_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")


def read_docx(path: str | Path) -> ImportResult:
    p = Path(path)
    package = WordPackage(p)  # vetted; nothing parsed but the package's relationships
    if package.properties().get(P_FORMAT) != FORMAT_NAME:
        return _read_foreign(p, package)  # other people's files: the document part alone, parsed once
    # Our own file: python-docx (imported only here: a summary's workers read other people's files without it).
    from editor.io.docx.export import blank_cells, table_groups
    from editor.io.docx.package import custom_properties, open_docx

    doc = open_docx(p)
    props = custom_properties(doc)
    log: list[LogEntry] = []
    ed, meta = _meta(props, p.name, log)
    report = Report(ed.id, meta)
    paragraphs_by_section, tables_by_section, printed_title = _walk(doc.element.body, ed, _style_ids(doc), log)
    for section_id, lines in paragraphs_by_section.items():
        text = "\n".join(lines)
        if text:
            report.texts[section_id] = text
    for section in ed.sections:
        if section.kind != "tables":
            continue
        groups = table_groups(ed, section)
        found = tables_by_section.get(section.id, [])
        if len(found) != len(groups):
            raise ReportFileError(f"{p.name}：“{section.heading}”下应有{len(groups)}张表格，实有{len(found)}张，"
                                  "文件结构已被改动，无法读回")
        for group, tbl in zip(groups, found, strict=True):
            _read_table(tbl, group, report, section.heading, p.name, log)
    if printed_title is not None and printed_title != (meta.title or meta.suggested_title()):
        log.append(LogEntry("note", f"文档中的标题“{printed_title}”与文件属性中的标题不同，已采用文件属性中的标题"))
    zeros = _int(props.get(P_BLANK_ZEROS, "0")) or 0
    blank = blank_cells(ed, props.get(P_BLANK_CELLS, ""))
    if zeros > 0 and len(blank) == zeros:
        # Blank again where the printed 0 is still there; a figure typed over it in Word is kept.
        restored = [ref for ref in blank if report.values.get(ref) == 0]
        for ref in restored:
            del report.values[ref]
        edited = zeros - len(restored)
        note = f"导出时有{zeros}个空白单元格按0印出，读回时已恢复为空白"
        log.append(LogEntry("note", note + (f"（其中{edited}个在 Word 中改填了数字，按所填读入）" if edited else "")))
    elif zeros > 0:
        log.append(LogEntry("note", f"导出时有{zeros}个空白单元格按0印出，读回后为0"))
    return ImportResult(report, log)


def _read_foreign(path: Path, package) -> ImportResult:
    # Other people's Word files go to the recognizer that reads any layout close to the official one;
    # the package already opened is handed over, so the file is vetted and parsed once.
    from editor.io.docx.foreign import read_foreign_docx

    result = read_foreign_docx(path, package)
    return result if isinstance(result, ImportResult) else ImportResult(result)


# ----------------------------------------------------------------------------- meta


def _int(text: str) -> int | None:
    try:
        return int(text.strip())
    except (ValueError, AttributeError):
        return None


def _meta(props: dict[str, str], name: str, log: list[LogEntry]) -> tuple[Edition, Meta]:
    version = _int(props.get(P_VERSION, ""))
    if version is None:
        raise ReportFileError(f"{name}：文件属性中缺少年报文件版本，无法读回")
    if version > VERSION:
        raise ReportFileError(f"{name} 由更新版本的程序导出（版本{version}），请升级本程序后再打开")
    edition_id = props.get(P_EDITION, "")
    if edition_id not in editions():
        raise ReportFileError(f"{name}：未知的格式版本“{edition_id}”（支持：{'、'.join(editions())}）")
    year = _int(props.get(P_YEAR, "") or "0")  # 0 / empty: not known yet (valid; a check asks for it)
    if year is None or (year and not 1900 <= year <= 9999):
        raise ReportFileError(f"{name}：文件属性中的报告年度“{props.get(P_YEAR, '')}”不是四位年份")
    meta = Meta(agency=props.get(P_AGENCY, ""), year=year, title=props.get(P_TITLE, ""))
    kind = props.get(P_KIND, "department")
    if kind in KINDS:
        meta.kind = kind
    else:
        log.append(LogEntry("adjusted", f"文件属性中的报告类型“{kind}”无法识别，按部门报告读入"))
    published = props.get(P_PUBLISHED, "")
    if published:
        try:
            meta.published = date.fromisoformat(published)
        except ValueError:
            log.append(LogEntry("missing", f"文件属性中的发布日期“{published}”不是日期，未读入"))
    return editions()[edition_id], meta


# ----------------------------------------------------------------------------- body


def paragraph_text(p) -> str:
    """The text of a w:p as the user sees it: tabs as \\t, line breaks as \\n."""
    out = []
    for el in p.iter(_T, _TAB, _BR, _CR):
        if el.tag == _T:
            out.append(el.text or "")
        elif el.tag == _TAB:
            out.append("\t")
        else:
            out.append("\n")
    return "".join(out)


def _style_of(p) -> str:
    ppr = p.find(qn("w:pPr"))
    ps = ppr.find(qn("w:pStyle")) if ppr is not None else None
    return ps.get(qn("w:val"), "") if ps is not None else ""


def _style_ids(doc) -> dict[str, str]:
    """Style id → our style id, by the style's name too: Word, WPS or LibreOffice may renumber the ids of
    a file they save again, but keep the names."""
    from editor.io.docx import style as st

    ours = {name: style_id for style_id, name in st.STYLE_NAMES.items()}
    out = {}
    for el in doc.styles.element.iterchildren(qn("w:style")):
        style_id = el.get(qn("w:styleId"), "")
        name_el = el.find(qn("w:name"))
        name = name_el.get(qn("w:val"), "") if name_el is not None else ""
        out[style_id] = style_id if style_id in st.STYLE_NAMES else ours.get(name, style_id)
    return out


def _walk(body, ed: Edition, style_ids: dict[str, str], log: list[LogEntry]):
    """Split the body into prose by section and tables by section, following the headings. A heading is a
    paragraph that is exactly one of the edition's headings (whatever style a later editor gave it)."""
    from editor.io.docx import style as st

    headings = {s.heading: s for s in ed.sections if s.printed and s.kind != "meta"}
    unprinted = [s.id for s in ed.sections if s.kind == "text" and not s.printed]
    current = unprinted[0] if unprinted else None
    prose: dict[str, list[str]] = {}
    tables: dict[str, list] = {}
    title = None
    for el in body.iterchildren(_P, _TBL):
        if el.tag == _TBL:
            if current is not None:
                tables.setdefault(current, []).append(el)
            continue
        text = paragraph_text(el)
        style = _style_of(el)
        style = style_ids.get(style, style)
        if style == st.TITLE and title is None and current in [*unprinted, None] and not prose:
            title = text.replace("\n", "")  # the line break the export puts before the year
            continue
        if text.strip() in headings:
            current = headings[text.strip()].id
            continue
        section = ed.section(current) if current else None
        if section is not None and section.kind == "text":
            prose.setdefault(section.id, []).append(text)
        elif text.strip():
            where = f"“{section.heading}”下" if section else "文档开头"
            log.append(LogEntry("unplaced", f"{where}的段落“{text[:30]}”不属于任何文字章节，未读入"))
    return prose, tables, title


# ----------------------------------------------------------------------------- tables


@dataclass
class _Cell:
    row: int
    col: int
    rowspan: int
    colspan: int
    text: str


MAX_GRID_COLUMNS = 64  # Word allows 63 columns in a table


def read_grid(tbl) -> tuple[dict[tuple[int, int], _Cell], int]:
    """Every grid position of a w:tbl mapped to the cell covering it (spans resolved), and the row count."""
    grid: dict[tuple[int, int], _Cell] = {}
    rows = 0
    for r, tr in enumerate(tbl.iterchildren(_TR)):
        rows = r + 1
        trpr = tr.find(qn("w:trPr"))
        before = trpr.find(qn("w:gridBefore")) if trpr is not None else None
        c = _int(before.get(qn("w:val"), "0")) or 0 if before is not None else 0
        for tc in tr.iterchildren(_TC):
            tcpr = tc.find(qn("w:tcPr"))
            span_el = tcpr.find(qn("w:gridSpan")) if tcpr is not None else None
            span = max(1, _int(span_el.get(qn("w:val"), "1")) or 1) if span_el is not None else 1
            if c + span > MAX_GRID_COLUMNS:  # a span of 10^9 would fill memory; Word itself stops at 63
                raise ReportFileError("表格结构异常（列数超出 Word 的上限），文件可能已损坏")
            vmerge = tcpr.find(qn("w:vMerge")) if tcpr is not None else None
            above = grid.get((r - 1, c))
            if (vmerge is not None and vmerge.get(qn("w:val"), "continue") == "continue" and above is not None
                    and above.col == c and above.row + above.rowspan == r):
                above.rowspan += 1
                cell = above
            else:
                text = "\n".join(paragraph_text(p) for p in tc.iterchildren(_P))
                cell = _Cell(r, c, 1, span, text)
            for k in range(c, c + span):
                grid[(r, k)] = cell
            c += span
    return grid, rows


def _squash(text: str) -> str:
    return "".join(text.split())


def parse_value(text: str, column: Column) -> tuple[Number | None, bool]:
    """(value, ok): blank text is (None, True); text that is no number of this column is (None, False)."""
    t = unicodedata.normalize("NFKC", text).strip().replace("−", "-")
    if column.unit_suffix and t.endswith(column.unit_suffix):
        t = t[:-len(column.unit_suffix)].strip()
    if not t:
        return None, True
    if _GROUPED.match(t):
        t = t.replace(",", "")
    if len(t) > MAX_NUMBER_TEXT or not _NUMBER.match(t):
        return None, False  # a 5,000-digit "number" is not a figure (and int() would refuse it)
    value: Number = Decimal(t) if column.kind == "money" or "." in t else int(t)
    if number_problem(value):
        return None, False  # more digits than a report figure has: not read (logged by the caller)
    return value, True


def _read_table(tbl, group: list[Table], report: Report, heading: str, name: str, log: list[LogEntry]) -> None:
    grid, rows = read_grid(tbl)
    expected_rows = sum(t.header_rows + len(t.rows) for t in group)
    if rows != expected_rows:
        raise ReportFileError(f"{name}：“{heading}”的表格应有{expected_rows}行，实有{rows}行，"
                              "表格结构已被改动，无法读回")
    offset = 0
    for table in group:
        columns = {c.id: c for c in table.columns}
        for g in table.layout():
            r = offset + g.row
            found = grid.get((r, g.col))
            if found is None or (found.row, found.col, found.rowspan, found.colspan) != (r, g.col, g.rowspan,
                                                                                         g.colspan):
                raise ReportFileError(f"{name}：“{heading}”的表格第{r + 1}行第{g.col + 1}列的合并单元格已被改动，"
                                      "无法读回")
            if g.ref is None:
                if _squash(found.text) != _squash(g.text):
                    log.append(LogEntry("note", f"“{heading}”的表格中“{found.text.strip()}”应为“{g.text}”，"
                                                "按格式读入"))
                continue
            value, ok = parse_value(found.text, columns[g.ref[2]])
            if not ok:
                label = table.cell_label(g.ref[1], g.ref[2])
                log.append(LogEntry("unplaced", f"{label}：“{found.text.strip()}”不是数字，未读入", g.ref))
            elif value is not None:
                report.values[g.ref] = value
        offset += table.header_rows + len(table.rows)
