"""Bad input gets a clear Chinese message (ReportFileError), never a traceback, and nothing is written."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from editor.io.formats import read_any
from editor.io.native import ReportFileError
from editor.io.office_convert import read_via_office
from editor.samples import sample_report
from tests.import_quirks import quirky_docx


def _refused(path: Path, *words: str) -> str:
    with pytest.raises(ReportFileError) as err:
        read_any(path)
    msg = str(err.value)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in msg)
    for w in words:
        assert w in msg
    return msg


def test_random_bytes_behind_txt(tmp_path: Path) -> None:
    p = tmp_path / "x.txt"
    p.write_bytes(bytes(range(256)) * 40)
    _refused(p, "不是文本文件")


def test_text_without_a_report(tmp_path: Path) -> None:
    p = tmp_path / "x.txt"
    p.write_text("会议纪要\n与会人员：张三、李四。\n", encoding="gbk")
    _refused(p, "没有找到")


def test_empty_text(tmp_path: Path) -> None:
    p = tmp_path / "x.txt"
    p.write_bytes(b"")
    _refused(p)


def test_huge_text(tmp_path: Path) -> None:
    p = tmp_path / "x.txt"
    with p.open("wb") as f:
        f.seek(6 * 1024 * 1024)
        f.write(b"x")
    _refused(p, "太大")


def test_gbk_text_reads(tmp_path: Path) -> None:
    src = Path(__file__).parent / "fixtures" / "import" / "gbk-2019.txt"
    report = read_any(src).report
    assert report.edition_id == "2019" and report.meta.agency == "某某县农业农村局"
    assert report.values[("art20_5", "other_services", "change")] == -2


def test_not_a_pdf(tmp_path: Path) -> None:
    p = tmp_path / "x.pdf"
    p.write_text("<html>hello</html>", encoding="utf-8")
    _refused(p, "不是 PDF")


def test_corrupt_pdf(tmp_path: Path) -> None:
    p = tmp_path / "x.pdf"
    p.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20)
    _refused(p)


def test_pdf_without_text_layer(tmp_path: Path) -> None:
    import pypdf

    w = pypdf.PdfWriter()
    w.add_blank_page(595, 842)
    p = tmp_path / "scan.pdf"
    with p.open("wb") as f:
        w.write(f)
    _refused(p, "没有文字层")


def test_encrypted_pdf(tmp_path: Path) -> None:
    import pypdf

    w = pypdf.PdfWriter()
    w.add_blank_page(595, 842)
    w.encrypt(user_password="secret", owner_password="owner")
    p = tmp_path / "locked.pdf"
    with p.open("wb") as f:
        w.write(f)
    _refused(p, "加密")


def test_docx_that_is_not_a_zip(tmp_path: Path) -> None:
    from editor.io.docx.foreign import read_foreign_docx

    p = tmp_path / "x.docx"
    p.write_text("hello", encoding="utf-8")
    with pytest.raises(ReportFileError, match="不是 Word"):
        read_foreign_docx(p)


def test_docx_zip_bomb(tmp_path: Path) -> None:
    from editor.io.docx.foreign import read_foreign_docx

    p = tmp_path / "bomb.docx"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"\0" * (40 * 1024 * 1024))
    with pytest.raises(ReportFileError, match="压缩"):
        read_foreign_docx(p)


def test_docx_with_xml_entities(tmp_path: Path) -> None:
    from editor.io.docx.foreign import read_foreign_docx

    good = tmp_path / "good.docx"
    quirky_docx(sample_report(2023), good)
    bad = tmp_path / "bad.docx"
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(bad, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename == "word/document.xml":
                data = data.replace(b"?>", b'?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>', 1)
            zout.writestr(item, data)
    with pytest.raises(ReportFileError, match="DOCTYPE"):
        read_foreign_docx(bad)


def test_corrupt_docx(tmp_path: Path) -> None:
    from editor.io.docx.foreign import read_foreign_docx

    good = tmp_path / "good.docx"
    quirky_docx(sample_report(2023), good)
    data = good.read_bytes()
    bad = tmp_path / "bad.docx"
    bad.write_bytes(data[: len(data) // 2])
    with pytest.raises(ReportFileError):
        read_foreign_docx(bad)


def test_old_binary_office_file_behind_docx(tmp_path: Path) -> None:
    from editor.io.docx.foreign import read_foreign_docx

    p = tmp_path / "x.docx"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1000)
    with pytest.raises(ReportFileError, match="另存为"):
        read_foreign_docx(p)


def test_xlsx_garbage(tmp_path: Path) -> None:
    from editor.io.xlsx.foreign import read_foreign_xlsx

    p = tmp_path / "x.xlsx"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "not a workbook")
    p.write_bytes(buf.getvalue())
    with pytest.raises(ReportFileError, match="Excel"):
        read_foreign_xlsx(p)


def test_html_that_is_not_html(tmp_path: Path) -> None:
    p = tmp_path / "x.html"
    p.write_bytes(b"%PDF-1.4 " + b"1234567890" * 10)
    _refused(p)


def test_office_conversion_of_a_broken_doc(tmp_path: Path) -> None:
    p = tmp_path / "x.wps"
    p.write_bytes(b"\0\1\2garbage" * 10)
    with pytest.raises(ReportFileError, match="另存为"):
        read_via_office(p)


def test_office_conversion_without_libreoffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import editor.io.office_convert as oc

    monkeypatch.setattr(oc, "find_soffice", lambda: None)
    p = tmp_path / "x.doc"
    p.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(ReportFileError, match=re.escape("请在 Word/WPS 中另存为 .docx 后再打开")):
        read_via_office(p)


def test_doc_through_libreoffice(tmp_path: Path) -> None:
    import subprocess

    from editor.io.office_convert import find_soffice

    soffice = find_soffice()
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    src = sample_report(2023, seed=4, agency="某某区教育局")
    docx_path = tmp_path / "r.docx"
    quirky_docx(src, docx_path)
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless",
                    "--convert-to", "doc", "--outdir", str(tmp_path), str(docx_path)],
                   capture_output=True, timeout=180, check=False)
    doc = tmp_path / "r.doc"
    if not doc.exists():
        pytest.skip("LibreOffice could not write a .doc here")
    result = read_any(doc)
    assert result.report.values == src.values
    assert result.log[0].kind == "converted"
