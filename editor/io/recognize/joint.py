"""Stage 3, judgement across a table: glued rows read together, so that the column equations choose too.

A crawler's copy runs a whole table into digits (“一、本年新收…120000012二、上年结转…1200002…”). Each glued
row has its readings: the splits that fit its cells (no number starts with 0, none crosses a printed gap)
and its own equations (row total = sum of its columns), and the same with one blank cell that printed
nothing (a vanished blank). The table's equations between rows (表三 per column: 一+二 = 三(七)+四 and
(七) = the sum of the results; whatever the edition's rules say) then choose one reading per row: a row
is split only where every combination of readings that satisfies all those equations gives it the same
full reading. A row with more readings than a budget, or with none (more than one blank vanished, or
its own printed error), is left out together with the equations it takes part in: nothing is known of
it. When no combination fits at all, or the search runs over its time, nothing is decided here and the
per-row judgement stands, so a published error stays an error.

Search: the candidate readings of each row are pruned by each equation (a reading stays only where the
other rows can still make the equation hold: sums of their readings as bit sets), then a backtracking
search over the rows still in doubt looks, for every reading left, for one full combination using it.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from editor.io.recognize.judgement import Readings, table_equations
from editor.schema import Edition

# The node limit bounds the search and keeps the outcome the same on a busy or an idle machine (a 50 ms
# clock budget made the same file read differently under load); the clock is only a safety net.
TIME_BUDGET = 1.0  # seconds per table
NODE_LIMIT = 20_000  # search nodes per table

Reading = tuple  # one value per column (int | Decimal | None for a blank that printed nothing)


class _OverBudget(Exception):
    pass


@dataclass
class Outcome:
    """placed: the rows whose full reading is the same in every combination; status: "solved", "none"
    (no combination satisfies the equations), "over budget" or "no equations" (nothing ties the rows)."""

    status: str
    placed: dict[str, Reading] = field(default_factory=dict)
    unknown: set[str] = field(default_factory=set)  # rows left out (too many readings, or none)


def domain(readings: Readings) -> list[Reading] | None:
    """What a row may read: its full readings and those with a vanished blank; None when nothing is known
    of it (no full reading fits, or too many readings)."""
    if not readings.full:
        return None
    vanished = readings.vanished
    if vanished is None or len(readings.full) + len(vanished) > readings.limit:
        return None
    return readings.full + vanished


def solve(ed: Edition, table_id: str, cols: Sequence[str], rows: dict[str, Readings | Sequence[str]],
          budget: float = TIME_BUDGET) -> Outcome:
    """The glued rows of one table (row id → its readings, or its digit groups) read together under the
    table's equations."""
    deadline = time.perf_counter() + budget
    if not any(len({t.ref[1] for t in inst.left + inst.right}) > 1 for _, inst in table_equations(ed, table_id)):
        return Outcome("no equations")  # nothing ties the rows together (第二十条's tables)
    domains: dict[str, list[Reading]] = {}
    unknown: set[str] = set()
    try:
        for row, got in rows.items():
            if not isinstance(got, Readings):
                got = Readings(list(got), list(cols), table_id, row, ed)
            d = domain(got)
            if d:
                domains[row] = d
            else:
                unknown.add(row)
            if time.perf_counter() > deadline:
                raise _OverBudget
        return _Solver(ed, table_id, list(cols), domains, unknown, deadline).run()
    except _OverBudget:
        return Outcome("over budget", unknown=unknown)


# ----------------------------------------------------------------------------- the search


@dataclass
class _Constraint:
    op: str  # sum of the terms op 0: "=", "<=" or ">="
    rows: list[str]
    contrib: dict[str, list[int]]  # per row, per reading: its part of the sum (scaled to integers)


