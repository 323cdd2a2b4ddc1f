"""Reading Word files back: files of ours edited in Word, other people's files, and broken or hostile ones."""

from __future__ import annotations

import io
import sys
import types
import zipfile

import docx
import pytest

from editor.io import zip_guard
from editor.io.docx import package as docx_package
from editor.io.docx.export import P_VERSION, write_docx
from editor.io.docx.importer import read_docx
from editor.io.formats import ImportResult, read_any
from editor.io.native import ReportFileError
from editor.report import Report
from tests.conftest import shared_path
from tests.docx_helpers import full_report


@pytest.fixture
def ours(tmp_path):
    report = full_report(2024)
    path = tmp_path / "ours.docx"
    write_docx(report, path, blank_as_zero=False)
    return report, path


def _set_cell(path, table_index: int, row: int, col: int, text: str):
    doc = docx.Document(str(path))
    cell = doc.tables[table_index].cell(row, col)
    cell.paragraphs[0].runs[0].text = text
    doc.save(str(path))


def test_values_edited_in_word_are_read_from_the_page(ours):
    report, path = ours
    # 三, row 一、本年新收…, column 自然人: grid row 3, col 3; 四: the data row is grid row 3.
    _set_cell(path, 1, 3, 3, "１，２３４".replace("，", ","))  # full-width digits, thousands separator
    _set_cell(path, 2, 3, 0, "abc")
    result = read_docx(path)
    assert result.report.get(("requests", "new", "natural_person")) == 1234
    assert result.report.get(("appeals", "cases", "review_upheld")) is None
    bad = [e for e in result.log if e.cell == ("appeals", "cases", "review_upheld")]
    assert len(bad) == 1 and bad[0].kind == "unplaced" and "“abc”不是数字" in bad[0].message
    # Everything else is untouched.
    assert result.report.get(("appeals", "cases", "review_total")) == report.get(("appeals", "cases", "review_total"))


def test_changed_label_is_logged_not_guessed(ours):
    _report, path = ours
    doc = docx.Document(str(path))
    cell = doc.tables[1].cell(3, 0)
    assert cell.text == "一、本年新收政府信息公开申请数量"
    cell.paragraphs[0].runs[0].text = "一、本年新收申请数量"
    doc.save(str(path))
    result = read_docx(path)
    assert any(e.kind == "note" and "一、本年新收申请数量" in e.message for e in result.log)


def test_changed_structure_is_refused(ours):
    _report, path = ours
    doc = docx.Document(str(path))
    tbl = doc.tables[1]._tbl
    tbl.remove(tbl.tr_lst[5])
    doc.save(str(path))
    with pytest.raises(ReportFileError, match="表格结构已被改动"):
        read_docx(path)


def test_newer_program_version_is_refused(ours, monkeypatch):
    report, path = ours
    real = docx_package.set_custom_properties

    def newer(doc, props):
        real(doc, {**props, P_VERSION: "99"})

    monkeypatch.setattr("editor.io.docx.export.set_custom_properties", newer)
    write_docx(report, path)
    with pytest.raises(ReportFileError, match="请升级本程序"):
        read_docx(path)


def test_prose_added_in_word_reads_back_in_its_section(ours):
    report, path = ours
    doc = docx.Document(str(path))
    six = next(p for p in doc.paragraphs if p.text == "六、其他需要报告的事项")
    six.insert_paragraph_before("新增一段。")  # typed at the end of 五, in Word's default style
    doc.save(str(path))
    result = read_docx(path)
    assert result.report.texts["problems"] == report.texts["problems"] + "\n新增一段。"


# ----------------------------------------------------------------------------- other people's files


def test_foreign_docx_goes_to_the_recognizer(tmp_path, monkeypatch):
    calls = []

    def read_foreign_docx(p, package=None):
        calls.append(p)
        assert package is not None  # the package opened to look for our marker is handed over: vetted once
        return ImportResult(Report.blank(2023))

    monkeypatch.setitem(sys.modules, "editor.io.docx.foreign",
                        types.SimpleNamespace(read_foreign_docx=read_foreign_docx))
    path = tmp_path / "other.docx"
    docx.Document().save(str(path))
    result = read_any(path)
    assert calls == [path] and result.report.meta.year == 2023


def test_real_wps_template_is_not_taken_for_ours():
    # Not ours: it goes to the recognizer, which reads it as a blank 2021-edition report.
    result = read_docx(shared_path("realdata", "template-2021-blank.docx"))
    assert result.report.edition_id == "2021" and result.report.values == {}


# ----------------------------------------------------------------------------- broken and hostile files


def _zip(path, members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(path, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)


def test_not_a_zip(tmp_path):
    path = tmp_path / "x.docx"
    path.write_text("这不是 Word 文件", encoding="utf-8")
    with pytest.raises(ReportFileError, match="不是 Word 文件"):
        read_docx(path)


def test_old_doc_renamed(tmp_path):
    path = tmp_path / "x.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(ReportFileError, match=r"另存为 \.docx"):
        read_docx(path)


def test_truncated_file(ours):
    _report, path = ours
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ReportFileError):
        read_docx(path)


def test_zip_without_a_document(tmp_path):
    path = tmp_path / "x.docx"
    _zip(path, {"[Content_Types].xml": b"<Types/>", "hello.txt": b"hi"})
    with pytest.raises(ReportFileError, match="缺少正文"):
        read_docx(path)


def test_corrupt_member(ours):
    _report, path = ours
    buf = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                data = data[:-200]  # cut XML
            dst.writestr(info, data)
    path.write_bytes(buf.getvalue())
    with pytest.raises(ReportFileError, match="已损坏"):
        read_docx(path)


def test_zip_bomb_is_refused_before_inflating(tmp_path):
    path = tmp_path / "bomb.docx"
    _zip(path, {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>",
                "word/media/big.bin": b"\0" * (30 * 1024 * 1024)})
    assert path.stat().st_size < 100_000
    with pytest.raises(ReportFileError, match="压缩炸弹"):
        read_docx(path)


def test_too_large(tmp_path, monkeypatch, ours):
    _report, path = ours
    monkeypatch.setattr(zip_guard, "MAX_FILE", 1000)
    with pytest.raises(ReportFileError, match="太大"):
        read_docx(path)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(ReportFileError, match="找不到文件"):
        read_docx(tmp_path / "none.docx")
    folder = tmp_path / "dir.docx"
    folder.mkdir()
    with pytest.raises(ReportFileError, match="文件夹"):
        read_docx(folder)


def test_spreadsheet_renamed_to_docx(tmp_path):
    """A package that has a word/document.xml but is declared as another kind of document."""
    path = tmp_path / "x.docx"
    ours_path = tmp_path / "ours.docx"
    write_docx(full_report(2024), ours_path)
    buf = io.BytesIO()
    with zipfile.ZipFile(ours_path) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"wordprocessingml.document.main+xml", b"wordprocessingml.template.main+xml")
            dst.writestr(info, data)
    path.write_bytes(buf.getvalue())
    with pytest.raises(ReportFileError, match="不是普通的 Word 文档"):
        read_docx(path)


def test_cli_refuses_with_a_chinese_message_not_a_traceback(tmp_path, monkeypatch, capsys):
    from editor.cli import main

    bad = tmp_path / "坏文件.docx"
    bad.write_bytes(b"PK\x03\x04 broken")
    assert main(["convert", str(bad), str(tmp_path / "out.json")]) == 2
    err = capsys.readouterr().err
    assert "错误：" in err and "坏文件.docx" in err and "Traceback" not in err
    assert not (tmp_path / "out.json").exists()
