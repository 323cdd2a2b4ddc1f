"""Prose without Qt: typed indents dropped, 字数, half-width punctuation found and fixed, 查找, and the
year a new report defaults to."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest

from editor.checks import check
from editor.checks.punctuation import fix_half_width, half_width_marks
from editor.find import find
from editor.io.load import load
from editor.prose import char_count, strip_indents
from editor.report import Report, default_report_year
from editor.samples import sample_report


def test_typed_paragraph_indents_are_dropped_and_nothing_else():
    typed = "　　本机关认真贯彻。\n\t第二段　中间的空格不动。\n    第三段  \n\u00a0\u3000第四段\n\n最后"
    assert strip_indents(typed) == "本机关认真贯彻。\n第二段　中间的空格不动。\n第三段  \n第四段\n\n最后"
    assert strip_indents("") == "" and strip_indents("无缩进") == "无缩进"


def test_char_count_leaves_out_spaces_and_line_breaks():
    assert char_count("本机关 认真\n贯彻。\u3000") == 8
    assert char_count("") == 0


@pytest.mark.parametrize(("today", "year"), [
    (date(2026, 12, 1), 2026), (date(2026, 12, 31), 2026), (date(2027, 1, 15), 2026),
    (date(2027, 3, 31), 2026), (date(2026, 11, 30), 2025), (date(2026, 6, 1), 2025),
])
def test_default_year_is_the_report_being_prepared(today, year):
    assert default_report_year(today) == year


@pytest.mark.parametrize(("text", "fixed"), [
    ("本机关(一)主动公开,共3件.", "本机关（一）主动公开，共3件。"),
    ("(2)加强培训;做好答复:", "（2）加强培训；做好答复："),
    ("是否按时答复?是!", "是否按时答复？是！"),
    ("以Word(PDF)格式发布", "以Word（PDF）格式发布"),
    ('开展"政府开放日"活动', "开展“政府开放日”活动"),
    ('他说"ok"。一个"未配对', "他说“ok”。一个\"未配对"),
    # Figures, addresses and English keep theirs.
    ("共1,234件, 收费3.5万元", "共1,234件， 收费3.5万元"),
    ("网址http://www.gov.cn/a.html 10:30召开", "网址http://www.gov.cn/a.html 10:30召开"),
    ("1. 加强领导", "1. 加强领导"),
    ("ok, fine.", "ok, fine."),
    ("等等...", "等等..."),
])
def test_half_width_punctuation_in_chinese_is_fixed(text, fixed):
    assert fix_half_width(text) == fixed
    assert bool(half_width_marks(text)) == (text != fixed)
    assert half_width_marks(fixed) == []


def test_text_punctuation_is_one_warning_per_section_pointing_at_the_first_mark():
    report = sample_report(2024, 3)
    assert not [f for f in check(report) if f.rule == "text.punctuation"]
    report.texts["problems"] = "一是公开不够及时,二是(二)解读不足."
    found = [f for f in check(report) if f.rule == "text.punctuation"]
    assert [f.key for f in found] == ["text.punctuation|problems"]
    f = found[0]
    assert f.severity == "warning" and "3处半角标点" in f.message and "“,”" in f.message
    assert report.texts["problems"][f.text.start:f.text.end] == ","


def test_punctuation_scan_is_linear():
    text = ("中," * 150_000) + ("(一" * 50_000) + (" " * 100_000)
    t = time.perf_counter()
    assert len(half_width_marks(text)) == 200_000
    assert time.perf_counter() - t < 3


def test_find_reaches_labels_headings_and_prose():
    report = sample_report(2024, 3)
    label = report.edition.table("requests").rows[0].label
    hits = find(report, label)
    assert any(h.table == "requests" and h.section == "requests" for h in hits)
    word = "依申请公开"
    prose = [h for h in find(report, word) if h.start >= 0]
    assert prose and all(report.text(h.section)[h.start:h.end] == word for h in prose)
    assert find(report, "  ") == [] and find(report, "不会出现的词语组合") == []


def test_opening_a_text_with_typed_indents_exports_single_indented_paragraphs(tmp_path: Path):
    from docx import Document

    from editor.io.formats import write_any

    src = sample_report(2024, 3)
    lines = [line for line in src.text("overview").split("\n") if line]
    report = Report.blank(2024, "某某区商务局")
    report.values = dict(src.values)
    report.texts["overview"] = "\n".join(("　　" if i % 2 else "\t") + line for i, line in enumerate(lines))
    path = tmp_path / "r.gknb"
    from editor.io.native import write_native

    write_native(report, path)
    opened = load(str(path)).report
    assert opened.text("overview") == "\n".join(lines)
    out = tmp_path / "r.docx"
    write_any(opened, out)
    paragraphs = [p.text for p in Document(str(out)).paragraphs]
    for line in lines:
        assert line in paragraphs  # the paragraph as typed, without the hand-made indent
    assert not [p for p in paragraphs if p[:1] in ("\t", "　", " ")]


def test_indents_are_found_as_the_pattern_finds_them():
    """The pattern runs (and is compiled) only where a paragraph opens with an indent character; on random
    texts the result is what the pattern alone gives."""
    import random
    import re

    from editor.prose import _INDENT_CHARS, indent_spans

    pattern = re.compile(f"^[{_INDENT_CHARS}]+", re.MULTILINE)
    rng = random.Random(3)
    pool = _INDENT_CHARS + "\n\n年报。a \u2028\r"
    for _ in range(3000):
        text = "".join(rng.choice(pool) for _ in range(rng.randrange(0, 10)))
        assert strip_indents(text) == pattern.sub("", text), repr(text)
        assert indent_spans(text) == [m.span() for m in pattern.finditer(text)], repr(text)
