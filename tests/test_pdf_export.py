"""PDF without an office suite: ``convert x.gknb x.pdf`` (Qt, offscreen), read back by our PDF importer and
through ``pdftotext -layout``, A4 with embedded CJK fonts, as many pages as the DOCX in LibreOffice."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from editor.io.formats import read_any
from editor.io.native import report_to_dict, write_native
from editor.samples import sample_report
from tests.conftest import ROOT

pytest.importorskip("PySide6")

YEARS = [2020, 2024]  # edition 2019, edition 2021


def _busy(year: int):
    """A full report whose prose is long (every section several paragraphs) and whose counts are large."""
    report = sample_report(year, agency="某某市某某区人民政府")
    for key in ("overview", "problems", "other"):
        report.texts[key] = "\n".join([report.text(key)] + [
            f"（{n}）第{n}项工作。" + "本年度持续推进政府信息公开标准化规范化建设，完善主动公开目录，"
            "加强政策解读与回应关切，依法依规办理政府信息公开申请。" * 3 for n in "二三四五"])
    # Seven-digit counts, the sums still balanced (the importers judge readings by the equations).
    for row in ("new", "disclosed", "results_total"):
        for col in ("natural_person", "total"):
            report.set(("requests", row, col), report.get(("requests", row, col)) + 1234000)
    return report


@pytest.fixture(scope="session")
def pdfs(tmp_path_factory):
    """Each sample converted once by the CLI with LibreOffice out of reach: {name: (report, pdf path)}."""
    out = tmp_path_factory.mktemp("pdf")
    reports = {f"s{y}": sample_report(y) for y in YEARS} | {"busy": _busy(2024)}
    env = {**os.environ, "PATH": os.path.dirname(sys.executable), "QT_QPA_PLATFORM": "offscreen"}
    for name, report in reports.items():
        src = out / f"{name}.gknb"
        write_native(report, src)
        done = subprocess.run([sys.executable, "-m", "editor", "convert", str(src), str(out / f"{name}.pdf")],
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        assert "已转换" in done.stdout
    return {name: (report, out / f"{name}.pdf") for name, report in reports.items()}


def _same_values(report, back) -> None:
    assert back.values == report.values
    assert back.meta.year == report.meta.year and back.edition_id == report.edition_id


@pytest.mark.parametrize("name", ["s2020", "s2024", "busy"])
def test_pdf_reads_back_through_our_pdf_importer(pdfs, name):
    report, pdf = pdfs[name]
    result = read_any(pdf)
    _same_values(report, result.report)
    assert result.report.text("preamble") == report.text("preamble")


def test_pdf_is_a4_with_embedded_cjk_fonts(pdfs):
    import pypdf

    reader = pypdf.PdfReader(str(pdfs["s2024"][1]))
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    embedded = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            desc = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            if any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                embedded.append(str(font.get_object()["/BaseFont"]))
    assert any("CJK" in f or "GB2312" in f or "Song" in f or "Fang" in f for f in embedded), embedded


def test_text_layer_says_the_characters_drawn(pdfs):
    """No Kangxi radical (⼀ U+2F00, ⺠ U+2EA0) where 一 or 民 was drawn: copy, search and parsers see the text."""
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("poppler (pdftotext) is not installed")
    text = subprocess.run([pdftotext, "-layout", str(pdfs["s2024"][1]), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "中华人民共和国政府信息公开" in text and "一、总体情况" in text
    assert not [ch for ch in text if 0x2E80 <= ord(ch) <= 0x2FDF]
    assert "— 1 —" in text.replace("—1—", "— 1 —")


@pytest.mark.parametrize("name", ["s2020", "s2024", "busy"])
def test_pdftotext_layout_reads_back_through_the_text_importer(pdfs, tmp_path, name):
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("poppler (pdftotext) is not installed")
    report, pdf = pdfs[name]
    txt = tmp_path / f"{name}.txt"
    subprocess.run([pdftotext, "-layout", str(pdf), str(txt)], check=True)
    _same_values(report, read_any(txt).report)


def test_page_count_matches_the_docx_in_libreoffice(pdfs, tmp_path):
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    import pypdf

    from editor.io.docx.export import write_docx

    docs = []
    for name, (report, _pdf) in pdfs.items():
        docs.append(tmp_path / f"{name}.docx")
        write_docx(report, docs[-1])
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path / "lo-pdf"), *map(str, docs)], capture_output=True, timeout=180)
    for name, (_report, pdf) in pdfs.items():
        lo = tmp_path / "lo-pdf" / f"{name}.pdf"
        assert lo.exists(), name
        ours, theirs = len(pypdf.PdfReader(str(pdf)).pages), len(pypdf.PdfReader(str(lo)).pages)
        assert abs(ours - theirs) <= 1, (name, ours, theirs)
        # Neither leaves a page more than a quarter empty (before a table or anywhere but the last page).
        for which in (pdf, lo):
            filled = _filled(which)
            assert all(f >= 0.75 for f in filled[:-1]), (which.name, [round(f, 2) for f in filled])


def _filled(pdf_path) -> list[float]:
    """Per page, how far down the text area (37 mm from the top, 225 mm high) the lowest character
    reaches; the page number below the text area is not counted."""
    import pypdfium2 as pdfium

    mm = 72 / 25.4
    top, bottom = 842 - 37 * mm, 35 * mm
    out = []
    doc = pdfium.PdfDocument(str(pdf_path))
    for page in doc:
        text = page.get_textpage()
        lows = [text.get_charbox(i)[1] for i in range(text.count_chars())
                if text.get_charbox(i)[1] > bottom - 2 * mm and text.get_text_range(i, 1).strip()]
        out.append((top - min(lows)) / (top - bottom) if lows else 0.0)
    return out


def test_layout_pages_have_no_big_hole_before_a_table(qapp):
    """Tables break between rows (header rows repeated), so the page before a table is never more than a
    quarter empty; the header of 三 is on every page the table continues on."""
    from editor.ui.printing import layout as lay

    printout = lay.build_layout(_busy(2024))
    assert printout.page_count >= 3
    for n, page in enumerate(printout.pages[:-1]):
        used = max(y + _height(item) for y, item in page.items)
        nxt = printout.pages[n + 1].items[0][1]
        if isinstance(nxt, lay.TableRows):
            assert used >= 0.75 * lay.TEXT_H, (n, used / lay.TEXT_H)
    parts = [item for page in printout.pages for _y, item in page.items
             if isinstance(item, lay.TableRows) and len(item.heights) > 20]
    assert len(parts) >= 2  # 三 really breaks across pages here …
    assert all(item.rows[:3] == [0, 1, 2] for item in parts)  # … with its three header rows on each


def _height(item) -> float:
    from editor.ui.printing import layout as lay

    return sum(item.heights[r] for r in item.rows) if isinstance(item, lay.TableRows) else item.pitch


def test_missing_fonts_fall_back_and_are_named(qapp, monkeypatch):
    from editor.ui.printing import fonts

    monkeypatch.setattr(fonts.QFontDatabase, "families", staticmethod(lambda *a: ["Noto Serif CJK SC", "黑体"]))
    resolved = fonts.resolve("official")
    assert resolved.body == "Noto Serif CJK SC" and resolved.hei == "黑体"
    assert "仿宋_GB2312 → Noto Serif CJK SC" in resolved.message and "黑体 →" not in resolved.message


def test_report_without_pdf_branch_of_write_any_stays_refused(tmp_path):
    """Only ``convert`` (and the window) write PDF through Qt; the domain writer table has no PDF."""
    from editor.io.formats import write_any
    from editor.io.native import ReportFileError

    with pytest.raises(ReportFileError):
        write_any(sample_report(2024), tmp_path / "x.pdf")


def test_round_trip_of_dict(pdfs):
    report, pdf = pdfs["s2020"]
    back = read_any(pdf).report
    assert report_to_dict(back, include_last=False)["values"] == report_to_dict(report, include_last=False)["values"]


def test_cli_prints_which_fonts_are_missing(tmp_path, capsys, monkeypatch):
    from editor.cli import main
    from editor.io import fonts

    src = tmp_path / "a.gknb"
    write_native(sample_report(2024), src)
    monkeypatch.setattr(fonts, "installed_families", lambda *a, **k: ["宋体", "SimHei", "FangSong", "KaiTi"])
    assert main(["convert", str(src), str(tmp_path / "a.docx")]) == 0
    out = capsys.readouterr().out
    assert "本机未安装：仿宋_GB2312、方正小标宋简体、楷体_GB2312、Times New Roman" in out

