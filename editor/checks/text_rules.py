"""Rules on the narrative prose: text.numbers, text.year, text.required and text.copied.

They must not cry wolf on real reports, so each fires only on unambiguous wording (FORMAT.md).
Prose read from PDFs carries line breaks and spaces inside phrases ("受理政府\\n信息公开申请 17 件"):
matching runs on a copy without white space, and offsets are mapped back to the user's text.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cache, lru_cache

from editor.checks.findings import WARNING, Finding, TextSpan
from editor.checks.numbers import fmt
from editor.report import Report

_SPACE = re.compile(r"\s+")
# The patterns with classes of Chinese characters are compiled when first used (_compiled): such a class
# costs ~0.2–0.6 ms to compile (re builds a 64K-entry map), and these rules run only on text that mentions
# last year or 结转.
_SENTENCE_END = r"[。！？；!?;\n]"
# Leading numbering a sentence may open with: （一） 一、 1. 1、 一是 第一，
_CN_DIGITS = "一二三四五六七八九十"
_LEADING_NUMBER = rf"^(?:[（(][{_CN_DIGITS}\d]+[）)]|[{_CN_DIGITS}]+[、是]|\d+[.．、]|第[{_CN_DIGITS}]+[，、,])+"
_YEAR = re.compile(r"(?:19|20)\d\d年")
# After last year's year these words mean the sentence is about last year on purpose.
_LAST_YEAR_OK = ("底", "末", "结转", "同期", "以来", "相比", "度结转", "年底")
_MIN_SENTENCE = 8


_NON_SPACE = re.compile(r"\S+")


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


@lru_cache(maxsize=64)
def _squeeze(text: str) -> tuple[str, list[int]]:
    """The text without white space, and for each kept character its offset in the original.

    Cached: every text rule asks for the same sections on every keystroke."""
    chunks, where = [], []
    for m in _NON_SPACE.finditer(text):
        chunks.append(m.group())
        where.extend(range(m.start(), m.end()))
    return "".join(chunks), where


def _span(section: str, where: list[int], start: int, end: int) -> TextSpan:
    return TextSpan(section, where[start], where[end - 1] + 1)


def _sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a squeezed text; a line break also ends a sentence."""
    out, start = [], 0
    for m in _compiled(_SENTENCE_END).finditer(text):
        if m.start() > start:
            out.append((start, m.start()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return out


_CLAUSE_END = r"[，。；,;！？!?\n]"  # compiled at first use (_compiled)
_CARRIED_OVER = re.compile(r"上年(?:度)?结转")


def _clause_ends(text: str) -> list[int]:
    return [m.start() for m in _compiled(_CLAUSE_END).finditer(text)]


def _clause(text: str, start: int, end: int, ends: list[int]) -> str:
    """The clause around a match: "受理申请45件（含上年结转3件）" includes the bracket, while in
    "受理申请3119件，答复3050件（含上年度结转申请34件）" the 结转 belongs to the next clause.
    ``ends``: _clause_ends(text), found once per text (a scan per match was quadratic: issue 12)."""
    i = bisect_left(ends, start)
    before = ends[i - 1] + 1 if i else 0
    j = bisect_left(ends, end)
    return text[before:ends[j] if j < len(ends) else len(text)]


def check_numbers(report: Report) -> list[Finding]:
    ed = report.edition
    out = []
    for section in ed.text_sections():
        raw = report.text(section.id)
        if not raw:
            continue
        text, where = _squeeze(raw)
        ends: list[int] | None = None
        for pattern in ed.text_numbers:
            for m in pattern.pattern.finditer(text):
                quoted = int(m.group("n"))
                cells = pattern.cells
                if pattern.with_carried_over:
                    ends = _clause_ends(text) if ends is None else ends
                    if _CARRIED_OVER.search(_clause(text, m.start(), m.end(), ends)):
                        cells = pattern.with_carried_over
                if not all(ed.has_cell(c) for c in cells):
                    continue
                values = [report.values.get(c) for c in cells]
                if all(v is None for v in values):
                    continue  # the table is not filled yet: nothing to contradict
                table_value = sum(v or 0 for v in values)
                if table_value == quoted:
                    continue
                phrase = m.group(0)
                names = "＋".join(ed.table(c[0]).cell_label(c[1], c[2]) for c in cells)
                out.append(Finding(
                    "text.numbers", WARNING, f"text.numbers|{section.id}|{phrase}",
                    f"{section.heading}中“{phrase}”与表中数字不一致：{names}＝{fmt(table_value)}，"
                    f"文中写{quoted}件",
                    tuple(cells), _span(section.id, where, m.start(), m.end())))
    return out


def check_year(report: Report) -> list[Finding]:
    year = report.meta.year
    if not year:
        return []
    last = f"{year - 1}年"
    out = []
    for section in report.edition.text_sections():
        raw = report.text(section.id)
        if section.id == "preamble" or last not in raw:
            continue
        text, where = _squeeze(raw)
        leading = _compiled(_LEADING_NUMBER)
        for a, b in _sentences(text):
            sentence = text[a:b]
            lead = leading.match(sentence)
            offset = lead.end() if lead else 0
            if not sentence.startswith(last, offset):
                continue
            after = sentence[offset + len(last):]
            if after.startswith(_LAST_YEAR_OK) or str(year) in sentence[offset + len(last):]:
                continue
            quoted = sentence[offset:offset + 24]
            out.append(Finding(
                "text.year", WARNING, f"text.year|{section.id}|{quoted}",
                f"{section.heading}中“{quoted}…”以{last}开头，而本报告是{year}年度报告：是否应为{year}年？",
                (), _span(section.id, where, a + offset, a + offset + len(last))))
    return out


def check_required(report: Report) -> list[Finding]:
    out = []
    for section in report.edition.text_sections():
        if section.id == "preamble":
            continue  # the opening paragraphs are customary, not part of the official format
        text = report.text(section.id)
        for subhead in section.subheads:
            text = text.replace(subhead, "")  # the official sub-heads alone are not content
        if not _squeeze(text.strip("。：:；;，, \n"))[0]:
            out.append(Finding("text.required", WARNING, f"text.required|{section.id}",
                               f"{section.heading}尚未填写"))
            continue
        squeezed, _ = _squeeze(text)
        missing = [w for w in section.must_mention if w not in squeezed]
        if missing:
            out.append(Finding("text.required", WARNING, f"text.required|{section.id}",
                               f"{section.heading}未说明{'、'.join(missing)}情况（2021年版格式要求报告收取信息处理费的情况，"
                               "未收取的也应写明）"))
    return out


def _copy_signature(sentence: str) -> str:
    # A copied sentence usually has only its years moved on.
    return _YEAR.sub("#年", sentence)


COPIED_SHARE = 0.8


def check_copied(report: Report, last: Report | None) -> list[Finding]:
    if last is None:
        return []
    out = []
    for section in report.edition.text_sections():
        if section.id == "preamble":
            continue  # legitimately the same each year
        text, where = _squeeze(report.text(section.id))
        old, _ = _squeeze(last.text(section.id))
        if not text or not old:
            continue
        old_set = {_copy_signature(old[a:b]) for a, b in _sentences(old)}
        spans = [(a, b) for a, b in _sentences(text) if b - a >= _MIN_SENTENCE]
        if len(spans) < 2:
            continue
        copied = [(a, b) for a, b in spans if _copy_signature(text[a:b]) in old_set]
        share = len(copied) / len(spans)
        if share >= COPIED_SHARE:
            out.append(Finding(
                "text.copied", WARNING, f"text.copied|{section.id}",
                f"{section.heading}有{len(copied)}/{len(spans)}句（{share:.0%}）与上年报告相同，"
                "评议中会被视为内容雷同，请按本年度实际情况重写",
                (), _span(section.id, where, copied[0][0], copied[-1][1])))
    return out
