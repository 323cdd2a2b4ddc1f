"""Reading a Word file written by someone else (.docx): tables in or near the official layout, split or
merged differently, and the prose by its headings.

The body is read in order into lines (a paragraph, or a table row as cells: horizontally merged cells once,
vertically merged continuation cells blank) and recognized like any other foreign file.

The package is read straight from the zip (``docx.parts.WordPackage``), the main document part alone,
parsed once with lxml: python-docx never opens other people's files.
"""

from __future__ import annotations

from pathlib import Path

from editor.io.docx.parts import WordPackage
from editor.io.formats import ImportResult
from editor.io.recognize import Line, recognize_lines

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


_P, _T, _TAB, _BR, _CR = f"{_W}p", f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"
_TBL, _TR, _TC, _TC_PR, _TR_PR = f"{_W}tbl", f"{_W}tr", f"{_W}tc", f"{_W}tcPr", f"{_W}trPr"
_VMERGE, _GRID_SPAN, _VAL = f"{_W}vMerge", f"{_W}gridSpan", f"{_W}val"
_SDT, _SDT_CONTENT = f"{_W}sdt", f"{_W}sdtContent"
_WRAPPERS = (_SDT, _SDT_CONTENT, f"{_W}customXml", f"{_W}smartTag")
_SPACE = {_TAB: " ", _BR: "\n", _CR: "\n"}


def _text(el) -> str:
    """The visible text of a paragraph-like element: runs, tabs and line breaks."""
    out = []
    for node in el.iter(_T, _TAB, _BR, _CR, _P):
        tag = node.tag
        if tag == _T:
            out.append(node.text or "")
        elif tag == _P:
            if out:
                out.append("\n")
        else:
            out.append(_SPACE[tag])
    return "".join(out)


def _cell_texts(tbl) -> dict:
    """Every cell of the table as one line of text, in one pass: runs joined as they are (“1” “23” is 123),
    every tab, break and paragraph a space. (A cell holding a table gets muddled text: such rows are read
    cell by cell as blocks instead.)"""
    texts: dict = {}
    current: list[str] = []
    for node in tbl.iter(_TC, _T, _TAB, _BR, _CR, _P):
        tag = node.tag
        if tag == _T:
            current.append(node.text or "")
        elif tag == _TC:
            current = texts[node] = []
        else:
            current.append(" ")
    return {tc: " ".join("".join(parts).split()) for tc, parts in texts.items()}


def _first(el, tag: str):
    return el.find(tag) if el is not None else None


def _continuations(tbl) -> set:
    """The cells of this table (and the tables in it) that continue a vertical merge (blank as printed)."""
    out = set()
    for vm in tbl.iter(_VMERGE):
        pr = vm.getparent()
        tc = pr.getparent() if pr is not None else None
        if tc is not None and tc.tag == _TC and pr.tag == _TC_PR and _first(tc, _TC_PR) is pr \
                and pr.find(_VMERGE) is vm and vm.get(_VAL) in (None, "continue"):
            out.add(tc)
    return out


def _grid_count(props, name: str) -> int:
    """w:gridSpan / w:gridBefore of a cell's or row's properties (1 / 0 when absent), bounded."""
    default = 1 if name == "gridSpan" else 0
    el = props.find(f"{_W}{name}") if props is not None else None
    if el is None:
        return default
    try:
        return max(default, min(64, int(el.get(_VAL, default))))
    except ValueError:
        return default


def _unspanned(tbl) -> bool:
    """No cell of the table (nor of a table in it) spans columns."""
    for gs in tbl.iter(_GRID_SPAN):
        pr = gs.getparent()
        tc = pr.getparent() if pr is not None else None
        if tc is not None and tc.tag == _TC and pr.tag == _TC_PR and _first(tc, _TC_PR) is pr \
                and _grid_count(pr, "gridSpan") != 1:
            return False
    return True


def _block_lines(container, out: list[Line]) -> None:
    for el in container.iterchildren():
        tag = el.tag
        if tag == _P:
            for part in _text(el).split("\n"):
                if part.strip():
                    out.append(Line([part.strip()]))
        elif tag == _TBL:
            _table_lines(el, out)
        elif tag in _WRAPPERS:
            inner = el.find(_SDT_CONTENT) if tag == _SDT else None
            _block_lines(inner if inner is not None else el, out)


def _table_lines(tbl, out: list[Line]) -> None:
    row_no = 0
    unspanned = _unspanned(tbl)
    nested = next(tbl.iterdescendants(_TBL), None) is not None
    continuations = _continuations(tbl)
    texts = _cell_texts(tbl)
    for tr in tbl.iterchildren(_TR):  # rows of nested tables are read where their cell is
        tcs = list(tr.iterchildren(_TC))
        if nested and any(next(tc.iterdescendants(_TBL), None) is not None for tc in tcs):
            for tc in tcs:  # a layout table around real content: read its cells as text
                _block_lines(tc, out)
            continue
        row_no += 1
        # One cell per table cell, blanks kept (a row starting late: blanks first). Where no cell of the
        # table spans columns (a grid whose merges were lost), each cell is one column of the grid, so the
        # cells can be placed under the column labels printed above them.
        cells = [""] * _grid_count(tr.find(_TR_PR), "gridBefore")
        cells += ["" if tc in continuations else texts[tc] for tc in tcs]
        out.append(Line(cells, table_row=True, positional=True, grid_columns=unspanned,
                        origin=f"Word表格第{row_no}行"))


def docx_lines(path: Path, package: WordPackage | None = None) -> list[Line]:
    """The lines of the Word file; ``package``: the same file, already opened (and vetted) by the caller."""
    body = (package or WordPackage(path)).body()
    out: list[Line] = []
    _block_lines(body, out)
    return out


def read_foreign_docx(path: Path, package: WordPackage | None = None) -> ImportResult:
    path = Path(path)
    return recognize_lines(docx_lines(path, package), False, path.name)
