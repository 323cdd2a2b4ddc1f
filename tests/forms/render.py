"""Rendering a report into the forms users bring, with the project's own exporters and real converters.

Our DOCX export is the source of every form: read back as blocks (paragraphs, tables with their spans) it
gives our HTML-like rendering (also with its merged cells lost), the text a browser copies (TAB between
cells) and the text a crawler glues together (glued_text: from the page as published, blanks printed as 0
by our exporter's default, so its expected values are those printed values; glued_text_blanks: from a page
with blank cells left empty, whose digits vanish); LibreOffice turns it into Word-saved HTML and PDF (portrait,
landscape, zeros printed blank, ideographs written as their radical twins); our own PDF export (Qt) gives
the PDF the window writes; poppler's ``pdftotext -layout`` flattens LibreOffice's PDF; python-docx takes
its merges away; our XLSX export goes to .xls through LibreOffice. Conversions are batched: one soffice
call per target for the whole corpus. Every form follows the exporters: when their layout changes, so do
the forms (pdftotext's columns, for one).
"""

from __future__ import annotations

import html
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from editor.io.docx.export import build_document
from editor.io.docx.package import set_custom_properties
from editor.report import Report
from tests.forms.reports import blanks_as_zero, corpus_report, zeros_blank

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SOFFICE_TIMEOUT = 600


@dataclass(frozen=True)
class Form:
    name: str
    ext: str
    separators: bool  # cell separators survive (≥ 99 % right expected), or cells run together (≥ 90 %)
    tool: str  # what the form needs besides Python: "", "soffice" or "pdftotext"
    min_right: float | None = None  # another share of right cells required (0: only "never wrong")

    @property
    def threshold(self) -> float:
        return self.min_right if self.min_right is not None else 0.99 if self.separators else 0.90


FORMS = (
    Form("browser_text", ".txt", True, ""),
    # A crawler's copy of a published page: blanks printed as 0 (as our exporter and the real pages do).
    Form("glued_text", ".txt", False, ""),
    # The same from a page with blank cells left empty: their digits vanish and no reader can recover
    # them, so only "never wrong" is required; bench/import_forms.py prints its accuracy.
    Form("glued_text_blanks", ".txt", False, "", min_right=0.0),
    Form("markdownify_md", ".md", True, ""),
    Form("html2text_md", ".md", True, "soffice"),
    Form("word_html", ".html", True, "soffice"),
    Form("html_padded", ".html", True, ""),
    Form("docx_padded", ".docx", True, ""),
    Form("pdf_own", ".pdf", True, ""),
    Form("pdf_portrait", ".pdf", True, "soffice"),
    Form("pdf_landscape", ".pdf", True, "soffice"),
    Form("pdf_zero_blank", ".pdf", True, "soffice"),
    Form("pdf_radicals", ".pdf", True, "soffice"),
    Form("pdftotext_layout", ".txt", True, "pdftotext"),
    Form("xls", ".xls", True, "soffice"),
)
FORM_BY_NAME = {f.name: f for f in FORMS}


# ----------------------------------------------------------------------------- blocks of our DOCX


@dataclass
class Cell:
    text: str
    colspan: int = 1
    rowspan: int = 1


@dataclass
class Block:
    paragraph: str | None = None
    rows: list[list[Cell]] = field(default_factory=list)  # a table: cells as printed (spans, no continuations)


def _para_text(p) -> str:
    return "".join(t.text or "" for t in p.iter(f"{_W}t"))


def _table_rows(tbl) -> list[list[Cell]]:
    grid: list[list[tuple[int, object]]] = []  # per row: (grid column, tc)
    for tr in tbl.iterchildren(f"{_W}tr"):
        col, row = 0, []
        for tc in tr.iterchildren(f"{_W}tc"):
            row.append((col, tc))
            span = tc.find(f"{_W}tcPr/{_W}gridSpan")
            col += int(span.get(f"{_W}val")) if span is not None else 1
        grid.append(row)

    def vmerge(tc) -> str | None:
        vm = tc.find(f"{_W}tcPr/{_W}vMerge")
        return None if vm is None else (vm.get(f"{_W}val") or "continue")

    out = []
    for r, row in enumerate(grid):
        cells = []
        for col, tc in row:
            state = vmerge(tc)
            if state == "continue":
                continue
            span = tc.find(f"{_W}tcPr/{_W}gridSpan")
            rowspan = 1
            if state == "restart":
                for below in grid[r + 1:]:
                    match = [t for c, t in below if c == col]
                    if not match or vmerge(match[0]) != "continue":
                        break
                    rowspan += 1
            text = "".join(_para_text(p) for p in tc.iterchildren(f"{_W}p"))
            cells.append(Cell(text, int(span.get(f"{_W}val")) if span is not None else 1, rowspan))
        out.append(cells)
    return out


