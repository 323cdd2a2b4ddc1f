"""填入合计 and the 结转下年度 hint, derived from the edition's own sum rules. No Qt.

A "total cell" is one whose row or column is marked ``total`` in the edition file. A sum rule is an
equality error rule of this year's cells whose left side is a single total cell; 填入合计 sets that
cell to the sum of the right side, and never writes any other cell.
"""

from __future__ import annotations

from editor.report import Number, Report
from editor.schema import CellRef, Edition, Rule, RuleInstance

_MAX_PASSES = 5  # totals of totals (（七）总计 × 总计) settle in two passes


def _is_total(ed: Edition, ref: CellRef) -> bool:
    table = ed.table(ref[0])
    return table.row(ref[1]).total or table.column(ref[2]).total


def sum_instances(ed: Edition) -> list[RuleInstance]:
    out = []
    for rule in ed.rules:
        if rule.severity != "error" or rule.op != "=" or rule.cross_year:
            continue
        for inst in rule.instances:
            if (len(inst.left) == 1 and inst.left[0].sign == 1 and _is_total(ed, inst.left[0].ref)
                    and inst.right and all(t.sign == 1 for t in inst.right)):
                out.append(inst)
    return out


def filled_totals(report: Report) -> dict[CellRef, Number]:
    """The new value of every total cell that 填入合计 changes (only those that differ)."""
    ed = report.edition
    values = dict(report.values)
    instances = sum_instances(ed)
    for _ in range(_MAX_PASSES):
        changed = False
        for inst in instances:
            parts = [values.get(t.ref) for t in inst.right]
            if all(v is None for v in parts):
                continue  # nothing entered yet: a total is not invented from blanks
            total: Number = sum((v for v in parts if v is not None), 0)
            target = inst.left[0].ref
            if values.get(target) != total:
                values[target] = total
                changed = True
        if not changed:
            break
    return {ref: v for ref, v in values.items() if report.values.get(ref) != v}


def balancing_value(report: Report, rule: Rule, subject: str, ref: CellRef) -> Number | None:
    """The value the cell ``ref`` would need for this rule instance to hold (an "=" rule), or None."""
    if rule.op != "=":
        return None
    inst = next((i for i in rule.instances if i.subject == subject), None)
    if inst is None:
        return None
    total: Number = 0
    found = 0
    for side, terms in ((1, inst.left), (-1, inst.right)):
        for t in terms:
            if t.last:
                return None
            if t.ref == ref:
                found = side * t.sign
                continue
            total += side * t.sign * (report.values.get(t.ref) or 0)
    if not found:
        return None
    return -total * found
