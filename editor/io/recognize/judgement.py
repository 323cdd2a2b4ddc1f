"""Stage 3, judgement: the tables' own equations choose between readings of the text, or refuse.

The equations are the edition's rules (row total = sum of its columns, 一+二 = 三(七)+四, the results sum,
表四's group totals). They are used in three places, always to choose and never to change a number:
- a run of glued digits (“3000003”, a crawler's copy of a table row) has its readings (Readings): every
  split fitting the row's equations, and those with one blank cell that printed nothing; the row alone is
  split only where one split fits and no reading with a vanished blank does (the rows a table's equations
  between rows may still decide go on to ``joint``);
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
ROW_LIMIT = 120  # readings of one row enumerated before it counts as having too many


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
    one such way."""
    ways, options, start = _splitter(digits, ends, n, roles, fixed, 2, MAX_STATES)
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


def all_splits(digits: str, ends: frozenset[int], n: int, roles: list | None, fixed: dict[int, int] | None,
               limit: int, max_states: int, bounds: Bounds | None = None) -> list[list[int]]:
    """Every way _count counts, as lists of n numbers; _TooMany when there are more than limit of them or
    the search needs more than max_states states."""
    ways, options, start = _splitter(digits, ends, n, roles, fixed, limit + 1, max_states, bounds)
    if ways(len(digits), n - 1, start) > limit:
        raise _TooMany
    out: list[list[int]] = []

    def walk(i: int, c: int, left: tuple, acc: list[int]) -> None:
        if c < 0:
            out.append(acc[::-1])
            return
        for j, value, nxt in options(i, c, left):
            if ways(j, c - 1, nxt):
                walk(j, c - 1, nxt, [*acc, value])

    walk(len(digits), n - 1, start, [])
    return out


class Bounds:
    """The least and the most that pieces cut from a digit run can add up to, computed once per run and
    shared by every split search on it (the row's own and those with a vanished blank)."""

    def __init__(self, digits: str, ends: frozenset[int]) -> None:
        self.size, self.pieces = len(digits), _pieces(digits, ends)
        self.lo: list[list[float]] = []
        self.hi: list[list[float]] = []
        self._runs: dict[int, tuple[list[float], list[float]]] = {}

    def rows(self, n: int) -> tuple[list[list[float]], list[list[float]]]:
        """lo[c][i], hi[c][i]: least and most sum of c + 1 pieces covering the first i digits (hi < 0: none)."""
        inf, pieces = float("inf"), self.pieces
        while len(self.lo) < n:
            c = len(self.lo)
            lo_c, hi_c = [inf] * (self.size + 1), [-1.0] * (self.size + 1)
            prev_lo, prev_hi = (self.lo[c - 1], self.hi[c - 1]) if c else (None, None)
            for i in range(1, self.size + 1):
                for j, v in pieces[i]:
                    if prev_hi is None:
                        if j == 0:
                            lo_c[i] = hi_c[i] = v
                    elif prev_hi[j] >= 0:
                        if prev_lo[j] + v < lo_c[i]:
                            lo_c[i] = prev_lo[j] + v
                        if prev_hi[j] + v > hi_c[i]:
                            hi_c[i] = prev_hi[j] + v
            self.lo.append(lo_c)
            self.hi.append(hi_c)
        return self.lo, self.hi

    def runs(self, m: int) -> tuple[list[float], list[float]]:
        """The same for m pieces ending at digit i that may start anywhere (a group of 表四's columns)."""
        if m not in self._runs:
            inf = float("inf")
            lo, hi = [0.0] * (self.size + 1), [0.0] * (self.size + 1)
            for _ in range(m):
                nlo, nhi = [inf] * (self.size + 1), [-1.0] * (self.size + 1)
                for i in range(1, self.size + 1):
                    for j, v in self.pieces[i]:
                        if hi[j] >= 0:
                            nlo[i] = min(nlo[i], lo[j] + v)
                            nhi[i] = max(nhi[i], hi[j] + v)
                lo, hi = nlo, nhi
            self._runs[m] = (lo, hi)
        return self._runs[m]


