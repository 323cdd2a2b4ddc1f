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
from functools import lru_cache

from editor.schema import CellRef, Edition, RuleInstance

MAX_STATES = 3_000  # states of the split search before a digit run is given up as undecidable
MAX_DIGITS_PER_CELL = 9  # a longer run than 9 digits per cell is no table row


class _TooMany(Exception):
    pass


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


def _roles(cols: list[str], table_id: str, row_id: str, eqs: list[tuple[str, RuleInstance]]) -> list | None:
    """Each column's part in the row's sum equations: ("part", k), ("total", k) or None (free), where every
    equation reads total = sum of parts printed before it; None when the equations have another form."""
    roles: list = [None] * len(cols)
    index = {c: i for i, c in enumerate(cols)}
    for k, (op, inst) in enumerate(eqs):
        if op != "=" or len(inst.left) != 1 or any(t.sign != 1 for t in inst.left + inst.right):
            return None
        total = index.get(inst.left[0].ref[2])
        parts = [index.get(t.ref[2]) for t in inst.right]
        if total is None or None in parts or roles[total] is not None or any(p > total for p in parts):
            return None
        roles[total] = ("total", k)
        for p in parts:
            if roles[p] is not None:
                return None
            roles[p] = ("part", k)
    return roles


@lru_cache(maxsize=256)
def _pieces(digits: str, ends: frozenset[int]) -> list[list[tuple[int, int]]]:
    """For each end position, every (start, value) of a piece ending there: within one printed group, at
    most MAX_DIGITS_PER_CELL long, no leading zero."""
    starts = sorted({0, *ends})
    out: list[list[tuple[int, int]]] = [[]]
    for i in range(1, len(digits) + 1):
        floor = max(max(b for b in starts if b < i), i - MAX_DIGITS_PER_CELL)
        out.append([(j, int(digits[j:i])) for j in range(i - 1, floor - 1, -1) if digits[j] != "0" or j == i - 1])
    return out


def _count(digits: str, ends: frozenset[int], n: int, roles: list | None,
           fixed: dict[int, int] | None = None) -> tuple[int, list[int] | None]:
    """How many ways (0, 1 or 2 meaning "more") cut the digits into n numbers (no piece across a printed
    gap, no leading zero), each equation's total equal to the sum of its parts when roles are given; and
    one such way. Read from the right: a total comes after its parts, so what its parts may still add up
    to is known and bounds every piece."""
    eq_count = 1 + max((r[1] for r in roles or [] if r), default=-1)
    memo: dict = {}

    def options(i: int, c: int, left: tuple):
        """(start, value, next left) for the piece ending at i that fills column c (counted from 0)."""
        # A piece never runs across a printed gap, nor is longer than any cell's number.
        role = roles[c] if roles else None
        for j, value in pieces[i]:
            if role and role[0] == "total":
                if left[role[1]] is not None:
                    return
                yield j, value, (*left[:role[1]], value, *left[role[1] + 1:])
            elif role and role[0] == "part":
                rest = left[role[1]]
                if rest is None or value > rest:
                    return  # longer pieces only grow
                yield j, value, (*left[:role[1]], rest - value, *left[role[1] + 1:])
            else:
                yield j, value, left

    # The least and the most that c + 1 pieces cut from the first i digits can add up to: where every column
    # left is a part of one equation, what its total still waits for must lie in between.
    size = len(digits)
    pieces = _pieces(digits, ends)
    inf = float("inf")
    lo = [[inf] * (size + 1) for _ in range(n)]
    hi = [[-1.0] * (size + 1) for _ in range(n)]
    if roles:
        for c in range(n):
            lo_c, hi_c = lo[c], hi[c]
            prev_lo, prev_hi = (lo[c - 1], hi[c - 1]) if c else (None, None)
            for i in range(1, size + 1):
                for j, v in pieces[i]:
                    if prev_hi is None:
                        if j == 0:
                            lo_c[i], hi_c[i] = min(lo_c[i], v), max(hi_c[i], v)
                    elif prev_hi[j] >= 0:
                        lo_c[i] = min(lo_c[i], prev_lo[j] + v)
                        hi_c[i] = max(hi_c[i], prev_hi[j] + v)
    else:
        hi = [[0.0] * (size + 1) for _ in range(n)]  # no bounds without equations
    # The same for a run of m parts ending at digit i that may start anywhere (a group of 表四's columns).
    seg = [0] * n
    for c in range(n):
        if roles and roles[c] and roles[c][0] == "part":
            seg[c] = 1 + (seg[c - 1] if c and roles[c - 1] == roles[c] else 0)
    span = max(seg, default=0)
    lo_any = [[0.0] * (size + 1)] + [[inf] * (size + 1) for _ in range(span)]
    hi_any = [[0.0] * (size + 1)] + [[-1.0] * (size + 1) for _ in range(span)]
    for m in range(1, span + 1):
        for i in range(1, size + 1):
            for j, v in pieces[i]:
                if hi_any[m - 1][j] >= 0:
                    lo_any[m][i] = min(lo_any[m][i], lo_any[m - 1][j] + v)
                    hi_any[m][i] = max(hi_any[m][i], hi_any[m - 1][j] + v)
    one_eq = [roles is not None and all(r is not None and r[0] == "part" and r[1] == roles[c][1]
                                        for r in roles[:c + 1]) if roles and roles[c] else False
              for c in range(n)]

    def ways(i: int, c: int, left: tuple) -> int:
        if c < 0:
            return 1 if i == 0 and all(x in (None, 0) for x in left) else 0
        if i < c + 1 or hi[c][i] < 0:
            return 0
        if one_eq[c]:
            rest = left[roles[c][1]]  # type: ignore[index]
            if rest is not None and not lo[c][i] <= rest <= hi[c][i]:
                return 0
        elif seg[c]:
            rest = left[roles[c][1]]  # type: ignore[index]
            if rest is not None and not lo_any[seg[c]][i] <= rest <= hi_any[seg[c]][i]:
                return 0
        k = (i, c, left)
        if k in memo:
            return memo[k]
        if len(memo) > MAX_STATES:
            raise _TooMany
        total = 0
        for j, _, nxt in options(i, c, left):
            total += ways(j, c - 1, nxt)
            if total >= 2:
                total = 2
                break
        memo[k] = total
        return total

    start = tuple((fixed or {}).get(k) for k in range(eq_count))
    count = ways(len(digits), n - 1, start)
    if count != 1:
        return count, None
    out: list[int] = []
    i, left = len(digits), start
    for c in range(n - 1, -1, -1):
        for j, value, nxt in options(i, c, left):
            if ways(j, c - 1, nxt):
                out.append(value)
                i, left = j, nxt
                break
    return 1, out[::-1]


