"""The exported Word file, read back with python-docx: the official grids with their merged cells, labels
in reading order, fonts on w:eastAsia through styles, page setup and typesetting per FORMAT.md."""

from __future__ import annotations

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from editor.io.docx import style as st
from editor.io.docx.export import table_groups, write_docx
from editor.io.fonts import FONT_SETS
from tests.docx_helpers import east_asia_font, full_report

YEARS = [2020, 2024]


@pytest.fixture(scope="module", params=YEARS)
def exported(request, tmp_path_factory):
    report = full_report(request.param)
    path = tmp_path_factory.mktemp("docx") / f"r{request.param}.docx"
    write_docx(report, path)
    return report, docx.Document(str(path))


def _expected_tables(report):
    ed = report.edition
    return [g for s in ed.sections if s.kind == "tables" for g in table_groups(ed, s)]


def test_tables_have_the_official_merged_cells(exported):
    report, doc = exported
    groups = _expected_tables(report)
    assert len(doc.tables) == len(groups) == 3  # 二 as one table, 三, 四
    for group, table in zip(groups, doc.tables, strict=True):
        offset = 0
        matrix = [[c._tc for c in row.cells] for row in table.rows]  # python-docx resolves the merges
        for t in group:
            layout = t.layout()
            assert len(table.columns) == t.grid_columns
            assert all(len(row) == t.grid_columns for row in matrix)
            origins = []  # the elements themselves: ids of freed lxml proxies get reused
            for g in layout:
                tc = matrix[offset + g.row][g.col]
                # Every grid position of the span is this one Word cell (python-docx resolves the merge) …
                span = [matrix[r][c] for r in range(offset + g.row, offset + g.row + g.rowspan)
                        for c in range(g.col, g.col + g.colspan)]
                assert all(x is tc for x in span), g
                assert tc.grid_span == g.colspan
                assert (tc.vMerge == "restart") == (g.rowspan > 1)
                origins.append(tc)
            # … and no two cells of the layout share one: the grid is exactly the official one.
            assert len({id(x) for x in origins}) == len(layout)
            offset += t.header_rows + len(t.rows)
        assert len(table.rows) == offset


def _reading_order(table) -> list[str]:
    """Cell texts row by row, each merged cell once (at its top-left position), via python-docx."""
    seen, out = [], []
    for row in table.rows:
        for cell in row.cells:
            if any(cell._tc is s for s in seen):
                continue
            seen.append(cell._tc)
            out.append(cell.text)
    return out


def test_labels_in_reading_order(exported):
    report, doc = exported
    for group, table in zip(_expected_tables(report), doc.tables, strict=True):
        expected = []
        for t in group:
            for g in sorted(t.layout(), key=lambda g: (g.row, g.col)):
                expected.append(None if g.ref else g.text)
        labels = [text.replace("\n", "") for text, exp in zip(_reading_order(table), expected, strict=True)
                  if exp is not None]
        assert labels == [e for e in expected if e is not None]
        assert _reading_order(table) == _skip_continuations(table)


def _skip_continuations(table) -> list[str]:
    """Cell texts in reading order, one per merged cell (vMerge continuations skipped)."""
    out = []
    for row in table._tbl.tr_lst:
        for tc in row.tc_lst:
            if tc.vMerge == "continue":
                continue
            out.append("\n".join(p.text for p in docx.table._Cell(tc, None).paragraphs))
    return out


def test_official_details_of_each_table(exported):
    report, doc = exported
    two, three, four = doc.tables
    # 二: the caption rows shaded #C6D9F1, spanning the table.
    captions = [tc for tc in two._tbl.iter(qn("w:tc")) if "第二十条" in _text(tc)]
    assert len(captions) == len(report.edition.section("proactive").tables)
    for tc in captions:
        assert tc.grid_span == 4
        assert tc.tcPr.find(qn("w:shd")).get(qn("w:fill")) == "C6D9F1"
    # 三: the 3×3 note cell, the vertical 三、本年度办理结果, three header rows repeated.
    note = three.cell(0, 0)
    assert note.text.startswith("（本列数据的勾稽关系为") and note._tc.grid_span == 3
    assert note._tc.tcPr.find(qn("w:vMerge")).get(qn("w:val")) == "restart"
    assert three._tbl.tr_lst[2].tc_lst[0].vMerge == "continue"
    vertical = [tc for tc in three._tbl.iter(qn("w:tc")) if _text(tc) == "三、本年度办理结果"]
    assert len(vertical) == 1
    assert vertical[0].tcPr.find(qn("w:textDirection")).get(qn("w:val")) == "tbRlV"
    for table, header_rows in ((three, 3), (four, 3)):
        rows = table._tbl.tr_lst
        assert [r.trPr.find(qn("w:tblHeader")) is not None for r in rows[:4]] == [True] * header_rows + [False]
    for table in (two, three, four):
        assert all(r.trPr.find(qn("w:cantSplit")) is not None for r in table._tbl.tr_lst)
        widths = [int(w.get(qn("w:w"))) for w in table._tbl.tblGrid.iter(qn("w:gridCol"))]
        assert sum(widths) <= st.TEXT_WIDTH_TWIPS
    # 四: 行政复议 over 5 columns, 行政诉讼 over 10, its two sub-groups over 5 each.
    top = [c.text for c in _unique(four.rows[0].cells)]
    assert top == ["行政复议", "行政诉讼"]
    assert [c._tc.grid_span for c in _unique(four.rows[0].cells)] == [5, 10]
    assert four.cell(1, 5).text == "未经复议直接起诉" and four.cell(1, 10).text == "复议后起诉"


