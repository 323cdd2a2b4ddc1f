"""Excel formulas for the edition's equation rules, so an exported sheet keeps checking itself.

Each rule instance (one column, row or group) becomes one formula that is TRUE when the check fails,
e.g. ``SUM($D$8,$D$9)<>SUM($D$31,$D$32)`` for requests.balance. Blank cells count as 0, as in the
editor's checks (SUM ignores empty cells). Rules that compare with last year's report are skipped: the
workbook holds only this year.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from openpyxl.utils.cell import absolute_coordinate

from editor.schema import CellRef, Edition, Term

# The formula is TRUE when the rule is broken.
_FAILS = {"=": "<>", ">=": "<", "<=": ">"}


@dataclass(frozen=True)
class CheckFormula:
    rule: str
    subject: str
    severity: str
    formula: str
    cells: tuple[CellRef, ...]  # the cells it colours: every cell of the instance


def _side(terms: tuple[Term, ...], coords: Mapping[CellRef, str], kinds: Mapping[CellRef, str]) -> str:
    if not terms:
        return "0"
    parts = [("-" if t.sign < 0 else "") + absolute_coordinate(coords[t.ref]) for t in terms]
    expr = f"SUM({','.join(parts)})"
    # Money is a binary float in Excel: compare to the 6 decimals a value may have.
    if any(kinds[t.ref] == "money" for t in terms):
        expr = f"ROUND({expr},6)"
    return expr


def rule_formulas(edition: Edition, coords: Mapping[CellRef, str]) -> list[CheckFormula]:
    """One CheckFormula per instance of every same-year rule whose cells are all placed in ``coords``."""
    kinds = edition.cell_kinds
    out = []
    for rule in edition.rules:
        if rule.cross_year:
            continue
        for inst in rule.instances:
            terms = inst.left + inst.right
            if any(t.ref not in coords for t in terms):
                continue
            formula = f"{_side(inst.left, coords, kinds)}{_FAILS[rule.op]}{_side(inst.right, coords, kinds)}"
            cells = tuple(dict.fromkeys(t.ref for t in terms))
            out.append(CheckFormula(rule.id, inst.subject, rule.severity, formula, cells))
    return out
