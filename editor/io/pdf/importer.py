"""Reading a published report from a PDF with a text layer (the form most reports are published in).

pypdf reads the text row by row, which keeps each table row on one line; pdfminer.six (column by column,
much harder to read back, slower) is the fallback when pypdf fails on a file. Both go through the same
recognizer as a text file.
"""

from __future__ import annotations

import logging
from pathlib import Path

from editor.io.formats import ImportResult, LogEntry
from editor.io.native import ReportFileError
from editor.io.recognize import recognize_lines
from editor.io.recognize.lines import from_text
from editor.io.text.plain import read_bytes

MAX_BYTES = 60 * 1024 * 1024
MAX_PAGES = 300  # a report has 5-20 pages; a bigger PDF is something else


def _pypdf_text(path: Path) -> str:
    import pypdf
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings about sloppy PDFs are not ours to show
    try:
        reader = pypdf.PdfReader(str(path), strict=False)
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise ReportFileError(f"{path.name} 已加密，请先在 PDF 阅读器中解除密码后再打开")
            except (FileNotDecryptedError, NotImplementedError) as exc:
                raise ReportFileError(f"{path.name} 已加密，请先在 PDF 阅读器中解除密码后再打开") from exc
        if len(reader.pages) > MAX_PAGES:
            raise ReportFileError(f"{path.name} 有 {len(reader.pages)} 页，不像一份年度报告")
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except ReportFileError:
        raise
    except (PdfReadError, FileNotDecryptedError) as exc:
        raise _Unreadable(str(exc)) from exc
    except Exception as exc:  # a damaged PDF can break pypdf anywhere
        raise _Unreadable(f"{type(exc).__name__}: {exc}") from exc


def _pdfminer_text(path: Path) -> str:
    from pdfminer.high_level import extract_text

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        return extract_text(str(path), maxpages=MAX_PAGES)
    except Exception as exc:  # same: the file's fault, reported as such
        raise _Unreadable(f"{type(exc).__name__}: {exc}") from exc


class _Unreadable(Exception):
    pass


def read_pdf(path: Path) -> ImportResult:
    path = Path(path)
    data = read_bytes(path, MAX_BYTES)
    if not data.lstrip()[:5].startswith(b"%PDF-"):
        raise ReportFileError(f"{path.name} 不是 PDF 文件（文件内容与扩展名不符）")
    notes = []
    try:
        text = _pypdf_text(path)
    except _Unreadable:
        try:
            text = _pdfminer_text(path)
            notes.append(LogEntry("note", "PDF 结构有损坏，已改用另一种方式读取文字，请逐项核对"))
        except _Unreadable:
            raise ReportFileError(f"{path.name} 已损坏，无法读取") from None
    if len("".join(text.split())) < 50:
        raise ReportFileError(f"{path.name} 没有文字层（可能是扫描件或图片），无法读出内容；"
                              "请找到原始的 Word 文件，或网站上的文字版")
    lines, _ = from_text(text)
    result = recognize_lines(lines, True, path.name)
    if not notes and _doubtful(result):
        # pypdf's row-by-row text did not give every table: pdfminer's layout analysis sometimes does.
        try:
            other = recognize_lines(from_text(_pdfminer_text(path))[0], True, path.name)
        except (_Unreadable, ReportFileError):
            other = None
        if other is not None and _score(other) > _score(result):
            result = other
            notes.append(LogEntry("note", "PDF 表格按另一种文字提取方式读出，请逐项核对"))
    result.log[:0] = notes
    return result


def _doubtful(result: ImportResult) -> bool:
    return any(e.kind in ("unplaced", "ambiguous") for e in result.log) or \
        any(not any(ref[0] == t.id for ref in result.report.values) for t in result.report.edition.tables)


def _score(result: ImportResult) -> tuple[int, int]:
    problems = sum(1 for e in result.log if e.kind in ("unplaced", "ambiguous"))
    return len(result.report.values), -problems
