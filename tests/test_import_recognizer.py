"""The recognizer's promise: a number is placed only where its row and column are certain.

Regression tests for the two known ways a positional reading put numbers into the wrong cells (a table that
lost its merged cells; labels moved away from their numbers), then the stages one by one, then every text
form of the shared real reports (≥ 99 % right, 0 wrong)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from editor.io.formats import read_any
from editor.io.recognize.alignment import align_in_order, match, specs_of
from editor.io.recognize.labels import label_key, parse_number
from editor.io.recognize.lines import Line
from editor.io.recognize.tokens import line_tokens
from editor.io.text.markdown import markdown_lines
from editor.samples import sample_report
from editor.schema import SchemaError, edition, load_edition_file
from tests.conftest import ROOT, shared_path

HEAD = "<p>某某局2023年政府信息公开工作年度报告</p><p>一、总体情况</p><p>概述。</p>"
APPEALS = [10, 1, 0, 0, 11, 0, 0, 0, 0, 0, 5, 0, 0, 0, 5]
APPEAL_COLS = [c.id for c in edition("2021").table("appeals").columns]


def _wrong(report, expected: dict) -> list:
    return [(k, v, expected.get(k)) for k, v in report.values.items() if expected.get(k) != v]


def _appeals_page(data_cells: list[str], extra: int = 2) -> str:
    """表四 as Word saves it once its merges are lost: header rows padded with empty cells to the width of
    the document's grid (here ``extra`` columns wider than the table), the data row too."""
    pad = "<td></td>"
    header = [
        "<td>行政复议</td>" + pad * 4 + "<td>行政诉讼</td>" + pad * (9 + extra),
        pad * 5 + "<td>未经复议直接起诉</td>" + pad * 4 + "<td>复议后起诉</td>" + pad * (4 + extra),
        "".join(f"<td>{w}</td>" for w in ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3) + pad * extra,
    ]
    rows = "".join(f"<tr>{r}</tr>" for r in header)
    rows += "<tr>" + "".join(f"<td>{c}</td>" for c in data_cells) + "</tr>"
    return (HEAD + f"<p>四、政府信息公开行政复议、行政诉讼情况</p><table>{rows}</table>"
            "<p>五、存在的主要问题及改进情况</p>")


def test_appeals_header_padded_with_empty_cells_never_shifts_review_into_suits(tmp_path: Path) -> None:
    path = tmp_path / "r.html"
    path.write_text(_appeals_page([str(v) for v in APPEALS] + ["", ""]), encoding="utf-8")
    values = read_any(path).report.values
    assert [values.get(("appeals", "cases", c)) for c in APPEAL_COLS] == APPEALS


def test_appeals_row_ending_in_blanks_is_not_placed_by_position(tmp_path: Path) -> None:
    """Only the 行政复议 numbers, then blank cells cut short: where they sit is not certain, so none is placed
    (above all, 行政复议's numbers never land under 直接起诉)."""
    path = tmp_path / "r.html"
    path.write_text(_appeals_page(["10", "1", "0", "0", "11", "", ""]), encoding="utf-8")
    result = read_any(path)
    assert not any(k[0] == "appeals" for k in result.report.values)
    assert any(k.kind == "unplaced" for k in result.log) or any("表四" in e.message or "行政复议" in e.message
                                                                for e in result.log)


