"""Joint judgement of glued rows (editor/io/recognize/joint.py): the rows of 表三 read together under the
edition's equations between rows, on synthetic digit runs whose values are known."""

from __future__ import annotations

import pytest

from editor.io.formats import read_any
from editor.io.recognize import joint
from editor.io.recognize.judgement import Readings
from editor.schema import edition

ED = edition("2021")
COLS = [c.id for c in ED.table("requests").columns]
ZERO = (0,) * 7


def _row(natural: int, commercial: int = 0) -> tuple:
    return (natural, commercial, 0, 0, 0, 0, natural + commercial)


def _table(**rows: tuple) -> dict[str, tuple]:
    """Every row of 表三, zero unless given."""
    return {r.id: rows.get(r.id, ZERO) for r in ED.table("requests").rows}


def _glued(values: dict[str, tuple]) -> dict[str, list[str]]:
    return {row: ["".join(str(v) for v in vs)] for row, vs in values.items()}


# 11 + 1 + 3 + 2 = 17 results, 4 carried forward: 21 new. “110000011” alone reads as 11 0 0 0 0 0 11 or as
# 1 10 0 0 0 0 11; only the first keeps the 商业企业 column of (七) at 0.
BALANCED = _table(new=_row(21), disclosed=_row(1), partly_disclosed=_row(11), withheld_enforcement_file=_row(3),
                  other_no_correction=_row(2), results_total=_row(17), carry_forward=_row(4))


def test_a_row_its_own_equation_leaves_open_is_split_by_the_column_equations() -> None:
    alone = Readings(["110000011"], COLS, "requests", "partly_disclosed", ED)
    assert len(alone.full) == 2 and alone.decision()[0] is None
    out = joint.solve(ED, "requests", COLS, _glued(BALANCED))
    assert out.status == "solved"
    assert out.placed["partly_disclosed"] == (11, 0, 0, 0, 0, 0, 11)
    assert out.placed == {row: vs for row, vs in BALANCED.items()}  # every row, as printed


def test_two_combinations_that_both_fit_place_neither_row() -> None:
    # Two rows “110000011”: 11 + 1 and 1 + 11 give the same column sums, so neither row is certain.
    values = _table(new=_row(16, 10), partly_disclosed=_row(11), withheld_internal=_row(1, 10),
                    disclosed=_row(4), results_total=_row(16, 10))
    out = joint.solve(ED, "requests", COLS, _glued(values))
    assert out.status == "solved"
    assert "partly_disclosed" not in out.placed and "withheld_internal" not in out.placed
    assert out.placed["new"] == _row(16, 10) and out.placed["disclosed"] == _row(4)


def test_a_published_error_is_not_repaired() -> None:
    # (七) printed as 18: no combination of readings satisfies every equation, so nothing is decided here.
    values = dict(BALANCED, results_total=_row(18))
    out = joint.solve(ED, "requests", COLS, _glued(values))
    assert out.status == "none" and not out.placed


def test_numbers_printed_apart_are_kept_as_printed() -> None:
    # 部分公开 printed with spaces as 1 10 …: taken as printed, so the table has no consistent reading.
    glued = _glued(BALANCED)
    glued["partly_disclosed"] = ["1", "10", "0", "0", "0", "0", "11"]
    out = joint.solve(ED, "requests", COLS, glued)
    assert out.status == "none" and not out.placed


def test_a_reading_with_a_vanished_blank_counts_as_a_combination() -> None:
    # “001012022” reads as 0 0 1 0 1 20 22, or with a blank that printed nothing as 0 0 10 12 0 _ 22 (and
    # the blank elsewhere among the parts): alone the row is never placed.
    row = (0, 0, 1, 0, 1, 20, 22)
    alone = Readings(["001012022"], COLS, "requests", "disclosed", ED)
    assert alone.full == [row] and alone.vanished and alone.decision()[0] is None
    values = _table(new=row, disclosed=row, results_total=row)
    # Every row glued the same way: the readings with a blank balance as well as the printed ones.
    out = joint.solve(ED, "requests", COLS, _glued(values))
    assert out.status == "solved" and not {"new", "disclosed", "results_total"} & set(out.placed)
    # (七) printed with its cells apart: 科研机构 is 1, so only the printed reading of 予以公开 fits.
    glued = dict(_glued(values), results_total=[str(v) for v in row])
    out = joint.solve(ED, "requests", COLS, glued)
    assert out.placed["disclosed"] == row and out.placed["new"] == row


