"""The roster (名单): who sent a report, who did not, which files come from units not on the list; short
forms matched to full names and shown for confirming; files told apart by their relative paths."""

from __future__ import annotations

import openpyxl
import pytest

from editor.cli import main
from editor.io.native import write_native
from editor.samples import sample_report
from editor.summary import MISSING, OUTSIDE, SUBMITTED, summarize
from editor.summary_roster import EXACT, SHORT_FORM, match_roster, read_roster

# Full names as the reports write them, and how the roster writes them.
UNITS = [("某某县发展和改革局", "县发改局"), ("某某县人力资源和社会保障局", "县人社局"),
         ("某某县卫生健康委员会", "县卫健委"), ("城关镇人民政府", "城关镇"), ("某某县财政局", "某某县财政局"),
         ("某某县教育局", "某某县教育局")]
MISSING_UNITS = ["县民政局", "县司法局", "县审计局"]


def _district(tmp_path):
    folder = tmp_path / "各单位"
    (folder / "部门").mkdir(parents=True)
    for i, (agency, _) in enumerate(UNITS):
        write_native(sample_report(2024, seed=i, agency=agency), folder / "部门" / f"{i}.gknb")
    write_native(sample_report(2024, seed=99, agency="某某县气象局"), folder / "气象局.gknb")  # not listed
    roster = tmp_path / "名单.txt"
    roster.write_text("\n".join([short for _, short in UNITS] + MISSING_UNITS) + "\n", encoding="utf-8")
    return folder, roster


def _sheet_rows(path, name):
    ws = openpyxl.load_workbook(path)[name]
    header = [c.value for c in ws[1]]
    return header, [dict(zip(header, [c.value for c in row], strict=False)) for row in ws.iter_rows(min_row=2)
                    if row[0].value is not None]


def test_three_missing_and_one_extra_are_exactly_those_in_the_sheet(tmp_path, capsys):
    folder, roster = _district(tmp_path)
    out = tmp_path / "汇总.xlsx"
    assert main(["summarize", str(folder), "-o", str(out), "--roster", str(roster), "--jobs", "1"]) == 0
    printed = capsys.readouterr().out
    assert "未报送 3 个" in printed and "名单外文件 1 个" in printed
    _, rows = _sheet_rows(out, "报送情况")
    by_state: dict[str, list[dict]] = {}
    for row in rows:
        by_state.setdefault(row["报送情况"], []).append(row)
    assert sorted(r["名单中的单位"] for r in by_state[MISSING]) == sorted(MISSING_UNITS)
    assert [(r["报告中的单位名称"], r["文件"]) for r in by_state[OUTSIDE]] == [("某某县气象局", "气象局.gknb")]
    submitted = {r["名单中的单位"]: r for r in by_state[SUBMITTED]}
    assert set(submitted) == {short for _, short in UNITS}
    assert submitted["县发改局"]["报告中的单位名称"] == "某某县发展和改革局"
    assert submitted["县发改局"]["匹配方式"] == SHORT_FORM  # for the user to confirm
    assert submitted["某某县财政局"]["匹配方式"] == EXACT
    assert submitted["城关镇"]["匹配方式"] == EXACT  # 人民政府 is how every town's report ends
    assert submitted["县人社局"]["文件"] == "部门/1.gknb"


def test_the_notice_lists_submitted_missing_and_outside(tmp_path):
    import docx

    from editor.io.docx.summary_notice import write_summary_docx

    folder, roster = _district(tmp_path)
    summary = summarize([folder], roster=read_roster(roster), roster_name="名单.txt", jobs=1)
    write_summary_docx(summary, tmp_path / "通报.docx")
    text = "\n".join(p.text for p in docx.Document(str(tmp_path / "通报.docx")).paragraphs)
    assert "报送情况" in text and "已报送6个" in text
    missing = next(line for line in text.splitlines() if "未报送：" in line)
    assert all(u in missing for u in MISSING_UNITS) and "共3个" in missing
    outside = next(line for line in text.splitlines() if "名单外" in line)
    assert "某某县气象局（气象局.gknb）" in outside
    assert "县发改局" in text and "请核实" in text  # the short forms are named for checking


