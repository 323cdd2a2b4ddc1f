"""The 指标 sheet: 纠错率, 结转率, 无法提供 and 不予公开 shares and 依申请 per unit and for the district,
hand-computed for a small district; last year's change beside each (from last year's folder or from the
workbook this program wrote last year)."""

from __future__ import annotations

import openpyxl
import pytest

from editor.cli import main
from editor.io.native import write_native
from editor.samples import sample_report

# Per unit: (复议 纠正, 复议 总计, 直接起诉 纠正, 直接起诉 总计, 复议后起诉 纠正, 复议后起诉 总计)
APPEALS = {"甲局": (1, 4, 0, 2, 1, 1), "乙局": (2, 6, 1, 3, 0, 0), "丙镇人民政府": (0, 0, 0, 0, 0, 0)}


def _set_appeals(report, corrected_review, review, corrected_direct, direct, corrected_after, after):
    cells = {"review": (corrected_review, review), "direct_suit": (corrected_direct, direct),
             "suit_after_review": (corrected_after, after)}
    for group, (corrected, total) in cells.items():
        report.set(("appeals", "cases", f"{group}_upheld"), total - corrected)
        report.set(("appeals", "cases", f"{group}_corrected"), corrected)
        for col in ("other", "pending"):
            report.set(("appeals", "cases", f"{group}_{col}"), 0)
        report.set(("appeals", "cases", f"{group}_total"), total)


def _district(folder, year, scale=1):
    folder.mkdir(parents=True)
    reports = {}
    for i, (agency, appeals) in enumerate(APPEALS.items()):
        r = sample_report(year, seed=i + 10 * scale, agency=agency)
        _set_appeals(r, *(v * scale for v in appeals))
        write_native(r, folder / f"{i}.gknb")
        reports[agency] = r
    return reports


def _rows(path):
    ws = openpyxl.load_workbook(path)["指标"]
    header = [c.value for c in ws[1]]
    rows, raw = {}, {}
    for row in ws.iter_rows(min_row=2, values_only=True):
        if isinstance(row[1], str) and row[1]:
            rows[row[1]] = dict(zip(header, row, strict=False))
            raw[row[1]] = row
    _rows.raw = raw  # type: ignore[attr-defined]
    return header, rows, [r[0] for r in ws.iter_rows(min_row=2, values_only=True) if isinstance(r[0], str)]


def test_hand_computed_correction_rates_match_the_sheet(tmp_path):
    _district(tmp_path / "区", 2024)
    out = tmp_path / "汇总.xlsx"
    assert main(["summarize", str(tmp_path / "区"), "-o", str(out), "--jobs", "1"]) == 0
    header, rows, notes = _rows(out)
    assert rows["甲局"]["复议纠错率"] == pytest.approx(1 / 4)
    assert rows["甲局"]["诉讼纠错率"] == pytest.approx((0 + 1) / (2 + 1))
    assert rows["乙局"]["复议纠错率"] == pytest.approx(2 / 6)
    assert rows["丙镇人民政府"]["复议纠错率"] == "—"  # no case: no rate, never 0 %
    # The district: the ratio of the district's sums, not the mean of the units' ratios.
    assert rows["全区合计"]["复议纠错率"] == pytest.approx((1 + 2 + 0) / (4 + 6 + 0))
    assert rows["全区合计"]["诉讼纠错率"] == pytest.approx((0 + 1 + 1 + 0) / (2 + 1 + 3 + 0))
    assert rows["全区合计"]["行政复议总计"] == 10 and rows["全区合计"]["复议结果纠正"] == 3
    assert "较上年（百分点）" not in header  # no last year given
    assert any("复议纠错率 = 行政复议结果纠正(appeals.cases.review_corrected)" in n for n in notes)


def test_other_shares_from_the_reports_cells(tmp_path):
    reports = _district(tmp_path / "区", 2024)
    out = tmp_path / "汇总.xlsx"
    assert main(["summarize", str(tmp_path / "区"), "-o", str(out), "--jobs", "1"]) == 0
    _, rows, _ = _rows(out)
    r = reports["乙局"]
    total = r.get(("requests", "results_total", "total"))
    withheld = sum(v for (t, row, c), v in r.values.items() if t == "requests" and c == "total"
                   and row.startswith("withheld_"))
    unavailable = sum(v for (t, row, c), v in r.values.items() if t == "requests" and c == "total"
                      and row.startswith("unavailable_"))
    carry = r.get(("requests", "carry_forward", "total"))
    load = r.get(("requests", "new", "total")) + r.get(("requests", "carried_over", "total"))
    assert rows["乙局"]["不予公开占比"] == pytest.approx(withheld / total)
    assert rows["乙局"]["无法提供占比"] == pytest.approx(unavailable / total)
    assert rows["乙局"]["结转率"] == pytest.approx(carry / load)
    assert rows["乙局"]["本年新收申请"] == r.get(("requests", "new", "total"))


@pytest.mark.parametrize("source", ["folder", "workbook"])
def test_last_year_change_beside_each(tmp_path, source):
    before = _district(tmp_path / "去年", 2023, scale=2)  # last year: twice the cases, the same rates
    now = _district(tmp_path / "今年", 2024)
    last = tmp_path / "去年"
    if source == "workbook":
        last = tmp_path / "去年汇总.xlsx"
        assert main(["summarize", str(tmp_path / "去年"), "-o", str(last), "--jobs", "1"]) == 0
    out = tmp_path / "汇总.xlsx"
    assert main(["summarize", str(tmp_path / "今年"), "-o", str(out), "--last", str(last), "--jobs", "1"]) == 0
    header, _, notes = _rows(out)
    i = header.index("复议纠错率")
    assert header[i + 1] == "较上年（百分点）"
    jia = _rows.raw["甲局"]  # type: ignore[attr-defined]
    assert jia[i + 1] == pytest.approx(0.0)  # 2/8 last year, 1/4 now
    total = _rows.raw["全区合计"]  # type: ignore[attr-defined]
    assert total[i + 1] == pytest.approx(0.0)
    j = header.index("本年新收申请")
    assert header[j + 1] == "较上年"
    new = ("requests", "new", "total")
    assert jia[j + 1] == now["甲局"].get(new) - before["甲局"].get(new)
    k = header.index("诉讼纠错率")
    assert jia[k + 1] == pytest.approx(0.0) and _rows.raw["乙局"][k + 1] == pytest.approx(0.0)  # type: ignore
    assert any("上年资料" in n and "2023" in n for n in notes)
