"""Rolling last year's report forward: what carries over, what starts blank, the edition change."""

from __future__ import annotations

import json

import pytest

from editor.checks import check
from editor.io.native import read_native
from editor.rollover import roll_forward
from editor.samples import sample_report
from tests.conftest import FIXTURES
from tests.test_cli import run

COLUMNS = ("natural_person", "commercial", "research", "nonprofit", "legal_services", "other_org", "total")


def test_qiaocheng_2020_rolls_into_a_2021_edition_report():
    last = read_native(FIXTURES / "qiaocheng-2020.gknb")
    rolled = roll_forward(last)
    report = rolled.report
    assert (report.edition_id, report.meta.year, report.meta.agency) == ("2021", 2021, "谯城区商务局")
    for col in COLUMNS:
        assert report.get(("requests", "carried_over", col)) == last.get(("requests", "carry_forward", col))
    others = {ref: v for ref, v in report.values.items() if ref[1] != "carried_over"}
    assert others == {}
    assert "2021年" in report.texts["preamble"] and "2020" not in report.texts["preamble"]
    assert report.last_year == last
    assert report.meta.title == "谯城区商务局2021年政府信息公开工作年度报告"
    # Sections start from the official sub-heads, not last year's words.
    assert report.texts["overview"].splitlines()[0] == "（一）主动公开"
    assert "我局深入贯彻" not in "".join(report.texts.values())
    assert any("2021年版格式" in n for n in rolled.notes)


def test_preamble_years_move_on_and_other_years_stay():
    last = sample_report(2023, seed=1)
    last.texts["preamble"] = ("本报告依据《条例》（2019年修订）编制，统计期限自2023年1月1日起至"
                              "2023年12月31日止，于2024年1月发布。")
    report = roll_forward(last).report
    assert report.texts["preamble"] == ("本报告依据《条例》（2019年修订）编制，统计期限自2024年1月1日起至"
                                        "2024年12月31日止，于2025年1月发布。")


def test_changing_a_carried_over_cell_raises_cross_year_carried_over():
    report = roll_forward(sample_report(2024, seed=3)).report
    assert not [f for f in check(report) if f.rule == "cross_year.carried_over"]
    report.set(("requests", "carried_over", "total"), report.get(("requests", "carried_over", "total")) + 1)
    found = [f for f in check(report) if f.rule == "cross_year.carried_over"]
    assert [f.key for f in found] == ["cross_year.carried_over|total"]


def test_year_must_move_forward():
    with pytest.raises(ValueError, match="应晚于"):
        roll_forward(sample_report(2024, seed=3), 2024)


def test_empty_subheads_count_as_unwritten():
    report = roll_forward(sample_report(2024, seed=3)).report
    assert "text.required|overview" in {f.key for f in check(report)}
    report.texts["overview"] += "\n全年主动公开政府信息320条。"
    assert "text.required|overview" not in {f.key for f in check(report)}


def test_rollover_command(tmp_path):
    out = tmp_path / "2021.gknb"
    proc = run("rollover", FIXTURES / "qiaocheng-2020.gknb", out)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["edition"] == "2021" and data["meta"]["year"] == 2021
    assert data["last_year"]["meta"]["year"] == 2020
    proc = run("rollover", FIXTURES / "qiaocheng-2020.gknb", tmp_path / "x.gknb", "--year", "2019")
    assert proc.returncode == 2 and "应晚于" in proc.stderr