def _splitter(digits: str, ends: frozenset[int], n: int, roles: list | None, fixed: dict[int, int] | None,
              cap: int, max_states: int, bounds: Bounds | None = None):
    """The counting search behind _count and all_splits: ways(i, c, left) counts (up to cap) the ways to
    fill columns 0..c from the first i digits, left holding what each equation's parts still add up to.
    Read from the right: a total comes after its parts, so what its parts may still add up to is known
    and bounds every piece."""
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

    size = len(digits)
    pieces = _pieces(digits, ends)
    if roles:
        bounds = bounds or Bounds(digits, ends)
        lo, hi = bounds.rows(n)
    else:
        lo, hi = [], [[0.0] * (size + 1) for _ in range(n)]  # no bounds without equations
    seg = [0] * n
    for c in range(n):
        if roles and roles[c] and roles[c][0] == "part":
            seg[c] = 1 + (seg[c - 1] if c and roles[c - 1] == roles[c] else 0)
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
            if rest is not None:
                lo_any, hi_any = bounds.runs(seg[c])  # type: ignore[union-attr]
                if not lo_any[i] <= rest <= hi_any[i]:
                    return 0
        k = (i, c, left)
        if k in memo:
            return memo[k]
        if len(memo) > max_states:
            raise _TooMany
        total = 0
        for j, _, nxt in options(i, c, left):
            total += ways(j, c - 1, nxt)
            if total >= cap:
                total = cap
                break
        memo[k] = total
        return total

    return ways, options, tuple((fixed or {}).get(k) for k in range(eq_count))


def _blocks(roles: list) -> list[tuple[str, int]] | None:
    """The row's columns as blocks in print order: ("sum", m) for m parts followed by their total (one
    equation), ("free", 1) for a column in no equation; None when an equation's columns are not so laid
    out."""
    out: list[tuple[str, int]] = []
    c, n = 0, len(roles)
    while c < n:
        if roles[c] is None:
            out.append(("free", 1))
            c += 1
            continue
        k, start = roles[c][1], c
        while c < n and roles[c] == ("part", k):
            c += 1
        if c == start or c >= n or roles[c] != ("total", k):
            return None
        out.append(("sum", c - start))
        c += 1
    return out


