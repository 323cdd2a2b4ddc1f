"""Other people's Word and Excel files are read straight from the zip with lxml (docx.parts, xlsx.package),
not through python-docx or openpyxl: the cells read must be what those libraries read, and a summary's
workers must not need them at all."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from editor.io.docx.foreign import docx_lines
from editor.io.xlsx.foreign import open_workbook
from editor.samples import sample_report
from tests.conftest import ROOT


def _word_table(path: Path) -> None:
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    d = docx.Document()
    d.add_paragraph("三、收到和处理政府信息公开申请情况")
    t = d.add_table(rows=3, cols=3)
    label, number, merged = t.rows[0].cells
    label.paragraphs[0].add_run("本年新收")
    label.paragraphs[0].add_run("申请数量")
    number.paragraphs[0].add_run("1")  # Word splits runs where the user edited: still one number
    number.paragraphs[0].add_run("23")
    merged.text = "上"
    merged.add_paragraph("下")  # two paragraphs in one cell: a space between
    t.cell(0, 2).merge(t.cell(1, 2))  # the continuation below reads blank
    t.rows[1].cells[0].text = "结转"
    t.rows[1].cells[1].text = "7"
    tr_pr = t.rows[2]._tr.get_or_add_trPr()
    tr_pr.append(parse_xml(f'<w:gridBefore {nsdecls("w")} w:val="1"/>'))
    t.rows[2].cells[0].text = "总计"
    d.save(str(path))


def test_word_cells_read_as_printed(tmp_path: Path) -> None:
    path = tmp_path / "t.docx"
    _word_table(path)
    rows = [line.cells for line in docx_lines(path) if line.table_row]
    assert rows[0] == ["本年新收申请数量", "123", "上 下"]
    assert rows[1] == ["结转", "7", ""]
    assert rows[2][0] == ""  # gridBefore: the row starts one column late
    assert rows[2][1] == "总计"


def _workbook(path: Path) -> None:
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "表 一"
    ws["A1"] = "三、收到和处理政府信息公开申请情况"
    ws.merge_cells("A1:D1")
    ws["A2"] = CellRichText("本年", TextBlock(InlineFont(b=True), "新收"))
    ws["B2"] = 12
    ws["C2"] = 3.25
    ws["D2"] = "=B2+1"
    ws["E2"] = True
    ws["F2"] = dt.date(2025, 1, 20)
    ws["F2"].number_format = "yyyy-mm-dd"
    ws["G2"] = dt.datetime(2025, 1, 20, 8, 30)
    ws["H2"] = "#N/A"
    ws["A4"] = "  空格  "
    ws["B5"].number_format = "0.00"  # a formatted blank cell: it stretches the extent, no value
    second = wb.create_sheet("_x")
    second.sheet_state = "veryHidden"
    second["A1"], second["B1"] = "format", "x"
    wb.defined_names["gknb.cell.x"] = openpyxl.workbook.defined_name.DefinedName(
        "gknb.cell.x", attr_text="'表 一'!$B$2")
    wb.save(str(path))


def _via_openpyxl(path: Path, data_only: bool) -> dict[str, dict]:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=data_only)
    out = {}
    for ws in wb.worksheets:
        ws.reset_dimensions()
        out[ws.title] = {(c.row, c.column): c.value for row in ws.iter_rows() for c in row
                         if getattr(c, "value", None) is not None}
    wb.close()
    return out


def _without_references(path: Path) -> None:
    """Rows and cells written without their r="…" (some generators do): they follow the one before; an
    empty row still counts."""
    import re
    import zipfile

    data = {}
    with zipfile.ZipFile(path) as z:
        for info in z.infolist():
            raw = z.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                raw = re.sub(rb'<row r="2"([^>]*)>', rb"<row\1>", raw)  # row 2 follows row 1
                raw = re.sub(rb'<c r="[C-E]2"', b"<c", raw)  # C2… follow B2
                raw = raw.replace(b"<sheetData>", b'<sheetData><row r="0"/>', 1) if b'<row r="1"' not in raw \
                    else raw.replace(b'<row r="1"', b'<row r="1" spans="1:8"', 1)
                raw = raw.replace(b"</sheetData>", b'<row/><row><c t="inlineStr"><is><t>after an empty row</t>'
                                  b"</is></c></row></sheetData>")
            data[info.filename] = raw
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, raw in data.items():
            z.writestr(name, raw)


@pytest.mark.parametrize("variant", ["openpyxl", "libreoffice", "no references"])
def test_workbook_cells_are_what_openpyxl_reads(tmp_path: Path, variant: str) -> None:
    path = tmp_path / "w.xlsx"
    _workbook(path)
    if variant == "no references":
        _without_references(path)
    resave = variant == "libreoffice"
    if resave:  # another producer's XML (shared strings, cached formula values, its own styles)
        import shutil
        import tempfile

        profile = tempfile.mkdtemp(prefix="lo_direct_")
        try:
            subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
                            "xlsx:Calc MS Excel 2007 XML", "--outdir", str(tmp_path / "lo"), str(path)],
                           capture_output=True, timeout=180, check=False)
        except (OSError, subprocess.TimeoutExpired):
            pytest.skip("LibreOffice 不可用")
        finally:
            shutil.rmtree(profile, ignore_errors=True)
        path = tmp_path / "lo" / "w.xlsx"
        if not path.exists():
            pytest.skip("LibreOffice 未能另存")
    book = open_workbook(path)
    computed, formulas = _via_openpyxl(path, True), _via_openpyxl(path, False)
    assert book.sheetnames == list(computed)
    for title in book.sheetnames:
        sheet = book.sheet(title)
        assert sheet.values == computed[title]
        assert sheet.values | sheet.formulas == formulas[title]
    assert book.defined_names["gknb.cell.x"] == "'表 一'!$B$2"
    assert book.sheet("表 一").values[(2, 6)] == dt.datetime(2025, 1, 20)  # a date, not its serial number


_CHILD = """
import sys
from editor.summary import _examine
for p in sys.argv[1:]:
    unit = _examine(__import__("pathlib").Path(p))
    assert unit.readable, (p, unit.reason)
