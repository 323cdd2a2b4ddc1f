"""How the Word file breaks and reads (issue 14): tables 三 and 四 break between rows with their header rows
repeated, the 第二十条 blocks of 二 stay whole, one paragraph per header cell, value columns wide enough for
seven digits, headings on Word's built-in 标题 1 / 标题 2 (navigation pane, WPS 目录), a font table naming
each official font with its alternate, half-width "(一)" taken as a sub-head."""

from __future__ import annotations

import zipfile

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree

from editor.io.docx import style as st
from editor.io.docx.export import column_widths, table_size, value_width, write_docx
from editor.io.fonts import ALT_NAMES, FONT_SETS
from tests.docx_helpers import full_report


@pytest.fixture(scope="module", params=[2020, 2024])
def exported(request, tmp_path_factory):
    report = full_report(request.param)
    report.texts["overview"] = "(一)主动公开。全年主动公开信息。\n（二）依申请公开\n正文一段。"
    path = tmp_path_factory.mktemp("docx") / f"r{request.param}.docx"
    write_docx(report, path)
    return report, path, docx.Document(str(path))


def _keeps(tr) -> list[bool]:
    return [p.find(qn("w:pPr")) is not None and p.find(qn("w:pPr")).find(qn("w:keepNext")) is not None
            for p in tr.iter(qn("w:p"))]


def test_requests_and_appeals_break_between_rows_with_header_repeated(exported):
    report, _path, doc = exported
    ed = report.edition
    for table, tbl in zip((ed.table("requests"), ed.table("appeals")), doc.tables[1:], strict=True):
        rows = tbl._tbl.findall(qn("w:tr"))
        header = table.header_rows
        for i, tr in enumerate(rows):
            trpr = tr.find(qn("w:trPr"))
            assert (trpr.find(qn("w:tblHeader")) is not None) == (i < header), (table.id, i)
            assert trpr.find(qn("w:cantSplit")) is not None  # a row never splits
            # The header keeps with the first body row; body rows do not keep with the next (so Word may
            # break the table there instead of moving it whole to a new page).
            assert all(_keeps(tr)) == (i < header), (table.id, i)


def test_article_20_blocks_stay_whole(exported):
    report, _path, doc = exported
    rows = doc.tables[0]._tbl.findall(qn("w:tr"))
    ends, top = set(), 0
    for t in (report.edition.table(tid) for tid in report.edition.section("proactive").tables):
        top += t.header_rows + len(t.rows)
        ends.add(top - 1)
    for i, tr in enumerate(rows):
        assert all(_keeps(tr)) == (i not in ends), i
        assert tr.find(qn("w:trPr")).find(qn("w:tblHeader")) is None


def test_one_paragraph_per_cell_and_whole_labels(exported):
    _report, _path, doc = exported
    texts = []
    for table in doc.tables:
        for tc in table._tbl.iter(qn("w:tc")):
            paras = tc.findall(qn("w:p"))
            assert len(paras) == 1
            texts.append("".join(t.text or "" for t in tc.iter(qn("w:t"))))
    for label in ("法律服务机构", "社会公益组织", "商业企业", "结果维持"):
        assert label in texts


def test_value_columns_hold_seven_digits(exported):
    report, _path, doc = exported
    for table in report.edition.tables:
        widths = column_widths(table)
        assert sum(widths) == st.TEXT_WIDTH_TWIPS
        _, size, pad = table_size(table)
        for w in widths[table.label_columns:]:
            assert w >= 7 * size * 20 / 2 + 2 * pad, (table.id, w)  # Times New Roman digits: half an em
        assert value_width(table) <= min(widths[table.label_columns:]) + 1
    appeals = doc.tables[2]._tbl
    style = appeals.find(".//" + qn("w:pStyle")).get(qn("w:val"))
    assert style == st.TABLE_TINY and doc.styles[st.STYLE_NAMES[st.TABLE_TINY]].font.size.pt == 7.5


def test_headings_are_based_on_word_headings(exported):
    _report, _path, doc = exported
    styles = {s.get(qn("w:styleId")): s for s in doc.styles.element.iter(qn("w:style"))}

    def val(style, tag):
        el = style.find(qn(tag))
        return None if el is None else el.get(qn("w:val"))

    for ours, word, level, font in ((st.HEADING, st.WORD_HEADING_1, "0", "黑体"),
                                    (st.SUBHEADING, st.WORD_HEADING_2, "1", None)):
        assert val(styles[ours], "w:basedOn") == word
        assert val(styles[ours], "w:next") == st.BODY and val(styles[word], "w:next") == st.BODY
        assert styles[word].find(qn("w:pPr")).find(qn("w:outlineLvl")).get(qn("w:val")) == level
        rfonts = styles[word].find(qn("w:rPr")).find(qn("w:rFonts"))
        if font:
            assert rfonts.get(qn("w:eastAsia")) == font
        assert styles[word].find(qn("w:rPr")).find(qn("w:b")).get(qn("w:val")) == "0"
    # The 一、 headings use our heading style, the whole-line （二）依申请公开 the sub-heading one.
    paras = {p.text: p.style.style_id for p in doc.paragraphs}
    assert paras["一、总体情况"] == st.HEADING
    assert paras["（二）依申请公开"] == st.SUBHEADING


def test_half_width_sub_head_number_is_set_in_kai(exported):
    _report, _path, doc = exported
    p = next(p for p in doc.paragraphs if p.text.startswith("(一)"))
    assert p.runs[0].text == "(一)主动公开。" and p.runs[0].style.style_id == st.SUBHEAD


@pytest.mark.parametrize("set_id", sorted(FONT_SETS))
def test_font_table_names_the_fonts_with_alternates(tmp_path, set_id):
    path = tmp_path / "r.docx"
    write_docx(full_report(2024), path, font_set=set_id)
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/fontTable.xml"))
        assert not any(n.startswith("customXml/") for n in z.namelist())
    fonts = {f.get(qn("w:name")): f for f in root.iter(qn("w:font"))}
    assert set(fonts) == set(FONT_SETS[set_id].families())  # no leftovers (Symbol, MS Mincho, Calibri …)
    for name, font in fonts.items():
        alt = font.find(qn("w:altName"))
        assert (alt.get(qn("w:val")) if alt is not None else None) == ALT_NAMES.get(name)
    if set_id == "official":
        assert fonts["仿宋_GB2312"].find(qn("w:altName")).get(qn("w:val")) == "仿宋"
        assert fonts["仿宋_GB2312"].find(qn("w:charset")).get(qn("w:val")) == "86"
