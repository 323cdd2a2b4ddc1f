"""The prose and number scanners are linear in their input: inputs that took seconds to minutes with the
quadratic patterns (runs of spaces before a lookahead, a clause scan from the text's start per match)
finish in a fraction of a second. Sizes are chosen so that the old code took over 3 s each."""

from __future__ import annotations

import time

from editor.checks import check
from editor.io.recognize.labels import parse_number, split_labels
from editor.io.recognize.prose import clean_spaces
from editor.samples import sample_report

BUDGET = 1.0  # seconds; each case took 3-200 s before


def _timed(fn, *args):
    start = time.perf_counter()
    out = fn(*args)
    return out, time.perf_counter() - start


def test_cjk_space_cleaning_is_linear():
    out, took = _timed(clean_spaces, "a" + " " * 40_000 + "b 中 文")
    assert out.endswith("b中文") and took < BUDGET


def test_numbering_split_is_linear():
    text = "受理情况" + " " * 20_000 + "x" + " " * 20_000 + "（一）主动公开"
    parts, took = _timed(split_labels, text)
    assert parts[-1] == "（一）主动公开" and took < BUDGET


def test_number_quotes_in_prose_are_checked_in_linear_time():
    report = sample_report(2023, seed=1)
    section = report.edition.text_sections()[1].id
    report.texts[section] = "受理政府信息公开申请 1 件，" * 8000
    findings, took = _timed(check, report)
    assert any(f.rule == "text.numbers" for f in findings) and took < BUDGET


def test_numbers_with_thousands_of_digits_are_not_numbers():
    value, took = _timed(parse_number, "7" * 100_000)
    assert value is None and took < BUDGET
    assert parse_number("3,119") == (3119, "") and parse_number("96171.6万元")[0] == parse_number("96171.6")[0]
    assert parse_number("77 50") is None
