"""Stage 2, alignment: the token stream matched to the edition's skeleton.

Labels are matched to the edition's rows by normalised text (numbering, typos and aliases tolerated).
Lines that carry a full row of numbers are then aligned to the table's rows in their official order: a
number line may take the row whose label is on its own line, or, when its own line has none, a row whose
label sits between the neighbouring number lines (converters move labels above or below their numbers).
Every order-keeping assignment that places the most lines is counted; a line is placed only where all of
them agree, so a moved, lost or doubled label leaves its numbers blank rather than sends them to a
neighbouring row.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from editor.io.recognize.labels import Numbering, key, label_key, similarity, split_labels, split_numbering
from editor.schema import Edition, Table

_ROW_MATCH = 0.8
_LOOSE_MATCH = 0.9


@dataclass(frozen=True)
class Spec:
    table: str
    row: str  # row id; "" for a group label (no data row)
    num: Numbering
    key: str
    order: int
    single_other: bool = False  # the 2019-style single （六）其他处理 row inside a 2021 report


_SPECS: dict[tuple[int, tuple[str, ...]], tuple[Edition, list[Spec]]] = {}


def specs_of(ed: Edition, tables: list[Table]) -> list[Spec]:
    """Every row and group label of these tables, with the edition's aliases as extra keys: computed once
    per edition and tables (the specs are frozen; callers never change the list)."""
    memo = (id(ed), tuple(t.id for t in tables))
    hit = _SPECS.get(memo)
    if hit is None or hit[0] is not ed:
        if len(_SPECS) > 256:
            _SPECS.clear()
        hit = _SPECS[memo] = (ed, _specs_of(ed, tables))
    return hit[1]


def _specs_of(ed: Edition, tables: list[Table]) -> list[Spec]:
    out = []
    for ti, t in enumerate(ed.tables):
        if t not in tables:
            continue
        for ri, r in enumerate(t.rows):
            if r.label:
                num, k = label_key(r.label)
                out.append(Spec(t.id, r.id, num, k, ti * 1000 + ri))
                for alias in r.aliases:
                    a_num, a_key = label_key(alias)
                    out.append(Spec(t.id, r.id, a_num if a_num is not None else num, a_key, ti * 1000 + ri))
        for g in t.groups:
            num, k = label_key(g.text)
            out.append(Spec(t.id, "", num, k, ti * 1000 + t.row_index(g.first)))
    return out


def best(candidates: list[Spec], text_key: str, threshold: float) -> tuple[Spec | None, bool]:
    """The best matching spec and whether the match is ambiguous (two rows fit about as well)."""
    scored = sorted(((similarity(s.key, text_key), s) for s in candidates), key=lambda x: -x[0])
    if not scored or scored[0][0] < threshold:
        return None, False
    if len(scored) > 1 and scored[1][0] >= threshold and scored[0][0] - scored[1][0] < 0.05 \
            and (scored[1][1].row, scored[1][1].table) != (scored[0][1].row, scored[0][1].table):
        return None, True
    return scored[0][1], False


_MATCHES: dict[int, tuple[list[Spec], dict]] = {}


def match(item: tuple[Numbering, str], all_specs: list[Spec]) -> tuple[Spec | None, bool]:
    """The row (or group label) a label item names, and whether that is ambiguous; remembered per list of
    specs (specs_of gives one list per edition and tables), as the same labels come in every file."""
    if len(item[1]) > 200:  # a long text (a paragraph taken for a label) is matched, not remembered
        return _match(item, all_specs)
    hit = _MATCHES.get(id(all_specs))
    if hit is None or hit[0] is not all_specs:
        if len(_MATCHES) > 64:
            _MATCHES.clear()
        hit = _MATCHES[id(all_specs)] = (all_specs, {})
    memo = hit[1]
    found = memo.get(item)
    if found is None:
        if len(memo) > 50_000:
            memo.clear()
        found = memo[item] = _match(item, all_specs)
    return found


def _match(item: tuple[Numbering, str], all_specs: list[Spec]) -> tuple[Spec | None, bool]:
    num, text = item
    k = key(text)
    if not k:
        return None, False
    if num is not None:
        found, amb = best([s for s in all_specs if s.num == num], k, _ROW_MATCH)
        if found or amb:
            return found, amb
        if len(k) >= 4:  # numbered differently from the official label (（1） for 1.): only a near-exact text
            return best([s for s in all_specs if s.num is not None], k, _LOOSE_MATCH)
        return None, False
    found, amb = best([s for s in all_specs if s.num is None], k, 0.85)
    if found or amb:
        return found, amb
    if len(k) >= 4:
        return best([s for s in all_specs if s.num is not None and len(s.key) >= 4], k, _LOOSE_MATCH)
    return None, False


def items(texts: list[str], all_specs: list[Spec]) -> list[tuple[Numbering, str]]:
    """Label pieces → items: a numbering opens an item; an unnumbered piece continues the open item
    (a label wrapped across lines) unless that item is already a complete label."""
    return [(n, t) for n, t, _ in placed_items([(t, 0) for t in texts], all_specs)]


_SETS: dict[int, tuple[list, set[str], list]] = {}


def _spec_sets(all_specs: list[Spec]) -> tuple[set[str], list[Spec]]:
    """The keys of all labels and the unnumbered labels, computed once per list of specs."""
    hit = _SETS.get(id(all_specs))
    if hit is None or hit[0] is not all_specs:
        if len(_SETS) > 64:
            _SETS.clear()
        hit = (all_specs, {s.key for s in all_specs}, [s for s in all_specs if s.num is None])
        _SETS[id(all_specs)] = hit
    return hit[1], hit[2]


def placed_items(pieces: list[tuple[str, int]], all_specs: list[Spec]) -> list[tuple[Numbering, str, set[int]]]:
    """items() over (text, line) pieces, keeping the lines each item was printed on."""
    exact, unnumbered = _spec_sets(all_specs)
    out: list[list] = []
    for text, line in pieces:
        for piece in split_labels(text):
            num, rest = split_numbering(piece)
            if num is None and out and out[-1][0] is not None and key(out[-1][1]) not in exact \
                    and best(unnumbered, key(rest), 0.85)[0] is None:
                out[-1][1] += rest
                out[-1][2].add(line)
            else:
                out.append([num, rest, {line}])
    return [(n, t, w) for n, t, w in out]


def align_in_order(lines: list[int], own: list[set[int]], between: list[set[int]],
                   n_rows: int) -> dict[int, int]:
    """Number lines (by position) to row indices 0..n_rows-1, keeping the official order.

    own[i]: rows whose label is on line i itself; between[i]: rows whose label lies strictly between the
    number lines before and after i. Among the order-keeping assignments that place the most lines, a
    line → row pair is returned only when every one of them contains it.
    """
    m = len(lines)
    support = [own[i] if own[i] else between[i] for i in range(m)]
    # The common case (a grid, each number line naming one row, in order): the one alignment that places
    # every line with a candidate, with nothing left in doubt (what the search below finds, without it).
    single = [(i, next(iter(s))) for i, s in enumerate(support) if s]
    if single and all(len(support[i]) == 1 for i, _ in single) \
            and all(a[1] < b[1] for a, b in pairwise(single)) and single[-1][1] < n_rows:
        return {lines[i]: r for i, r in single}
    # Forward: state j = last row used + 1 (0 = none yet); value (placed, ways).
    neg = (-1, 0)
    fwd = [[neg] * (n_rows + 1) for _ in range(m + 1)]
    fwd[0][0] = (0, 1)
    for i in range(m):
        for j in range(n_rows + 1):
            cur = fwd[i][j]
            if cur[1] == 0:
                continue
            _better(fwd[i + 1], j, cur)  # line i left unplaced
            for r in support[i]:
                if r + 1 > j:
                    _better(fwd[i + 1], r + 1, (cur[0] + 1, cur[1]))
    bwd = [[neg] * (n_rows + 1) for _ in range(m + 1)]
    for j in range(n_rows + 1):
        bwd[m][j] = (0, 1)
    for i in range(m - 1, -1, -1):
        for j in range(n_rows + 1):
            _better(bwd[i], j, bwd[i + 1][j])
            for r in support[i]:
                if r + 1 > j and bwd[i + 1][r + 1][1]:
                    _better(bwd[i], j, (bwd[i + 1][r + 1][0] + 1, bwd[i + 1][r + 1][1]))
    opt, total = max(fwd[m])[0], 0
    total = sum(w for p, w in fwd[m] if p == opt)
    if opt <= 0:
        return {}
    # A line with a label near it that the best alignments may leave out is a number line too many (a
    # row printed twice, a stray line): the lines placed only by labels near them, between the nearest
    # lines with a label of their own around it, are then not certain either.
    doubtful: set[int] = set()
    for i in range(m):
        if not support[i]:
            continue
        if any(fwd[i][j][1] and bwd[i + 1][j][1] and fwd[i][j][0] + bwd[i + 1][j][0] == opt
               for j in range(n_rows + 1)):
            lo = max((k for k in range(i) if own[k]), default=-1)
            hi = min((k for k in range(i + 1, m) if own[k]), default=m)
            doubtful |= {k for k in range(lo + 1, hi) if not own[k]}
    out = {}
    for i in range(m):
        if i in doubtful:
            continue
        for r in support[i]:
            ways = 0
            for j in range(r + 1):
                f = fwd[i][j]
                b = bwd[i + 1][r + 1]
                if f[1] and b[1] and f[0] + 1 + b[0] == opt:
                    ways += f[1] * b[1]
            if ways == total:
                out[lines[i]] = r
    return out


def _better(states: list, j: int, cand: tuple[int, int]) -> None:
    p, w = states[j]
    if cand[0] > p:
        states[j] = cand
    elif cand[0] == p:
        states[j] = (p, w + cand[1])