def docx_blocks(docx_path: Path) -> list[Block]:
    with zipfile.ZipFile(docx_path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    body = root.find(f"{_W}body")
    out = []
    for el in body:
        if el.tag == f"{_W}p":
            text = _para_text(el)
            if text.strip():
                out.append(Block(paragraph=text))
        elif el.tag == f"{_W}tbl":
            out.append(Block(rows=_table_rows(el)))
    return out


def html_rendering(blocks: list[Block]) -> str:
    """Our HTML-like rendering: what a CMS publishes from the Word file."""
    parts = ['<html><head><meta charset="utf-8"></head><body>']
    for b in blocks:
        if b.paragraph is not None:
            parts.append(f"<p>{html.escape(b.paragraph)}</p>")
            continue
        parts.append('<table border="1">')
        for row in b.rows:
            tds = "".join(
                "<td" + (f' colspan="{c.colspan}"' if c.colspan > 1 else "")
                + (f' rowspan="{c.rowspan}"' if c.rowspan > 1 else "") + f">{html.escape(c.text)}</td>"
                for c in row)
            parts.append(f"<tr>{tds}</tr>")
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts)


def unmerged(blocks: list[Block], extra: int = 1) -> list[Block]:
    """The tables after a CMS or an editor lost their merges: every span becomes plain cells (the text in
    the first), cells under a row span are there and empty, and every row is padded to the full width
    plus ``extra`` empty cells."""
    out = []
    for b in blocks:
        if b.paragraph is not None:
            out.append(b)
            continue
        grid: dict[tuple[int, int], str] = {}
        for r, row in enumerate(b.rows):
            c = 0
            for cell in row:
                while (r, c) in grid:
                    c += 1
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        grid[(r + dr, c + dc)] = cell.text if (dr, dc) == (0, 0) else ""
                c += cell.colspan
        width = max(c for _, c in grid) + 1 + extra
        out.append(Block(rows=[[Cell(grid.get((r, c), "")) for c in range(width)] for r in range(len(b.rows))]))
    return out


def browser_text(blocks: list[Block]) -> str:
    """A web page's report selected and copied in a browser: one line per paragraph and table row, a TAB
    between cells, cells under a row span left out (as browsers copy them)."""
    lines = []
    for b in blocks:
        if b.paragraph is not None:
            lines.append(b.paragraph)
        else:
            lines.extend("\t".join(c.text for c in row) for row in b.rows)
    return "\n".join(lines) + "\n"


def glued_text(blocks: list[Block]) -> str:
    """A crawler's page text: tags dropped, every paragraph and cell run together on one line."""
    out = []
    for b in blocks:
        out.append(b.paragraph if b.paragraph is not None else "".join(c.text for row in b.rows for c in row))
    return "".join(out) + "\n"


# ----------------------------------------------------------------------------- DOCX variants


def _radical_forms() -> dict[str, str]:
    """一 → ⼀ (U+2F00) and every other ideograph that has a Kangxi radical twin: what the fonts of some
    Word/WPS exports put in a PDF's text layer."""
    import unicodedata

    return {unicodedata.normalize("NFKC", chr(cp)): chr(cp) for cp in range(0x2F00, 0x2FD6)}


def _foreign_docx(report: Report, path: Path, *, landscape: bool = False, radicals: bool = False,
                  blank_as_zero: bool = False) -> None:
    """Our export without the marker that makes it ours: read like anybody's Word file."""
    doc = build_document(report, blank_as_zero=blank_as_zero)
    set_custom_properties(doc, {})
    if radicals:
        table = str.maketrans(_radical_forms())
        for t in doc.element.body.iter(f"{_W}t"):
            t.text = (t.text or "").translate(table)
    if landscape:
        from docx.enum.section import WD_ORIENT

        sec = doc.sections[0]
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = sec.page_height, sec.page_width
    doc.save(str(path))


