"""Stage 3, judgement: the tables' own equations choose between readings of the text, or refuse.

The equations are the edition's rules (row total = sum of its columns, 一+二 = 三(七)+四, the results sum,
表四's group totals). They are used in three places, always to choose and never to change a number:
- a run of glued digits (“3000003”, a crawler's copy of a table row) is split only where the digit count
  leaves one split, or exactly one split satisfies the row's equations; the forced split must satisfy them
  too, since a blank cell that vanished can leave the same digit count;
- a block of numbers read column by column or row by row takes the reading its rows balance under;
- after a table is read, a row whose split rested on an equation is withdrawn when another equation of
  the table contradicts it (a published error is never "repaired" into a wrong split).
"""

from __future__ import annotations

from decimal import Decimal

from editor.schema import CellRef, Edition, RuleInstance

MAX_SPLITS = 20_000  # compositions of one digit run tried before giving up (a row has ≤ 15 cells)


def row_equations(ed: Edition, table_id: str, row_id: str) -> list[tuple[str, RuleInstance]]:
    """The edition's equations (op, instance) whose every term is a cell of this one row."""
    out = []
    for rule in ed.rules:
        if rule.table != table_id or rule.cross_year:
            continue
        for inst in rule.instances:
            refs = [t.ref for t in inst.left + inst.right]
            if refs and all(r[0] == table_id and r[1] == row_id for r in refs):
                out.append((rule.op, inst))
    return out


def table_equations(ed: Edition, table_id: str) -> list[tuple[str, RuleInstance]]:
    return [(rule.op, inst) for rule in ed.rules if rule.table == table_id and not rule.cross_year
            for inst in rule.instances]


def holds(op: str, inst: RuleInstance, values: dict[CellRef, object]) -> bool:
    def side(terms) -> Decimal:
        total = Decimal(0)
        for t in terms:
            v = values.get(t.ref)
            if v is not None:
                total += Decimal(v) * t.sign  # type: ignore[arg-type]
        return total

    lv, rv = side(inst.left), side(inst.right)
    return lv == rv if op == "=" else (lv <= rv if op == "<=" else lv >= rv)


def compositions(groups: list[str], n: int, limit: int = MAX_SPLITS) -> list[list[int]] | None:
    """Every way to cut these digit groups into n numbers (a group never joins another; no number but 0
    starts with 0). None when there are more than ``limit``."""
    out: list[list[int]] = []

    def cut(gi: int, pos: int, acc: list[int]) -> bool:
        if len(out) > limit:
            return False
        if gi == len(groups):
            if len(acc) == n:
                out.append(list(acc))
            return True
        g = groups[gi]
        # The parts still needed must fit the digits left, and every later group gives at least one.
        need = n - len(acc)
        rest_digits = sum(len(x) for x in groups[gi + 1:]) + len(g) - pos
        if need < len(groups) - gi or rest_digits < need:
            return True
        for end in range(pos + 1, len(g) + 1):
            piece = g[pos:end]
            if len(piece) > 1 and piece[0] == "0":
                break
            acc.append(int(piece))
            if end == len(g):
                ok = cut(gi + 1, 0, acc)
            else:
                ok = cut(gi, end, acc)
            acc.pop()
            if not ok:
                return False
        return True

    total_digits = sum(len(g) for g in groups)
    if not groups or total_digits < n or len(groups) > n:
        return []
    cut(0, 0, [])
    return None if len(out) > limit else out


def split_digits(groups: list[str], cols: list[str], table_id: str, row_id: str,
                 ed: Edition) -> tuple[list | None, str, bool]:
    """(numbers, reason, rests_on_equation). numbers is None when the run cannot be split for sure."""
    n = len(cols)
    if len(groups) == n:
        return [Decimal(g.replace("．", ".")) for g in groups], "", False  # printed apart: taken as printed
    if any(not g.isdigit() for g in groups):
        return None, "连写的数字中有小数，无法拆分", False
    options = compositions(groups, n)
    if options is None:
        return None, "连写的数字可拆分的方式太多", False
    if not options:
        return None, f"连写的数字拆不成{n}个数（可能缺了空格）", False
    eqs = row_equations(ed, table_id, row_id)

    def fits(vals: list[int]) -> bool:
        cells = {(table_id, row_id, c): v for c, v in zip(cols, vals, strict=True)}
        return all(holds(op, inst, cells) for op, inst in eqs)

    if len(options) == 1:
        if eqs and not fits(options[0]):
            return None, "连写的数字只有一种拆法，但不满足本行的合计关系（可能有空格丢失），无法确定", False
        return options[0], "", False
    if not eqs:
        return None, f"连写的数字有{len(options)}种拆法，本行没有可用来判断的等式", False
    good = [o for o in options if fits(o)]
    if len(good) == 1:
        return good[0], "", True
    if not good:
        return None, f"连写的数字有{len(options)}种拆法，没有一种满足本行的合计关系", False
    return None, f"连写的数字有{len(good)}种拆法都满足本行的合计关系，无法确定", False
