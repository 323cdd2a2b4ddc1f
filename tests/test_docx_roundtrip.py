"""json → docx → json is the identity for full reports of both editions."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from editor.cli import main
from editor.io.docx.export import write_docx
from editor.io.docx.importer import read_docx
from editor.io.formats import read_any, write_any
from editor.io.native import report_to_dict, write_native
from tests.docx_helpers import full_report

YEARS = [2020, 2024]  # edition 2019, edition 2021


def _same(a, b) -> None:
    da, db = report_to_dict(a, include_last=False), report_to_dict(b, include_last=False)
    da.pop("acknowledged", None)
    assert db == da


@pytest.mark.parametrize("year", YEARS)
def test_identity_with_blanks_kept_blank(tmp_path, year):
    report = full_report(year)
    out = tmp_path / "r.docx"
    write_docx(report, out, blank_as_zero=False)
    result = read_docx(out)
    assert result.log == []
    _same(report, result.report)
    # The awkward cases really are in the file and came back.
    back = result.report
    assert back.get(("requests", "withheld_query", "research")) is None
    assert back.get(("appeals", "cases", "suit_after_review_pending")) is None
    money = [v for (t, _r, c), v in back.values.items() if c == "amount" and v == Decimal("24252.311082")]
    assert money and all(isinstance(v, Decimal) for v in money)
    assert back.texts["overview"].count("\n") == 6 and "\t" in back.texts["overview"]
    assert back.meta.published == report.meta.published and back.meta.kind == "government"
    if report.edition_id == "2019":
        assert back.get(("art20_5", "licensing", "change")) == -12


@pytest.mark.parametrize("year", YEARS)
def test_blanks_print_as_zero_and_read_back_blank(tmp_path, year):
    """By default a blank cell prints 0 on the page; the file says (invisibly) which cells were blank, so
    they come back blank: DOCX ↔ .gknb loses nothing, and the summary keeps their blank-cell warnings."""
    report = full_report(year)
    out = tmp_path / "r.docx"
    write_docx(report, out)
    blanks = [ref for ref in report.edition.cells() if ref not in report.values]
    assert len(blanks) == 3
    printed = printed_cells(out)
    assert all(printed[ref] == "0" for ref in blanks)  # the reader of the page sees 0
    result = read_docx(out)
    _same(report, result.report)
    assert any(e.kind == "note" and "3个空白单元格按0印出，读回时已恢复为空白" in e.message for e in result.log)


def test_a_printed_zero_overwritten_in_word_keeps_the_figure(tmp_path):
    import docx as python_docx

    report = full_report(2024)
    blanks = [ref for ref in report.edition.cells() if ref not in report.values]
    out = tmp_path / "r.docx"
    write_docx(report, out)
    doc = python_docx.Document(str(out))
    # The user types 5 over the printed 0 of the first blank cell (a cell of 三 whose row and column are
    # unique: its position found by the exporter's own grid).
    target = _cell_element(doc, report, blanks[0])
    target.text = "5"
    doc.save(str(out))
    result = read_docx(out)
    assert result.report.get(blanks[0]) == 5
    assert all(result.report.get(ref) is None for ref in blanks[1:])
    assert any("其中1个在 Word 中改填了数字" in e.message for e in result.log)


def _cell_element(doc, report, ref):
    """The w:t of a value cell, found by the cell's printed position in the exporter's table grid."""
    from docx.oxml.ns import qn

    from editor.io.docx.export import table_groups

    ed = report.edition
    groups = [g for s in ed.sections if s.kind == "tables" for g in table_groups(ed, s)]
    tables = doc.element.body.findall(qn("w:tbl"))
    for group, tbl in zip(groups, tables, strict=True):
        top = 0
        for table in group:
            if table.id == ref[0]:
                row = top + table.header_rows + table.row_index(ref[1])
                col = table.column_grid_col(ref[2])
                tr = tbl.findall(qn("w:tr"))[row]
                c = 0
                for tc in tr.findall(qn("w:tc")):
                    if c == col:
                        return next(tc.iter(qn("w:t")))
                    c += tc.grid_span
                raise KeyError(ref)
            top += table.header_rows + len(table.rows)
    raise KeyError(ref)


def printed_cells(path) -> dict:
    """Each value cell's printed text, by cell id."""
    import docx as python_docx

    report = read_docx(path).report
    doc = python_docx.Document(str(path))
    return {ref: _cell_element(doc, report, ref).text for ref in report.edition.cells()}


