"""Rules on the report as a whole: meta.required, edition.year and meta.deadline."""

from __future__ import annotations

from datetime import date

from editor.checks.findings import ERROR, WARNING, Finding
from editor.report import Report
from editor.schema import edition_for_year


def check_edition(report: Report) -> list[Finding]:
    year = report.meta.year
    if not year:
        return []
    required = edition_for_year(year)
    if required.id == report.edition_id:
        return []
    return [Finding("edition.year", ERROR, "edition.year|edition",
                    f"{year}年度报告应使用{required.name}，本报告使用的是{report.edition.name}")]


def deadline(report: Report) -> date:
    """条例第四十九条: departments publish by 1月31日, a government's own report by 3月31日."""
    year = min(report.meta.year + 1, date.max.year)  # a report "for 9999" must not crash the check
    return date(year, 3, 31) if report.meta.kind == "government" else date(year, 1, 31)


def check_deadline(report: Report) -> list[Finding]:
    published = report.meta.published
    if published is None or not report.meta.year:
        return []
    due = deadline(report)
    if published <= due:
        return []
    who = "人民政府" if report.meta.kind == "government" else "部门"
    return [Finding("meta.deadline", WARNING, "meta.deadline|published",
                    f"发布日期{published:%Y年%m月%d日}晚于{who}年报的公布期限{due:%Y年%m月%d日}"
                    "（《政府信息公开条例》第四十九条）")]


def check_required_meta(report: Report) -> list[Finding]:
    """A report imported without its agency or year is valid (it opens, saves, reopens) but not finished:
    ask for what is missing."""
    out = []
    if not report.meta.agency.strip():
        out.append(Finding("meta.required", WARNING, "meta.required|agency",
                           "尚未填写机关名称（报告单位）：请在“基本信息”中填写"))
    if not report.meta.year:
        out.append(Finding("meta.required", WARNING, "meta.required|year",
                           "尚未填写报告年度：请在“基本信息”中填写（年度决定格式版本和公布期限）"))
    return out
