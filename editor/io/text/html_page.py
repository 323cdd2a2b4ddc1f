"""Reading a report from a web page (.html/.htm): real <table> markup, or tables flattened into paragraphs.

Parsed with lxml's HTML parser (libxml2: linear time, no network; CPython's html.parser is super-linear on
hostile markup), driven as a stream of start/end/data events: government sites often put the whole page
inside layout tables, so a table cell holding a nested table or several paragraphs is read as running
text, and only the innermost tables as rows of cells. Word, WPS and web CMSs all save through this path.
"""

from __future__ import annotations

import re
from pathlib import Path

from editor.io.formats import ImportResult
from editor.io.native import ReportFileError
from editor.io.recognize import Line, recognize_lines
from editor.io.text.plain import decode, read_bytes

MAX_BYTES = 10 * 1024 * 1024
_BLOCK = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "section", "article", "header",
          "footer", "blockquote", "pre", "hr", "dt", "dd", "center", "ul", "ol", "caption"}
_SKIP = {"script", "style", "head", "noscript", "template", "svg", "iframe", "object"}
_LAYOUT_TEXT = 200  # a data cell is short; a longer cell is page layout
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.I)


class _Cell:
    def __init__(self) -> None:
        self.segments: list[str] = [""]
        self.layout = False

    def add(self, text: str) -> None:
        self.segments[-1] += text

    def br(self) -> None:
        if self.segments[-1].strip():
            self.segments.append("")

    def texts(self) -> list[str]:
        return [" ".join(s.split()) for s in self.segments if s.strip()]

    def is_layout(self) -> bool:
        return self.layout or len(self.texts()) > 3 or sum(len(t) for t in self.texts()) > _LAYOUT_TEXT


class _Table:
    def __init__(self) -> None:
        self.row: list[_Cell] | None = None
        self.cell: _Cell | None = None
        self.rows: list[Line] = []  # the table rows emitted so far
        self.spanned = False  # some cell spans rows or columns


def _spans(attrs) -> bool:
    """Whether a <td>/<th> spans more than one row or column (a malformed span counts as none, as browsers
    read it)."""
    for name in ("colspan", "rowspan"):
        value = (attrs.get(name) or "").strip()[:8]
        if value.isdigit() and int(value) > 1:
            return True
    return False


class _Parser:
    """The target of lxml's event parser (start, end, data, close)."""

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.para = ""
        self.tables: list[_Table] = []
        self.skip = 0

    # -- output
    def _flush_para(self) -> None:
        text = " ".join(self.para.split())
        if text:
            self.lines.append(Line([text]))
        self.para = ""

    def _emit_paras(self, texts: list[str]) -> None:
        self._flush_para()
        self.lines.extend(Line([t]) for t in texts)

    def _close_cell(self, t: _Table) -> None:
        if t.cell is not None and t.row is not None:
            t.row.append(t.cell)
        t.cell = None

    def _close_row(self, t: _Table) -> None:
        self._close_cell(t)
        if t.row:
            if any(c.is_layout() for c in t.row):
                for c in t.row:
                    self._emit_paras(c.texts())
            else:
                self._flush_para()
                line = Line([" ".join(c.texts()) for c in t.row], table_row=True)
                self.lines.append(line)
                t.rows.append(line)
        t.row = None

    def _close_table(self, t: _Table) -> None:
        self._close_row(t)
        if not t.spanned:
            # No cell spans rows or columns (a grid whose merges were lost, or one that never had any): each
            # cell, blank or not, is one column of the grid, so the cells can be placed under the column
            # labels printed above them (the header map of Word tables and sheets). Without such labels the
            # cells' places prove nothing: an HTML row is not taken as positional.
            for line in t.rows:
                line.grid_columns = True

    # -- parser callbacks
    def start(self, tag, attrib) -> None:
        if isinstance(tag, str):
            self.handle_starttag(tag.lower(), attrib)

    def end(self, tag) -> None:
        if isinstance(tag, str):
            self.handle_endtag(tag.lower())

    def data(self, data: str) -> None:
        self.handle_data(data)

    def comment(self, text: str) -> None:
        pass

    def close(self) -> list[Line]:
        while self.tables:
            self._close_table(self.tables.pop())
        self._flush_para()
        return self.lines

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _SKIP:
            self.skip += 1
            return
        if self.skip:
            return
        top = self.tables[-1] if self.tables else None
        if tag == "table":
            if top is not None and top.cell is not None:
                # A table inside a cell: the outer cell is page layout; what it said so far comes first.
                top.cell.layout = True
                self._emit_paras(top.cell.texts())
                top.cell.segments = [""]
            self._flush_para()
            self.tables.append(_Table())
        elif top is not None and tag == "tr":
            self._close_row(top)
            top.row = []
        elif top is not None and tag in ("td", "th"):
            if top.row is None:
                top.row = []
            self._close_cell(top)
            top.cell = _Cell()
            top.spanned = top.spanned or _spans(attrs)
        elif tag in _BLOCK:
            self._block()

    def _block(self) -> None:
        top = self.tables[-1] if self.tables else None
        if top is not None and top.cell is not None:
            top.cell.br()
        else:
            self._flush_para()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        top = self.tables[-1] if self.tables else None
        if tag == "table" and top is not None:
            self._close_table(self.tables.pop())
        elif top is not None and tag == "tr":
            self._close_row(top)
        elif top is not None and tag in ("td", "th"):
            self._close_cell(top)
        elif tag in _BLOCK:
            self._block()

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        top = self.tables[-1] if self.tables else None
        if top is not None and top.cell is not None:
            top.cell.add(data)
        else:
            self.para += data


def _decode_html(data: bytes, name: str) -> str:
    m = _CHARSET.search(data[:4096])
    if m:
        enc = m.group(1).decode("ascii", "ignore").lower()
        if enc in ("gb2312", "gbk", "gb18030", "x-gbk"):
            enc = "gb18030"
        try:
            return data.decode(enc)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(data, name)


def html_lines(text: str) -> list[Line]:
    from lxml import etree

    target = _Parser()
    parser = etree.HTMLParser(target=target, no_network=True, recover=True, remove_comments=True,
                              remove_pis=True)
    try:
        parser.feed(text)
        return parser.close()
    except etree.LxmlError:
        return target.close()


def read_html(path: Path) -> ImportResult:
    path = Path(path)
    text = _decode_html(read_bytes(path, MAX_BYTES), path.name)
    if "<" not in text[:65536]:
        raise ReportFileError(f"{path.name} 不是网页文件（文件内容与扩展名不符）")
    return recognize_lines(html_lines(text), False, path.name)