@pytest.mark.parametrize("year", YEARS)
def test_read_any_and_write_any_dispatch(tmp_path, year):
    report = full_report(year)
    out = tmp_path / "r.docx"
    write_any(report, out, font_set="windows", blank_as_zero=False)
    _same(report, read_any(out).report)


def test_empty_report_round_trips(tmp_path):
    from editor.report import Report

    report = Report.blank(2023, "某某县统计局")
    out = tmp_path / "r.docx"
    write_docx(report, out, blank_as_zero=False)
    _same(report, read_docx(out).report)


@pytest.mark.parametrize("year", YEARS)
def test_cli_convert_json_docx_json(tmp_path, year, capsys):
    report = full_report(year)
    src, mid, back = tmp_path / "a.gknb", tmp_path / "b.docx", tmp_path / "c.json"
    write_native(report, src)
    assert main(["convert", str(src), str(mid)]) == 0
    assert main(["convert", str(mid), str(back)]) == 0
    data = json.loads(back.read_text(encoding="utf-8"))
    expected = report_to_dict(report, include_last=False)
    # Blanks printed as 0 by default come back blank.
    assert data["values"] == json.loads(json.dumps(expected["values"]))
    assert data["texts"] == expected["texts"] and data["meta"] == expected["meta"]
    assert "空白单元格按0印出" in capsys.readouterr().out


def test_identity_survives_a_save_in_libreoffice(tmp_path):
    """An office suite that saves the file again renumbers style ids and rewrites the XML; reading it back
    must still give the same report (Word and WPS users do this whenever they touch the file)."""
    import shutil
    import subprocess

    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    report = full_report(2024)
    src = tmp_path / "r.docx"
    write_docx(report, src, blank_as_zero=False)
    out = tmp_path / "resaved"
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to",
                    "docx:MS Word 2007 XML", "--outdir", str(out), str(src)], check=True, capture_output=True,
                   timeout=120)
    resaved = out / "r.docx"
    assert resaved.exists() and resaved.read_bytes() != src.read_bytes()
    result = read_docx(resaved)
    _same(report, result.report)


def test_odd_numbers_round_trip_as_stored(tmp_path):
    """Values the checks flag (a fractional count, a negative count) and odd decimal forms come back as they
    were stored: the export never rounds or fixes a number."""
    report = full_report(2020)
    odd = {("art20_9", "procurement", "amount"): Decimal("0.000001"),
           ("art20_1", "regulations", "made"): Decimal("3.5"),
           ("art20_1", "regulations", "published"): -2,
           ("requests", "new", "total"): 10**12,
           ("art20_5", "licensing", "change"): 0}
    for ref, value in odd.items():
        report.set(ref, value)
    report.set(("art20_5", "other_services", "previous"), Decimal("1E+3"))
    out = tmp_path / "r.docx"
    write_docx(report, out, blank_as_zero=False)
    back = read_docx(out).report
    for ref, value in odd.items():
        assert back.get(ref) == value and type(back.get(ref)) is type(value), ref
    assert back.get(("art20_5", "other_services", "previous")) == 1000
    _same(report, back)


def test_word_files_keep_their_blank_cell_warnings(tmp_path):
    """A unit's Word file read back (as the district summary reads it) still says which cells are blank."""
    from editor.checks import check
    from editor.io.load import load

    report = full_report(2024)
    out = tmp_path / "unit.docx"
    write_docx(report, out)
    findings = [f for f in check(load(out).report) if f.rule == "cell.blank"]
    assert findings and {c for f in findings for c in f.cells} == {
        ref for ref in report.edition.cells() if ref not in report.values}
