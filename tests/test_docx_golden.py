"""Golden files: the printed text of an exported sample report, paragraph by paragraph and cell by cell in
reading order. A change to what the page shows must be deliberate, and this test never writes its
expected files: a developer runs ``python tests/update_golden.py`` to see the diff, and
``python tests/update_golden.py --write`` to accept it after reading it."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from editor.io.docx.export import write_docx
from editor.io.docx.importer import paragraph_text
from editor.samples import sample_report

GOLDEN = Path(__file__).resolve().parent / "golden"


def printed_text(path: Path) -> str:
    doc = docx.Document(str(path))
    out = []
    for el in doc.element.body.iterchildren(qn("w:p"), qn("w:tbl")):
        if el.tag == qn("w:p"):
            out.append(paragraph_text(el))
            continue
        out.append("[表格]")
        for tr in el.iter(qn("w:tr")):
            cells = []
            for tc in tr.iter(qn("w:tc")):
                if tc.tcPr is not None and tc.tcPr.vMerge is not None and tc.vMerge == "continue":
                    cells.append("↑")
                    continue
                text = "/".join(paragraph_text(p) for p in tc.iter(qn("w:p")))
                cells.append(f"{text}×{tc.grid_span}" if tc.grid_span > 1 else text)
            out.append(" | ".join(cells))
    return "\n".join(out) + "\n"


YEARS = (2020, 2024)


def golden_file(year: int) -> Path:
    return GOLDEN / f"docx-{year}.txt"


def render(year: int, folder: Path) -> str:
    """The printed text of the sample report of ``year`` as exported now."""
    path = folder / f"r-{year}.docx"
    write_docx(sample_report(year, seed=3, agency="某某市某某区人民政府"), path)
    return printed_text(path)


@pytest.mark.parametrize("year", YEARS)
def test_printed_text_matches_golden(tmp_path, year):
    expected = golden_file(year).read_text(encoding="utf-8")
    assert render(year, tmp_path) == expected
