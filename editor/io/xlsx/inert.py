"""Text cells that stay text: what a user or another unit typed (an agency name, a file name, a paragraph)
must never become a live formula in a workbook we write (“=HYPERLINK(…)” in an agency name).

openpyxl turns any string starting with “=” into a formula; Excel and WPS also treat text typed or
pasted starting with + - @ (and a leading TAB or CR in CSV-like pastes) as one. ``put_text`` stores the
value as a plain string cell and, for those starting characters, sets Excel's “quote prefix” (the
apostrophe) so that editing the cell later keeps it text. Every text cell of the report workbook and the
summary workbook goes through here.
"""

from __future__ import annotations

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def put_text(cell: Cell, text: str) -> Cell:
    """Write ``text`` into ``cell`` as an inert string (control characters XML cannot hold dropped)."""
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    cell.value = text
    cell.data_type = "s"  # after the assignment: openpyxl made “=…” a formula ("f")
    if looks_like_formula(text):
        cell.quotePrefix = True
    return cell
