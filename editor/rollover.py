"""Start this year's report from last year's: carry over exactly what should carry over.

What moves: the 上年结转 row (from last year's 结转下年度, column by column), the agency and kind, the
title for the new year, the preamble with its years moved on (statistics period, legal basis and contact
are legitimately the same each year), and last year's whole report into ``last_year`` for the
cross-year checks. Everything else starts blank: copied prose is what evaluators call 内容雷同.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from editor.report import Meta, Report
from editor.schema import edition_for_year

CARRIED = ("requests", "carry_forward", "requests", "carried_over")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?=\s*年)")


@dataclass
class Rollover:
    report: Report
    notes: list[str] = field(default_factory=list)  # Chinese, for the user


def _move_years(text: str, old_year: int, new_year: int) -> str:
    """Moves the report year and the publication year on: 2023年…2024年1月 → 2024年…2025年1月."""
    delta = new_year - old_year

    def shift(m: re.Match[str]) -> str:
        y = int(m.group(1))
        return str(y + delta) if y in (old_year, old_year + 1) else m.group(1)

    return _YEAR.sub(shift, text)


def _new_title(last: Meta, year: int) -> str:
    if last.title and str(last.year) in last.title:
        return last.title.replace(str(last.year), str(year))
    meta = Meta(agency=last.agency, year=year)
    return meta.suggested_title()


def roll_forward(last: Report, year: int | None = None) -> Rollover:
    if not last.meta.year:
        raise ValueError("上年报告没有填写年度，无法确定新报告的年度")
    year = year or last.meta.year + 1
    if year > 9999:  # a file must open again: the year is four digits
        raise ValueError(f"新报告的年度（{year}）超出范围，应为四位数的年份")
    if year <= last.meta.year:
        raise ValueError(f"新报告的年度（{year}）应晚于上年报告的年度（{last.meta.year}）")
    ed = edition_for_year(year)
    meta = Meta(agency=last.meta.agency, kind=last.meta.kind, year=year, title=_new_title(last.meta, year))
    report = Report(ed.id, meta)
    notes = []
    if ed.id != last.edition_id:
        notes.append(f"{year}年度报告使用{ed.name}，上年报告为{last.edition.name}，已按新格式建立表格")

    src_table, src_row, dst_table, dst_row = CARRIED
    moved = 0
    for col in ed.table(dst_table).columns:
        value = last.get((src_table, src_row, col.id))
        if value is not None and last.edition.has_cell((src_table, src_row, col.id)):
            report.set((dst_table, dst_row, col.id), value)
            moved += 1
    notes.append(f"上年结转：已从上年报告的“结转下年度继续办理”带入{moved}个数字" if moved
                 else "上年报告的“结转下年度继续办理”为空，本年“上年结转”未填写")

    preamble = last.text("preamble")
    if preamble:
        report.texts["preamble"] = _move_years(preamble, last.meta.year, year)
        notes.append("引言已带入，其中的年份已顺延，请核对")
    elif ed.section("preamble").template:
        agency = meta.agency or "本机关"
        report.texts["preamble"] = ed.section("preamble").template.format(agency=agency, year=year)
        notes.append("上年报告没有引言，已按惯例写入引言，请补充公开渠道和联系方式")
    for section in ed.text_sections():
        if section.subheads:
            report.texts[section.id] = "\n".join(section.subheads)

    previous = last.copy()
    previous.last_year = None  # the file keeps one year back, no more
    report.last_year = previous
    return Rollover(report, notes)