class _BlockSplitter:
    """Splits of a digit run for a row made of several blocks (表四: three groups of four results and their
    total), read from the right block by block: a block's total is the piece just before where the next
    block starts, and its parts, read from the right too, must add up to it, so every piece is bounded by
    what is left. blank: one cell of the row printed nothing (None)."""

    def __init__(self, digits: str, ends: frozenset[int], blocks: list[tuple[str, int]], limit: int) -> None:
        self.pieces, self.blocks, self.limit, self.size = _pieces(digits, ends), blocks, limit, len(digits)
        self.bounds = Bounds(digits, ends)
        self._lohi: dict = {}
        self._parts: dict = {}
        self._block: dict = {}
        self._chain: dict = {}
        self.states = 0

    def readings(self, blank: bool) -> list[tuple]:
        return self._chain_at(len(self.blocks) - 1, self.size, 1 if blank else 0)

    def _cap(self, out: list) -> None:
        self.states += 1
        if len(out) > self.limit or self.states > MAX_STATES * 10:
            raise _TooMany

    def _limits(self, c: int, anchored: bool) -> tuple[list[float], list[float]]:
        """Least and most sum of c pieces ending at each digit: starting at the first digit (anchored: the
        row's first block) or anywhere."""
        got = self._lohi.get((c, anchored))
        if got is None:
            if anchored:
                lo, hi = self.bounds.rows(c)
                got = (lo[c - 1], hi[c - 1])
            else:
                got = self.bounds.runs(c)
            self._lohi[(c, anchored)] = got
        return got

    def _parts_at(self, i: int, c: int, left: int, anchored: bool) -> list[tuple[int, tuple]]:
        """(start, pieces) of c pieces ending at digit i that add up to left (starting at 0 if anchored)."""
        key_ = (i, c, left, anchored)
        got = self._parts.get(key_)
        if got is not None:
            return got
        out: list[tuple[int, tuple]] = []
        if c == 0:
            if left == 0 and (i == 0 or not anchored):
                out.append((i, ()))
        else:
            lo, hi = self._limits(c, anchored)
            if not lo[i] <= left <= hi[i]:
                pass  # no c pieces ending here add up to that much (or so little)
            elif c == 1:
                out.extend((j, (v,)) for j, v in self.pieces[i] if v == left and (j == 0 or not anchored))
            else:
                for j, v in self.pieces[i]:
                    if v > left:
                        break  # longer pieces only grow
                    for start, rest in self._parts_at(j, c - 1, left - v, anchored):
                        out.append((start, (*rest, v)))
                        self._cap(out)
        self._parts[key_] = out
        return out

    def _block_at(self, b: int, end: int, blank: int) -> list[tuple[int, tuple]]:
        """(start, values) of block b ending at digit end, with one blank cell when blank."""
        key_ = (b, end, blank)
        if key_ not in self._block:
            kind, m = self.blocks[b]
            out: list[tuple[int, tuple]] = []
            if kind == "free":
                out = [(end, (None,))] if blank else [(j, (v,)) for j, v in self.pieces[end]]
            elif not blank:
                for k, total in self.pieces[end]:
                    out.extend((start, (*parts, total)) for start, parts in self._parts_at(k, m, total, b == 0))
            else:
                # A blank total: its parts add up to 0. A blank part: the others add up to the total.
                out.extend((start, (*parts, None)) for start, parts in self._parts_at(end, m, 0, b == 0))
                for k, total in self.pieces[end]:
                    for start, parts in self._parts_at(k, m - 1, total, b == 0):
                        out.extend((start, (*parts[:p], None, *parts[p:], total)) for p in range(m))
            self._cap(out)
            self._block[key_] = out
        return self._block[key_]

    def _chain_at(self, b: int, end: int, blank: int) -> list[tuple]:
        """Values of blocks 0..b covering the first end digits, with blank cells (0 or 1) among them."""
        if b < 0:
            return [()] if end == 0 and blank == 0 else []
        key_ = (b, end, blank)
        if key_ not in self._chain:
            out: list[tuple] = []
            for use in range(blank + 1):
                for start, values in self._block_at(b, end, use):
                    if start < b:
                        continue  # fewer digits than the blocks before it need
                    for head in self._chain_at(b - 1, start, blank - use):
                        out.append((*head, *values))
                        self._cap(out)
            self._chain[key_] = out
        return self._chain[key_]


