"""Reading .xlsx defensively: corrupt, foreign, oversized and zip-bomb files, and sheets edited in Excel."""

from __future__ import annotations

import sys
import types
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from editor.io.formats import ImportResult
from editor.io.load import load
from editor.io.native import ReportFileError, report_to_dict
from editor.io.xlsx.export import TEXT_SHEET, write_xlsx
from editor.io.xlsx.importer import read_xlsx
from editor.io.zip_guard import MAX_FILE as MAX_FILE_BYTES
from editor.samples import sample_report


def _has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _refused(path: Path) -> str:
    with pytest.raises(ReportFileError) as info:
        read_xlsx(path)
    message = str(info.value)
    assert _has_chinese(message) and path.name in message
    return message


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "notes.xlsx"
    path.write_text("这不是Excel文件", encoding="utf-8")
    assert "不是 Excel 文件" in _refused(path)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    _refused(path)


def test_truncated_export(tmp_path: Path) -> None:
    good = tmp_path / "good.xlsx"
    write_xlsx(sample_report(2024), good)
    path = tmp_path / "cut.xlsx"
    path.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    _refused(path)


def test_word_file_renamed(tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
    assert "不是 Excel 文档" in _refused(path)


def test_garbage_workbook_xml(tmp_path: Path) -> None:
    good = tmp_path / "good.xlsx"
    write_xlsx(sample_report(2024), good)
    path = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            data = b"<workbook><<<" if info.filename == "xl/workbook.xml" else src.read(info)
            dst.writestr(info, data)
    assert "已损坏" in _refused(path)


def test_too_large(tmp_path: Path) -> None:
    path = tmp_path / "huge.xlsx"
    with path.open("wb") as fh:
        fh.truncate(MAX_FILE_BYTES + 1)  # sparse: costs no disk
    assert "太大" in _refused(path)


def test_zip_bomb(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"\0" * (30 * 1024 * 1024))
    assert path.stat().st_size < 1024 * 1024
    assert "压缩炸弹" in _refused(path)


def test_encrypted_or_old_xls(tmp_path: Path) -> None:
    path = tmp_path / "locked.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096)
    assert "加密" in _refused(path)


def test_cli_load_gives_the_message_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"PK\x03\x04garbage")
    with pytest.raises(ReportFileError):
        load(str(path))


