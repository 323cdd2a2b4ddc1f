"""Every real file in shared/seeds and shared/realdata imports to its expected values, cell for cell, and
the checks then find the errors these reports really contain (and nothing false on the clean one)."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from editor.checks import check
from editor.io.formats import read_any
from editor.io.native import read_native
from tests.conftest import ROOT, shared_path

REAL = [
    ("seeds", "000_c853f221e2409669.txt", "000_c853f221e2409669"),
    ("seeds", "002_c9c843a15d4c8fa7.txt", "002_c9c843a15d4c8fa7"),
    *[("realdata", f"{n}.{kind}", n) for n in ("hongze-2023", "hongze-2024", "huaian-2024")
      for kind in ("pypdf.txt", "pdfminer.txt", "pdf")],
]


def _expected(folder: str, stem: str) -> dict:
    return json.loads(shared_path(folder, f"{stem}.expected.json").read_text(encoding="utf-8"))


def _load(folder: str, name: str):
    return read_any(shared_path(folder, name))


@pytest.mark.parametrize(("folder", "name", "stem"), REAL, ids=[r[1] for r in REAL])
def test_real_file_matches_expected_cell_for_cell(folder: str, name: str, stem: str) -> None:
    exp = _expected(folder, stem)
    result = _load(folder, name)
    report = result.report
    assert report.edition_id == exp["edition"]
    assert report.meta.agency == exp["meta"]["agency"]
    assert report.meta.year == exp["meta"]["year"]
    wrong = []
    expected_cells = set()
    for table, rows in exp["values"].items():
        for row, cols in rows.items():
            for col, v in cols.items():
                ref = (table, row, col)
                expected_cells.add(ref)
                want = None if v is None else Decimal(v) if isinstance(v, str) else v
                got = report.values.get(ref)
                if got != want or (got is None) != (want is None) or type(got) is not type(want):
                    wrong.append((ref, got, want))
    assert not wrong, wrong[:10]
    # Nothing read into a cell the report leaves out (the other two （六） rows of a 2019-style table).
    assert set(report.values) <= expected_cells
    # Every blank the report has is in the log with its cell, so the editor can mark it.
    blanks = {ref for ref in report.edition.cells() if ref not in report.values}
    assert blanks <= result.cells_marked()


@pytest.mark.parametrize("name", ["hongze-2023.pdf", "hongze-2024.pypdf.txt", "hongze-2024.pdfminer.txt"])
def test_single_other_row_goes_to_other_else_and_is_logged(name: str) -> None:
    result = _load("realdata", name)
    report = result.report
    adjusted = {e.cell for e in result.log if e.kind == "adjusted"}
    assert {("requests", "other_else", c.id) for c in report.edition.table("requests").columns} <= adjusted
    for row in ("other_no_correction", "other_no_fee"):
        assert all(("requests", row, c) not in report.values for c in ("natural_person", "total"))
        assert ("requests", row, "total") in result.cells_marked()
    split = {e.cell[1] for e in result.log if "无从拆分" in e.message}
    assert split == {"other_no_correction", "other_no_fee"}


def test_pdfminer_total_column_out_of_place_is_put_back_and_logged() -> None:
    result = _load("realdata", "hongze-2023.pdfminer.txt")
    assert result.report.values[("requests", "new", "total")] == 21
    assert any(e.kind == "adjusted" and "总计" in e.message for e in result.log)


def test_agency_full_name_from_preamble_is_logged() -> None:
    result = _load("realdata", "hongze-2023.pypdf.txt")
    assert result.report.meta.kind == "government"
    assert any("全称" in e.message for e in result.log)


def test_prose_sections_are_read() -> None:
    report = _load("realdata", "huaian-2024.pdf").report
    assert report.texts["preamble"].startswith("本报告由淮安市人民政府办公室")
    assert report.texts["overview"].startswith("2024年，我市坚持")
    assert "（二）依申请公开情况。" in report.texts["overview"]
    assert report.texts["problems"].startswith("对照上级新要求")
    assert report.texts["other"].endswith("信息处理费3940元。")
    hongze = _load("realdata", "hongze-2023.pypdf.txt").report
    assert "请与淮安市洪泽区人民政府办公室联系（地址：淮安市洪泽区洪泽湖大道90号，" in hongze.texts["preamble"]
    # PDF line wrapping is undone: a paragraph is not cut in the middle of a sentence.
    assert "《中华人民共和国政府信息公开条例》" in report.texts["overview"]


def _rules(report) -> dict[str, list]:
    out: dict[str, list] = {}
    for f in check(report):
        out.setdefault(f.rule, []).append(f)
    return out


@pytest.mark.parametrize("kind", ["pypdf.txt", "pdfminer.txt", "pdf"])
def test_checks_find_the_real_errors(kind: str) -> None:
    hz23 = _rules(_load("realdata", f"hongze-2023.{kind}").report)
    assert {f.key for f in hz23["appeals.group_sum"]} == {"appeals.group_sum|review",
                                                          "appeals.group_sum|suit_after_review"}
    hz24 = _rules(_load("realdata", f"hongze-2024.{kind}").report)
    [numbers] = hz24["text.numbers"]
    assert "17" in numbers.key and "95" in numbers.message
    huaian = _rules(_load("realdata", f"huaian-2024.{kind}").report)
    assert not [r for r in huaian if r.startswith("text.")]
    assert not [f for fs in huaian.values() for f in fs if f.severity == "error"]


def test_checks_find_the_wrong_year_in_qiaocheng() -> None:
    rules = _rules(_load("seeds", "002_c9c843a15d4c8fa7.txt").report)
    [year] = rules["text.year"]
    assert "2019年" in year.key


def test_blank_template_imports_as_blank_2021_report() -> None:
    from editor.io.docx.foreign import read_foreign_docx

    result = read_foreign_docx(shared_path("realdata", "template-2021-blank.docx"))
    report = result.report
    assert report.edition_id == "2021"
    assert report.values == {}
    assert report.meta.agency == ""
    assert not any(t.strip() for t in report.texts.values())  # “（文字描述）” placeholders are not prose


def test_convert_cli_reads_a_pdf(tmp_path: Path) -> None:
    src = shared_path("realdata", "hongze-2024.pdf")
    out = tmp_path / "2024.gknb"
    proc = subprocess.run([sys.executable, "-m", "editor", "convert", str(src), str(out)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "导入记录" in proc.stdout and "3.其他" in proc.stdout
    back = read_native(out)
    assert back.values == _load("realdata", "hongze-2024.pdf").report.values
    assert back.meta.agency == "淮安市洪泽区人民政府"


def test_convert_cli_refuses_a_file_without_a_report(tmp_path: Path) -> None:
    src = tmp_path / "notes.txt"
    src.write_text("今天天气很好。\n明天开会。\n", encoding="utf-8")
    out = tmp_path / "x.gknb"
    proc = subprocess.run([sys.executable, "-m", "editor", "convert", str(src), str(out)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert "没有找到" in proc.stderr and "Traceback" not in proc.stderr
    assert not out.exists()
