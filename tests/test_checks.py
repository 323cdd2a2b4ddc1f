"""Every rule of FORMAT.md, both editions: a case that passes and one that fails, with the cells and
the numbers the finding must carry."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from editor.checks import ERROR, WARNING, check
from editor.io.native import read_native
from editor.report import Report
from editor.samples import sample_report
from tests.conftest import FIXTURES

YEARS = {"2019": 2020, "2021": 2024}


def rules(findings, rule_id):
    return [f for f in findings if f.rule == rule_id]


@pytest.fixture(params=["2019", "2021"])
def full(request) -> Report:
    """A full, balanced report with non-zero numbers everywhere (negative 本年增/减 and money decimals in 2019)."""
    report = sample_report(YEARS[request.param], seed=11)
    assert report.edition_id == request.param
    return report


def test_balanced_sample_has_no_findings(full):
    assert check(full) == []


def test_sample_2019_has_negative_change_and_money_decimals():
    values = sample_report(2020, seed=11).values
    assert any(v < 0 for (t, r, c), v in values.items() if c == "change")
    assert any(isinstance(v, Decimal) and v != v.to_integral_value() for v in values.values())


# ----------------------------------------------------------------------------- table 三


def test_requests_balance_names_only_unbalanced_columns(full):
    full.set(("requests", "new", "natural_person"), full.get(("requests", "new", "natural_person")) + 1)
    full.set(("requests", "new", "total"), full.get(("requests", "new", "total")) + 1)
    found = rules(check(full), "requests.balance")
    assert [f.key for f in found] == ["requests.balance|natural_person", "requests.balance|total"]
    nat = found[0]
    assert nat.severity == ERROR
    assert set(nat.cells) == {("requests", r, "natural_person")
                              for r in ("new", "carried_over", "results_total", "carry_forward")}
    new = full.get(("requests", "new", "natural_person"))
    co = full.get(("requests", "carried_over", "natural_person"))
    rt = full.get(("requests", "results_total", "natural_person"))
    cf = full.get(("requests", "carry_forward", "natural_person"))
    assert nat.message == (f"自然人：第一项+第二项＝{new}+{co}＝{new + co}，"
                           f"第三项（七）总计+第四项＝{rt}+{cf}＝{rt + cf}，相差1")


def test_requests_results_sum(full):
    assert not rules(check(full), "requests.results_sum")
    full.set(("requests", "disclosed", "research"), (full.get(("requests", "disclosed", "research")) or 0) + 2)
    found = rules(check(full), "requests.results_sum")
    assert [f.key for f in found] == ["requests.results_sum|research"]
    assert ("requests", "disclosed", "research") in found[0].cells
    assert ("requests", "results_total", "research") in found[0].cells
    assert "相差2" in found[0].message and "（一）至（六）各项之和" in found[0].message


def test_requests_row_sum(full):
    row = "withheld_query" if full.edition_id == "2021" else "other_handling"
    full.set(("requests", row, "total"), (full.get(("requests", row, "total")) or 0) + 5)
    found = rules(check(full), "requests.row_sum")
    assert [f.key for f in found] == [f"requests.row_sum|{row}"]
    assert len(found[0].cells) == 7 and "相差5" in found[0].message


def test_requests_2021_other_rows_count_in_results_sum():
    report = sample_report(2024, seed=3)
    report.set(("requests", "other_no_fee", "legal_services"), 4)
    found = {f.key for f in check(report)}
    assert "requests.results_sum|legal_services" in found


# ----------------------------------------------------------------------------- table 四


def test_appeals_group_sum(full):
    full.set(("appeals", "cases", "direct_suit_pending"), full.get(("appeals", "cases", "direct_suit_pending")) + 3)
    found = rules(check(full), "appeals.group_sum")
    assert [f.key for f in found] == ["appeals.group_sum|direct_suit"]
    assert found[0].message.startswith("行政诉讼（未经复议直接起诉）：总计＝")
    assert ("appeals", "cases", "direct_suit_total") in found[0].cells


# ----------------------------------------------------------------------------- cell values


@pytest.mark.parametrize(("ref_2021", "ref_2019", "value", "words"), [
    (("requests", "new", "research"), ("requests", "new", "research"), -1, "不小于0"),
    (("requests", "new", "research"), ("requests", "new", "research"), Decimal("2.5"), "整数"),
    (("art20_8", "fees", "amount"), ("art20_9", "procurement", "amount"), Decimal("1.0000001"), "6位小数"),
    (("art20_8", "fees", "amount"), ("art20_9", "procurement", "amount"), Decimal("-3"), "负数"),
])
def test_cell_value_refuses_out_of_range(full, ref_2021, ref_2019, value, words):
    ref = ref_2021 if full.edition_id == "2021" else ref_2019
    full.set(ref, value)
    found = rules(check(full), "cell.value")
    assert [f.cells for f in found] == [(ref,)]
    assert words in found[0].message and found[0].severity == ERROR


def test_cell_value_accepts_signed_change_and_six_decimals():
    report = sample_report(2020, seed=2)
    report.set(("art20_5", "licensing", "previous"), 10)
    report.set(("art20_5", "licensing", "change"), -4)
    report.set(("art20_9", "procurement", "amount"), Decimal("24252.311082"))
    assert not rules(check(report), "cell.value")
    report.set(("art20_5", "licensing", "change"), Decimal("-1.5"))
    assert rules(check(report), "cell.value")


# ----------------------------------------------------------------------------- 2019 第二十条 rules


def test_art20_stock_2019():
    report = sample_report(2020, seed=5)
    report.set(("art20_6", "penalty", "previous"), 57)
    report.set(("art20_6", "penalty", "change"), -57)
    assert not rules(check(report), "art20.stock")
    report.set(("art20_6", "penalty", "change"), -60)
    found = rules(check(report), "art20.stock")
    assert [f.key for f in found] == ["art20.stock|art20_6.penalty"]
    assert "57+(-60)＝-3" in found[0].message and "不应小于0" in found[0].message


def test_art20_published_le_total_2019():
    report = sample_report(2020, seed=5)
    report.set(("art20_1", "regulations", "published"), 9)
    report.set(("art20_1", "regulations", "public_total"), 9)
    assert not rules(check(report), "art20.published_le_total")
    report.set(("art20_1", "regulations", "public_total"), 4)
    found = rules(check(report), "art20.published_le_total")
    assert found and found[0].severity == WARNING
    assert found[0].message == "第二十条第（一）项 规章：本年新公开数量＝9，大于对外公开总数量＝4"


# ----------------------------------------------------------------------------- edition, deadline


@pytest.mark.parametrize(("year", "edition_id", "ok"), [(2020, "2019", True), (2021, "2019", False),
                                                        (2021, "2021", True), (2020, "2021", False)])
def test_edition_year(year, edition_id, ok):
    report = Report(edition_id)
    report.meta.year = year
    assert bool(rules(check(report), "edition.year")) is not ok


@pytest.mark.parametrize(("kind", "published", "late"), [
    ("department", date(2025, 1, 31), False), ("department", date(2025, 2, 1), True),
    ("government", date(2025, 3, 31), False), ("government", date(2025, 4, 1), True),
])
def test_meta_deadline(kind, published, late):
    report = sample_report(2024, seed=1)
    report.meta.kind, report.meta.published = kind, published
    found = rules(check(report), "meta.deadline")
    assert bool(found) is late
    if late:
        assert found[0].severity == WARNING and "第四十九条" in found[0].message


# ----------------------------------------------------------------------------- cross-year


def test_cross_year_carried_over():
    last = sample_report(2023, seed=1)
    report = sample_report(2024, seed=2)
    for col in ("natural_person", "commercial", "research", "nonprofit", "legal_services", "other_org", "total"):
        report.set(("requests", "carried_over", col), last.get(("requests", "carry_forward", col)))
    assert not rules(check(report, last), "cross_year.carried_over")
    assert not rules(check(report), "cross_year.carried_over")  # no last year: nothing to compare
    report.set(("requests", "carried_over", "commercial"), last.get(("requests", "carry_forward", "commercial")) + 1)
    found = rules(check(report, last), "cross_year.carried_over")
    assert [f.key for f in found] == ["cross_year.carried_over|commercial"]
    assert found[0].cells == (("requests", "carried_over", "commercial"),)
    # The report's own last_year is used when none is given.
    report.last_year = last
    assert rules(check(report), "cross_year.carried_over")


def test_cross_year_in_force_2021():
    last = sample_report(2023, seed=1)
    report = sample_report(2024, seed=2)
    for row in ("regulations", "normative_documents"):
        expected = (last.get(("art20_1", row, "in_force")) + report.get(("art20_1", row, "issued"))
                    - report.get(("art20_1", row, "repealed")))
        report.set(("art20_1", row, "in_force"), expected)
    assert not rules(check(report, last), "cross_year.in_force")
    report.set(("art20_1", "regulations", "in_force"), report.get(("art20_1", "regulations", "in_force")) + 2)
    found = rules(check(report, last), "cross_year.in_force")
    assert [f.key for f in found] == ["cross_year.in_force|regulations"]
    assert "相差2" in found[0].message


def test_cross_year_previous_2019():
    last = sample_report(2019, seed=1)
    report = sample_report(2020, seed=2)
    for table, rows in (("art20_5", ("licensing", "other_services")), ("art20_6", ("penalty", "enforcement")),
                        ("art20_8", ("fees",))):
        for row in rows:
            report.set((table, row, "previous"), last.get((table, row, "previous")) + last.get((table, row, "change")))
            report.set((table, row, "change"), 0)
    assert not rules(check(report, last), "cross_year.previous")
    report.set(("art20_8", "fees", "previous"), report.get(("art20_8", "fees", "previous")) + 1)
    found = rules(check(report, last), "cross_year.previous")
    assert [f.key for f in found] == ["cross_year.previous|art20_8.fees"]


def test_cross_year_across_editions_compares_only_shared_cells():
    last = sample_report(2020, seed=1)  # 2019 edition: no in_force
    report = sample_report(2021, seed=2)
    found = check(report, last)
    assert not rules(found, "cross_year.in_force")
    assert {f.key for f in rules(found, "cross_year.carried_over")} <= {
        f"cross_year.carried_over|{c.id}" for c in report.edition.table("requests").columns}


# ----------------------------------------------------------------------------- text rules


def test_text_numbers_new_applications():
    report = sample_report(2024, seed=4)
    new = report.get(("requests", "new", "total"))
    assert not rules(check(report), "text.numbers")  # the sample prose quotes the table
    report.texts["overview"] = f"（二）依申请公开。全年共收到政府信息公开申请{new + 2}件，均已答复。"
    found = rules(check(report), "text.numbers")
    assert len(found) == 1
    f = found[0]
    assert f.cells == (("requests", "new", "total"),)
    assert f"文中写{new + 2}件" in f.message and f"＝{new}" in f.message
    text = report.texts["overview"]
    assert text[f.text.start:f.text.end] == f"收到政府信息公开申请{new + 2}件"


def test_text_numbers_includes_carried_over_when_the_clause_says_so():
    report = Report.blank(2024, "某局")
    report.set(("requests", "new", "total"), 42)
    report.set(("requests", "carried_over", "total"), 3)
    report.texts["overview"] = "全年共收到政府信息公开申请45件（含上年结转3件）。"
    assert not rules(check(report), "text.numbers")
    # Here 上年结转 belongs to the next clause (淮安 2024 writes it so): 45 is then 新收 alone, and wrong.
    report.texts["overview"] = "全年共收到政府信息公开申请45件，答复42件（含上年结转3件）。"
    assert rules(check(report), "text.numbers")


def test_text_numbers_appeals_and_suits():
    report = sample_report(2024, seed=4)
    review = report.get(("appeals", "cases", "review_total"))
    suits = report.get(("appeals", "cases", "direct_suit_total")) + report.get(
        ("appeals", "cases", "suit_after_review_total"))
    report.texts["overview"] = f"发生政府信息公开行政复议{review}件，政府信息公开行政诉讼{suits}件。"
    assert not rules(check(report), "text.numbers")
    report.texts["overview"] = f"发生政府信息公开行政复议{review + 1}件，政府信息公开行政诉讼{suits + 1}件。"
    assert {f.cells[0][2] for f in rules(check(report), "text.numbers")} == {"review_total", "direct_suit_total"}


def test_text_numbers_ignores_prose_across_line_breaks_and_blank_tables():
    report = Report.blank(2024, "某局")
    report.texts["overview"] = "受理政府\n信息公开申请 17 件"
    assert not rules(check(report), "text.numbers")  # table not filled yet
    report.set(("requests", "new", "total"), 95)
    found = rules(check(report), "text.numbers")
    assert found and report.texts["overview"][found[0].text.start:found[0].text.end] == "受理政府\n信息公开申请 17 件"


def test_text_year():
    report = sample_report(2024, seed=4)
    report.texts["overview"] = ("（二）依申请公开情况。2023年本单位未收到政府信息公开申请。\n"
                                "2025年，我们将继续加强公开。2023年底结转的申请已全部办结。")
    found = rules(check(report), "text.year")
    assert len(found) == 1
    assert report.texts["overview"][found[0].text.start:found[0].text.end] == "2023年"
    assert found[0].text.start == report.texts["overview"].index("2023年")
    report.texts["overview"] = "（二）依申请公开情况。2024年本单位未收到政府信息公开申请。与2023年相比有所下降。"
    assert not rules(check(report), "text.year")


def test_text_required():
    report = sample_report(2024, seed=4)
    assert not rules(check(report), "text.required")
    report.texts["problems"] = "  \n"
    report.texts["other"] = "无其他需要报告的事项。"
    found = rules(check(report), "text.required")
    assert [f.key for f in found] == ["text.required|problems", "text.required|other"]
    assert "信息处理费" in found[1].message
    # The 2019 edition has no 信息处理费 requirement.
    old = sample_report(2020, seed=4)
    old.texts["other"] = "无其他需要报告的事项。"
    assert not rules(check(old), "text.required")


def test_text_copied():
    last = sample_report(2023, seed=1)
    last.texts["overview"] = ("2023年，我局认真贯彻落实政府信息公开条例。全年主动公开政府信息120条。"
                              "严格落实保密审查制度。持续优化政府网站信息公开专栏。加强政务公开培训。")
    report = sample_report(2024, seed=2)
    report.texts["problems"] = "今年发现的问题：专栏更新不够及时。已建立每周巡查机制。"
    report.texts["overview"] = last.texts["overview"].replace("2023年", "2024年")
    found = rules(check(report, last), "text.copied")
    assert [f.key for f in found] == ["text.copied|overview"]
    assert "5/5" in found[0].message
    report.texts["overview"] = ("2024年，我局围绕优化营商环境推进公开。全年主动公开政府信息168条，同比增长四成。"
                                "新设惠企政策专栏。严格落实保密审查制度。开展两次业务培训。")
    assert not rules(check(report, last), "text.copied")


def _numbered(template: str, numbers) -> list[str]:
    return [template.format(n=n) for n in numbers]


@pytest.mark.parametrize(("copied", "warned"), [(79, False), (80, True), (81, True)])
def test_text_copied_warns_from_eight_in_ten_sentences(copied, warned):
    """The threshold is 80 % of the sentences (of 8 characters or more), counted from the texts."""
    from editor.checks.text_rules import _MIN_SENTENCE, _sentences, _squeeze

    old = _numbered("2023年本机关第{n}项公开事项已按规定办理完毕", range(100))
    new = _numbered("本年新开展第{n}项专项公开工作并建立台账", range(100))
    last = sample_report(2023, seed=1)
    last.texts["overview"] = "。".join(old) + "。"
    report = sample_report(2024, seed=2)
    this_year = [s.replace("2023年", "2024年") for s in old[:copied]] + new[copied:]
    report.texts["overview"] = "。".join(this_year) + "。"
    text, _ = _squeeze(report.texts["overview"])
    counted = [(a, b) for a, b in _sentences(text) if b - a >= _MIN_SENTENCE]
    assert len(counted) == 100  # the share is copied/100 exactly
    found = [f for f in rules(check(report, last), "text.copied") if f.key == "text.copied|overview"]
    assert bool(found) is warned
    if warned:
        assert f"{copied}/100句（{copied}%）" in found[0].message


# ----------------------------------------------------------------------------- blanks, acknowledgement


def test_cell_blank_one_finding_per_table(full):
    assert not rules(check(full), "cell.blank")
    full.set(("requests", "new", "research"), None)
    full.set(("requests", "disclosed", "research"), None)
    full.set(("appeals", "cases", "review_other"), None)
    found = rules(check(full), "cell.blank")
    assert [f.key for f in found] == ["cell.blank|requests", "cell.blank|appeals"]
    assert set(found[0].cells) == {("requests", "new", "research"), ("requests", "disclosed", "research")}


def test_blank_counts_as_zero_but_zero_is_not_blank():
    report = sample_report(2024, seed=1)
    col = "research"
    for row in ("new", "carried_over", "results_total", "carry_forward"):
        report.set(("requests", row, col), 0)
    for row in report.edition.table("requests").rows:
        report.set(("requests", row.id, col), 0)
    assert not rules(check(report), "cell.blank")
    for row in report.edition.table("requests").rows:
        report.set(("requests", row.id, col), None)
    found = check(report)
    assert rules(found, "cell.blank") and not rules(found, "requests.balance")


def test_acknowledged_warning_but_never_error(full):
    full.set(("requests", "new", "research"), None)
    full.set(("appeals", "cases", "review_total"), 999)
    keys = {f.key: f for f in check(full)}
    full.acknowledged = {"cell.blank|requests": "已核对", "appeals.group_sum|review": "试图确认错误"}
    after = {f.key: f for f in check(full)}
    assert after["cell.blank|requests"].acknowledged and not keys["cell.blank|requests"].acknowledged
    assert not after["appeals.group_sum|review"].acknowledged


def test_errors_come_first(full):
    full.set(("requests", "new", "research"), None)
    full.set(("appeals", "cases", "review_total"), 999)
    severities = [f.severity for f in check(full)]
    assert severities == sorted(severities, key=lambda s: s != ERROR)


# ----------------------------------------------------------------------------- the seed reports


def test_qiaocheng_2020_seed_gives_text_year():
    report = read_native(FIXTURES / "qiaocheng-2020.gknb")
    text_findings = [f for f in check(report) if f.rule.startswith("text.")]
    # The real report also writes "2020年,我局" and "(一)": half-width, as evaluators mark it.
    assert [f.key for f in text_findings if f.rule == "text.punctuation"] == \
        ["text.punctuation|overview", "text.punctuation|problems"]
    text_findings = [f for f in text_findings if f.rule != "text.punctuation"]
    assert [f.rule for f in text_findings] == ["text.year"]
    f = text_findings[0]
    assert "2019年谯城区商务局未收到申请" in f.message
    assert report.texts["overview"][f.text.start:f.text.end] == "2019年"


def test_zhoucun_2020_seed_gives_one_blank_finding_per_table():
    report = read_native(FIXTURES / "zhoucun-2020.gknb")
    found = rules(check(report), "cell.blank")
    assert [f.key for f in found] == ["cell.blank|requests", "cell.blank|appeals"]
    assert len(found[0].cells) == 23 * 6 and len(found[1].cells) == 12


# ----------------------------------------------------------------------------- real 2021 reports (../shared)


def test_real_huaian_2024_prose_gives_no_text_warning():
    from tests.realdata import real_report

    report = real_report("huaian-2024")
    assert report.texts["overview"] and report.texts["other"]
    found = check(report)
    assert not [f for f in found if f.rule.startswith("text.")]
    assert not [f for f in found if f.severity == ERROR]


def test_real_hongze_2024_text_says_17_table_says_95():
    from tests.realdata import real_report

    report = real_report("hongze-2024")
    found = [f for f in check(report) if f.rule.startswith("text.")]
    assert [f.rule for f in found] == ["text.numbers"]
    assert "＝95" in found[0].message and "17件" in found[0].message


def test_real_hongze_2023_appeals_totals_are_wrong():
    from tests.realdata import real_report

    found = rules(check(real_report("hongze-2023")), "appeals.group_sum")
    assert [f.key for f in found] == ["appeals.group_sum|review", "appeals.group_sum|suit_after_review"]