def _text(el) -> str:
    return "".join(t.text or "" for t in el.iter(qn("w:t")))


def _unique(cells):
    out = []
    for c in cells:
        if not any(c._tc is o._tc for o in out):
            out.append(c)
    return out


def test_values_as_stored(exported):
    report, doc = exported
    texts = {c.text for t in doc.tables for row in t.rows for c in row.cells}
    if report.edition_id == "2019":
        assert "24252.311082万元" in texts and "-12" in texts
    else:
        assert "24252.311082" in texts
    # Blank cells print 0 by default: the blank 行政规范性文件/现行有效件数 (2021) or 规范性文件/对外公开总数量 (2019).
    two = doc.tables[0]
    assert two.cell(3, 3).text == "0"


@pytest.mark.parametrize("set_id", sorted(FONT_SETS))
def test_east_asian_fonts_of_every_run(tmp_path, set_id):
    fonts = FONT_SETS[set_id]
    path = tmp_path / "r.docx"
    write_docx(full_report(2024), path, font_set=set_id)
    doc = docx.Document(str(path))
    expected = {st.TITLE: fonts.title, st.HEADING: fonts.hei, st.BODY: fonts.body, st.TABLE: fonts.body,
                st.TABLE_SMALL: fonts.body, st.TABLE_TINY: fonts.body, st.TABLE_NOTE: fonts.kai,
                st.SUBHEADING: fonts.kai}
    seen = set()
    for p in doc.element.body.iter(qn("w:p")):
        style = p.pPr.pStyle.val if p.pPr is not None and p.pPr.pStyle is not None else None
        for r in p.iter(qn("w:r")):
            if not "".join(t.text or "" for t in r.iter(qn("w:t"))):
                continue
            rstyle = r.rPr.rStyle.val if r.rPr is not None and r.rPr.rStyle is not None else None
            want = fonts.kai if rstyle == st.SUBHEAD else expected[style]
            assert east_asia_font(doc, r, p) == want, (style, rstyle, _text(r))
            assert r.rPr is None or r.rPr.find(qn("w:rFonts")) is None  # through styles, not per run
            seen.add(rstyle or style)
    assert seen >= {st.TITLE, st.HEADING, st.BODY, st.SUBHEAD, st.TABLE, st.TABLE_SMALL, st.TABLE_NOTE}
    # Digits and Latin letters: Times New Roman in every style the report uses.
    for style_id in expected:
        fonts_el = doc.styles[st.STYLE_NAMES[style_id]].element.rPr.find(qn("w:rFonts"))
        assert fonts_el.get(qn("w:ascii")) == fonts_el.get(qn("w:hAnsi")) == "Times New Roman"
    # The sub-head run holds exactly the （一） heading up to its full stop.
    subheads = [r.text for p in doc.paragraphs for r in p.runs if r.style.style_id == st.SUBHEAD]
    assert subheads[:2] == ["（一）主动公开。", "（二）依申请公开。"]


def test_page_setup_and_typesetting(exported):
    _report, doc = exported
    sec = doc.sections[0]
    got = (sec.page_width, sec.page_height, sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin)
    want = (Mm(210), Mm(297), Mm(37), Mm(35), Mm(28), Mm(26))
    assert all(abs(a - b) < Mm(0.05) for a, b in zip(got, want, strict=True)), got
    body = doc.styles[st.STYLE_NAMES[st.BODY]]
    assert body.font.size == Pt(16)
    assert abs(body.paragraph_format.line_spacing - Pt(28.95)) < Pt(0.05)
    assert body.paragraph_format.first_line_indent == Pt(32)
    assert doc.styles[st.STYLE_NAMES[st.TITLE]].font.size == Pt(22)
    assert doc.styles[st.STYLE_NAMES[st.TABLE]].font.size == Pt(10.5)
    assert doc.styles[st.STYLE_NAMES[st.TABLE_SMALL]].font.size == Pt(9)
    assert doc.paragraphs[0].style.style_id == st.TITLE
    assert doc.paragraphs[0].style.paragraph_format.alignment == 1  # centred, by its style
    # Page numbers "— N —" as a PAGE field: odd pages right, even pages left.
    assert doc.settings.odd_and_even_pages_header_footer
    for footer, side in ((sec.footer, "right"), (sec.even_page_footer, "left")):
        p = footer.paragraphs[0]
        assert p.text == "— 1 —"
        assert "PAGE" in "".join(t.text for t in p._p.iter(qn("w:instrText")))
        assert p._p.pPr.find(qn("w:jc")).get(qn("w:val")) == side
    # Nothing on the page that the official format lacks: the meta lives in the properties.
    page_text = "\n".join(p.text for p in doc.paragraphs)
    assert "department" not in page_text and "government" not in page_text
    assert doc.core_properties.title == _report.meta.title