class _Solver:
    def __init__(self, ed: Edition, table_id: str, cols: list[str], readings: dict[str, list[Reading]],
                 unknown: set[str], deadline: float) -> None:
        self.readings, self.unknown, self.deadline = readings, unknown, deadline
        self.nodes = 0
        index = {c: i for i, c in enumerate(cols)}
        self.constraints: list[_Constraint] = []
        for op, inst in table_equations(ed, table_id):
            terms = [(t.ref, t.sign) for t in inst.left] + [(t.ref, -t.sign) for t in inst.right]
            if any(ref[1] not in readings or ref[2] not in index for ref, _ in terms):
                continue  # a row we know nothing of: the equation tells nothing
            by_row: dict[str, list[tuple[int, int]]] = {}
            for ref, sign in terms:
                by_row.setdefault(ref[1], []).append((index[ref[2]], sign))
            raw = {r: [sum((Decimal(v[i]) if v[i] is not None else Decimal(0)) * s for i, s in ts)
                       for v in readings[r]] for r, ts in by_row.items()}
            places = max((-d.as_tuple().exponent for vs in raw.values() for d in vs
                          if d.as_tuple().exponent < 0), default=0)  # type: ignore[operator]
            scale = 10 ** places
            contrib = {r: [int(d * scale) for d in vs] for r, vs in raw.items()}
            self.constraints.append(_Constraint(op, list(by_row), contrib))
        self.of_row: dict[str, list[int]] = {r: [] for r in readings}
        for k, c in enumerate(self.constraints):
            for r in c.rows:
                self.of_row[r].append(k)

    def run(self) -> Outcome:
        if not any(len(c.rows) > 1 for c in self.constraints):
            return Outcome("no equations", unknown=self.unknown)
        doms = self._propagate({r: list(range(len(v))) for r, v in self.readings.items()},
                               list(range(len(self.constraints))))
        if doms is None:
            return Outcome("none", unknown=self.unknown)
        first = self._search(doms)
        if first is None:
            return Outcome("none", unknown=self.unknown)
        seen = {r: {k} for r, k in first.items()}
        for row in sorted(doms, key=lambda r: len(doms[r])):
            for k in list(doms[row]):
                if len(seen[row]) > 1:
                    break  # not unique: its other readings need not be tried
                if k in seen[row]:
                    continue
                trial = self._propagate({**doms, row: [k]}, self.of_row[row])
                found = self._search(trial) if trial is not None else None
                if found is None:
                    doms[row] = [x for x in doms[row] if x != k]
                    continue
                for r, x in found.items():
                    seen[r].add(x)
        placed = {}
        for row, ks in seen.items():
            if len(ks) == 1:
                reading = self.readings[row][next(iter(ks))]
                if None not in reading:
                    placed[row] = reading
        return Outcome("solved", placed, self.unknown)

    def _tick(self) -> None:
        self.nodes += 1
        if self.nodes > NODE_LIMIT or time.perf_counter() > self.deadline:
            raise _OverBudget

    def _search(self, doms: dict[str, list[int]]) -> dict[str, int] | None:
        """One combination of readings (row → reading index) satisfying every constraint, or None."""
        self._tick()
        open_rows = [r for r in doms if len(doms[r]) > 1]
        if not open_rows:
            choice = {r: ks[0] for r, ks in doms.items()}
            return choice if all(self._holds(c, choice) for c in self.constraints) else None
        row = min(open_rows, key=lambda r: len(doms[r]))
        for k in doms[row]:
            trial = self._propagate({**doms, row: [k]}, self.of_row[row])
            if trial is not None:
                found = self._search(trial)
                if found is not None:
                    return found
        return None

    @staticmethod
    def _holds(c: _Constraint, choice: dict[str, int]) -> bool:
        total = sum(c.contrib[r][choice[r]] for r in c.rows)
        return total == 0 if c.op == "=" else total <= 0 if c.op == "<=" else total >= 0

    def _propagate(self, doms: dict[str, list[int]], queue: list[int]) -> dict[str, list[int]] | None:
        """Readings no combination of the other rows' readings could complete, per constraint, removed
        until nothing changes; None when a row has none left."""
        doms = dict(doms)
        pending = list(dict.fromkeys(queue))
        while pending:
            self._tick()
            c = self.constraints[pending.pop()]
            for row, keep in self._supported(c, doms).items():
                if len(keep) == len(doms[row]):
                    continue
                if not keep:
                    return None
                doms[row] = keep
                pending.extend(k for k in self.of_row[row] if k not in pending)
        return doms

    @staticmethod
    def _supported(c: _Constraint, doms: dict[str, list[int]]) -> dict[str, list[int]]:
        """For each row of the constraint, its readings that some choice of the other rows completes."""
        values = [sorted({c.contrib[r][k] for k in doms[r]}) for r in c.rows]
        m = len(c.rows)
        if c.op != "=":
            lows, highs = [v[0] for v in values], [v[-1] for v in values]
            lo_all, hi_all = sum(lows), sum(highs)
            out = {}
            for i, r in enumerate(c.rows):
                if c.op == "<=":
                    out[r] = [k for k in doms[r] if c.contrib[r][k] + lo_all - lows[i] <= 0]
                else:
                    out[r] = [k for k in doms[r] if c.contrib[r][k] + hi_all - highs[i] >= 0]
            return out
        # Sums of the rows before i (bit x stands for x + pre_off[i]) and the negated sums of the rows after
        # i (bit y stands for −(their sum) = y + suf_off[i]): row i's value v is completed when some x, y
        # have x + pre_off − (y + suf_off) = −v.
        pre, pre_off = [1], [0]
        for vs in values:
            base = vs[0]
            bits = 0
            for v in vs:
                bits |= pre[-1] << (v - base)
            pre.append(bits)
            pre_off.append(pre_off[-1] + base)
        suf, suf_off = [1] * (m + 1), [0] * (m + 1)
        for i in range(m - 1, -1, -1):
            vs = values[i]
            top = vs[-1]
            bits = 0
            for v in vs:
                bits |= suf[i + 1] << (top - v)  # −v − (−top)
            suf[i], suf_off[i] = bits, suf_off[i + 1] - top
        out = {}
        for i, r in enumerate(c.rows):
            ok = set()
            for v in values[i]:
                # x = y + d with d = −v − pre_off + suf_off
                d = -v - pre_off[i] + suf_off[i + 1]
                shifted = suf[i + 1] << d if d >= 0 else suf[i + 1] >> -d
                if pre[i] & shifted:
                    ok.add(v)
            out[r] = [k for k in doms[r] if c.contrib[r][k] in ok]
        return out
