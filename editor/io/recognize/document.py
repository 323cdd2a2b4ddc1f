"""From lines to a Report plus an import log: meta, edition, preamble, the six sections, every table cell."""

from __future__ import annotations

import re

from editor.io.formats import ImportResult, LogEntry
from editor.io.native import ReportFileError
from editor.io.recognize.labels import split_numbering
from editor.io.recognize.lines import Line
from editor.io.recognize.meta import (
    DATE_LINE,
    detect_edition,
    guess_meta,
    looks_like_agency,
    safe_date,
    title_index,
)
from editor.io.recognize.prose import paragraphs
from editor.io.recognize.sections import TOC_LINE, split_inline_headings, split_sections
from editor.io.recognize.tables import Log, TableFiller
from editor.report import Meta, Report
from editor.schema import edition, editions

_NOISE_LINE = re.compile(
    r"(您现在所在的位置|当前位置|发布时间|发布日期|来源[:：]|字体[:：]|浏览次数|【打印】|【关闭】)")


def _any_edition():
    return max(editions().values(), key=lambda e: e.first_year)


def _preamble_lines(head: list[Line]) -> list[Line]:
    """The head minus the title block: what comes after the title (and its date/source line)."""
    title_i = title_index([x.text for x in head])
    start = title_i + 1 if title_i is not None else 0
    out = []
    for line in head[start:]:
        t = line.text
        if _NOISE_LINE.search(t) or (not out and looks_like_agency(t) and title_i is None) \
                or t.replace(" ", "") == "目录" or (split_numbering(t)[0] is not None and TOC_LINE.search(t)):
            continue
        out.append(line)
    return out


def _signature(lines: list[Line], agency: str) -> tuple[list[Line], tuple | None]:
    """A report often ends with the agency's name and a date: not part of 六; the date is the publication."""
    lines = [x for x in lines if x.table_row or not x.is_empty()]
    found = None
    while lines:
        t = lines[-1].text.replace(" ", "")
        m = DATE_LINE.match(t)
        if m and found is None:
            found = m.groups()
            lines = lines[:-1]
            continue
        if agency and (t == agency or (looks_like_agency(t) and agency.endswith(t))):
            lines = lines[:-1]
            continue
        break
    return lines, found


def recognize_lines(lines: list[Line], wrapped: bool, source: str) -> ImportResult:
    """The report in these lines. Raises ReportFileError when nothing in them looks like a report."""
    log = Log()
    lines = [x for x in lines if x.table_row or not x.is_empty()]
    lines = split_inline_headings(lines, _any_edition())
    probe = split_sections(lines, _any_edition())
    full_text = "\n".join(x.text for x in lines)
    meta_guess = guess_meta([x.text for x in probe.head], full_text)
    ed, notes = detect_edition(full_text, meta_guess.year)
    for kind, msg in notes + meta_guess.notes:
        log.add(kind, msg)
    sections = split_sections(lines, ed) if ed.id != _any_edition().id else probe
    has_tables = any(x.table_row and len([c for c in x.cells if c.strip()]) > 1 for x in lines)
    if not sections.found and not has_tables and not meta_guess.title:
        raise ReportFileError(
            f"{source} 中没有找到政府信息公开工作年度报告的内容（既无“一、总体情况”等标题，也无统计表）")
    kind = "government" if meta_guess.agency.endswith("政府") else "department"
    title = meta_guess.title if "模板" not in meta_guess.title else ""
    meta = Meta(agency=meta_guess.agency, kind=kind, year=meta_guess.year, title=title,
                published=meta_guess.published)
    report = Report(ed.id, meta)
    if not meta.year:
        log.add("missing", "未能读出报告年度，请在基本信息中填写")
    if not meta.agency:
        log.add("missing", "未能读出单位名称，请在基本信息中填写")

    # Prose.
    preamble = paragraphs(_preamble_lines(sections.head), wrapped)
    if preamble:
        report.texts["preamble"] = preamble
    for s in ed.text_sections():
        if s.id == "preamble" or s.id not in sections.parts:
            continue
        part = sections.parts[s.id]
        if s.id == sections.found[-1]:
            part, date_parts = _signature(part, meta.agency)
            if date_parts and meta.published is None:
                meta.published = safe_date(*date_parts)
        text = paragraphs(part, wrapped)
        if text:
            report.texts[s.id] = text
    for s in ed.text_sections():
        if s.id != "preamble" and s.id not in sections.parts:
            log.add("missing", f"未找到“{s.heading}”一节")

    # Tables: each tables section reads its own lines; a table whose heading is missing is looked for in
    # the section before it.
    filler = TableFiller(ed, report, log)
    table_sections = [s for s in ed.sections if s.kind == "tables"]
    if not any(s.id in sections.parts for s in table_sections):
        rows = [x for x in lines if x.table_row]
        filler.fill(rows, list(ed.tables))
    else:
        carry: list = []
        region_lines: list[Line] | None = None
        for s in table_sections:
            tables = [ed.table(t) for t in s.tables]
            if s.id in sections.parts:
                if region_lines is not None:
                    filler.fill(region_lines, carry)
                region_lines, carry = sections.parts[s.id], tables
            else:
                carry = carry + tables
        if region_lines is not None:
            filler.fill(region_lines, carry)
    _log_blanks(report, log)
    entries = [LogEntry(k, m, c) for k, m, c in log.entries]
    return ImportResult(report, entries, {ref: s for ref, s in filler.sources.items() if ref in report.values})


def _log_blanks(report: Report, log: Log) -> None:
    ed = edition(report.edition_id)
    logged = {c for _, _, c in log.entries if c is not None}
    for t in ed.tables:
        cells = t.cells()
        blank = [c for c in cells if c not in report.values]
        if len(blank) == len(cells):
            log.add("missing", f"未找到{t.caption or _table_name(ed, t.id)}的数字，该表留空")
            continue
        for ref in blank:
            if ref not in logged:
                log.add("missing", f"{t.cell_label(ref[1], ref[2])}：原文为空", ref)


def _table_name(ed, table_id: str) -> str:
    t = ed.table(table_id)
    return next((s.heading for s in ed.sections if s.id == t.section), table_id)


__all__ = ["Line", "recognize_lines"]