class Readings:
    """The readings of one glued row: every split into the row's cells that fits its own equations (full),
    and, computed when asked, the same with one blank cell that printed nothing (vanished). reason says
    why there is nothing to enumerate (then full is empty)."""

    def __init__(self, groups: list[str], cols: list[str], table_id: str, row_id: str, ed: Edition,
                 limit: int = ROW_LIMIT) -> None:
        self.cols, self.table_id, self.row_id, self.ed, self.limit = cols, table_id, row_id, ed, limit
        self.full: list[tuple] = []
        self.plain = False  # numbers printed apart, one per cell: taken as printed
        self.splits = 0  # splits into n numbers regardless of the equations (0, 1 or 2 meaning more)
        self.reason = ""
        self._vanished: list[tuple] | None = None
        n = len(cols)
        self.eqs = row_equations(ed, table_id, row_id)
        if len(groups) == n:
            self.full, self.plain, self.splits = [tuple(_decimal(g) for g in groups)], True, 1
            self._vanished = []
            return
        if any(not g.isdigit() for g in groups):
            self.reason = "连写的数字中有小数或正负号，无法拆分"
            return
        if len(groups) > n:
            self.reason = f"数字比本行的{n}格还多"
            return
        self.digits = "".join(groups)
        if len(self.digits) > MAX_DIGITS_PER_CELL * n:
            self.reason = "连写的数字过长，不像一行表格"
            return
        if not self.digits.strip("0"):
            # Zeros only: no number but 0 starts with 0, so each zero is a cell; one zero per cell or no reading.
            if len(self.digits) == n and self.fits((0,) * n):
                self.full, self.splits, self._vanished = [(0,) * n], 1, []
            else:
                self.reason = f"连写的数字拆不成{n}个数（可能缺了空格或有空白格）"
            return
        ends, pos = set(), 0
        for g in groups:
            pos += len(g)
            ends.add(pos)
        self.ends = frozenset(ends)
        self.roles = _roles(cols, table_id, row_id, self.eqs) if self.eqs else None
        try:
            self.splits = _count(self.digits, self.ends, n, None)[0]
            if self.splits == 0:
                self.reason = f"连写的数字拆不成{n}个数（可能缺了空格或有空白格）"
                return
            layout = _blocks(self.roles) if self.roles else None
            if layout:
                self._by_blocks: _BlockSplitter | None = _BlockSplitter(self.digits, self.ends, layout, limit)
                found = self._by_blocks.readings(False)
            else:
                self._by_blocks = None
                self.bounds = Bounds(self.digits, self.ends)
                found = all_splits(self.digits, self.ends, n, self.roles, None, limit, MAX_STATES, self.bounds)
        except _TooMany:
            self.reason = "连写的数字可拆分的方式太多，无法确定"
            return
        self.full = [r for r in map(tuple, found) if self.fits(r)]
        if not self.full:
            self.reason = "连写的数字没有一种拆法满足本行的等式（可能有空白格被省略），无法确定"

    def fits(self, reading: tuple) -> bool:
        cells = {(self.table_id, self.row_id, c): v for c, v in zip(self.cols, reading, strict=True)}
        return all(holds(op, inst, cells) for op, inst in self.eqs)

    @property
    def vanished(self) -> list[tuple] | None:
        """Readings with one blank cell (None) that printed nothing; None when they are too many."""
        if self._vanished is None and not self.full:
            self._vanished = []  # nothing to read: the row is not used (its reason says why)
        if self._vanished is None and self._by_blocks is not None:
            try:
                self._vanished = [r for r in self._by_blocks.readings(True) if self.fits(r)]
            except _TooMany:
                return None
        if self._vanished is None:
            n, out = len(self.cols), []
            try:
                for c in range(n if n > 1 else 0):
                    sub_roles, fixed = None, {}
                    if self.roles:
                        sub_roles = [r for i, r in enumerate(self.roles) if i != c]
                        if self.roles[c] and self.roles[c][0] == "total":
                            fixed[self.roles[c][1]] = 0  # a blank total: its parts add up to 0
                    for s in all_splits(self.digits, self.ends, n - 1, sub_roles, fixed, self.limit, MAX_STATES,
                                        self.bounds):
                        reading = (*s[:c], None, *s[c:])
                        if self.fits(reading):
                            out.append(reading)
                    if len(out) > self.limit:
                        raise _TooMany
            except _TooMany:
                return None
            self._vanished = out
        return self._vanished

    def decision(self) -> tuple[list | None, str, bool]:
        """The row on its own: (numbers, reason, rests_on_equation); numbers only where one full reading
        fits and no reading with a vanished blank does."""
        if self.plain:
            return list(self.full[0]), "", False
        if not self.full:
            return None, self.reason, False
        if len(self.full) > 1:
            reason = "有多种拆法都满足本行的合计关系" if self.roles else "有多种拆法，本行没有可用来判断的等式"
            return None, f"连写的数字{reason}，无法确定", False
        if self.vanished is None or self.vanished:
            return None, "连写的数字也可读作少一格（可能有空白格被省略），无法确定", False
        return list(self.full[0]), "", self.splits > 1


def _decimal(g: str) -> Decimal:
    return Decimal(g.replace("．", ".").replace("−", "-").replace("－", "-"))


def split_digits(groups: list[str], cols: list[str], table_id: str, row_id: str,
                 ed: Edition) -> tuple[list | None, str, bool]:
    """(numbers, reason, rests_on_equation). numbers is None when the run cannot be split for sure."""
    return Readings(groups, cols, table_id, row_id, ed).decision()