def test_a_row_without_a_reading_is_left_out_with_its_equations() -> None:
    glued = dict(_glued(BALANCED), disclosed=["100000"])  # six digits for seven cells: a blank vanished
    out = joint.solve(ED, "requests", COLS, glued)
    assert "disclosed" in out.unknown and "disclosed" not in out.placed
    assert out.placed["new"] == _row(21)  # rows whose own equation decides them are still read
    assert "partly_disclosed" not in out.placed  # the column sums that decided it included 予以公开


def test_over_budget_decides_nothing() -> None:
    out = joint.solve(ED, "requests", COLS, _glued(BALANCED), budget=0.0)
    assert out.status == "over budget" and not out.placed


def test_a_table_without_equations_between_rows_is_left_to_each_row() -> None:
    cols = [c.id for c in ED.table("art20_1").columns]
    out = joint.solve(ED, "art20_1", cols, {"regulations": ["247215316997"], "normative_documents": ["123"]})
    assert out.status == "no equations" and not out.placed


def _report_text(values: dict[str, tuple]) -> str:
    t = ED.table("requests")
    body = "".join(r.label + "".join(str(v) for v in values[r.id]) for r in t.rows)
    return ("某某局2023年政府信息公开工作年度报告 一、总体情况 概述。二、主动公开政府信息情况 无。"
            "三、收到和处理政府信息公开申请情况 申请人情况 自然人 法人或其他组织 总计 商业企业 科研机构 "
            "社会公益组织 法律服务机构 其他" + body + " 四、政府信息公开行政复议、行政诉讼情况 无。")


def test_glued_report_text_is_read_with_the_column_equations(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "r.txt"
    path.write_text(_report_text(BALANCED), encoding="utf-8")
    result = read_any(path)
    v = result.report.values
    assert [v.get(("requests", "partly_disclosed", c)) for c in COLS] == [11, 0, 0, 0, 0, 0, 11]
    adjusted = [e for e in result.log if e.kind == "adjusted" and e.cell == ("requests", "partly_disclosed", "total")]
    assert adjusted and "按表内各行各列的等式" in adjusted[0].message
    assert not [e for e in result.log if e.kind == "adjusted" and "按表内" in e.message
                and e.cell[1] != "partly_disclosed"]  # the other rows were certain on their own
    # Without the joint judgement the row stays blank (its own equation allows two splits).
    monkeypatch.setattr(joint, "solve", lambda *a, **k: joint.Outcome("none"))
    v = read_any(path).report.values
    assert ("requests", "partly_disclosed", "total") not in v and v[("requests", "disclosed", "total")] == 1


def test_glued_report_text_with_a_published_error_keeps_it(tmp_path) -> None:
    from editor.checks import check

    path = tmp_path / "r.txt"
    path.write_text(_report_text(dict(BALANCED, results_total=_row(18))), encoding="utf-8")
    result = read_any(path)
    v = result.report.values
    assert ("requests", "partly_disclosed", "total") not in v  # not forced
    assert v[("requests", "results_total", "total")] == 18  # as printed
    assert any(f.rule == "requests.balance" for f in check(result.report))


def test_a_glued_appeals_row_is_split_group_by_group() -> None:
    # 表四: three groups of four results and their total, 43 digits for 15 cells. Read from the right group
    # by group, one split fits all three group sums and no reading with a vanished blank does.
    ed = edition("2021")
    cols = [c.id for c in ed.table("appeals").columns]
    values = [402, 598, 62, 517, 1579, 56, 570, 29, 939, 1594, 472, 95, 66, 952, 1585]
    digits = "".join(map(str, values))
    readings = Readings([digits], cols, "appeals", "cases", ed)
    assert readings.full == [tuple(values)] and readings.vanished == []
    assert readings.decision() == (values, "", True)
    # A run where several splits fit all three group sums: none is taken.
    several = Readings(["6919218158500247533213093974927472831331"], cols, "appeals", "cases", ed)
    assert len(several.full) > 1 and several.decision()[0] is None


def test_a_year_run_onto_a_rows_digits_is_prose_and_the_digits_a_row() -> None:
    from editor.io.recognize.tokens import glued_pieces

    assert glued_pieces("四、结转下年度继续办理20000022025年，我局共收到申请") == [
        ("四、结转下年度继续办理", ["2000002"]), ("2025年，我局共收到申请", [])]
    assert glued_pieces("统计期限自2022年1月1日起") == [("统计期限自2022年1月1日起", [])]
