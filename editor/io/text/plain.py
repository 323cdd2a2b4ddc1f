"""Reading a report from a plain text file (.txt): a web page or a PDF flattened to text, UTF-8 or GB18030."""

from __future__ import annotations

from pathlib import Path

from editor.io.bounded import read_limited
from editor.io.formats import ImportResult, LogEntry
from editor.io.native import ReportFileError
from editor.io.recognize import recognize_lines
from editor.io.recognize.lines import from_text

MAX_BYTES = 5 * 1024 * 1024  # a report is a few dozen KB of text


def decode(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 (a superset of GBK and GB2312)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:4096]:
        raise ReportFileError(f"{name} 不是文本文件（含有二进制数据）")
    for enc in ("utf-8", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise ReportFileError(f"{name} 的文字编码无法识别（支持 UTF-8 和 GBK/GB18030）")


def read_bytes(path: Path, limit: int = MAX_BYTES) -> bytes:
    """A regular file's bytes under a budget (editor.io.bounded); ReportFileError otherwise."""
    return read_limited(path, limit)


def read_text(path: Path) -> ImportResult:
    path = Path(path)
    text = decode(read_bytes(path), path.name)
    head = text[:4096].lower()
    if text.lstrip().startswith("<") and ("<html" in head or "<table" in head or "<p" in head):
        # A web page saved with a .txt name: read its markup, not its tags as words.
        from editor.io.text.html_page import html_lines

        result = recognize_lines(html_lines(text), False, path.name)
        result.log.insert(0, LogEntry("note", f"{path.name} 实为网页（HTML）文件，已按网页读取"))
        return result
    lines, wrapped = from_text(text)
    return recognize_lines(lines, wrapped, path.name)
