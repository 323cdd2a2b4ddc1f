"""Reading a published report from a PDF with a text layer (the form most reports are published in).

PDFium (pypdfium2) gives every character with its box and every drawn path; ``layout`` rebuilds the
tables from them by position (a blank cell keeps its place) and the rest as text lines, which go through
the same recognizer as every other file. Bounded by file size, page count and a time budget.
"""

from __future__ import annotations

import ctypes
import time
import unicodedata
from pathlib import Path

from editor.io.formats import ImportResult
from editor.io.native import ReportFileError
from editor.io.pdf.layout import Char, Rule, as_displayed, page_lines, rules_from_box
from editor.io.recognize import Line, recognize_lines
from editor.io.recognize.labels import is_page_number
from editor.io.text.plain import read_bytes

MAX_BYTES = 60 * 1024 * 1024
MAX_PAGES = 300  # a report has 5-20 pages; a bigger PDF is something else
MAX_CHARS_PER_PAGE = 50_000  # a dense A4 page holds about 3,000
MAX_PATHS_PER_PAGE = 5_000  # ruling lines of a table page: a few hundred; beyond, the page is a drawing
MAX_SEGMENTS_PER_PATH = 20_000  # a table grid drawn as one path has a few hundred
TIME_BUDGET = 20.0  # seconds; a report reads in a few dozen milliseconds


_SKIP = frozenset("\u00a0\u3000\ufffd\ufffe\uffff")
# Fonts of some Word/WPS exports map ideographs to radical code points that look the same (⼀ U+2F00 for
# 一, ⻓ U+2ED3 for 长): labels would not match. Kangxi radicals and compatibility ideographs have Unicode
# compatibility mappings (NFKC); the supplement's simplified forms do not, so they are listed.
_RADICALS = dict(zip("⺟⺠⻄⻅⻆⻉⻋⻓⻔⻘⻚⻛⻜⻝⻢⻣⻥⻦⻰", "母民西见角贝车长门青页风飞食马骨鱼鸟龙", strict=True))


def _ideograph(ch: str) -> str:
    if "\u2f00" <= ch <= "\u2fdf" or "\uf900" <= ch <= "\ufaff":
        return unicodedata.normalize("NFKC", ch)
    return _RADICALS.get(ch, ch)


def _locked(name: str) -> ReportFileError:
    return ReportFileError(f"{name} 已加密，需要打开密码才能读取；"
                           "请在 PDF 阅读器中输入密码后另存为不加密的 PDF，再打开")


def _open(data: bytes, name: str):
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        # An encrypted PDF with an empty user password (printing or copying restricted) opens as is.
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == raw.FPDF_ERR_PASSWORD:
            raise _locked(name) from None
        if getattr(exc, "err_code", None) == raw.FPDF_ERR_SECURITY:
            raise ReportFileError(f"{name} 使用了不支持的加密方式，无法读取；请另存为不加密的 PDF 后再打开") from None
        reason = {raw.FPDF_ERR_FORMAT: "文件结构损坏或不是 PDF", raw.FPDF_ERR_FILE: "文件不完整或无法打开",
                  raw.FPDF_ERR_PAGE: "页面损坏"}.get(getattr(exc, "err_code", None), "PDFium 无法解析")
        raise ReportFileError(f"{name} 已损坏，无法读取（{reason}）") from None


_BARE: dict[str, object] = {}


def _char_box(raw):
    """FPDFText_GetCharBox called without ctypes' per-argument conversion (a textpage pointer, an int and
    four double pointers: checking them cost three quarters of each call, once per character). The same
    function pointer class as pypdfium2's, so the same calling convention."""
    fn = _BARE.get("box")
    if fn is None:
        typed = raw.FPDFText_GetCharBox
        fn = _BARE["box"] = type(typed)(ctypes.cast(typed, ctypes.c_void_p).value)
        fn.restype = ctypes.c_int
    return fn


def _chars(textpage, raw, name: str = "") -> list[Char]:
    n = raw.FPDFText_CountChars(textpage)
    if n < 0:
        raise ValueError("FPDFText_CountChars")
    if n > MAX_CHARS_PER_PAGE:
        raise ReportFileError(f"{name} 有一页文字过多（{n} 个字符），不像一份年度报告")
    # The page's text in one call: one UTF-16 unit per character index (PDFium's own spaces and line ends
    # included, skipped below like every blank: gaps are measured instead).
    buf = ctypes.create_string_buffer((n + 1) * 2)
    got = raw.FPDFText_GetText(textpage, 0, n, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)))
    units = buf.raw[: max(got - 1, 0) * 2].decode("utf-16-le", errors="replace") if got > 0 else ""
    if len(units) != n:
        units = "".join(chr(raw.FPDFText_GetUnicode(textpage, i)) for i in range(n))
    left, right, bottom, top = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
    refs = (ctypes.byref(left), ctypes.byref(right), ctypes.byref(bottom), ctypes.byref(top))
    get_box, handle = _char_box(raw), ctypes.c_void_p(ctypes.cast(textpage.raw, ctypes.c_void_p).value)
    out: list[Char] = []
    append = out.append
    l_ref, r_ref, b_ref, t_ref = refs
    for i, ch in enumerate(units):
        if ch <= " " or ch in _SKIP:
            continue
        if get_box(handle, i, l_ref, r_ref, b_ref, t_ref):
            if "\u2e80" <= ch <= "\u2fdf" or "\uf900" <= ch <= "\ufaff":
                ch = _ideograph(ch)
            append(Char(ch, left.value, bottom.value, right.value, top.value))
    return out


