"""json → xlsx → json is the identity (blank cells kept blank), for full reports of both editions."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from editor.cli import main
from editor.io.formats import read_any, write_any
from editor.io.native import read_native, report_to_dict, write_native
from editor.io.xlsx.export import write_xlsx
from editor.io.xlsx.importer import read_xlsx
from editor.samples import sample_report

LONG_OVERVIEW = "\n".join(
    [f"（{n}）第{n}段。" + "我单位认真贯彻落实《中华人民共和国政府信息公开条例》，持续推进政务公开工作。" * 12
     for n in range(1, 9)]
    + ["", "=SUM(A1:A3) 不是公式，而是一段以等号开头的文字", "12345", "  前后有空格的段落  ", "最后一段。"]
)


def _full_report(year: int, seed: int):
    """A sample report with every case the file must keep: negatives, decimals, blanks, long prose."""
    report = sample_report(year, seed=seed, agency="某某市某某区人民政府")
    ed = report.edition
    report.meta.kind = "government"
    report.meta.published = date(year + 1, 3, 20)
    report.meta.title = f"某某市某某区人民政府{year}年政府信息公开工作年度报告"
    report.texts["overview"] = LONG_OVERVIEW
    report.texts["problems"] = "一是……\n\n二是……\n"  # an empty paragraph and a trailing newline
    money = [ref for ref, kind in ed.cell_kinds.items() if kind == "money"]
    assert money
    report.set(money[0], Decimal("24252.311082"))
    if len(money) > 1:
        report.set(money[1], Decimal("96171.6"))
    for ref, kind in ed.cell_kinds.items():
        if kind == "signed":
            report.set(ref, -3)
    # blank cells (absent) next to explicit zeros
    report.set(("requests", "withheld_query", "research"), None)
    report.set(("requests", "rejected_repeat", "other_org"), 0)
    report.set(("appeals", "cases", "direct_suit_pending"), None)
    report.acknowledged = {"text.numbers|overview|收到政府信息公开申请3件": "含上年结转，已核对"}
    last = sample_report(year - 1, seed=seed + 7)
    report.last_year = last
    return report


@pytest.mark.parametrize("year", [2020, 2024])
def test_identity_with_blanks_kept(tmp_path: Path, year: int) -> None:
    report = _full_report(year, seed=year)
    path = tmp_path / "report.xlsx"
    write_xlsx(report, path, blank_as_zero=False)
    result = read_xlsx(path)
    assert result.log == []
    assert report_to_dict(result.report) == report_to_dict(report)
    back = result.report
    assert back.edition_id == report.edition_id == ("2019" if year == 2020 else "2021")
    assert ("requests", "withheld_query", "research") not in back.values
    assert back.values[("requests", "rejected_repeat", "other_org")] == 0
    assert back.texts["overview"].split("\n") == LONG_OVERVIEW.split("\n")
    assert back.meta.published == date(year + 1, 3, 20)
    assert back.meta.kind == "government"
    assert back.last_year is not None and report_to_dict(back.last_year) == report_to_dict(report.last_year)


@pytest.mark.parametrize("year", [2020, 2024])
def test_blank_as_zero_prints_zero_and_still_reads_back_blank(tmp_path: Path, year: int) -> None:
    import openpyxl

    report = _full_report(year, seed=year + 1)
    blank = [ref for ref in report.edition.cells() if ref not in report.values]
    assert len(blank) == 2
    path = tmp_path / "report.xlsx"
    write_xlsx(report, path)  # default: blanks print 0
    wb = openpyxl.load_workbook(path)
    for ref in blank:
        sheet, coord = next(iter(wb.defined_names["gknb.cell." + ".".join(ref)].destinations))
        assert wb[sheet][coord.replace("$", "")].value == 0  # printed as 0 …
    result = read_xlsx(path)
    assert report_to_dict(result.report) == report_to_dict(report)  # … read back blank
    assert [e.kind for e in result.log] == ["note"] and "2个单元格" in result.log[0].message
    # someone fills one of them in Excel: that number is kept; the other is still blank
    sheet, coord = next(iter(wb.defined_names["gknb.cell." + ".".join(blank[0])].destinations))
    wb[sheet][coord.replace("$", "")] = 5
    wb.save(path)
    values = read_xlsx(path).report.values
    assert values[blank[0]] == 5 and blank[1] not in values


@pytest.mark.parametrize("amount", ["24252.311082", "96171.6", "0.000001", "12345678.123456", "7545", "0.1"])
def test_money_keeps_its_exact_decimal_as_a_number_cell(tmp_path: Path, amount: str) -> None:
    import openpyxl

    report = sample_report(2024, seed=3)
    report.set(("art20_8", "fees", "amount"), Decimal(amount))
    path = tmp_path / "m.xlsx"
    write_xlsx(report, path)
    back = read_xlsx(path).report.values[("art20_8", "fees", "amount")]
    assert back == Decimal(amount)
    # the native file writes money in its shortest form, the form it was given in here
    assert report_to_dict(read_xlsx(path).report)["values"]["art20_8"]["fees"]["amount"] == amount
    # A number, not text: Excel can sum it.
    wb = openpyxl.load_workbook(path)
    dest = next(iter(wb.defined_names["gknb.cell.art20_8.fees.amount"].destinations))
    cell = wb[dest[0]][dest[1].replace("$", "")]
    assert cell.data_type == "n" and isinstance(cell.value, float | int)
    # shown with as many decimals as it holds, up to 6, whatever it is changed to later (printed: see
    # test_money_prints_as_typed_after_an_edit_in_libreoffice)
    assert cell.number_format == "0.######"


def test_procurement_amount_prints_its_unit(tmp_path: Path) -> None:
    import openpyxl

    report = sample_report(2020, seed=3)
    report.set(("art20_9", "procurement", "amount"), Decimal("25.1"))
    path = tmp_path / "p.xlsx"
    write_xlsx(report, path)
    wb = openpyxl.load_workbook(path)
    sheet, coord = next(iter(wb.defined_names["gknb.cell.art20_9.procurement.amount"].destinations))
    assert wb[sheet][coord.replace("$", "")].number_format == '0.######"万元"'
    assert read_xlsx(path).report.values[("art20_9", "procurement", "amount")] == Decimal("25.1")


def test_native_file_and_convert_command_round_trip(tmp_path: Path, capsys) -> None:
    report = _full_report(2024, seed=11)
    src = tmp_path / "a.gknb"
    write_native(report, src)
    xlsx = tmp_path / "a.xlsx"
    assert main(["convert", str(src), str(xlsx)]) == 0
    out = tmp_path / "b.json"
    assert main(["convert", str(xlsx), str(out)]) == 0
    capsys.readouterr()
    expected = report_to_dict(read_native(src))
    # Opening a file drops paragraph indents typed by hand (the Word export indents every paragraph).
    overview = expected["texts"]["overview"]
    expected["texts"]["overview"] = overview.replace("\n  前后有空格的段落  ", "\n前后有空格的段落  ")
    assert report_to_dict(read_native(out)) == expected
    assert json.loads(out.read_text(encoding="utf-8"))["meta"]["title"] == report.meta.title


def test_registry_routes_xlsx_both_ways(tmp_path: Path) -> None:
    report = _full_report(2020, seed=5)
    path = tmp_path / "r.xlsx"
    write_any(report, path, blank_as_zero=False)
    assert report_to_dict(read_any(path).report) == report_to_dict(report)


def test_still_identical_after_libreoffice_saves_it(tmp_path: Path) -> None:
    """As when someone opens the export in an office suite and saves it: names, hidden sheet, values survive."""
    import shutil
    import subprocess

    import openpyxl

    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    report = _full_report(2024, seed=13)
    src = tmp_path / "r.xlsx"
    write_xlsx(report, src, blank_as_zero=False)
    out = tmp_path / "saved"
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--convert-to",
                    "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(src)],
                   check=True, capture_output=True, timeout=180)
    saved = out / "r.xlsx"
    assert saved.exists()
    result = read_xlsx(saved)
    assert result.log == []
    assert report_to_dict(result.report) == report_to_dict(report)
    wb = openpyxl.load_workbook(saved)
    ws = wb["表格"]
    rules = [rule for cf in ws.conditional_formatting for rule in cf.rules]
    entry = [r for r in rules if "ISNUMBER(" in r.formula[0]]  # bad entries; whole amounts' format
    assert len(rules) - len(entry) == sum(len(r.instances) for r in report.edition.rules if not r.cross_year)
    money = sum(1 for kind in report.edition.cell_kinds.values() if kind == "money")
    assert len(entry) == len(report.edition.cells()) + money
    assert ws.data_validations.dataValidation
    # LibreOffice has no "very hidden": it saves the sheet hidden (Excel and WPS keep veryHidden).
    assert wb["_gknb"].sheet_state in ("hidden", "veryHidden")
