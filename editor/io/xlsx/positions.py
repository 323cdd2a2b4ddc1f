"""Where the cells of a workbook we wrote are, found by position when its defined names were lost.

Some programs drop a workbook's names when they save it (or keep only names without dots). The layout
is deterministic, so the tables are found by drawing them again on a scratch sheet and aligning it with
the sheet's first table heading; every label, header and heading must then be found in its place, or
nothing is taken from the tables (a sheet with inserted rows is not guessed at). The meta rows and the
prose sections are found by their labels and headings.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from openpyxl import Workbook

from editor.io.xlsx.export import (
    META_FIELDS,
    TABLES_SHEET,
    TEXT_SHEET,
    cell_name,
    meta_name,
    text_heading,
    text_name,
)
from editor.io.xlsx.tables import write_official_tables
from editor.schema import Edition

Grid = dict[tuple[int, int], Any]
Destination = tuple[str, tuple[int, int, int, int]]
_META_SEARCH_ROWS = 30


def _tables(grid: Grid, edition: Edition) -> dict[str, Destination]:
    scratch = Workbook().active
    placement = write_official_tables(scratch, edition, {}, validation=False, check_formats=False,
                                      page_setup=False)
    texts = [(c.row, c.column, c.value) for row in scratch.iter_rows() for c in row if isinstance(c.value, str)]
    first_heading = texts[0][2]  # no title: the scratch sheet starts with the first section heading
    rows = [r for (r, c), v in grid.items() if c == 1 and v == first_heading]
    if len(rows) != 1:
        return {}
    offset = rows[0] - texts[0][0]
    if any(grid.get((r + offset, c)) != text for r, c, text in texts):
        return {}
    out = {}
    for ref, coord in placement.cells.items():
        cell = scratch[coord]
        row, col = cell.row + offset, cell.column
        out[cell_name(ref)] = (TABLES_SHEET, (col, row, col, row))
    return out


def _meta(grid: Grid) -> dict[str, Destination]:
    out = {}
    for key, label in META_FIELDS:
        rows = [r for (r, c), v in grid.items() if c == 1 and v == label and r <= _META_SEARCH_ROWS]
        if len(rows) == 1 and key != "edition":
            out[meta_name(key)] = (TEXT_SHEET, (2, rows[0], 2, rows[0]))
    return out


def _texts(grid: Grid, edition: Edition) -> dict[str, Destination]:
    """Paragraphs run from below a heading to the empty row before the next heading. The last
    section ends at its last non-empty paragraph (trailing empty paragraphs are not recoverable)."""
    sections = edition.text_sections()
    heading_rows = []
    for section in sections:
        rows = [r for (r, c), v in grid.items() if c == 1 and v == text_heading(section)]
        if len(rows) != 1:
            return {}
        heading_rows.append(rows[0])
    if heading_rows != sorted(heading_rows):
        return {}
    out = {}
    last_filled = max((r for (r, c) in grid if c == 2), default=0)
    for i, section in enumerate(sections):
        first = heading_rows[i] + 1
        last = heading_rows[i + 1] - 2 if i + 1 < len(sections) else max(first, last_filled)
        out[text_name(section.id)] = (TEXT_SHEET, (2, first, 2, max(first, last)))
    return out


def positional_destinations(wb: Workbook, sheet: Callable[[str], Grid], edition: Edition) -> dict[str, Destination]:
    """name -> destination for every part that could be located and checked; the rest stays missing."""
    out: dict[str, Destination] = {}
    if TABLES_SHEET in wb.sheetnames:
        out |= _tables(sheet(TABLES_SHEET), edition)
    if TEXT_SHEET in wb.sheetnames:
        grid = sheet(TEXT_SHEET)
        out |= _meta(grid)
        out |= _texts(grid, edition)
    return out