def _rules(page, raw) -> list[Rule]:
    handle = page.raw  # the wrapper `page` stays referenced: it owns the handle
    n = raw.FPDFPage_CountObjects(handle)
    out: list[Rule] = []
    if n > MAX_PATHS_PER_PAGE * 4:
        return out
    left, bottom, right, top = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    box = (ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right), ctypes.byref(top))
    width, height = raw.FPDF_GetPageWidthF(handle), raw.FPDF_GetPageHeightF(handle)
    paths = 0
    for i in range(n):
        obj = raw.FPDFPage_GetObject(handle, i)
        if not obj or raw.FPDFPageObj_GetType(obj) != raw.FPDF_PAGEOBJ_PATH:
            continue
        paths += 1
        if paths > MAX_PATHS_PER_PAGE:
            return []
        if not raw.FPDFPageObj_GetBounds(obj, *box):
            continue
        thin = rules_from_box(left.value, bottom.value, right.value, top.value, False)
        if thin:  # most table paths are single rules: no need to look at their segments
            out.extend(thin)
            continue
        segments = raw.FPDFPath_CountSegments(obj)
        if segments > 5:
            # A whole grid drawn as one path (many move/line pairs): its straight segments are the rules.
            if segments <= MAX_SEGMENTS_PER_PATH:
                out.extend(_segment_rules(obj, segments, raw))
        elif segments in (4, 5):  # a rectangle: a cell's background or frame, not the page's own
            if right.value - left.value < 0.9 * width or top.value - bottom.value < 0.9 * height:
                out.extend(rules_from_box(left.value, bottom.value, right.value, top.value, True))
    return out


def _segment_rules(obj, segments: int, raw) -> list[Rule]:
    m = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, m):
        return []
    x, y = ctypes.c_float(), ctypes.c_float()
    out: list[Rule] = []
    prev = start = None
    for k in range(segments):
        seg = raw.FPDFPath_GetPathSegment(obj, k)
        if not seg or not raw.FPDFPathSegment_GetPoint(seg, x, y):
            continue
        point = (m.a * x.value + m.c * y.value + m.e, m.b * x.value + m.d * y.value + m.f)
        kind = raw.FPDFPathSegment_GetType(seg)
        if kind == raw.FPDF_SEGMENT_LINETO and prev is not None:
            out.extend(_straight(prev, point))
        if kind == raw.FPDF_SEGMENT_MOVETO:
            start = point
        elif raw.FPDFPathSegment_GetClose(seg) and start is not None:
            out.extend(_straight(point, start))
        prev = point
    return out


def _straight(a: tuple[float, float], b: tuple[float, float]) -> list[Rule]:
    (x0, y0), (x1, y1) = a, b
    if abs(y1 - y0) < 0.5 and abs(x1 - x0) > 3:
        return [Rule(True, (y0 + y1) / 2, min(x0, x1), max(x0, x1))]
    if abs(x1 - x0) < 0.5 and abs(y1 - y0) > 3:
        return [Rule(False, (x0 + x1) / 2, min(y0, y1), max(y0, y1))]
    return []


def pdf_lines(data: bytes, name: str) -> list[Line]:
    import pypdfium2.raw as raw

    start = time.monotonic()
    doc = _open(data, name)
    try:
        pages = len(doc)
        if pages > MAX_PAGES:
            raise ReportFileError(f"{name} 有 {pages} 页，不像一份年度报告")
        out: list[Line] = []
        for k in range(pages):
            if time.monotonic() - start > TIME_BUDGET:
                raise ReportFileError(f"{name} 读取超时（{pages} 页，已读 {k} 页），文件可能过于复杂或已损坏")
            page = doc[k]
            textpage = page.get_textpage()
            try:
                lines = page_lines(*as_displayed(_chars(textpage, raw, name), _rules(page, raw), page.get_rotation()))
            finally:
                textpage.close()
                page.close()
            for x in lines:
                if x.table_row or not is_page_number(x.text):
                    x.origin = f"第{k + 1}页"
                    out.append(x)
        return out
    except ReportFileError:
        raise
    except Exception as exc:  # PDFium reports a damaged page as an error anywhere
        raise ReportFileError(f"{name} 已损坏，无法读取（{type(exc).__name__}）") from exc
    finally:
        doc.close()


def read_pdf(path: Path) -> ImportResult:
    path = Path(path)
    data = read_bytes(path, MAX_BYTES)
    if not data.lstrip()[:5].startswith(b"%PDF-"):
        raise ReportFileError(f"{path.name} 不是 PDF 文件（文件内容与扩展名不符）")
    lines = pdf_lines(data, path.name)
    if sum(len("".join(x.text.split())) for x in lines) < 50:
        raise ReportFileError(f"{path.name} 没有文字层（可能是扫描件或图片），无法读出内容；"
                              "请找到原始的 Word 文件，或网站上的文字版")
    return recognize_lines(lines, True, path.name)