print("LOADED", " ".join(sorted(m for m in sys.modules if m.split(".")[0] in ("docx", "openpyxl"))))
"""


def test_reading_other_peoples_files_needs_neither_python_docx_nor_openpyxl(tmp_path: Path) -> None:
    """What a summary's worker imports: other people's Word and Excel files, and our .gknb, are read
    without python-docx or openpyxl (each costs a worker about 50 ms to import, and parsed the files
    several times over)."""
    from editor.io.docx.export import write_docx
    from editor.io.native import write_native
    from tests.import_quirks import quirky_docx, quirky_xlsx

    report = sample_report(2024, seed=3)
    files = [tmp_path / "a.docx", tmp_path / "b.xlsx", tmp_path / "c.gknb", tmp_path / "d.docx"]
    quirky_docx(report, files[0])
    quirky_xlsx(report, files[1])
    write_native(report, files[2], backup=False)
    write_docx(report, files[3])
    import zipfile

    foreign = tmp_path / "e.docx"  # our export with its marker taken out: someone else's file
    with zipfile.ZipFile(files[3]) as src, zipfile.ZipFile(foreign, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            raw = src.read(info)
            dst.writestr(info, raw.replace(b"gov-info-annual-report", b"someone-elses") if
                         info.filename == "docProps/custom.xml" else raw)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", _CHILD, *map(str, [*files[:3], foreign])], cwd=ROOT, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert proc.returncode == 0, proc.stderr
    line = next(x for x in proc.stdout.splitlines() if x.startswith("LOADED"))
    assert line.split()[1:] == []


@pytest.mark.parametrize("cell", [
    b'<c r="B2" t="s"><v>99999</v></c>',  # a shared string that is not there
    b'<c r="B2" s="x"><v>1</v></c>',  # a style that is no number
    b'<c r="B2" t="b"><v>yes</v></c>',  # a boolean that is neither 0 nor 1
    b'<c r="B2" t="d"><v>not a date</v></c>',
    b'<c r="B2"><v>12abc</v></c>',
    b'<c r="$$$"><v>1</v></c>',  # no cell reference
])
def test_a_damaged_cell_refuses_the_workbook_in_chinese(tmp_path: Path, cell: bytes) -> None:
    import re
    import zipfile

    from editor.io.load import load
    from editor.io.native import ReportFileError

    good = tmp_path / "good.xlsx"
    _workbook(good)
    bad = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            raw = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                raw = re.sub(rb'<c r="B2"[^>]*>.*?</c>', cell, raw, count=1)
            dst.writestr(info, raw)
    with pytest.raises(ReportFileError) as info:
        load(str(bad))
    assert "损坏" in str(info.value)


def _renamed_parts(src: Path, dst: Path, rename) -> None:
    """The workbook with its parts renamed by ``rename`` (None: the part left out)."""
    import zipfile

    with zipfile.ZipFile(src) as z, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as out:
        for info in z.infolist():
            name = rename(info.filename)
            if name is not None:
                out.writestr(name, z.read(info))


def test_a_sheet_the_workbook_names_but_does_not_hold_refuses_it(tmp_path: Path) -> None:
    """Our workbook without its 基本信息与正文 sheet's part: damage, said with the sheet's name, never a report
    read without its agency, year and prose."""
    from editor.io.load import load
    from editor.io.native import ReportFileError
    from editor.io.xlsx.export import write_xlsx

    good = tmp_path / "good.xlsx"
    write_xlsx(sample_report(2024, 3), good)
    bad = tmp_path / "bad.xlsx"
    _renamed_parts(good, bad, lambda n: None if n == "xl/worksheets/sheet2.xml" else n)
    with pytest.raises(ReportFileError) as info:
        load(str(bad))
    assert str(info.value) == "bad.xlsx 已损坏：工作表“基本信息与正文”的内容（xl/worksheets/sheet2.xml）不在文件中"
    # Part names are case-blind in the package format: a part spelt otherwise is the same sheet.
    other_case = tmp_path / "case.xlsx"
    _renamed_parts(good, other_case, lambda n: n.replace("sheet2.xml", "Sheet2.xml"))
    assert load(str(other_case)).report.meta == load(str(good)).report.meta
