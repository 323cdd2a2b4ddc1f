"""Numbers and texts have limits (editor.value_limits), checked before any arithmetic."""

from __future__ import annotations

import time
from decimal import Decimal

import pytest

from editor.cell_input import CellInputError, parse_cell
from editor.report import Report
from editor.value_limits import (
    MAX_JSON_DEPTH,
    LimitError,
    clean_text,
    decimal_from_text,
    loads_json,
    number_problem,
)


def repr_short(value: object) -> str:
    return f"{type(value).__name__}-{len(str(value)) if not isinstance(value, int) else value.bit_length()}"


@pytest.mark.parametrize("value", [0, 3119, 10**15 - 1, Decimal("96171.6"), Decimal("0.000001"),
                                   Decimal("123456789.123456"), Decimal("1E+14"),
                                   Decimal("1.500000000000000000000"), Decimal("-12")])
def test_real_figures_pass(value):
    assert number_problem(value) is None


@pytest.mark.parametrize("value", [10**15, 10**4400, float("nan"), float("inf"), Decimal("NaN"),
                                   Decimal("Infinity"), Decimal("1e400"), Decimal("1e999999999"),
                                   Decimal("1e-999999"), Decimal("0." + "0" * 20 + "1"), True, "7",
                                   Decimal("123456789012345.123456")], ids=repr_short)
def test_what_no_report_holds_is_named(value):
    problem = number_problem(value)
    assert problem and any("\u4e00" <= ch <= "\u9fff" for ch in problem)


def test_decimal_from_text_refuses_before_converting():
    assert decimal_from_text("96171.6") == Decimal("96171.6")
    start = time.monotonic()
    assert decimal_from_text("7" * 100_000) is None
    assert decimal_from_text("1e999999999") is None
    assert decimal_from_text("NaN") is None
    assert time.monotonic() - start < 0.5


def test_cell_input_refuses_huge_digits_without_int_error():
    with pytest.raises(CellInputError, match="位数过多"):
        parse_cell("count", "9" * 5000)
    with pytest.raises(CellInputError, match="位数过多"):
        parse_cell("count", "9" * 20)


def test_clean_text_drops_what_xml_cannot_hold():
    text, n = clean_text("某\x00某\x1b局\ud800\x7f\x85\ufffe正常\t制表\r\n换行")
    assert text == "某某局正常\t制表\n换行" and n == 6


def test_json_depth_and_numbers():
    data = loads_json('{"a": [1, 2.5, 1e400, NaN, ' + "9" * 5000 + "]}")
    a = data["a"]
    assert a[0] == 1 and a[1] == Decimal("2.5") and a[2] == Decimal("1e400") and a[3] != a[3]
    assert isinstance(a[4], Decimal) and number_problem(a[4])
    loads_json("[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH)
    with pytest.raises(LimitError):
        loads_json("[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1))
    with pytest.raises(LimitError):
        loads_json("[" * 200_000 + "]" * 200_000)
    assert loads_json('["[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\\"]"]') is not None  # brackets in strings


def test_extreme_years_never_crash_the_checks_or_the_rollover():
    from datetime import date

    from editor.checks import check
    from editor.rollover import roll_forward
    from editor.samples import sample_report

    report = sample_report(2023, seed=1)
    report.meta.year, report.meta.published = 9999, date(9999, 12, 31)
    check(report)  # the deadline of a report "for 9999" does not overflow the calendar
    with pytest.raises(ValueError, match="超出范围"):
        roll_forward(report)


# Characters of every kind a text may hold: those clean_text drops, white space, Chinese text and signs.
_POOL = ("\x00\x08\x09\x0a\x0b\x0c\x0d\x0e\x1f\x7f\x80\x9f\ud800\udbff\udc00\udfff\ufffe\uffff"
         " \u3000\u00a0\u2028\u200b\ufeff\U0001f600\U000e0001aZ9年报，。（）、\u00ad")


def test_clean_text_drops_what_the_pattern_names_and_nothing_else():
    """The shortcut for printable text (no pattern run, none compiled) gives what the pattern gives, over
    random texts of every kind of character."""
    import random
    import re

    from editor.value_limits import _BAD_CHARS, has_bad_text

    rng = random.Random(7)
    shortcut = 0
    for _ in range(3000):
        text = "".join(rng.choice(_POOL) for _ in range(rng.randrange(0, 12)))
        if rng.random() < 0.5:
            text = "".join(c for c in text if c.isprintable() or c in "\n\t")  # the common, clean case
        plain = text.replace("\r\n", "\n").replace("\r", "\n")
        expected = re.subn(_BAD_CHARS, "", plain)
        assert clean_text(text) == expected, repr(text)
        report = Report.blank(2024)
        report.texts["overview"] = plain
        assert has_bad_text(report) == (expected[1] > 0), repr(text)
        shortcut += plain.replace("\n", "").replace("\t", "").isprintable()
    assert 1000 < shortcut < 2900  # both ways were taken