def padded_docx(source: Path, path: Path, extra: int = 2) -> None:
    """The Word file after someone's editing lost its merged cells: every span split into plain cells (the
    text in the first), vertical merges undone (continuation cells empty), and every row padded at its end
    with empty cells."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    doc = docx.Document(str(source))
    for tbl in doc.element.body.iter(qn("w:tbl")):
        grid = tbl.find(qn("w:tblGrid"))
        for _ in range(extra):
            gc = OxmlElement("w:gridCol")
            gc.set(qn("w:w"), "300")
            grid.append(gc)
        for tr in tbl.iter(qn("w:tr")):
            for tc in list(tr.iterchildren(qn("w:tc"))):
                pr = tc.find(qn("w:tcPr"))
                if pr is None:
                    continue
                vm = pr.find(qn("w:vMerge"))
                if vm is not None:
                    pr.remove(vm)
                span = pr.find(qn("w:gridSpan"))
                if span is not None:
                    n = int(span.get(qn("w:val")))
                    pr.remove(span)
                    for _ in range(n - 1):
                        tc.addnext(_empty_tc())
            for _ in range(extra):
                tr.append(_empty_tc())
    set_custom_properties(doc, {})
    doc.save(str(path))


def _empty_tc():
    from docx.oxml import OxmlElement

    tc = OxmlElement("w:tc")
    tc.append(OxmlElement("w:p"))
    return tc


def _widgets_application() -> None:
    """Qt's PDF writer needs an application; a QApplication (not the bare QGuiApplication write_pdf would
    make) so that widget tests later in the same session can still open windows."""
    import os

    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        QApplication(["gknb-forms"])


def _plain_xlsx(report: Report, path: Path) -> None:
    """Our XLSX export without its marker sheet, names and properties: a workbook laid out like ours."""
    from editor.io.xlsx.export import MARKER_SHEET, build_workbook

    wb = build_workbook(report, blank_as_zero=False)
    del wb[MARKER_SHEET]
    for name in list(wb.defined_names):
        del wb.defined_names[name]
    wb.custom_doc_props.props.clear()
    wb.properties.keywords = None
    wb.save(str(path))


# ----------------------------------------------------------------------------- converters


def soffice_convert(files: list[Path], target: str, outdir: Path, profile: Path) -> None:
    """One LibreOffice run converting many files (its own profile, so runs may go side by side)."""
    if not files:
        return
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    outdir.mkdir(parents=True, exist_ok=True)
    subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                    "--convert-to", target, "--outdir", str(outdir), *map(str, files)],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
                   timeout=SOFFICE_TIMEOUT, check=False)


def _pdftotext(pdf: Path, out: Path) -> None:
    subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), str(out)], check=False, timeout=60,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _markdownify(html_text: str) -> str:
    from markdownify import markdownify

    return markdownify(html_text, heading_style="ATX")


def _html2text(html_text: str) -> str:
    import html2text

    h = html2text.HTML2Text()
    h.body_width = 0  # no hard wrapping
    return h.handle(html_text)


def tools_available() -> dict[str, bool]:
    return {"": True, "soffice": bool(shutil.which("soffice") or shutil.which("libreoffice")),
            "pdftotext": bool(shutil.which("pdftotext"))}


@dataclass
class Corpus:
    """files[(form, seed)] is the rendered file; expected[(form, seed)] the report it must read as."""

    root: Path
    files: dict[tuple[str, int], Path] = field(default_factory=dict)
    expected: dict[tuple[str, int], Report] = field(default_factory=dict)
    unavailable: dict[str, str] = field(default_factory=dict)  # form -> why it could not be made

    def __repr__(self) -> str:
        return f"Corpus({self.root}, {len(self.files)} files)"


def build_corpus(root: Path, seeds: list[int], forms: list[str] | None = None,
                 log: Callable[[str], None] = lambda _m: None) -> Corpus:
    names = [f.name for f in FORMS] if forms is None else forms
    tools = tools_available()
    corpus = Corpus(root)
    for name in names:
        if not tools[FORM_BY_NAME[name].tool]:
            corpus.unavailable[name] = f"{FORM_BY_NAME[name].tool} 未安装"
    wanted = [n for n in names if n not in corpus.unavailable]
    src, out = root / "src", root / "out"
    src.mkdir(parents=True, exist_ok=True)
    out.mkdir(parents=True, exist_ok=True)
    to_pdf: list[Path] = []
    to_html: list[Path] = []
    to_xls: list[Path] = []
    reports = {s: corpus_report(s) for s in seeds}
    for s, report in reports.items():
        docx = src / f"s{s:03d}_portrait.docx"
        _foreign_docx(report, docx)
        blocks = docx_blocks(docx)
        published_blocks: list[Block] = []
        if "glued_text" in wanted:
            # The published page: our exporter's default prints a blank cell as 0.
            pub = src / f"s{s:03d}_published.docx"
            _foreign_docx(report, pub, blank_as_zero=True)
            published_blocks = docx_blocks(pub)
        simple = {"browser_text": lambda b=blocks: browser_text(b),
                  "glued_text": lambda p=published_blocks: glued_text(p),
                  "glued_text_blanks": lambda b=blocks: glued_text(b),
                  "markdownify_md": lambda b=blocks: _markdownify(html_rendering(b)),
                  "html_padded": lambda b=blocks: html_rendering(unmerged(b))}
        for name, make in simple.items():
            if name in wanted:
                path = out / f"s{s:03d}_{name}{FORM_BY_NAME[name].ext}"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(make(), encoding="utf-8")
                corpus.files[(name, s)] = path
        if "pdf_own" in wanted:
            from editor.ui.printing.pdf import write_pdf  # the window's 导出 PDF (Qt, no office suite)

            _widgets_application()
            path = out / f"s{s:03d}_pdf_own.pdf"
            write_pdf(report, path, blank_as_zero=False)
            corpus.files[("pdf_own", s)] = path
        if "docx_padded" in wanted:
            path = out / f"s{s:03d}_docx_padded.docx"
            padded_docx(docx, path)
            corpus.files[("docx_padded", s)] = path
        if {"pdf_portrait", "pdftotext_layout"} & set(wanted):
            to_pdf.append(docx)
        if {"word_html", "html2text_md"} & set(wanted):
            to_html.append(docx)
        if "pdf_landscape" in wanted:
            land = src / f"s{s:03d}_landscape.docx"
            _foreign_docx(report, land, landscape=True)
            to_pdf.append(land)
        if "pdf_radicals" in wanted:
            rad = src / f"s{s:03d}_radicals.docx"
            _foreign_docx(report, rad, radicals=True)
            to_pdf.append(rad)
        if "pdf_zero_blank" in wanted:
            zb = src / f"s{s:03d}_zeroblank.docx"
            _foreign_docx(zeros_blank(report), zb)
            to_pdf.append(zb)
        if "xls" in wanted:
            x = src / f"s{s:03d}_book.xlsx"
            _plain_xlsx(report, x)
            to_xls.append(x)
    conv = root / "conv"
    jobs = [(to_pdf, "pdf"), (to_html, "html"), (to_xls, "xls")]
    log(f"LibreOffice: {len(to_pdf)} → PDF, {len(to_html)} → HTML, {len(to_xls)} → XLS")
    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        list(pool.map(lambda j: soffice_convert(j[0], j[1], conv, root / f"profile-{j[1]}"), jobs))
    for s, report in reports.items():
        made = {
            "pdf_portrait": conv / f"s{s:03d}_portrait.pdf",
            "pdf_landscape": conv / f"s{s:03d}_landscape.pdf",
            "pdf_zero_blank": conv / f"s{s:03d}_zeroblank.pdf",
            "pdf_radicals": conv / f"s{s:03d}_radicals.pdf",
            "word_html": conv / f"s{s:03d}_portrait.html",
            "xls": conv / f"s{s:03d}_book.xls",
        }
        for name, path in made.items():
            if name in wanted and path.exists() and path.stat().st_size:
                corpus.files[(name, s)] = path
        if "pdftotext_layout" in wanted and made["pdf_portrait"].exists():
            path = out / f"s{s:03d}_pdftotext_layout.txt"
            _pdftotext(made["pdf_portrait"], path)
            if path.exists():
                corpus.files[("pdftotext_layout", s)] = path
        if "html2text_md" in wanted and made["word_html"].exists():
            path = out / f"s{s:03d}_html2text_md.md"
            path.write_text(_html2text(made["word_html"].read_text(encoding="utf-8", errors="replace")),
                            encoding="utf-8")
            corpus.files[("html2text_md", s)] = path
        for name in wanted:
            corpus.expected[(name, s)] = zeros_blank(report) if name == "pdf_zero_blank" \
                else blanks_as_zero(report) if name == "glued_text" else report
    for name in wanted:
        missing = [s for s in seeds if (name, s) not in corpus.files]
        if missing:
            corpus.unavailable[name] = f"转换失败：种子 {missing[:5]}"
    return corpus
