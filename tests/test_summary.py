"""Checking and summing a district's folder of reports."""

from __future__ import annotations

from decimal import Decimal

import pytest

from editor.io.native import write_native
from editor.samples import sample_report
from editor.summary import HAS_ERRORS, PASSED, SET_APART, UNREADABLE, summarize
from tests.summary_helpers import make_district


def make_folder(tmp_path):
    """Three valid 2024 reports (one in a sub-folder), one with an error, one of 2023, one corrupt file,
    one JSON that is not a report; returns the folder and the reports that must be summed."""
    folder = tmp_path / "各单位"
    (folder / "乡镇").mkdir(parents=True)
    good = [sample_report(2024, seed=s, agency=a) for s, a in ((1, "区商务局"), (2, "区教育局"), (3, "某某镇人民政府"))]
    write_native(good[0], folder / "商务局.gknb")
    write_native(good[1], folder / "教育局.json")
    write_native(good[2], folder / "乡镇" / "某某镇.gknb")
    broken = sample_report(2024, seed=4, agency="区卫健委")
    broken.set(("requests", "new", "total"), broken.get(("requests", "new", "total")) + 1)
    write_native(broken, folder / "卫健委.gknb")
    write_native(sample_report(2023, seed=5, agency="区民政局"), folder / "民政局2023.gknb")
    (folder / "损坏.gknb").write_text('{"format": "gov-info-annual-report", "ver', encoding="utf-8")
    (folder / "配置.json").write_text('{"theme": "dark"}', encoding="utf-8")
    (folder / "~$商务局.docx").write_bytes(b"lock file")  # Word's lock file: not a report, skipped
    return folder, [*good, broken]


@pytest.mark.parametrize("jobs", [1, 2])
def test_folder_sums_statuses_and_findings(tmp_path, jobs):
    folder, summed = make_folder(tmp_path)
    summary = summarize([folder], jobs=jobs)
    assert summary.year == 2024 and summary.edition.id == "2021"
    by_name = {u.path.name: u for u in summary.units}
    assert set(by_name) == {"商务局.gknb", "教育局.json", "某某镇.gknb", "卫健委.gknb", "民政局2023.gknb",
                            "损坏.gknb", "配置.json"}
    assert by_name["卫健委.gknb"].status == HAS_ERRORS
    assert any(f.rule == "requests.row_sum" for f in by_name["卫健委.gknb"].findings)
    assert by_name["民政局2023.gknb"].status == SET_APART and "2023" in by_name["民政局2023.gknb"].reason
    assert by_name["损坏.gknb"].status == UNREADABLE and "损坏" in by_name["损坏.gknb"].reason
    assert by_name["配置.json"].status == UNREADABLE and by_name["配置.json"].reason
    assert by_name["商务局.gknb"].status == PASSED
    # The sums, computed independently, cell by cell.
    expected = {}
    for report in summed:
        for ref, v in report.values.items():
            expected[ref] = expected.get(ref, 0) + v
    assert summary.totals == expected
    assert isinstance(summary.totals[("art20_8", "fees", "amount")], Decimal)
    assert len(summary.accepted) == 4


def test_two_reports_sum_cell_by_cell(tmp_path):
    a, b = sample_report(2020, seed=1, agency="甲局"), sample_report(2020, seed=2, agency="乙局")
    write_native(a, tmp_path / "a.gknb")
    write_native(b, tmp_path / "b.gknb")
    summary = summarize([tmp_path / "a.gknb", tmp_path / "b.gknb"])
    for ref in a.edition.cells():
        assert summary.totals.get(ref, 0) == a.values.get(ref, 0) + b.values.get(ref, 0), ref
    money = ("art20_9", "procurement", "amount")
    assert summary.totals[money] == a.values[money] + b.values[money]


def test_year_given_sets_apart_the_others(tmp_path):
    folder, _ = make_folder(tmp_path)
    summary = summarize([folder], year=2023)
    assert [u.path.name for u in summary.accepted] == ["民政局2023.gknb"]


def test_own_report_is_compared_with_the_sum_of_the_others(tmp_path):
    make_district(tmp_path, ("requests", "disclosed", "natural_person"), 3)
    summary = summarize([tmp_path], own=tmp_path / "区政府.gknb")
    assert summary.own is not None and summary.own.agency == "某某区人民政府"
    assert len(summary.accepted) == 2  # the own report is not in the sum
    assert [f.key for f in summary.mismatches] == ["summary.mismatch|requests.disclosed.natural_person"]
    f = summary.mismatches[0]
    assert f.severity == "warning" and "相差3" in f.message


def test_nothing_readable_is_a_clear_error(tmp_path):
    (tmp_path / "x.gknb").write_text("oops", encoding="utf-8")
    with pytest.raises(ValueError, match="没有可以读取的年报"):
        summarize([tmp_path])


def test_the_same_department_twice_is_summed_once(tmp_path):
    from editor.io.formats import write_any

    report = sample_report(2024, seed=1, agency="区商务局")
    write_any(report, tmp_path / "商务局.docx")
    write_native(report, tmp_path / "商务局.gknb")
    write_native(sample_report(2024, seed=2, agency="区教育局"), tmp_path / "教育局.gknb")
    summary = summarize([tmp_path])
    by_name = {u.path.name: u for u in summary.units}
    assert by_name["商务局.gknb"].status == PASSED  # our own format is preferred
    assert by_name["商务局.docx"].status == SET_APART and "商务局.gknb" in by_name["商务局.docx"].reason
    assert summary.totals[("requests", "new", "total")] == (
        report.get(("requests", "new", "total")) + sample_report(2024, seed=2).get(("requests", "new", "total")))


def test_a_report_without_a_year_is_set_apart(tmp_path):
    from tests.conftest import shared_path

    write_native(sample_report(2024, seed=1), tmp_path / "a.gknb")
    (tmp_path / "空白模板.docx").symlink_to(shared_path("realdata", "template-2021-blank.docx"))
    summary = summarize([tmp_path])
    unit = {u.path.name: u for u in summary.units}["空白模板.docx"]
    assert unit.status == SET_APART and "没有年度" in unit.reason
    assert len(summary.accepted) == 1
