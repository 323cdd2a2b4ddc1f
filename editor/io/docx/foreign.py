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


def _text(el) -> str:
    """The visible text of a paragraph-like element: runs, tabs and line breaks."""
    out = []
    for node in el.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr", f"{_W}p"):
        if node.tag == f"{_W}t":
            out.append(node.text or "")
        elif node.tag == f"{_W}p":
            if out:
                out.append("\n")
        else:
            out.append(" " if node.tag == f"{_W}tab" else "\n")
    return "".join(out)


def _is_continuation(tc) -> bool:
    tc_pr = tc.find(f"{_W}tcPr")
    if tc_pr is None:
        return False
    vm = tc_pr.find(f"{_W}vMerge")
    return vm is not None and vm.get(f"{_W}val") in (None, "continue")


def _grid_count(props, name: str) -> int:
    """w:gridSpan / w:gridBefore of a cell's or row's properties (1 / 0 when absent), bounded."""
    default = 1 if name == "gridSpan" else 0
    el = props.find(f"{_W}{name}") if props is not None else None
    if el is None:
        return default
    try:
        return max(default, min(64, int(el.get(f"{_W}val", default))))
    except ValueError:
        return default


def _block_lines(container, out: list[Line]) -> None:
    for el in container.iterchildren():
        tag = el.tag
        if tag == f"{_W}p":
            for part in _text(el).split("\n"):
                if part.strip():
                    out.append(Line([part.strip()]))
        elif tag == f"{_W}tbl":
            _table_lines(el, out)
        elif tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml", f"{_W}smartTag"):
            _block_lines(el.find(f"{_W}sdtContent") if tag == f"{_W}sdt" and el.find(f"{_W}sdtContent") is not None
                         else el, out)


def _table_lines(tbl, out: list[Line]) -> None:
    row_no = 0
    unspanned = all(_grid_count(tc.find(f"{_W}tcPr"), "gridSpan") == 1 for tc in tbl.iter(f"{_W}tc"))
    for tr in tbl.iter(f"{_W}tr"):
        if tr.getparent() is not tbl:
            continue  # rows of nested tables are read where their cell is
        tcs = [tc for tc in tr.iterchildren(f"{_W}tc")]
        if any(tc.find(f".//{_W}tbl") is not None for tc in tcs):
            for tc in tcs:  # a layout table around real content: read its cells as text
                _block_lines(tc, out)
            continue
        row_no += 1
        # One cell per table cell, blanks kept (a row starting late: blanks first). Where no cell of the
        # table spans columns (a grid whose merges were lost), each cell is one column of the grid, so the
        # cells can be placed under the column labels printed above them.
        cells = [""] * _grid_count(tr.find(f"{_W}trPr"), "gridBefore")
        cells += ["" if _is_continuation(tc) else " ".join(_text(tc).split()) for tc in tcs]
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