def test_short_forms_and_ambiguity():
    roster = ["县发改局", "卫健委", "县交通局", "县人社局", "县教育局"]
    reports = [("某某县发展和改革局", ""), ("某某县卫生健康委员会", ""),
               ("", "县交通局2024年度政府信息公开工作年度报告"), ("某某县农业农村局", ""),
               ("某某县教育体育局", ""), ("某某县教育局", "")]
    matches, outside = match_roster(roster, reports)
    got = {m.unit: (m.reports, m.how) for m in matches}
    assert got["县发改局"][0] == [0] and got["卫健委"][0] == [1] and got["县交通局"][0] == [2]
    assert got["县人社局"] == ([], "")  # 农业农村局 is no abbreviation of it
    assert got["县教育局"] == ([5], SHORT_FORM)  # the closer of two full names wins
    assert 3 in outside and 4 in outside
    # Two reports that fit one short form equally well: neither is guessed.
    matches, outside = match_roster(["县农业局"], [("甲县农业农村局", ""), ("乙县农业农村局", "")])
    assert matches[0].reports == [] and outside == [0, 1]


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_roster_files_with_a_unit_name_column(tmp_path, kind):
    rows = [["序号", "单位名称", "联系人"], [1, "县发改局", "张三"], [2, "县人社局", "李四"], [3, "县发改局", "重复"]]
    path = tmp_path / f"名单.{kind}"
    if kind == "xlsx":
        wb = openpyxl.Workbook()
        for row in [["某某县应报送单位名单"], *rows]:
            wb.active.append(row)
        wb.save(path)
    else:
        path.write_bytes("\n".join(",".join(map(str, r)) for r in rows).encode("gb18030"))
    assert read_roster(path) == ["县发改局", "县人社局"]


def test_same_named_files_in_different_folders_are_told_apart(tmp_path):
    folder = tmp_path / "各单位"
    for sub, agency in (("乡镇/A", "甲镇人民政府"), ("乡镇/B", "乙镇人民政府")):
        (folder / sub).mkdir(parents=True)
        report = sample_report(2024, seed=len(agency) + ord(sub[-1]), agency=agency)
        report.set(("requests", "new", "total"), report.get(("requests", "new", "total")) + 1)  # an error each
        write_native(report, folder / sub / "年报.gknb")
    out, notice = tmp_path / "汇总.xlsx", tmp_path / "通报.docx"
    assert main(["summarize", str(folder), "-o", str(out), "--notice", str(notice), "--jobs", "1"]) == 1
    _, units = _sheet_rows(out, "单位一览")
    assert sorted(u["文件"] for u in units) == ["乡镇/A/年报.gknb", "乡镇/B/年报.gknb"]
    _, findings = _sheet_rows(out, "问题清单")
    assert {f["文件"] for f in findings} == {"乡镇/A/年报.gknb", "乡镇/B/年报.gknb"}
    import docx

    text = "\n".join(p.text for p in docx.Document(str(notice)).paragraphs)
    assert "乡镇/A/年报.gknb" in text and "乡镇/B/年报.gknb" in text


def test_output_is_not_replaced_without_force(tmp_path, capsys):
    folder, _ = _district(tmp_path)
    out = tmp_path / "汇总.xlsx"
    out.write_bytes(b"keep me")
    assert main(["summarize", str(folder), "-o", str(out), "--jobs", "1"]) == 2
    assert "已存在" in capsys.readouterr().err and out.read_bytes() == b"keep me"
    assert main(["summarize", str(folder), "-o", str(out), "--jobs", "1", "--force"]) == 0
    assert openpyxl.load_workbook(out).sheetnames[0] == "汇总"


def test_own_report_inside_the_folder_is_left_out_and_said_so(tmp_path, capsys):
    from tests.summary_helpers import make_district

    folder, own_path, units = make_district(tmp_path, ("requests", "new", "natural_person"), 0)
    inside = folder / "区政府.gknb"
    inside.write_bytes(own_path.read_bytes())
    copy = folder / "区政府副本.gknb"  # the same government's report once more under another name
    copy.write_bytes(own_path.read_bytes())
    out = tmp_path / "汇总.xlsx"
    assert main(["summarize", str(folder), "-o", str(out), "--own", str(inside), "--jobs", "1"]) == 0
    printed = capsys.readouterr().out
    assert "已从下级合计中排除" in printed
    summary = summarize([folder], own=inside, jobs=1)
    assert summary.own_in_folder and summary.mismatches == []
    assert sorted(u.agency for u in summary.accepted) == sorted(u.meta.agency for u in units)
    apart = next(u for u in summary.units if u.name == "区政府副本.gknb")
    assert "本级报告" in apart.reason
    from editor.io.docx.summary_notice import build_summary_docx

    text = "\n".join(p.text for p in build_summary_docx(summary).paragraphs)
    assert "本级报告（区政府.gknb）位于汇总文件夹中，已从下级合计中排除" in text
    _, rows = _sheet_rows(out, "单位一览")
    own_row = next(r for r in rows if r["文件"] == "区政府.gknb")
    assert own_row["状态"] == "本级报告" and "已从下级合计中排除" in own_row["说明"]
