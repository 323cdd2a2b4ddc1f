"""空白单元格填0: the blank value cells of some tables, and the zeros that fill them. No Qt.

A blank counts as 0 in every check and prints as 0, so filling never changes a finding; it only makes
the zeros explicit. A filled cell is never touched."""

from __future__ import annotations

from collections.abc import Iterable

from editor.cell_input import parse_cell
from editor.report import Number, Report
from editor.schema import CellRef


def blank_cells(report: Report, table_ids: Iterable[str] | None = None) -> list[CellRef]:
    """The value cells left blank, in the edition's order; ``table_ids`` None: every table."""
    ed = report.edition
    wanted = None if table_ids is None else set(table_ids)
    return [ref for t in ed.tables if wanted is None or t.id in wanted for ref in t.cells()
            if report.get(ref) is None]


def zeros_for_blanks(report: Report, table_ids: Iterable[str] | None = None) -> dict[CellRef, Number]:
    """A zero of each blank cell's kind (0 件, 0 万元), ready for one undoable change."""
    kinds = report.edition.cell_kinds
    return {ref: parse_cell(kinds[ref], "0") for ref in blank_cells(report, table_ids)}