def _foreign_workbook(path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active["A1"] = "三、收到和处理政府信息公开申请情况"
    wb.save(path)


def test_foreign_workbook_goes_to_the_foreign_reader(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "other.xlsx"
    _foreign_workbook(path)
    seen = []
    module = types.ModuleType("editor.io.xlsx.foreign")

    def read_foreign_xlsx(p: Path, wb=None) -> ImportResult:
        seen.append(p)
        return ImportResult(sample_report(2023, agency="外来单位"))

    module.read_foreign_xlsx = read_foreign_xlsx  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "editor.io.xlsx.foreign", module)
    result = read_xlsx(path)
    assert seen == [path]
    assert result.report.meta.agency == "外来单位"
    # our own files never go there
    own = tmp_path / "own.xlsx"
    write_xlsx(sample_report(2024), own)
    read_xlsx(own)
    assert seen == [path]


# ----------------------------------------------------------------------------- edited in Excel/WPS


def _edit(path: Path, changes: dict[tuple[str, str, str], object]) -> None:
    wb = openpyxl.load_workbook(path)
    for ref, value in changes.items():
        sheet, coord = next(iter(wb.defined_names["gknb.cell." + ".".join(ref)].destinations))
        wb[sheet][coord.replace("$", "")] = value
    wb.save(path)


def test_cells_typed_as_text_or_formula_or_nonsense_are_logged(tmp_path: Path) -> None:
    report = sample_report(2024, seed=6)
    path = tmp_path / "edited.xlsx"
    write_xlsx(report, path)
    typed = ("requests", "new", "natural_person")
    formula = ("requests", "new", "commercial")
    nonsense = ("requests", "new", "research")
    noisy = ("art20_8", "fees", "amount")
    _edit(path, {typed: " 12 ", formula: "=3+4", nonsense: "无", noisy: 0.1 + 0.2})
    result = read_xlsx(path)
    values = result.report.values
    assert values[typed] == 12
    assert formula not in values and nonsense not in values  # never a guessed number
    assert values[noisy] == Decimal("0.3")  # openpyxl itself writes 16 digits; Excel writes 17: see below
    by_cell = {e.cell: e for e in result.log}
    assert by_cell[formula].kind == "missing" and "公式" in by_cell[formula].message
    assert by_cell[nonsense].kind == "unplaced" and "无" in by_cell[nonsense].message
    assert typed not in by_cell
    # every other cell as exported
    untouched = {ref: v for ref, v in report.values.items() if ref not in (typed, formula, nonsense, noisy)}
    assert {ref: values[ref] for ref in untouched} == untouched


@pytest.mark.parametrize(("value", "kind", "number", "problem"), [
    (0.1 + 0.2, "money", Decimal("0.3"), "rounded"),  # binary noise, as Excel stores a computed sum
    (24252.311082, "money", Decimal("24252.311082"), ""),
    (96171.6, "money", Decimal("96171.6"), ""),
    (96171.60000000001, "money", Decimal("96171.6"), ""),  # how openpyxl writes 96171.6: the same float
    (1e-06, "money", Decimal("0.000001"), ""),
    (12.0, "count", 12, ""),
    (-3.0, "signed", -3, ""),
    (2.5, "count", Decimal("2.5"), ""),  # loads; the checks report it
    ("1,234", "count", 1234, ""),
    ("1,234,567.5", "money", Decimal("1234567.5"), ""),
    ("12,5", "money", None, "“12,5”不是数字"),  # a decimal comma is not guessed at
    (" 7 ", "count", 7, ""),
    ("#VALUE!", "count", None, "单元格显示错误值“#VALUE!”"),
    (True, "count", None, "“True”不是数字"),
    (None, "count", None, ""),
])
def test_cell_values(value, kind, number, problem) -> None:
    from editor.io.xlsx.importer import _to_number

    got, why = _to_number(value, kind)
    assert (got, why) == (number, problem)
    assert type(got) is type(number)


def test_meta_edited_in_excel(tmp_path: Path) -> None:
    report = sample_report(2024, seed=6)
    path = tmp_path / "meta.xlsx"
    write_xlsx(report, path)
    wb = openpyxl.load_workbook(path)
    ws = wb[TEXT_SHEET]
    for name, value in (("agency", "某某区教育局"), ("kind", "人民政府（本级）"), ("published", "2025-01-15")):
        coord = next(iter(wb.defined_names[f"gknb.meta.{name}"].destinations))[1].replace("$", "")
        ws[coord] = value
    wb.save(path)
    meta = read_xlsx(path).report.meta
    assert (meta.agency, meta.kind, meta.published.isoformat()) == ("某某区教育局", "government", "2025-01-15")


@pytest.mark.parametrize(("text", "expected"), [
    ("2025-01-15", "2025-01-15"), ("2025/1/5", "2025-01-05"), ("2025.1.15", "2025-01-15"),
    ("2025年1月15日", "2025-01-15"), (" 2025 年 1 月 15 日 ", "2025-01-15"), ("2025-02-30", None),
    ("一月十五日", None), ("20250115", None),
])
def test_dates_as_people_type_them(text: str, expected: str | None) -> None:
    from editor.io.xlsx.importer import parse_date

    got = parse_date(text)
    assert (got.isoformat() if got else None) == expected


def test_year_typed_with_nian(tmp_path: Path) -> None:
    path = tmp_path / "year.xlsx"
    write_xlsx(sample_report(2024), path)
    wb = openpyxl.load_workbook(path)
    coord = next(iter(wb.defined_names["gknb.meta.year"].destinations))[1].replace("$", "")
    wb[TEXT_SHEET][coord] = "2023年"
    wb.save(path)
    assert read_xlsx(path).report.meta.year == 2023


def test_bad_year_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "year.xlsx"
    write_xlsx(sample_report(2024), path)
    wb = openpyxl.load_workbook(path)
    coord = next(iter(wb.defined_names["gknb.meta.year"].destinations))[1].replace("$", "")
    wb[TEXT_SHEET][coord] = "去年"
    wb.save(path)
    assert "年度" in _refused(path)


def test_control_characters_do_not_break_the_export(tmp_path: Path) -> None:
    report = sample_report(2024)
    report.texts["other"] = "本年度未收取信息处理费。\x0b\x07"
    path = tmp_path / "ctrl.xlsx"
    write_xlsx(report, path, blank_as_zero=False)
    assert read_xlsx(path).report.texts["other"] == "本年度未收取信息处理费。"


def test_export_is_atomic_and_keeps_the_old_file_on_failure(tmp_path: Path) -> None:
    report = sample_report(2024)
    path = tmp_path / "r.xlsx"
    write_xlsx(report, path)
    before = path.read_bytes()
    report.texts["other"] = "长" * 40000  # one paragraph longer than an Excel cell holds
    with pytest.raises(ReportFileError) as info:
        write_xlsx(report, path)
    assert "32767" in str(info.value)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["r.xlsx"]


@pytest.mark.parametrize("formulas", [False, True])
def test_each_sheet_is_parsed_once(tmp_path: Path, monkeypatch, formulas: bool) -> None:
    """Values, formulas and the values Excel computed for them come from one parse of each sheet."""
    from editor.io.xlsx import package

    path = tmp_path / "r.xlsx"
    write_xlsx(sample_report(2024), path, blank_as_zero=False)
    if formulas:
        _edit(path, {("requests", "new", "commercial"): "=3+4"})
    parsed = []
    real = package.Book._read_sheet
    monkeypatch.setattr(package.Book, "_read_sheet", lambda self, part, sheet: parsed.append(part) or
                        real(self, part, sheet))
    report = read_xlsx(path).report
    assert parsed and len(parsed) == len(set(parsed))
    if not formulas:
        assert report_to_dict(report) == report_to_dict(sample_report(2024))


def test_forged_sheet_dimension_does_not_blow_up(tmp_path: Path) -> None:
    import re
    import time

    good = tmp_path / "good.xlsx"
    report = sample_report(2024, seed=2)
    write_xlsx(report, good)
    path = tmp_path / "forged.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.startswith("xl/worksheets/"):
                data = re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:XFD1048576"', data)
            dst.writestr(info, data)
    start = time.perf_counter()
    result = read_xlsx(path)
    assert time.perf_counter() - start < 10
    assert result.report.values == report.values


def _drop_names(path: Path) -> openpyxl.Workbook:
    wb = openpyxl.load_workbook(path)
    for name in [n for n in wb.defined_names if n.startswith("gknb.")]:
        del wb.defined_names[name]
    return wb


@pytest.mark.parametrize("year", [2020, 2024])
def test_lost_names_are_found_by_position(tmp_path: Path, year: int) -> None:
    report = sample_report(year, seed=21)
    report.set(("requests", "withheld_query", "research"), None)
    report.texts["problems"] = "一是……\n\n二是……"
    path = tmp_path / "r.xlsx"
    write_xlsx(report, path, blank_as_zero=False)
    _drop_names(path).save(path)
    result = read_xlsx(path)
    assert report_to_dict(result.report) == report_to_dict(report)
    assert [e.kind for e in result.log] == ["note"] and "名称已丢失" in result.log[0].message


def test_lost_names_and_a_changed_layout_read_nothing_from_the_tables(tmp_path: Path) -> None:
    report = sample_report(2024, seed=22)
    path = tmp_path / "r.xlsx"
    write_xlsx(report, path)
    wb = _drop_names(path)
    ws = wb["表格"]
    cell = next(c for row in ws.iter_rows() for c in row if c.value == "自然人")
    cell.value = "个人"  # the grid no longer matches the edition: no position can be trusted
    wb.save(path)
    result = read_xlsx(path)
    assert result.report.values == {}
    missing = [e for e in result.log if e.kind == "missing"]
    assert len(missing) == len(report.edition.cells())
    assert result.report.meta.agency == report.meta.agency  # the other sheet still checks out
    assert result.report.texts == report.texts
