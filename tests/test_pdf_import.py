"""The PDFium reader: tables rebuilt from characters and ruling lines, encrypted files, bounds, and the
formats around it (.xls, .ofd)."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.io.formats import open_dialog_extensions, read_any
from editor.io.native import ReportFileError
from editor.io.pdf import importer
from editor.io.pdf.layout import Char, page_lines, rules_from_box
from tests.conftest import shared_path


def _word(text: str, left: float, bottom: float, size: float = 10.0) -> list[Char]:
    return [Char(ch, left + i * size, bottom, left + (i + 1) * size - 1, bottom + size) for i, ch in enumerate(text)]


def _grid(xs: list[float], ys: list[float]) -> list:
    rules = []
    for x in xs:
        rules += rules_from_box(x - 0.5, ys[-1], x + 0.5, ys[0], False)
    for y in ys:
        rules += rules_from_box(xs[0], y - 0.5, xs[-1], y + 0.5, False)
    return rules


def test_ruled_table_keeps_a_blank_cell_in_its_place_and_joins_a_wrapped_label() -> None:
    xs, ys = [0, 100, 150, 200], [300, 260, 230]
    chars = (_word("一、本年新收", 5, 282) + _word("申请数量", 5, 266)  # a label wrapped inside its cell
             + _word("12", 110, 274)  # column 1; column 2 is blank
             + _word("行政许可", 5, 240) + _word("3", 110, 240) + _word("45", 160, 240))
    lines = page_lines(chars, _grid(xs, ys))
    assert [(x.cells, x.table_row) for x in lines] == [
        (["一、本年新收申请数量", "12", ""], True),
        (["行政许可", "3", "45"], True),
    ]


def test_merged_cells_read_once_and_vertical_continuations_blank() -> None:
    # Top row: one cell across columns 1-2 (no rule between them); column 0 spans both rows.
    rules = [*rules_from_box(-0.5, 240, 0.5, 300, False), *rules_from_box(99.5, 240, 100.5, 300, False),
             *rules_from_box(149.5, 240, 150.5, 270, False), *rules_from_box(199.5, 240, 200.5, 300, False),
             *rules_from_box(0, 299.5, 200, 300.5, False), *rules_from_box(100, 269.5, 200, 270.5, False),
             *rules_from_box(0, 239.5, 200, 240.5, False)]
    chars = _word("情况", 5, 265) + _word("申请人", 120, 280) + _word("7", 110, 250) + _word("8", 160, 250)
    lines = page_lines(chars, rules)
    assert [x.cells for x in lines] == [["情况", "申请人"], ["", "7", "8"]]


def test_text_outside_tables_is_lines_with_numbers_split_off() -> None:
    chars = _word("行政处罚", 0, 100) + _word("4119", 200, 100) + _word("195", 300, 100)
    [line] = page_lines(chars, [])
    assert line.cells == ["行政处罚", "4119", "195"] and not line.table_row


@pytest.fixture(scope="module")
def huaian() -> Path:
    return shared_path("realdata", "huaian-2024.pdf")


def test_pdf_with_empty_user_password_reads_like_the_plain_file(huaian: Path, tmp_path: Path) -> None:
    import pypdf

    reader = pypdf.PdfReader(str(huaian))
    w = pypdf.PdfWriter(clone_from=reader)
    w.encrypt(user_password="", owner_password="owner-only", algorithm="RC4-128")  # printing/copy restricted
    locked = tmp_path / "restricted.pdf"
    with locked.open("wb") as f:
        w.write(f)
    assert pypdf.PdfReader(str(locked)).is_encrypted
    plain = read_any(huaian).report
    got = read_any(locked).report
    assert got.values == plain.values and len(got.values) > 150
    assert got.meta.agency == "淮安市人民政府"


def test_pdf_that_needs_a_password_is_refused_in_chinese(huaian: Path, tmp_path: Path) -> None:
    import pypdf

    w = pypdf.PdfWriter(clone_from=pypdf.PdfReader(str(huaian)))
    w.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    p = tmp_path / "locked.pdf"
    with p.open("wb") as f:
        w.write(f)
    with pytest.raises(ReportFileError, match=r"已加密.*密码"):
        read_any(p)


def test_page_cap_and_time_budget(huaian: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importer, "MAX_PAGES", 5)
    with pytest.raises(ReportFileError, match="6 页"):
        read_any(huaian)
    monkeypatch.setattr(importer, "MAX_PAGES", 300)
    monkeypatch.setattr(importer, "TIME_BUDGET", 0.0)
    with pytest.raises(ReportFileError, match="超时"):
        read_any(huaian)
    monkeypatch.setattr(importer, "TIME_BUDGET", 20.0)
    monkeypatch.setattr(importer, "MAX_BYTES", 1000)
    with pytest.raises(ReportFileError, match="太大"):
        read_any(huaian)


def test_pdfium_failure_is_a_chinese_reason(huaian: Path, tmp_path: Path) -> None:
    p = tmp_path / "cut.pdf"
    p.write_bytes(huaian.read_bytes()[:3000])
    with pytest.raises(ReportFileError, match=r"cut\.pdf"):
        read_any(p)


def test_ofd_is_refused_with_what_to_do_and_not_offered(tmp_path: Path) -> None:
    p = tmp_path / "年报.ofd"
    p.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(ReportFileError, match=r"OFD.*PDF"):
        read_any(p)
    assert ".ofd" not in open_dialog_extensions()
    assert {".pdf", ".xls", ".xlsx", ".docx"} <= set(open_dialog_extensions())


def test_open_dialog_filter_is_built_from_the_readers() -> None:
    from editor.ui.main_window import OPEN_FILTER

    assert "*.xls " in OPEN_FILTER and "*.ofd" not in OPEN_FILTER


def test_web_page_saved_as_xls_is_read_as_the_page(tmp_path: Path) -> None:
    from editor.samples import sample_report
    from tests.import_quirks import quirky_html

    src = sample_report(2023, seed=3)
    p = tmp_path / "导出.xls"
    p.write_text(quirky_html(src), encoding="utf-8")
    result = read_any(p)
    assert any("网页" in e.message for e in result.log)
    assert result.report.values == {k: v for k, v in result.report.values.items() if src.values.get(k) == v}
    assert len(result.report.values) > 100


def test_xlsx_named_xls_and_junk_are_refused(tmp_path: Path) -> None:
    p = tmp_path / "a.xls"
    p.write_bytes(b"PK\x03\x04" + b"\0" * 100)
    with pytest.raises(ReportFileError, match=r"\.xlsx"):
        read_any(p)
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 8)
    with pytest.raises(ReportFileError, match=r"a\.xls"):
        read_any(p)


def test_a_page_of_thousands_of_rules_is_read_as_text_in_bounded_time() -> None:
    import time

    rules = []
    for k in range(120):  # a forged page: short dashes 3 pt apart, none touching, none merging
        for m in range(50):
            rules += rules_from_box(10 * m, 3 * k, 10 * m + 4, 3 * k + 0.4, False)
    chars = _word("行政处罚", 10, 400) + _word("4119", 200, 400)
    start = time.perf_counter()
    lines = page_lines(chars, rules)
    assert time.perf_counter() - start < 2.0
    assert [x.cells for x in lines] == [["行政处罚", "4119"]]


def test_a_grid_drawn_as_one_path_gives_its_rules(tmp_path: Path) -> None:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    doc = pdfium.PdfDocument.new()
    page = doc.new_page(595, 842)
    path = raw.FPDFPageObj_CreateNewPath(100, 700)
    for x in (100, 200, 300):  # three verticals from y 700 to 600, then two horizontals
        raw.FPDFPath_MoveTo(path, x, 700)
        raw.FPDFPath_LineTo(path, x, 600)
    for y in (700, 600):
        raw.FPDFPath_MoveTo(path, 100, y)
        raw.FPDFPath_LineTo(path, 300, y)
    raw.FPDFPath_SetDrawMode(path, 0, 1)
    raw.FPDFPage_InsertObject(page, path)
    raw.FPDFPage_GenerateContent(page)
    out = tmp_path / "grid.pdf"
    doc.save(str(out))
    saved = pdfium.PdfDocument(str(out))  # kept alive: a page must not outlive its document
    page = saved[0]
    rules = importer._rules(page, raw)
    assert sorted((r.horizontal, round(r.at), round(r.start), round(r.end)) for r in rules) == [
        (False, 100, 600, 700), (False, 200, 600, 700), (False, 300, 600, 700),
        (True, 600, 100, 300), (True, 700, 100, 300)]
    cells = page_lines(_word("行政许可", 110, 640) + _word("38", 210, 640), rules)
    assert [x.cells for x in cells] == [["行政许可", "38"]]


@pytest.mark.parametrize("turn", [90, 180, 270])
def test_page_stored_turned_with_rotate_reads_as_displayed(huaian: Path, tmp_path: Path, turn: int) -> None:
    import pypdf

    # Content turned in the page and /Rotate turning it back: what some PDF printers make of landscape.
    w = pypdf.PdfWriter(clone_from=str(huaian))
    for page in w.pages:
        page.rotate(turn)
        page.transfer_rotation_to_content()
        page.rotate(360 - turn)
    p = tmp_path / "turned.pdf"
    w.write(str(p))
    assert pypdf.PdfReader(str(p)).pages[0].get("/Rotate") == 360 - turn
    assert read_any(p).report.values == read_any(huaian).report.values


def test_number_wrapped_in_a_narrow_cell_is_joined_only_within_one_row() -> None:
    xs, ys = [0, 100, 130], [300, 270, 240]
    wrapped = _word("行政许可", 5, 250) + _word("1084", 102, 256, 6) + _word("9", 110, 246, 6)
    assert [x.cells for x in page_lines(wrapped, _grid(xs, ys))] == [["行政许可", "10849"]]
    # No rule between the two rows in the number column: two rows' figures may share the cell.
    rules = [r for r in _grid(xs, ys) if not (r.horizontal and r.at == 270)]
    rules += rules_from_box(0, 269.5, 100, 270.5, False)
    stacked = _word("行政处罚", 5, 280) + _word("行政强制", 5, 250) + _word("12", 105, 276, 6) + _word("5", 110, 246, 6)
    assert [x.cells for x in page_lines(stacked, rules)] == [["行政处罚", "12 5"], ["行政强制", ""]]


def test_web_archive_saved_as_xls_is_read_as_the_page(tmp_path: Path) -> None:
    from email.mime.multipart import MIMEMultipart
    from email.mime.text import MIMEText

    from editor.samples import sample_report
    from tests.import_quirks import quirky_html

    src = sample_report(2023, seed=4)
    msg = MIMEMultipart("related")
    msg.attach(MIMEText(quirky_html(src), "html", "utf-8"))
    p = tmp_path / "导出.xls"
    p.write_bytes(msg.as_bytes())
    result = read_any(p)
    assert any(".mht" in e.message for e in result.log)
    assert len(result.report.values) > 100
    assert all(src.values.get(k) == v for k, v in result.report.values.items())


def test_a_page_background_rectangle_is_not_a_table_frame(tmp_path: Path) -> None:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    doc = pdfium.PdfDocument.new()
    page = doc.new_page(595, 842)
    background = raw.FPDFPageObj_CreateNewRect(0, 0, 595, 842)
    raw.FPDFPath_SetDrawMode(background, 1, 0)
    raw.FPDFPage_InsertObject(page, background)
    cell = raw.FPDFPageObj_CreateNewRect(100, 600, 80, 30)  # a cell's shading
    raw.FPDFPath_SetDrawMode(cell, 1, 0)
    raw.FPDFPage_InsertObject(page, cell)
    raw.FPDFPage_GenerateContent(page)
    out = tmp_path / "bg.pdf"
    doc.save(str(out))
    saved = pdfium.PdfDocument(str(out))  # kept alive: a page must not outlive its document
    rules = importer._rules(saved[0], raw)
    assert sorted((r.horizontal, round(r.at)) for r in rules) == [(False, 100), (False, 180), (True, 600), (True, 630)]