def split_digits(groups: list[str], cols: list[str], table_id: str, row_id: str,
                 ed: Edition) -> tuple[list | None, str, bool]:
    """(numbers, reason, rests_on_equation). numbers is None when the run cannot be split for sure."""
    n = len(cols)
    if len(groups) == n:
        return [Decimal(g.replace("．", ".").replace("−", "-").replace("－", "-")) for g in groups], "", False
    if any(not g.isdigit() for g in groups):
        return None, "连写的数字中有小数或正负号，无法拆分", False
    if len(groups) > n:
        return None, f"数字比本行的{n}格还多", False
    digits = "".join(groups)
    if len(digits) > MAX_DIGITS_PER_CELL * n:
        return None, "连写的数字过长，不像一行表格", False
    if not digits.strip("0"):
        # Zeros only: no number but 0 starts with 0, so each zero is a cell; one zero per cell or no reading.
        if len(digits) == n:
            return [0] * n, "", False
        return None, f"连写的数字拆不成{n}个数（可能缺了空格或有空白格）", False
    try:
        return _split(digits, groups, cols, table_id, row_id, ed)
    except _TooMany:
        return None, "连写的数字可拆分的方式太多，无法确定", False


def _split(digits: str, groups: list[str], cols: list[str], table_id: str, row_id: str,
           ed: Edition) -> tuple[list | None, str, bool]:
    n = len(cols)
    ends, pos = set(), 0
    for g in groups:
        pos += len(g)
        ends.add(pos)
    ends_f = frozenset(ends)
    eqs = row_equations(ed, table_id, row_id)
    roles = _roles(cols, table_id, row_id, eqs) if eqs else None
    n_all, _ = _count(digits, ends_f, n, None)
    if n_all == 0:
        return None, f"连写的数字拆不成{n}个数（可能缺了空格或有空白格）", False
    n_fit, one = _count(digits, ends_f, n, roles)
    if n_fit == 0:
        return None, "连写的数字没有一种拆法满足本行的合计关系（可能有空白格被省略），无法确定", False
    if n_fit > 1:
        reason = "有多种拆法都满足本行的合计关系" if roles else "有多种拆法，本行没有可用来判断的等式"
        return None, f"连写的数字{reason}，无法确定", False
    cells = {(table_id, row_id, c): v for c, v in zip(cols, one or [], strict=True)}
    if not all(holds(op, inst, cells) for op, inst in eqs):
        return None, "连写的数字只有一种拆法，但不满足本行的等式，无法确定", False
    # A blank cell prints nothing: the same digits read as one number fewer, the blank anywhere, must not
    # fit too, or the split is not certain.
    for c in range(n):
        sub_roles = None
        fixed: dict[int, int] = {}
        if roles:
            sub_roles = [r for i, r in enumerate(roles) if i != c]
            if roles[c] and roles[c][0] == "total":
                fixed[roles[c][1]] = 0  # a blank total: its parts add up to 0
        if n > 1 and _count(digits, ends_f, n - 1, sub_roles, fixed)[0]:
            return None, "连写的数字也可读作少一格（可能有空白格被省略），无法确定", False
    return one, "", n_all > 1
