"""Foreign files written the way people really write them: HTML (by hand and generated), Word made with
python-docx, Excel made with openpyxl: tables split in two, an extra 小计 column, merged label cells,
half-width punctuation, “1、” numbering, GBK pages. Whatever is read must equal the source report; what
cannot be told for sure stays blank and is logged."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from editor.io.docx.foreign import read_foreign_docx
from editor.io.formats import read_any
from editor.io.text.html_page import read_html
from editor.io.xlsx.foreign import read_foreign_xlsx
from editor.samples import sample_report
from tests.import_quirks import quirky_docx, quirky_html, quirky_xlsx

YEARS = [2020, 2023]  # one report of each edition


def _same_values(a, b) -> list:
    return [(k, a.values.get(k), b.values.get(k)) for k in set(a.values) | set(b.values)
            if a.values.get(k) != b.values.get(k)]


def _same_texts(src, got) -> None:
    for section, text in src.texts.items():
        assert got.texts.get(section) == text, section


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("encoding", ["gb18030", "utf-8"])
def test_html_split_tables_subtotal_merged_labels_half_width(tmp_path: Path, year: int, encoding: str) -> None:
    src = sample_report(year, seed=year, agency="某某区商务局")
    path = tmp_path / "report.html"
    page = quirky_html(src, subtotal=True, half=True)
    if encoding == "utf-8":
        page = page.replace("charset=gb2312", "charset=utf-8")
    path.write_bytes(page.encode(encoding))
    result = read_any(path)
    got = result.report
    assert got.edition_id == src.edition_id
    assert (got.meta.agency, got.meta.year) == ("某某区商务局", year)
    assert got.meta.published is not None and got.meta.published.year == year + 1
    assert not _same_values(src, got)
    _same_texts(src, got)
    assert any("小计" in e.message for e in result.log)


@pytest.mark.parametrize("year", YEARS)
def test_docx_made_with_python_docx(tmp_path: Path, year: int) -> None:
    src = sample_report(year, seed=year + 7, agency="某某市生态环境局")
    path = tmp_path / "report.docx"
    quirky_docx(src, path, subtotal=True, half=True)
    result = read_foreign_docx(path)
    got = result.report
    assert got.edition_id == src.edition_id
    assert (got.meta.agency, got.meta.year) == ("某某市生态环境局", year)
    assert not _same_values(src, got)
    _same_texts(src, got)
    # The signature at the end (agency, date) is not prose of 六; its date is the publication date.
    assert got.meta.published is not None and got.meta.published.month == 1


@pytest.mark.parametrize("year", YEARS)
def test_xlsx_all_tables_on_one_sheet(tmp_path: Path, year: int) -> None:
    src = sample_report(year, seed=year + 11, agency="某某县人民政府")
    path = tmp_path / "report.xlsx"
    quirky_xlsx(src, path)
    got = read_foreign_xlsx(path).report
    assert got.edition_id == src.edition_id
    assert got.meta.year == year and got.meta.kind == "government"
    assert not _same_values(src, got)


HAND_WRITTEN = """<html><head><meta charset="utf-8"></head><body>
<p>某某镇人民政府2022年政府信息公开工作年度报告</p>
<p>一、总体情况</p><p>2022年，我镇认真落实条例。</p>
<p>二、主动公开政府信息情况</p>
<table>
<tr><td colspan="4">第二十条第(一)项</td></tr>
<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>
<tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td>行政规范性文件</td><td>2</td><td>1</td><td>9</td></tr>
<tr><td colspan="4">第二十条第(五)项</td></tr>
<tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr>
<tr><td>行政许可</td><td colspan="3">1,204</td></tr>
<tr><td colspan="4">第二十条第(六)项</td></tr>
<tr><td>行政处罚</td><td colspan="3">35</td></tr>
<tr><td>行政强制</td><td colspan="3">—</td></tr>
<tr><td colspan="4">第二十条第(八)项</td></tr>
<tr><td>信息内容</td><td colspan="3">本年收费金额(单位:万元)</td></tr>
<tr><td>行政事业性收费</td><td colspan="3">12.50</td></tr>
</table>
<p>三、收到和处理政府信息公开申请情况</p>
<table>
<tr><td>一、本年新收政府信息公开申请数量</td><td>3</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>4</td></tr>
<tr><td>二、上年结转政府信息公开申请数量</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td rowspan="3">三、本年度办理结果</td>
<td>(一)予以公开</td><td>2</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>3</td></tr>
<tr><td>(六)其他处理</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td></tr>
<tr><td>(七)总计</td><td>3</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>4</td></tr>
<tr><td>四、结转下年度继续办理</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
</table>
<p>四、政府信息公开行政复议、行政诉讼情况</p>
<table><tr><td>行政复议</td><td>行政诉讼</td></tr>
<tr><td>1</td><td>0</td><td>0</td><td>0</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
</table>
<p>五、存在的主要问题及改进情况</p><p>人员不足。</p>
<p>六、其他需要报告的事项</p><p>本年度未收取信息处理费。</p>
</body></html>"""


def test_hand_written_html(tmp_path: Path) -> None:
    path = tmp_path / "镇年报.htm"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    result = read_html(path)
    r = result.report
    v = r.values
    assert (r.edition_id, r.meta.year, r.meta.agency) == ("2021", 2022, "某某镇人民政府")
    assert v[("art20_1", "normative_documents", "in_force")] == 9
    assert v[("art20_5", "licensing", "decisions")] == 1204  # thousands separator
    assert v[("art20_6", "penalty", "decisions")] == 35
    assert ("art20_6", "enforcement", "decisions") not in v  # “—” is blank, not 0
    assert v[("art20_8", "fees", "amount")] == Decimal("12.5")
    assert v[("requests", "new", "total")] == 4
    # The 2019-style single （六） row of a 2021 report: into 3.其他, logged; the other two stay blank.
    assert v[("requests", "other_else", "natural_person")] == 1
    assert ("requests", "other_no_fee", "natural_person") not in v
    assert ("requests", "other_else", "total") in {e.cell for e in result.log if e.kind == "adjusted"}
    # A row with 5 numbers for 7 columns cannot be placed for sure: blank, logged, never shifted.
    assert not any(k[1] == "carry_forward" for k in v)
    assert any(e.kind == "unplaced" and "四、结转下年度继续办理" in e.message for e in result.log)
    assert v[("appeals", "cases", "review_upheld")] == 1 and v[("appeals", "cases", "review_total")] == 1
    assert r.texts["other"] == "本年度未收取信息处理费。"


def test_2019_procurement_in_yuan_is_stored_in_wan_yuan(tmp_path: Path) -> None:
    src = sample_report(2020, seed=5)
    page = quirky_html(src, subtotal=False, half=False).replace(
        "<p>采购总金额</p>", "<p>采购总金额（元）</p>")
    amount = src.values[("art20_9", "procurement", "amount")]
    yuan = amount * 10000
    page = page.replace(f"<p>{format(amount, 'f')}</p>", f"<p>{format(yuan.normalize(), 'f')}</p>")
    path = tmp_path / "r.html"
    path.write_text(page, encoding="utf-8")
    result = read_html(path)
    assert result.report.values[("art20_9", "procurement", "amount")] == amount
    [conv] = [e for e in result.log if e.kind == "converted"]
    assert conv.cell == ("art20_9", "procurement", "amount") and "元" in conv.message


def test_numbers_that_do_not_fit_are_never_shifted(tmp_path: Path) -> None:
    """A table 三 row missing one number (a blank dropped by the web page): blank and logged, not shifted."""
    text = ("某某局2023年政府信息公开工作年度报告\n一、总体情况\n概述。\n三、收到和处理政府信息公开申请情况\n"
            "一、本年新收政府信息公开申请数量 5 0 0 0 0 5\n"
            "二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0\n"
            "四、政府信息公开行政复议、行政诉讼情况\n")
    path = tmp_path / "r.txt"
    path.write_text(text, encoding="utf-8")
    result = read_any(path)
    assert not any(k[1] == "new" for k in result.report.values)
    assert result.report.values[("requests", "carried_over", "total")] == 0
    assert any(e.kind == "unplaced" for e in result.log)


def test_html_page_inside_layout_tables(tmp_path: Path) -> None:
    """Government sites put the whole page in a layout table: only the innermost tables are data."""
    src = sample_report(2023, seed=9)
    page = quirky_html(src)
    i, j = page.index("<h1>"), page.index("</body>")
    page = (page[:i] + "<table width=100%><tr><td>首页 政务公开</td><td class=main>" + page[i:j]
            + "</td></tr></table>" + page[j:])
    path = tmp_path / "page.html"
    path.write_text(page.replace("charset=gb2312", "charset=utf-8"), encoding="utf-8")
    got = read_html(path).report
    assert not _same_values(src, got)
    _same_texts(src, got)


def test_text_saved_from_word_with_tab_separated_rows(tmp_path: Path) -> None:
    """Word's “save as text” and copying a web table give one row per line, cells between TABs, blanks kept."""
    src = sample_report(2023, seed=21)
    src.values.pop(("requests", "new", "research"))  # a blank cell in the middle keeps its place
    ed = src.edition
    out = [f"{src.meta.agency}{src.meta.year}年政府信息公开工作年度报告"]
    for s in ed.sections:
        if s.kind == "meta":
            continue
        if s.printed:
            out.append(s.heading)
        if s.kind == "text":
            out += src.text(s.id).split("\n")
        for tid in s.tables:
            t = ed.table(tid)
            out.append("\t".join(c.label for c in t.columns))
            for r in t.rows:
                cells = [r.label] + [str(src.values.get((tid, r.id, c.id), "")) for c in t.columns]
                out.append("\t".join(cells))
    path = tmp_path / "r.txt"
    path.write_text("\n".join(out), encoding="utf-8")
    got = read_any(path).report
    assert got.values.get(("requests", "new", "research")) is None
    assert not _same_values(src, got)