REQ_ROWS = ["一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "（一）予以公开"]
# Rows that do not add up (published errors): the arithmetic cannot tell rows from columns here.
REQ_VALUES = [[5, 1, 0, 0, 0, 0, 7], [2, 0, 0, 0, 0, 0, 1], [3, 0, 0, 0, 0, 0, 4]]
REQ_IDS = ["new", "carried_over", "disclosed"]
REQ_COLS = [c.id for c in edition("2021").table("requests").columns]


def _requests_text(lines: list[str]) -> str:
    return ("某某局2023年政府信息公开工作年度报告\n一、总体情况\n概述。\n三、收到和处理政府信息公开申请情况\n"
            + "\n".join(lines) + "\n四、政府信息公开行政复议、行政诉讼情况\n")


def _expected_requests() -> dict:
    return {("requests", r, c): v for r, vals in zip(REQ_IDS, REQ_VALUES, strict=True)
            for c, v in zip(REQ_COLS, vals, strict=True)}


def test_labels_moved_into_paragraphs_above_the_rows_never_send_numbers_to_another_row(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text(_requests_text(REQ_ROWS + [" ".join(map(str, v)) for v in REQ_VALUES]), encoding="utf-8")
    assert not _wrong(read_any(path).report, _expected_requests())


def test_labels_below_their_numbers_as_markitdown_writes_them(tmp_path: Path) -> None:
    lines = []
    for label, vals in zip(REQ_ROWS, REQ_VALUES, strict=True):
        lines += ["| | " + " | ".join(f"{a} {b}" for a, b in zip(vals[0:6:2], vals[1:6:2], strict=True))
                  + f" | {vals[6]} |", label]
    path = tmp_path / "r.md"
    path.write_text(_requests_text(lines), encoding="utf-8")
    report = read_any(path).report
    assert not _wrong(report, _expected_requests())
    assert {k[1] for k in report.values} == set(REQ_IDS)  # and every row is read


def test_two_numbers_in_one_cell_are_never_joined(tmp_path: Path) -> None:
    assert parse_number("77 50") is None
    assert parse_number("1 204") is None
    rows = "".join(f"<tr><td>{label}</td>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>" for label, cells in [
        (REQ_ROWS[0], ["77 50", "0", "0", "0", "0", "127"]),  # 7 numbers in 6 cells
        (REQ_ROWS[1], ["0"] * 7)])
    path = tmp_path / "r.html"
    path.write_text(HEAD + f"<p>三、收到和处理政府信息公开申请情况</p><table>{rows}</table>"
                    "<p>四、政府信息公开行政复议、行政诉讼情况</p>", encoding="utf-8")
    result = read_any(path)
    values = result.report.values
    assert any(e.kind == "note" and "“77 50”" in e.message for e in result.log)  # said, not silent
    assert 7750 not in values.values()
    assert values.get(("requests", "new", "natural_person")) in (None, 77)
    assert values.get(("requests", "new", "commercial")) in (None, 50)


# ------------------------------------------------------------------- stages alone


def test_tokens_split_cells_run_together_and_drop_padding_blanks() -> None:
    lt = line_tokens(0, Line(["一、本年新收", "21 0", "0 0", "0 0", "21"], table_row=True))
    assert [v[0] for v in lt.values] == [21, 0, 0, 0, 0, 0, 21] and not lt.grid
    header = line_tokens(1, Line(["行政复议", "", "", ""], table_row=True))
    assert header.values == []  # a padded header row holds no value cells
    grid = line_tokens(2, Line(["（一）予以公开", "1", "", "2"], table_row=True))
    assert grid.grid and grid.values[1] is None


def test_alignment_places_only_what_every_best_alignment_agrees_on() -> None:
    # Three number lines, labels of rows 0..2 on their own lines: certain.
    assert align_in_order([0, 1, 2], [{0}, {1}, {2}], [set(), set(), set()], 3) == {0: 0, 1: 1, 2: 2}
    # Labels 0..2 in a block before the first line: which line is which row is not certain.
    assert align_in_order([3, 4, 5], [set(), set(), set()], [{0, 1, 2}, set(), set()], 3) == {}
    # Label after its numbers, the next one on its own line: still certain.
    assert align_in_order([0, 2], [set(), {1}], [{0}, set()], 2) == {0: 0, 2: 1}


def test_edition_aliases_match_typos_and_old_wordings() -> None:
    ed = edition("2021")
    specs = specs_of(ed, list(ed.tables))
    assert match(label_key("2.其他法律行政止公开"), specs)[0].row == "withheld_prohibited"
    assert match(label_key("规范性文件"), specs)[0].row == "normative_documents"


def test_aliases_are_validated_by_the_loader(tmp_path: Path) -> None:
    text = (ROOT / "resources" / "formats" / "2021.toml").read_text(encoding="utf-8")
    bad = text.replace('aliases = ["规范性文件"]', 'aliases = ["行政规范性文件"]')  # the label itself
    assert bad != text
    with pytest.raises(SchemaError):
        load_edition_file(tmp_path / "x.toml", bad.encode("utf-8"))
    with pytest.raises(SchemaError):
        load_edition_file(tmp_path / "x.toml", text.replace('aliases = ["规范性文件"]', "aliases = [1]").encode())


def test_markdown_marks_and_separators_are_taken_off() -> None:
    lines, _ = markdown_lines("# 一、总体情况\n**加粗**的文字\n| a | b |\n| --- | --- |\n| 1 | 2 |\n")
    assert [x.cells for x in lines] == [["一、总体情况"], ["加粗的文字"], ["a", "b"], ["1", "2"]]


def test_every_imported_cell_keeps_its_source_text(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text(_requests_text([f"{lab} {' '.join(map(str, v))}" for lab, v in zip(REQ_ROWS, REQ_VALUES,
                                                                                        strict=True)]),
                    encoding="utf-8")
    result = read_any(path)
    src = result.sources[("requests", "new", "total")]
    assert "本年新收" in src and str(REQ_VALUES[0][6]) in src
    assert set(result.sources) == set(result.report.values)


# ------------------------------------------------------------------- the shared real files, every text form

FORMS = [("seeds", f"{s}.txt", s) for s in ("000_c853f221e2409669", "002_c9c843a15d4c8fa7")] + [
    ("realdata", f"{n}.{k}", n) for n in ("hongze-2023", "hongze-2024", "huaian-2024")
    for k in ("pypdf.txt", "pdfminer.txt", "pdftotext-layout.txt", "markitdown.md")]


@pytest.mark.parametrize(("folder", "name", "stem"), FORMS, ids=[f[1] for f in FORMS])
def test_shared_text_forms_read_99_percent_right_and_nothing_wrong(folder: str, name: str, stem: str) -> None:
    exp = json.loads(shared_path(folder, f"{stem}.expected.json").read_text(encoding="utf-8"))
    report = read_any(shared_path(folder, name)).report
    assert (report.edition_id, report.meta.agency, report.meta.year) == (
        exp["edition"], exp["meta"]["agency"], exp["meta"]["year"])
    right = total = 0
    wrong = []
    for table, rows in exp["values"].items():
        for row, cols in rows.items():
            for col, v in cols.items():
                want = None if v is None else Decimal(v) if isinstance(v, str) else v
                got = report.values.get((table, row, col))
                total += 1
                right += got == want
                if got is not None and got != want:
                    wrong.append(((table, row, col), got, want))
    assert not wrong
    assert right >= 0.99 * total, (right, total)


def test_blank_template_reads_as_a_blank_report() -> None:
    result = read_any(shared_path("realdata", "template-2021-blank.docx"))
    assert result.report.edition_id == "2021"
    assert not result.report.values and not result.report.meta.agency


def test_sample_report_survives_markdown(tmp_path: Path) -> None:
    """Our own report as a pipe-table Markdown file reads back cell for cell."""
    src = sample_report(2023, seed=5, agency="某某区商务局")
    ed = src.edition
    out = ["# 某某区商务局2023年政府信息公开工作年度报告", "## 一、总体情况", "概述。"]
    for s in ed.sections:
        if s.kind != "tables":
            continue
        out.append(f"## {s.heading}")
        for tid in s.tables:
            t = ed.table(tid)
            if t.caption:
                out.append(f"**{t.caption}**")
            out.append("| " + " | ".join(["项目"] + [c.label for c in t.columns]) + " |")
            out.append("|" + " --- |" * (len(t.columns) + 1))
            for r in t.rows:
                cells = [t.full_row_label(r.id) or "案件数"]
                for c in t.columns:
                    v = src.values.get((t.id, r.id, c.id))
                    cells.append("" if v is None else str(v))
                out.append("| " + " | ".join(cells) + " |")
    path = tmp_path / "r.md"
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    got = read_any(path).report
    wrong = [(k, v, src.values.get(k)) for k, v in got.values.items() if src.values.get(k) != v]
    assert not wrong
    assert len(got.values) >= 0.95 * len(src.values)


@pytest.mark.parametrize("encoding", ["quoted-printable", "base64"])
def test_mht_saved_by_a_browser_reads_like_its_page(tmp_path: Path, encoding: str) -> None:
    import base64
    import quopri

    from tests.import_quirks import quirky_html

    src = sample_report(2023, seed=7, agency="某某区商务局")
    raw = quirky_html(src).encode("gb18030")
    body = quopri.encodestring(raw) if encoding == "quoted-printable" else base64.encodebytes(raw)
    mht = (b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="----=_NextPart_01"\r\n\r\n'
           b"------=_NextPart_01\r\nContent-Location: file:///C:/report.htm\r\n"
           b"Content-Transfer-Encoding: " + encoding.encode() + b"\r\n"
           b'Content-Type: text/html; charset="gb2312"\r\n\r\n' + body + b"\r\n------=_NextPart_01--\r\n")
    path = tmp_path / "年报.mht"
    path.write_bytes(mht)
    got = read_any(path).report
    assert not [(k, v) for k, v in got.values.items() if src.values.get(k) != v]
    assert len(got.values) >= 0.95 * len(src.values)
    assert got.meta.agency == "某某区商务局"


def test_html2text_rows_broken_at_blank_cells_are_joined() -> None:
    text = ("信息内容 |  上一年项目数量 |  本年增/减 |  处理决定数量  \n行政许可 |  0 |  9 |    \n  \n"
            "行政强制 |    \n|  7 |  3  \n\n行政复议 |  行政诉讼  \n  \n|  2 |    \n|  1  \n")
    lines, _ = markdown_lines(text)
    rows = [[c.strip() for c in x.cells] for x in lines]
    assert ["行政许可", "0", "9", ""] in rows  # the row's last cell is blank
    assert ["行政强制", "", "7", "3"] in rows  # a blank cell broke the row in two
    assert ["—", "2", "", "1"] in rows  # the first cell is blank


def test_appeals_printed_as_three_small_tables_reads_as_one_row(tmp_path: Path) -> None:
    words = "".join(f"<td>{w}</td>" for w in ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"])
    parts = [("行政复议", APPEALS[0:5]), ("行政诉讼（未经复议直接起诉）", APPEALS[5:10]),
             ("行政诉讼（复议后起诉）", APPEALS[10:15])]
    tables = "".join(f"<p>{name}</p><table><tr>{words}</tr><tr>" + "".join(f"<td>{v}</td>" for v in vals)
                     + "</tr></table>" for name, vals in parts)
    path = tmp_path / "r.html"
    path.write_text(HEAD + f"<p>四、政府信息公开行政复议、行政诉讼情况</p>{tables}<p>五、存在的主要问题及改进情况</p>",
                    encoding="utf-8")
    values = read_any(path).report.values
    assert [values.get(("appeals", "cases", c)) for c in APPEAL_COLS] == APPEALS
    # Two of the three: which columns the numbers belong to is not certain, nothing is read.
    two = tables.split("<p>行政诉讼（复议后起诉）")[0]
    path.write_text(HEAD + f"<p>四、政府信息公开行政复议、行政诉讼情况</p>{two}<p>五、存在的主要问题及改进情况</p>",
                    encoding="utf-8")
    assert not any(k[0] == "appeals" for k in read_any(path).report.values)


def test_layout_text_rows_with_blank_cells_read_by_where_numbers_stand(tmp_path: Path) -> None:
    """pdftotext -layout: a row with blank cells has fewer numbers than columns; where they stand (the full
    rows show where each column is) tells which cells they are. A wide number wrapped above and below its
    row is joined only when the row then adds up."""
    cols = [22, 28, 34, 40, 46, 52, 58]

    def row(label: str, cells: dict[int, str]) -> str:
        line = label
        for c, text in sorted(cells.items()):
            start = cols[c] - len(text) // 2
            line = line.ljust(start) + text
        return line

    full = {i: str(v) for i, v in enumerate([5, 1, 0, 0, 0, 0, 6])}
    body = [row("一、本年新收政府信息公开申请数量", full),
            row("二、上年结转政府信息公开申请数量", {0: "2", 6: "2"}),  # five blank cells
            row("（一）予以公开", {0: "7", 1: "1", 2: "0", 3: "0", 4: "0", 5: "0"}),
            row("（二）部分公开", {6: "1"}),
            row("", {6: "1084"}),
            row("1.属于国家秘密", {0: "5000", 1: "5000", 2: "849", 3: "0", 4: "0", 5: "0"}),
            row("", {6: "9"}),
            row("2.其他法律行政法规禁止公开", full)]
    text = "某某局2023年政府信息公开工作年度报告\n一、总体情况\n" + "概述      本段      排版  文字\n" * 20 + \
        "三、收到和处理政府信息公开申请情况\n" + "\n".join(body) + "\n四、政府信息公开行政复议、行政诉讼情况\n"
    path = tmp_path / "r.txt"
    path.write_text(text, encoding="utf-8")
    result = read_any(path)
    v = result.report.values

    def cells(r: str) -> list:
        return [v.get(("requests", r, c)) for c in REQ_COLS]

    assert cells("carried_over") == [2, None, None, None, None, None, 2]
    assert cells("disclosed") == [7, 1, 0, 0, 0, 0, None]  # the 总计 cell is blank, not shifted
    assert cells("withheld_state_secret") == [5000, 5000, 849, 0, 0, 0, 10849]
    assert ("requests", "withheld_state_secret", "total") in {e.cell for e in result.log if e.kind == "adjusted"}
    # 部分公开's lone 1 sits right beside the wrapped 1084: not certain, not read.
    assert cells("partly_disclosed") == [None] * 7


def test_layout_text_columns_learnt_per_page_and_from_digit_slots(tmp_path: Path) -> None:
    """pdftotext -layout of a table continued on a wider page: page 2's columns stand elsewhere, and its one
    full row of wide numbers is packed tighter than the slots its single digits print in. Rows with blanks
    there are read by those slots (each balancing as its row must), the line of a label wrapped round its
    numbers too; a row that does not balance is left blank."""
    one, two = [22, 28, 34, 40, 46, 52, 58], [30, 37, 44, 51, 58, 65, 72]

    def row(label: str, cells: dict[int, str], cols: list[int]) -> str:
        line = label
        for c, text in sorted(cells.items()):
            line = line.ljust(cols[c] - len(text) // 2) + text
        return line

    packed = [29, 34, 40, 46, 52, 58, 64]  # the full row of two-digit numbers, not under the slots
    body = [row("一、本年新收政府信息公开申请数量", {i: str(v) for i, v in enumerate([5, 1, 0, 0, 0, 0, 6])}, one),
            row("二、上年结转政府信息公开申请数量", {0: "2", 6: "2"}, one),
            "\f" + " " * 30 + "申请人情况",
            row("（一）予以公开", {0: "1", 1: "2", 6: "3"}, two),
            row("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", {2: "1", 3: "4", 6: "5"}, two),
            row("1.属于国家秘密", {4: "1", 5: "2", 6: "9"}, two),  # 1 + 2 ≠ 9: not certain
            "   2.其他法律行政法规禁止公",
            row("", {4: "1", 5: "2", 6: "3"}, two),
            "   开",
            row("（七）总计", {i: str(v) for i, v in enumerate([10, 11, 12, 13, 14, 15, 75])}, packed)]
    text = "某某局2023年政府信息公开工作年度报告\n一、总体情况\n" + "概述      本段      排版  文字\n" * 20 + \
        "三、收到和处理政府信息公开申请情况\n" + "\n".join(body) + "\n四、政府信息公开行政复议、行政诉讼情况\n"
    path = tmp_path / "r.txt"
    path.write_text(text, encoding="utf-8")
    v = read_any(path).report.values

    def cells(r: str) -> list:
        return [v.get(("requests", r, c)) for c in REQ_COLS]

    assert cells("carried_over") == [2, None, None, None, None, None, 2]
    assert cells("disclosed") == [1, 2, None, None, None, None, 3]
    assert cells("partly_disclosed") == [None, None, 1, 4, None, None, 5]
    assert cells("withheld_prohibited") == [None, None, None, None, 1, 2, 3]
    assert cells("withheld_state_secret") == [None] * 7
    assert cells("results_total") == [10, 11, 12, 13, 14, 15, 75]


@pytest.mark.parametrize(("last", "read"), [("1084 9", 10849), ("1084 8", None)])
def test_wrapped_number_inside_a_cell_is_joined_only_when_the_row_adds_up(tmp_path: Path, last: str, read) -> None:
    cells = ["2749", "2645", "919", "946", "2643", "947", last]
    rows = f"<tr><td>{REQ_ROWS[0]}</td>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"
    path = tmp_path / "r.html"
    path.write_text(HEAD + f"<p>三、收到和处理政府信息公开申请情况</p><table>{rows}</table>"
                    "<p>四、政府信息公开行政复议、行政诉讼情况</p>", encoding="utf-8")
    result = read_any(path)
    assert result.report.values.get(("requests", "new", "total")) == read
    adjusted = {e.cell for e in result.log if e.kind == "adjusted"}
    assert (("requests", "new", "total") in adjusted) == (read is not None)


# pdftotext -layout of 表四 as poppler prints it (our corpus, LibreOffice's PDF): each group's four column
# labels are one text block (one space apart), each 总计 a block of its own.
_APPEALS_LAYOUT_HEADER = [
    "         行政复议                                   行政诉讼",
    "                                 未经复议直接起诉                          复议后起诉",
    "结果维 结果纠 其他结 尚未审",
    "                       总计   结果维 结果纠 其他结 尚未审              结果维 结果纠 其他结 尚未审",
    " 持   正   果   结                                  总计                             总计",
    "                             持   正   果   结                持   正   果   结",
]


def _layout_report(art20_1: list[str], appeals_row: list[tuple[int, str]]) -> str:
    line = ""
    for start, number in appeals_row:
        line = line.ljust(start) + number
    return ("某某局2023年政府信息公开工作年度报告\n一、总体情况\n" + "概述      本段      排版  文字\n" * 20
            + "二、主动公开政府信息情况\n                         第二十条第（一）项\n"
            + "       信息内容            本年制发件数         本年废止件数          现行有效件数\n"
            + "\n".join(art20_1) + "\n三、收到和处理政府信息公开申请情况\n四、政府信息公开行政复议、行政诉讼情况\n"
            + "\n".join(_APPEALS_LAYOUT_HEADER) + "\n" + line + "\n五、存在的主要问题及改进情况\n无。\n")


_APPEALS_COLS = ["review_upheld", "review_corrected", "review_other", "review_pending", "review_total",
                 "direct_suit_upheld", "direct_suit_corrected", "direct_suit_other", "direct_suit_pending",
                 "direct_suit_total", "suit_after_review_upheld", "suit_after_review_corrected",
                 "suit_after_review_other", "suit_after_review_pending", "suit_after_review_total"]

_FULL_SECOND_GROUP = [(29, "1"), (33, "2"), (37, "0"), (41, "1"), (48, "4")]


@pytest.mark.parametrize(("row", "want"), [
    # 行政复议 has two of its four numbers (which two cells is not certain) and its 总计; 直接起诉 all five.
    ([(1, "3"), (5, "1"), (23, "4"), *_FULL_SECOND_GROUP],
     [None, None, None, None, 4, 1, 2, 0, 1, 4, None, None, None, None, None]),
    # A number between 行政复议's label block and its 总计 block could be either: neither is read.
    ([(1, "3"), (19, "7"), *_FULL_SECOND_GROUP],
     [None] * 5 + [1, 2, 0, 1, 4] + [None] * 5),
    # The blocks place 直接起诉's five numbers, but 1+2+0+1 ≠ 5: not certain, the row is not read.
    ([(1, "3"), (5, "1"), (23, "4"), *_FULL_SECOND_GROUP[:4], (48, "5")], [None] * 15),
])
def test_layout_appeals_row_with_blanks_read_by_header_blocks(tmp_path: Path, row, want) -> None:
    """表四's one label-less row with blank cells: the 总计 columns and a group with all its numbers are
    placed by where poppler's header blocks stand; numbers inside a group with blanks stay blank."""
    path = tmp_path / "r.txt"
    path.write_text(_layout_report(["规章".ljust(60) + "0"], row), encoding="utf-8")
    result = read_any(path)
    assert [result.report.values.get(("appeals", "cases", c)) for c in _APPEALS_COLS] == want


def test_layout_art20_rows_without_a_full_row_read_by_header_blocks(tmp_path: Path) -> None:
    """第二十条第（一）项 with no full row on its page: each column label is a block of its own, so a number
    wholly right of one label block and left of the next is that column's."""
    path = tmp_path / "r.txt"
    rows = ["规章".ljust(60) + "0", "行政规范性文件".ljust(19) + "2".ljust(41) + "7"]
    path.write_text(_layout_report(rows, [(23, "4")]), encoding="utf-8")
    v = read_any(path).report.values
    assert [v.get(("art20_1", "regulations", c)) for c in ("issued", "repealed", "in_force")] == [None, None, 0]
    assert [v.get(("art20_1", "normative_documents", c)) for c in ("issued", "repealed", "in_force")] == [2, None, 7]


def test_layout_blocks_place_only_what_every_reading_agrees_on() -> None:
    from editor.io.recognize.layout_blocks import HeaderBlock, header_blocks, place

    labels = (("结果维持",), ("结果纠正",), ("其他结果",), ("尚未审结",), ("总计",))
    words = [[(m, (s + e) / 2) for m, s, e in line]
             for line in ([("结果维", 0, 3), ("结果纠", 4, 7), ("其他结", 8, 11), ("尚未审", 12, 15)],
                          [("总计", 23, 25)])]
    blocks = header_blocks(words, labels)
    assert blocks == [HeaderBlock(0, 15, 0, 3), HeaderBlock(23, 25, 4, 4)]
    assert place(blocks, [(1, 2), (5, 6), (9, 10), (13, 14), (23, 24)]) == ([0, 1, 2, 3, 4], set())
    assert place(blocks, [(1, 2), (23, 24)]) == ([None, 4], set())
    assert place(blocks, [(23, 24)]) == ([4], {0, 1, 2, 3})
    assert place(blocks, [(19, 20)]) == ([None], set())  # right of the label block, left of 总计: either
    assert place(blocks, [(1, 2), (3, 4)]) is None  # one space apart: one block, its columns say nothing
    # A label word one space from other text: where its block ends is unknown.
    assert header_blocks([[("信息内容", 2), ("总计", 6)]], (("总计",),)) is None
    assert header_blocks([[("信息内容", 2), ("总计", 8)]], (("总计",),)) == [HeaderBlock(7, 9, 0, 0)]


def test_layout_money_with_its_unit_printed_apart_is_one_cell_under_its_column(tmp_path: Path) -> None:
    """“政府集中采购        671.32 万元”: the unit pdftotext prints after the number is that number's; the lone
    amount stands under 采购总金额's header block, not under 采购项目数量's."""
    from editor.io.recognize.lines import from_text

    lines, _ = from_text("\n".join(["       信息内容         采购项目数量                   采购总金额",
                                    "政府集中采购                                      671.32 万元"] * 10))
    assert lines[1].cells[-1] == "671.32万元" and lines[1].xs[-1] == 47.0  # the middle of its digits
    text = ("某某局2019年政府信息公开工作年度报告\n一、总体情况\n" + "概述      本段      排版  文字\n" * 20
            + "二、主动公开政府信息情况\n                      第二十条第（九）项\n"
            + "       信息内容         采购项目数量                   采购总金额\n"
            + "政府集中采购                                      671.32 万元\n"
            + "三、收到和处理政府信息公开申请情况\n四、政府信息公开行政复议、行政诉讼情况\n"
            + "五、存在的主要问题及改进情况\n无。\n")
    path = tmp_path / "r.txt"
    path.write_text(text, encoding="utf-8")
    report = read_any(path).report
    assert report.edition_id == "2019"
    assert report.values.get(("art20_9", "procurement", "amount")) == Decimal("671.32")
    assert ("art20_9", "procurement", "count") not in report.values
