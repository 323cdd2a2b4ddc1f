"""The common input of every foreign importer: a list of lines, each a list of cells.

A line is one table row (cells as printed, merged continuation cells blank) or one paragraph (one cell).
``from_text`` turns a flattened text into lines, recognising the two web flattenings seen in real files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from editor.io.recognize.labels import is_page_number, parse_number


@dataclass
class Line:
    cells: list[str]
    table_row: bool = False  # a row of a real table (HTML, DOCX, XLSX or a TAB-per-cell text)
    positional: bool = False  # cells in order with blanks holding their places (XLSX, DOCX, TAB copy, PDF by x)
    grid_columns: bool = False  # every cell is one column of the printed grid, merged cells expanded (XLSX, DOCX, HTML)
    xs: list[float | None] | None = None  # where each cell is across the page (layout text), None if unknown
    words: list[tuple[str, float]] | None = None  # a layout line's words and where each stands (headers)
    origin: str = ""  # where the reader found it (“第12行”, “表3第4行”), shown with imported cells
    page: int = 0  # the page of a layout text (form feeds counted): its columns may stand elsewhere per page

    def provenance(self, limit: int = 160) -> str:
        """The source text of this line as the user can find it in the file."""
        text = " | ".join(c.strip() for c in self.cells if c.strip()) if self.table_row else self.text
        text = text if len(text) <= limit else text[:limit] + "…"
        return f"{self.origin}：{text}" if self.origin else text

    @property
    def text(self) -> str:
        return " ".join(c.strip() for c in self.cells if c.strip())

    def is_empty(self) -> bool:
        return not self.text


def split_trailing_numbers(line: str) -> list[str]:
    """“一、本年新收政府信息公开申请数量 21 0 0 0 0 0 21” → [label, "21", "0", …]: numbers that end a
    line printed row by row are that row's cells."""
    parts = line.split()
    if len(parts) >= 2 and parts[-1] in _UNITS and parse_number(parts[-2]) is not None \
            and not parse_number(parts[-2])[1]:  # type: ignore[index]
        parts[-2:] = [parts[-2] + parts[-1]]  # “671.32 万元”: the unit printed apart is the last number's
    i = len(parts)
    while i > 0 and parse_number(parts[i - 1]) is not None:
        i -= 1
    if i == len(parts):
        return [line.strip()]
    label = " ".join(parts[:i])
    return ([label] if label else []) + parts[i:]


_UNITS = ("万元", "元")
_TAB_CELL = re.compile(r"^\t")


def from_text(text: str) -> tuple[list[Line], bool]:
    """Lines of a flattened text, and whether it is hard-wrapped (page numbers: read from a PDF)."""
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    tab_lines = sum(1 for r in raw if _TAB_CELL.match(r))
    wrapped = any(is_page_number(r) for r in raw)
    if tab_lines >= 20:
        return _from_tab_text(raw), wrapped
    layout = sum(1 for r in raw if _LAYOUT_GAP.search(r.strip())) >= 20  # pdftotext -layout: columns by spaces
    out = []
    page = 0
    for n, r in enumerate(raw, start=1):
        if "\f" in r:  # a form feed opens a page; it takes no place across the page
            page += r.count("\f")
            r = r.replace("\f", "")
        if not r.strip() or is_page_number(r):
            continue
        if "\t" in r.strip():
            # A table row saved as text by Word or copied from a web page: cells between TABs, blanks kept.
            out.append(Line([c.strip() for c in r.rstrip("\n").split("\t")], table_row=True, positional=True,
                            origin=f"第{n}行"))
        else:
            cells = split_trailing_numbers(r)
            out.append(Line(cells, xs=_number_xs(r, cells) if layout else None, origin=f"第{n}行",
                            words=[(m.group(), (m.start() + m.end()) / 2) for m in _TOKEN.finditer(r)]
                            if layout else None, page=page))
    return out, wrapped


_LAYOUT_GAP = re.compile(r"\S {3,}\S")
_TOKEN = re.compile(r"\S+")


def _number_xs(raw: str, cells: list[str]) -> list[float | None]:
    """Where each trailing number of a layout line sits (the middle of its characters): the label None."""
    tokens = [(m.group(), (m.start() + m.end()) / 2) for m in _TOKEN.finditer(raw)]
    xs: list[float | None] = [None] * len(cells)
    j = len(tokens) - 1
    for i in range(len(cells) - 1, -1, -1):
        if j < 0 or parse_number(cells[i]) is None:
            break
        if tokens[j][0] != cells[i]:
            if not (j > 0 and tokens[j][0] in _UNITS and tokens[j - 1][0] + tokens[j][0] == cells[i]):
                break
            j -= 1  # the number stands where its digits do, its unit after it
        xs[i] = tokens[j][1]
        j -= 1
    return xs


def _from_tab_text(raw: list[str]) -> list[Line]:
    """One cell per line starting with a TAB, a blank line between table rows (a web page's table copied
    as text): rows keep their blank cells, which matter (blank ≠ 0)."""
    out: list[Line] = []
    row: Line | None = None
    prev_was_cell = False
    for r in raw:
        if _TAB_CELL.match(r):
            if row is None:
                row = Line([], table_row=True)
                out.append(row)
            row.cells.append(r[1:].strip())
            prev_was_cell = True
        elif not r.strip():
            row = None
            prev_was_cell = False
        elif prev_was_cell and row is not None and row.cells:
            # A cell wrapped onto a line of its own (“本年新\n公开数量”).
            row.cells[-1] += r.strip()
        else:
            if is_page_number(r):
                continue
            out.append(Line([r.strip()]))
            row = None
            prev_was_cell = False
    return out