def test_table_row_with_more_numbers_than_columns_is_refused(tmp_path: Path) -> None:
    rows = "".join(
        f"<tr><td>{label}</td>{cells}</tr>" for label, cells in [
            ("一、本年新收政府信息公开申请数量", "<td>5</td>" * 7 + "<td>9</td>"),  # 8 numbers, no 小计 header
            ("二、上年结转政府信息公开申请数量", "<td></td>" + "<td>1</td>" * 6 + "<td></td>" * 3),  # blanks both ends
            ("四、结转下年度继续办理", "<td>0</td>" * 7 + "<td></td>" * 2),  # blank layout cells after: fine
        ])
    page = (f"<p>某某局2023年政府信息公开工作年度报告</p><p>三、收到和处理政府信息公开申请情况</p>"
            f"<table>{rows}</table><p>四、政府信息公开行政复议、行政诉讼情况</p>")
    path = tmp_path / "r.html"
    path.write_text(page, encoding="utf-8")
    result = read_html(path)
    v = result.report.values
    assert not any(k[1] in ("new", "carried_over") for k in v)
    assert v[("requests", "carry_forward", "total")] == 0
    assert sum(1 for e in result.log if e.kind == "unplaced") == 2


def test_docx_with_word_auto_numbered_headings_and_items(tmp_path: Path) -> None:
    """Word's automatic numbering keeps “一、” and “1.” out of the text: headings and items still match."""
    import docx

    src = sample_report(2023, seed=33, agency="某某市统计局")
    path = tmp_path / "auto.docx"
    quirky_docx(src, path, half=False)
    d = docx.Document(str(path))
    for p in d.paragraphs:
        for s in src.edition.sections:
            if s.printed and s.kind != "meta" and p.text == s.heading:
                p.text = s.heading[2:]
    for table in d.tables:
        for row in table.rows:
            for cell in row.cells:
                t = cell.text
                if len(t) > 2 and t[0].isdigit() and t[1] in ".、":
                    cell.text = t[2:]
    d.save(str(path))
    result = read_foreign_docx(path)
    got = result.report
    _same_texts(src, got)
    wrong = [(k, v, src.values.get(k)) for k, v in got.values.items() if src.values.get(k) != v]
    assert not wrong
    # Every row but “3.其他” (too short a label to match without its number) is read; that one is logged.
    assert {k[1] for k in src.values if k not in got.values} == {"other_else"}
    assert any(e.kind == "unplaced" and "“其他”" in e.message for e in result.log)


