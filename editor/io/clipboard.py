"""Blocks of cells copied from Excel or WPS, and the block we put on the clipboard. No Qt.

Excel and WPS put "XML Spreadsheet" (SpreadsheetML 2003) next to tab-separated text; it carries the
values unformatted, so it is read first where present. Both are parsed defensively: a clipboard can
hold anything.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

MAX_CELLS = 20_000  # far more than any report table; beyond this it is not a block of the report
MAX_BYTES = 8 * 1024 * 1024  # of clipboard text or XML: 20,000 cells are well under 1 MB
_SS = "{urn:schemas-microsoft-com:office:spreadsheet}"


class ClipboardError(ValueError):
    """The clipboard does not hold a usable block; the message is Chinese."""


def parse_tsv(text: str) -> list[list[str]]:
    if len(text) > MAX_BYTES or text.count("\t") + text.count("\n") > 2 * MAX_CELLS:
        raise ClipboardError("剪贴板中的表格过大，不是年报中的表格")  # counted before any list is built
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.endswith("\n"):
        text = text[:-1]  # Excel ends every row, the last one included, with a line break
    rows = [_split_row(line) for line in text.split("\n")]
    _check_size(rows)
    return rows


def _split_row(line: str) -> list[str]:
    # A cell with a line break or tab is quoted by Excel; report cells are numbers, so unquote simply.
    cells = line.split("\t")
    return [c[1:-1].replace('""', '"') if len(c) >= 2 and c[0] == c[-1] == '"' else c for c in cells]


def parse_spreadsheet_xml(data: bytes) -> list[list[str]]:
    if len(data) > MAX_BYTES:
        raise ClipboardError("剪贴板中的表格过大，不是年报中的表格")
    if b"<!DOCTYPE" in data[:2000] or b"<!ENTITY" in data:
        raise ClipboardError("剪贴板内容格式无法识别")  # no entity expansion from untrusted data
    try:
        root = ET.fromstring(data)
    except ET.ParseError:
        raise ClipboardError("剪贴板内容格式无法识别") from None
    table = root.find(f".//{_SS}Table")
    if table is None:
        raise ClipboardError("剪贴板中没有表格")
    rows: list[list[str]] = []
    for row_el in table.iter(f"{_SS}Row"):
        row_index = _index(row_el)
        while row_index is not None and len(rows) < row_index - 1:
            rows.append([])
        row: list[str] = []
        for cell in row_el.iter(f"{_SS}Cell"):
            col_index = _index(cell)
            if col_index is not None:
                row.extend([""] * (col_index - 1 - len(row)))
            data_el = cell.find(f"{_SS}Data")
            row.append("".join(data_el.itertext()) if data_el is not None else "")
            row.extend([""] * _count(cell.get(f"{_SS}MergeAcross", "0") or "0"))
        rows.append(row)
        _check_size(rows)
    return rows


def _count(raw: str) -> int:
    """A span of extra cells, bounded before the list is built (“99999999999” would take all memory)."""
    try:
        value = int(raw) if len(raw) <= 9 else MAX_CELLS + 1
    except ValueError:
        raise ClipboardError("剪贴板内容格式无法识别") from None
    if not 0 <= value <= MAX_CELLS:
        raise ClipboardError("剪贴板中的表格过大")
    return value


def _index(el: ET.Element) -> int | None:
    raw = el.get(f"{_SS}Index")
    if raw is None:
        return None
    try:
        value = int(raw) if len(raw) <= 9 else MAX_CELLS + 1
    except ValueError:
        raise ClipboardError("剪贴板内容格式无法识别") from None
    if not 1 <= value <= MAX_CELLS:
        raise ClipboardError("剪贴板中的表格过大")
    return value


def _check_size(rows: list[list[str]]) -> None:
    if sum(len(r) for r in rows) > MAX_CELLS:
        raise ClipboardError("剪贴板中的表格过大，不是年报中的表格")


def to_tsv(rows: list[list[str]]) -> str:
    return "".join("\t".join(r) + "\n" for r in rows)
