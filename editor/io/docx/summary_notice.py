"""The 情况通报: a short Word notice of a district summary, listing the reports with errors and their main
findings, the ones set apart and the unreadable files, typeset with the report export's styles."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import docx
from docx.document import Document

from editor.io.docx import style as st
from editor.io.fonts import DEFAULT_FONT_SET
from editor.io.fonts import font_set as get_font_set
from editor.summary import HAS_ERRORS, HAS_WARNINGS, PASSED, SET_APART, UNREADABLE, Summary, UnitResult

MAX_FINDINGS = 5  # per report: the notice names the main problems, the workbook lists them all
MAX_MISMATCHES = 10
NUMERALS = "一二三四五六七八九十"
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _chinese_number(n: int) -> str:
    """一 … 九十九; from 100 on, Arabic digits (a district rarely has that many, a city may)."""
    if n >= 100:
        return str(n)
    if n <= 10:
        return NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return (NUMERALS[tens - 1] if tens > 1 else "") + "十" + (NUMERALS[ones - 1] if ones else "")


def _file_name(unit: UnitResult, base: Path | None = None) -> str:
    """The file's path relative to the folder chosen (``base`` is kept for old callers)."""
    return unit.name


class _Writer:
    def __init__(self, doc: Document):
        self.doc = doc
        self._styles: dict[str, object] = {}  # python-docx finds a style by name by walking them all

    def _style(self, style: str):
        if style not in self._styles:
            self._styles[style] = self.doc.styles[st.STYLE_NAMES[style]]
        return self._styles[style]

    def paragraph(self, text: str, style: str, lead: str = "") -> None:
        p = self.doc.add_paragraph(style=self._style(style))
        if lead:
            p.add_run(_NOT_XML.sub("", lead), style=self._style(st.SUBHEAD))
        lines = _NOT_XML.sub("", text).split("\n")
        for i, line in enumerate(lines):
            run = p.add_run(line)
            if i < len(lines) - 1:
                run.add_break()  # a line break inside the paragraph (after this run's text)


def _roster_items(summary: Summary) -> list[tuple[str, str]]:
    """已报送 / 未报送 / 名单外, as three numbered items of the 报送情况 part."""
    assert summary.roster is not None
    done = [line for line in summary.roster if line.files]
    missing = [line.unit for line in summary.roster if not line.files]
    outside = summary.outside
    source = f"（{summary.roster_name}）" if summary.roster_name else ""
    items = [("已报送", f"：名单{source}共{len(summary.roster)}个单位，已报送{len(done)}个。")]
    confirm = [line for line in done if line.needs_confirming]
    if confirm:
        items[0] = ("已报送", items[0][1] + "其中" + "、".join(
            f"“{line.unit}”（报告署名{'、'.join(dict.fromkeys(f.agency or f.name for f in line.files))}）"
            for line in confirm) + "按简称或文件名对应，请核实。")
    items.append(("未报送", f"：{'、'.join(missing)}，共{len(missing)}个。" if missing else "：无。"))
    items.append(("名单外", "：" + "；".join(f"{u.agency or '未能识别单位'}（{u.name}）" for u in outside)
                  + f"，共{len(outside)}个文件，不在名单中。" if outside else "：无。"))
    return items


def build_summary_docx(summary: Summary, base: Path | None = None) -> Document:
    from editor.io.docx.export import _base_template

    doc = docx.Document(io.BytesIO(_base_template()))
    st.setup_styles(doc, get_font_set(DEFAULT_FONT_SET))
    st.setup_page(doc)
    body = doc.element.body
    for child in list(body):
        if child.tag != body.sectPr.tag:
            body.remove(child)
    w = _Writer(doc)
    year = summary.year
    # Two lines broken between words, not wherever the 22 pt line happens to end.
    w.paragraph(f"关于{year}年度政府信息公开工作年度报告\n检查情况的通报", st.TITLE)
    units = [u for u in summary.units if not u.own]
    count = {s: sum(u.status == s for u in units) for s in (PASSED, HAS_WARNINGS, HAS_ERRORS, SET_APART, UNREADABLE)}
    w.paragraph(f"本次共收到{len(units)}个文件，其中{len(summary.accepted)}份{year}年度报告计入汇总。经逐份检查，"
                f"未发现问题的{count[PASSED]}份，仅有提示性问题的{count[HAS_WARNINGS]}份，"
                f"存在错误的{count[HAS_ERRORS]}份；年度或格式不符、未计入汇总的{count[SET_APART]}份；"
                f"无法读取的{count[UNREADABLE]}个。有关情况通报如下。", st.BODY)

    parts: list[tuple[str, list[tuple[str, str]]]] = []
    if summary.roster is not None:
        parts.append(("报送情况", _roster_items(summary)))
    with_errors = [u for u in units if u.status == HAS_ERRORS]
    if with_errors:
        items = []
        for u in with_errors:
            errors = [f for f in u.findings if f.severity == "error"]
            shown = "；".join(f.message.rstrip("。") for f in errors[:MAX_FINDINGS])
            more = f"等{len(errors)}项" if len(errors) > MAX_FINDINGS else f"共{len(errors)}项"
            items.append((u.agency or _file_name(u, base), f"（{_file_name(u, base)}）：{shown}（{more}错误）。"))
        parts.append(("存在错误的报告", items))
    apart = [u for u in units if u.status == SET_APART]
    if apart:
        parts.append(("未计入汇总的报告",
                      [(u.agency or _file_name(u, base), f"（{_file_name(u, base)}）：{u.reason}。") for u in apart]))
    unreadable = [u for u in units if u.status == UNREADABLE]
    if unreadable:
        parts.append(("无法读取的文件",
                      [(_file_name(u, base), "：" + u.reason.rstrip("。") + "。") for u in unreadable]))
    own = summary.own
    if own is not None:
        if summary.mismatches:
            shown = "；".join(f.message for f in summary.mismatches[:MAX_MISMATCHES])
            more = f"等{len(summary.mismatches)}处" if len(summary.mismatches) > MAX_MISMATCHES else ""
            text = f"本级报告与下级报告合计不一致：{shown}{more}。"
        else:
            text = "本级报告与下级报告合计一致。"
        if summary.own_in_folder:
            text = f"本级报告（{own.name}）位于汇总文件夹中，已从下级合计中排除。" + text
        parts.append(("本级报告与下级合计比对", [("", text)]))

    for i, (heading, items) in enumerate(parts, start=1):
        w.paragraph(f"{_chinese_number(i)}、{heading}", st.HEADING)
        for j, (lead, text) in enumerate(items, start=1):
            w.paragraph(text, st.BODY, lead=f"（{_chinese_number(j)}）{lead}" if lead else "")
    missing = summary.roster is not None and any(not line.files for line in summary.roster)
    if missing:
        w.paragraph("请未报送的单位抓紧报送年度报告。", st.BODY)
    if with_errors or apart or unreadable:
        w.paragraph("请有关单位对照汇总表中的问题清单逐项核实修改，修改后重新报送。", st.BODY)
    else:
        w.paragraph("各单位报告均未发现错误。", st.BODY)
    doc.core_properties.title = f"{year}年度政府信息公开工作年度报告检查情况的通报"
    return doc


def write_summary_docx(summary: Summary, path: str | os.PathLike[str], base: Path | None = None) -> None:
    import io

    from editor.io.safe_save import write_atomic

    buf = io.BytesIO()
    build_summary_docx(summary, base).save(buf)
    write_atomic(path, buf.getvalue())  # a failure leaves no half file, the old one's mode is kept