def test_xlsx_formulas_without_values_are_blank_and_explained(tmp_path: Path) -> None:
    import openpyxl

    src = sample_report(2023, seed=41)
    path = tmp_path / "f.xlsx"
    quirky_xlsx(src, path)
    wb = openpyxl.load_workbook(str(path))
    ws = wb.active
    for row in ws.iter_rows():
        if row[0].value == "一、本年新收政府信息公开申请数量":
            total = [c for c in row if c.value is not None][-1]
            total.value = f"=SUM(B{total.row}:G{total.row})"  # written by a program: no cached value
    wb.save(str(path))
    result = read_foreign_xlsx(path)
    assert ("requests", "new", "total") not in result.report.values
    ref = ("requests", "new", "natural_person")
    assert result.report.values[ref] == src.values[ref]
    assert any("公式" in e.message for e in result.log)


def test_web_page_saved_as_txt(tmp_path: Path) -> None:
    src = sample_report(2021, seed=2)
    path = tmp_path / "page.txt"
    path.write_bytes(quirky_html(src).encode("gb18030"))
    result = read_any(path)
    assert not _same_values(src, result.report)
    assert result.log[0].kind == "note" and "网页" in result.log[0].message


@pytest.mark.parametrize("seed", [2, 3])  # sparse reports (many blank cells), one of each edition
def test_html_table_that_lost_its_merges_places_every_cell_under_its_column(tmp_path: Path, seed: int) -> None:
    from tests.forms.render import build_corpus
    from tests.forms.score import import_and_score

    corpus = build_corpus(tmp_path, [seed], forms=["html_padded"])  # no office suite needed for this form
    page = corpus.files[("html_padded", seed)].read_text(encoding="utf-8")
    assert "colspan" not in page and "rowspan" not in page and "<td></td>" in page
    score = import_and_score(corpus.files[("html_padded", seed)], corpus.expected[("html_padded", seed)])
    assert (score.wrong, score.missing, score.refused) == (0, 0, ""), (score.wrong_cells, score.missing_cells)


def test_html_grid_lines_are_columns_only_where_no_cell_spans() -> None:
    from editor.io.text.html_page import html_lines

    plain = html_lines("<table><tr><td>a</td><td></td><td>1</td></tr></table>")
    spanned = html_lines('<table><tr><td colspan="2">a</td><td>1</td></tr><tr><td>b</td><td></td><td>2</td></tr>'
                         "</table>")
    assert [(ln.positional, ln.grid_columns) for ln in plain] == [(False, True)]
    assert [(ln.positional, ln.grid_columns) for ln in spanned] == [(False, False)] * 2
