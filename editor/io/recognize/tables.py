"""Table recognition: the three stages put together for one region of lines (a tables section).

Glued paragraphs are cut and judged first (judgement.split_digits); then lines holding full rows are
aligned to the tables' rows in official order (alignment.align_in_order); a table that alignment does not
own is read by the older mechanism: numbers after their labels (row by row: web pages, pypdf, Word), or a
block of k labels followed by k × columns numbers read column by column (pdfminer), the rows' arithmetic
deciding between the two. Anything that does not fit is left blank and logged, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise

from editor.io.recognize import joint, layout_blocks
from editor.io.recognize.alignment import Spec, align_in_order, items, match, placed_items, specs_of
from editor.io.recognize.judgement import Readings, holds, row_equations, table_equations
from editor.io.recognize.labels import (
    key,
    label_key,
    parse_number,
)
from editor.io.recognize.lines import Line
from editor.io.recognize.tokens import LineTokens, glued_pieces, is_glued
from editor.io.recognize.tokens import runs as token_runs
from editor.report import Report
from editor.schema import Edition, Table, editions

SUBTOTAL = "__subtotal__"
# Where a label run onto other text starts (no space before it): （一） / 1. / 一、 (not 第一、).
_GLUED_NUMBERING = re.compile(r"(?=[（(][一二三四五六七八九十]{1,2}[）)])|(?<!\d)(?=\d{1,2}[.．、](?=\D))"
                              r"|(?<![第（(一二三四五六七八九十])(?=[一二三四五六七八九十]{1,2}、)")
_ROW_MATCH = 0.8
_LOOSE_MATCH = 0.9


@dataclass
class _GluedPiece:
    """A line, or one label of a glued paragraph with the digit groups after it, and how they were judged."""

    line: Line
    label: str | None = None  # None: the line is not glued and stays as it is
    groups: list[str] = field(default_factory=list)
    spec: Spec | None = None
    row: str = ""
    readings: Readings | None = None
    numbers: list | None = None
    reason: str = ""
    by_equation: bool = False
    joint: bool = False  # decided by the table's equations between rows


@dataclass
class Log:
    entries: list[tuple[str, str, tuple[str, str, str] | None]] = field(default_factory=list)

    def add(self, kind: str, message: str, cell: tuple[str, str, str] | None = None) -> None:
        self.entries.append((kind, message, cell))


# Per edition and table, computed once per process (editions are loaded once and never change).
_HEADER_KEYS: dict[tuple[int, str], tuple[Edition, set[str]]] = {}
_FOREIGN_KEYS: dict[tuple[int, str], tuple[Edition, set[str]]] = {}


def _foreign_column_keys(ed: Edition, t: Table) -> set[str]:
    """Column labels other editions print in this table and this edition does not (2019's 上一年项目数量)."""
    memo = (id(ed), t.id)
    hit = _FOREIGN_KEYS.get(memo)
    if hit is None or hit[0] is not ed:
        own = {key(c.label) for c in t.columns}
        foreign = set()
        for other in editions().values():
            if other.id == ed.id or not any(o.id == t.id for o in other.tables):
                continue
            foreign |= {key(c.label) for c in other.table(t.id).columns}
        hit = _FOREIGN_KEYS[memo] = (ed, {f for f in foreign if f and not any(f in o or o in f for o in own)})
    return hit[1]


# ----------------------------------------------------------------------------- filling


class TableFiller:
    def __init__(self, ed: Edition, report: Report, log: Log) -> None:
        self.ed = ed
        self.report = report
        self.log = log
        self.filled_rows: set[tuple[str, str]] = set()
        self._rows_seen: set[tuple[str, str]] = set()  # rows whose label was found in this fill
        self._label_line: dict[tuple[str, str], int] = {}  # where each row's label was read
        self.money_unit: dict[tuple[str, str], str] = {}
        self._split_by_equation: list[tuple[str, str, list[str]]] = []  # rows whose glued digits an equation split
        self.sources: dict[tuple[str, str, str], str] = {}  # cell -> the source line it was read from
        self._lines: list[Line] = []
        self._aligned_lines: set[int] = set()
        self._line_rows: dict[int, list[Spec]] = {}  # number line -> the rows its own label names
        self._blocks_cache: dict[tuple, list | None] = {}  # (table, header lines) -> its header blocks
        self._layout_info: list[tuple[str, bool]] | None = None  # per line: its key, whether it has numbers
        self._other_captions: dict[str, list[str]] = {}

    def fill(self, lines: list[Line], tables: list[Table]) -> None:
        if not tables:
            return
        specs = specs_of(self.ed, tables)
        tables = self._without_foreign_headers(tables, lines)
        if not tables:
            return
        self._columns = {t.id: [c.id for c in t.columns] for t in tables}
        lines = self._resolve_glued(lines, specs_of(self.ed, tables), tables)
        self._lines = lines
        self._provenance: dict[int, str] = {}
        self._aligned_lines = set()
        self._blocks_cache = {}
        self._layout_info = None
        runs, per_line = token_runs(lines)
        split = [c for lt in per_line for c in lt.split_cells]
        if split:
            shown = "、".join(f"“{c}”" for c in split[:3]) + ("等" if len(split) > 3 else "")
            self.log.add("note", f"有{len(split)}格中写着不止一个数（{shown}），已按几个数分别读取，从不连成一个数；"
                                 "这样的行只在数的个数与表格列数相同时才读入")
        label_texts = [t for r in runs if r.kind == "label" for t in r.items]
        all_keys = [key(t) for t in label_texts]
        self._columns = {t.id: [c.id for c in t.columns] for t in tables}
        self._detect_subtotal(all_keys, tables)
        self._detect_money_units(label_texts, tables)
        matched: list[list[Spec]] = []
        for r in runs:
            if r.kind != "label":
                matched.append([])
                continue
            found = []
            for item in items(r.items, specs):
                spec, amb = match(item, specs)
                if amb:
                    self.log.add("ambiguous", f"无法确定“{item[1]}”是哪一行，该行数字未读入")
                if spec is not None:
                    found.append(spec)
            matched.append(found)
        specs_found = {s.row for m in matched for s in m}
        self._rows_seen = {(s.table, s.row) for m in matched for s in m if s.row}
        single = self._single_other_mode(tables, specs_found)
        table_ids = {t.id for t in tables}
        # Tables whose number lines align with their rows are read by that alignment alone; the older
        # reading (numbers after their labels, blocks of columns) reads the others.
        owned = self._align_lines(per_line, specs, tables, single)
        unlabeled = [(t.id, t.rows[0].id) for t in tables
                     if len(t.rows) == 1 and not t.rows[0].label and t.id not in owned]
        pending: list[Spec] = []
        last_label = ""
        barrier = False
        for r, found in zip(runs, matched, strict=True):
            if r.kind == "label":
                last_label = r.items[-1]
                if found and all(s.table in owned for s in found):
                    pending, barrier = [], True  # the numbers after it belong to an aligned table
                    continue
                barrier = False
                found = [s for s in found if s.table not in owned]
                rows = []
                for s in found:
                    if not s.row:
                        if single and s.key == single.key and s.num == single.num:
                            s = single
                        else:
                            continue
                    if s not in rows and s not in pending:
                        rows.append(s)
                pending.extend(sorted(rows, key=lambda s: s.order))
                for s in rows:
                    self._label_line[(s.table, s.row)] = max(r.lines)
                for tid, rid in unlabeled:
                    # The appeals table prints its one data row without a label: its own header opens it.
                    heads = self._own_header_keys(tid)
                    if tid in table_ids and (tid, rid) not in self.filled_rows \
                            and any(h in key(x) for x in r.items for h in heads) \
                            and not any(p.table == tid for p in pending):
                        pending.append(Spec(tid, rid, None, "", 10**9))
                continue
            values = r.items
            if barrier or r.lines <= self._aligned_lines:
                continue
            if len(r.lines) == 1 and r.table_row and pending:
                pending, values = self._fit_table_row(pending, values, min(r.lines))
            pending = self._assign(pending, values, last_label)
        for s in pending:
            if (s.table, s.row) not in self.filled_rows:
                t = self.ed.table(s.table)
                self.log.add("missing", f"{t.caption or '表'}“{t.full_row_label(s.row)}”行后没有找到数字")
        self._note_contradicted_splits()

    def _without_foreign_headers(self, tables: list[Table], lines: list[Line]) -> list[Table]:
        """A table printed with another edition's columns (a 2021 report keeping the 2019 表二 headings
        上一年项目数量/本年增减) has cells that mean something else: it is not read at all."""
        text = key(" ".join(x.text for x in lines))
        keep = []
        for t in tables:
            seen = sorted(f for f in _foreign_column_keys(self.ed, t) if f in text)
            if seen:
                self.log.add("unplaced", f"{t.caption or '表'}的栏目为另一版格式（{'、'.join(seen)}），与{self.ed.name}"
                                         f"不同，该表未读入")
                continue
            keep.append(t)
        return keep

    # ---------------------------------------------------------------- glued digits (judgement)

    def _resolve_glued(self, lines: list[Line], all_specs: list[Spec], tables: list[Table]) -> list[Line]:
        """Paragraphs with rows run together (“规章000行政规范性文件005…”): each label with the digits after
        it becomes a line of its own, the digits split into the row's cells where the judgement stage
        finds exactly one way (else the row is left blank with the reason): first each row on its own, then
        the rows of one table together under the table's equations (joint)."""
        pieces: list[_GluedPiece] = []
        for line in lines:
            if not is_glued(line):
                pieces.append(_GluedPiece(line))
                continue
            for label, groups in glued_pieces(line.cells[0]):
                piece = _GluedPiece(line, label, groups)
                pieces.append(piece)
                if not groups:
                    continue
                spec = self._tail_spec(label, all_specs, tables)
                if spec is None:
                    continue
                t = self.ed.table(spec.table)
                piece.spec = spec
                piece.row = spec.row or next(g.last for g in t.groups if label_key(g.text)[1] == spec.key)
                piece.readings = Readings(groups, self._columns[t.id], t.id, piece.row, self.ed)
                piece.numbers, piece.reason, piece.by_equation = piece.readings.decision()
        self._solve_jointly(pieces)
        out: list[Line] = []
        for piece in pieces:
            line, label, groups = piece.line, piece.label, piece.groups
            if label is None:
                out.append(line)
                continue
            if not groups:
                out.append(Line([label], origin=line.origin))
                continue
            raw = " ".join(groups)
            if piece.spec is None:
                if len(label) <= 60:
                    self.log.add("unplaced", f"“{label[-20:]}”后的数字“{raw}”无法对应到表格的行，未读入")
                out.append(Line([label], origin=line.origin))
                continue
            spec, row, numbers = piece.spec, piece.row, piece.numbers
            t = self.ed.table(spec.table)
            cols = self._columns[t.id]
            name = t.full_row_label(row) or "数据"
            if numbers is None:
                self.log.add("unplaced", f"{t.caption or '表'}“{name}”行：{piece.reason}，未读入：{raw}")
                out.append(Line([label], origin=line.origin))
                continue
            if piece.by_equation:
                self._split_by_equation.append((t.id, row, groups))
                how = "按表内各行各列的等式（本行合计及各列的勾稽关系）" if piece.joint else "按本行的等式"
                for c in cols:
                    if c != SUBTOTAL:
                        self.log.add("adjusted", f"{t.cell_label(row, c)}：原文数字连写为“{raw}”，"
                                                 f"{how}唯一地拆分为{' '.join(map(str, numbers))}",
                                     (t.id, row, c))
            origin = f"原文“{label[-30:]}{raw}”" if len(groups) != len(numbers) else line.origin
            # The row's own label on the numbers' line; what was run onto it (headers) on a line above.
            own = t.row(spec.row).label if spec.row else label if not t.rows[0].label and len(t.rows) == 1 \
                else next(g.text for g in t.groups if label_key(g.text)[1] == spec.key)
            if own != label:
                out.append(Line([label], origin=line.origin))
            out.append(Line([own, *map(str, numbers)], origin=origin))
        return out

    def _solve_jointly(self, pieces: list[_GluedPiece]) -> None:
        """Rows a table's equations between rows may decide (joint): where each row's own equations left a
        glued row undecided, every combination of the rows' readings that satisfies all the table's
        equations is looked at, and a row is split where all of them agree. A row printed twice takes no
        part; when no combination fits (a published error) or the search is over its budget, each row
        stays as judged on its own."""
        by_table: dict[str, dict[str, list[_GluedPiece]]] = {}
        for p in pieces:
            if p.readings is not None:
                by_table.setdefault(p.spec.table, {}).setdefault(p.row, []).append(p)  # type: ignore[union-attr]
        for tid, rows in by_table.items():
            if all(p.numbers is not None for ps in rows.values() for p in ps) \
                    or not any(p.readings.full and p.numbers is None for ps in rows.values() for p in ps):
                continue  # nothing left to decide, or nothing the equations could decide
            once = {row: ps[0] for row, ps in rows.items() if len(ps) == 1}
            outcome = joint.solve(self.ed, tid, self._columns[tid], {r: p.readings for r, p in once.items()})
            if outcome.status == "over budget":
                t = self.ed.table(tid)
                self.log.add("note", f"{t.caption or '表'}的连写数字按全表等式求解超出时间限制，各行仅按本行的等式拆分")
            for row, reading in outcome.placed.items():
                p = once[row]
                if p.numbers is None:
                    p.numbers, p.by_equation, p.joint = list(reading), True, True

    def _tail_spec(self, label: str, all_specs: list[Spec], tables: list[Table]) -> Spec | None:
        """The row a glued label names: its last numbered item, else the longest row label it ends with
        (a header run onto it: “信息内容本年处理决定数量行政许可”), else the appeals table by its header."""
        last = [p for p in _GLUED_NUMBERING.split(label) if p.strip()]
        found = placed_items([(last[-1] if last else label, 0)], all_specs)
        if found:
            num, text, _ = found[-1]
            spec, amb = match((num, text), all_specs)
            if amb:
                return None
            if spec is not None and (spec.row or num == ("paren", 6)):
                return spec  # a group label stands for a row only as the 2019-style single （六）
        k = key(label)
        ends = [s for s in all_specs if s.row and len(s.key) >= 2 and k.endswith(s.key)]
        if ends:
            longest = max(len(s.key) for s in ends)
            top = {(s.table, s.row) for s in ends if len(s.key) == longest}
            if len(top) == 1:
                return next(s for s in ends if len(s.key) == longest)
            return None
        for t in tables:
            if len(t.rows) == 1 and not t.rows[0].label:
                heads = self._own_header_keys(t.id)
                if heads and sum(1 for h in heads if h in k) >= 2:
                    return Spec(t.id, t.rows[0].id, None, "", 0)
        return None

    def _note_contradicted_splits(self) -> None:
        """A row split by its own equations is the only split those equations allow, so no other split could
        satisfy every equation of the table: when another one fails, the contradiction is the report's own
        (a published error), and it is said so rather than hidden."""
        for tid, rid, _groups in self._split_by_equation:
            if not any((tid, rid, c) in self.report.values for c in self._columns.get(tid, [])):
                continue
            eqs = [(op, inst) for op, inst in table_equations(self.ed, tid)
                   if any(t.ref[1] == rid for t in inst.left + inst.right)]
            if all(holds(op, inst, self.report.values) for op, inst in eqs):
                continue
            t = self.ed.table(tid)
            self.log.add("note", f"{t.caption or '表'}“{t.full_row_label(rid) or '数据'}”行的连写数字按本行等式拆分；"
                                 f"表内其他等式不成立，而任何其他拆法都不满足本行等式，应是原文本身的错误，请核对")

    # ---------------------------------------------------------------- alignment of number lines

    def _align_lines(self, per_line: list[LineTokens], all_specs: list[Spec], tables: list[Table],
                     single: Spec | None) -> set[str]:
        """Lines holding a full row of numbers, aligned to each table's rows in official order (stage 2);
        returns the tables read this way."""
        has_numbers = [any(v is not None for v in lt.values) for lt in per_line]
        line_specs: list[list[Spec]] = [[] for _ in per_line]
        self._line_rows = {}
        free_specs: list[list[Spec]] = [[] for _ in per_line]  # labels printed on no line with numbers
        pieces = [(text, lt.index) for lt in per_line for text in lt.labels]
        for num, text, where in placed_items(pieces, all_specs):
            spec, _ = match((num, text), all_specs)
            if spec is None:
                continue
            if not spec.row and single and spec.key == single.key and spec.num == single.num:
                spec = single
            # A label on a line with numbers, or in a row of a grid whose cells are its columns (TAB copy,
            # sheet, PDF by position), is that line's own: a blank row takes no neighbour's numbers. (A
            # converter's pipe table is no such grid: it moves labels into rows of their own.)
            free = not any(has_numbers[n] or per_line[n].positional_row for n in where)
            for n in where:
                if spec.row and has_numbers[n]:
                    self._line_rows.setdefault(n, []).append(spec)
            for n in where:
                line_specs[n].append(spec)
                if free:
                    free_specs[n].append(spec)
        # Which table's caption (第二十条第（五）项…) a line comes after: numbers and labels printed under
        # different captions never belong together.
        captions = {key(t.caption): t.id for t in self.ed.tables if t.caption}
        segment: list[str | None] = []
        current: str | None = None
        for lt in per_line:
            for x in lt.labels:
                k = key(x)
                hit = next((tid for ck, tid in captions.items() if ck and ck in k), None)
                if hit:
                    current = hit
            segment.append(current)
        owned: set[str] = set()
        for t in tables:
            rows = [r.id for r in t.rows]
            mine = [not t.caption or seg is None or seg == t.id for seg in segment]
            if single and single.table == t.id:
                group = next(g for g in t.groups if label_key(g.text)[0] == single.num)
                first, last = t.row_index(group.first), t.row_index(group.last)
                rows = [r for i, r in enumerate(rows) if not first <= i < last]
            index = {r: i for i, r in enumerate(rows)}
            heads = self._own_header_keys(t.id) if len(rows) == 1 and not t.rows[0].label else set()
            labels_at: list[set[int]] = []
            free_at: list[set[int]] = []
            for lt, found, free in zip(per_line, line_specs, free_specs, strict=True):
                here = {index[s.row] for s in found if s.table == t.id and s.row in index}
                loose = {index[s.row] for s in free if s.table == t.id and s.row in index}
                if heads and any(h in key(x) for x in lt.labels for h in heads):
                    here.add(0)
                    loose.add(0)
                labels_at.append(here)
                free_at.append(loose)
            ncols = len(self._columns[t.id])
            # A line whose own label names a row of another table belongs there.
            elsewhere = [bool(found) and not labels_at[lt.index] and any(s.row and s.table != t.id for s in found)
                         for lt, found in zip(per_line, line_specs, strict=True)]
            header = _header_columns(t, self._lines, per_line)
            same_width = _header_row(t, self._lines)
            cand = [(lt.index, v) for lt in per_line
                    if mine[lt.index] and not elsewhere[lt.index]
                    and (v := _row_vector(lt, ncols, t, header, _own_label_col(t, rows, labels_at[lt.index]),
                                          same_width if same_width and len(self._lines[lt.index].cells)
                                          == same_width[1] else None)) is not None]
            have = {n for n, _ in cand}
            for lt in per_line:
                if lt.split_cells and lt.index not in have and mine[lt.index] and not elsewhere[lt.index]:
                    joined = self._join_split_cell(t, lt, ncols)
                    if joined is not None:
                        cand.append((lt.index, joined))
            cand.sort(key=lambda x: x[0])
            cand = self._sparse_layout_rows(t, ncols, cand, per_line, mine, elsewhere)
            if not cand and heads:
                cand = self._row_split_by_groups(t, per_line, mine, elsewhere, header)
            if not cand:
                continue
            if heads and len(cand) > 1:
                # A table of one unlabelled row is known only by its header: with two rows of numbers
                # under it, which one is its row is not certain.
                self.log.add("unplaced", f"{t.caption or '表'}的表头下有{len(cand)}行数字，"
                                         f"无法确定哪一行是该表的数字，未读入")
                continue
            numeric = [lt.index for lt in per_line if has_numbers[lt.index]]
            own, between = [], []
            for n, _ in cand:
                own.append(labels_at[n])
                lt = per_line[n]
                if not lt.grid and len(lt.values) < 2:
                    # A lone number on a text line is a row only right under a label of its own: not under a
                    # block of labels (a column-by-column flattening prints all labels, then the numbers).
                    # Nor when another lone number follows: numbers one per line are a column's run.
                    above, below = n - 1, n + 1
                    ok = above >= 0 and segment[above] == segment[n] and free_at[above] and \
                        not per_line[above].values and (above == 0 or not free_at[above - 1]) and \
                        not (below < len(per_line) and not per_line[below].labels and per_line[below].values)
                    between.append(set(free_at[above]) if ok else set())
                    continue
                # Labels between this line and the nearest lines with numbers above and below; a label on
                # a line with numbers of its own belongs to that line, never to a neighbour.
                at = numeric.index(n)
                lo = numeric[at - 1] if at else -1
                hi = numeric[at + 1] if at + 1 < len(numeric) else len(per_line)
                between.append({r for m in range(lo + 1, hi) if m != n and segment[m] == segment[n]
                                for r in free_at[m]})
            placed = align_in_order([n for n, _ in cand], own, between, len(rows))
            if not placed:
                continue
            self._log_unaligned(t, rows, placed, labels_at, has_numbers, per_line, ncols)
            owned.add(t.id)
            self._aligned_lines |= set(placed)
            vectors = dict(cand)
            cols = self._columns[t.id]
            for n, r in sorted(placed.items()):
                rid = rows[r]
                spec = single if single and single.table == t.id and rid == single.row else \
                    Spec(t.id, rid, None, "", r)
                self._write_row(spec, cols, vectors[n])
        return owned

    def _row_split_by_groups(self, t: Table, per_line: list[LineTokens], mine: list[bool], elsewhere: list[bool],
                             header: list[int] | None) -> list:
        """表四 printed as three small tables (行政复议, 直接起诉, 复议后起诉), each with its own row of five
        numbers: the three rows are one row of the table when each follows its own group's heading, in
        order, and nothing else with numbers stands between them."""
        groups: list[tuple[str, int]] = []
        for c in t.columns:
            name = c.group.split("·")[-1]
            if groups and groups[-1][0] == name:
                groups[-1] = (name, groups[-1][1] + 1)
            else:
                groups.append((name, 1))
        if len(groups) < 2:
            return []
        numeric = [lt for lt in per_line if mine[lt.index] and not elsewhere[lt.index]
                   and any(v is not None for v in lt.values)]
        if len(numeric) != len(groups):
            return []
        joined: list = []
        prev = -1
        for (name, size), lt in zip(groups, numeric, strict=True):
            vector = _row_vector(lt, size, t, None)
            said = any(key(name) in key(x) for m in range(prev + 1, lt.index + 1) for x in per_line[m].labels)
            if vector is None or not said:
                return []
            joined += vector
            prev = lt.index
        self.log.add("note", f"{t.caption or '表四'}分成{len(groups)}个小表印出，已按各自的表头合为一行读取")
        return [(numeric[0].index, joined)]

    def _sparse_layout_rows(self, t: Table, ncols: int, cand: list, per_line: list[LineTokens], mine: list[bool],
                            elsewhere: list[bool]) -> list:
        """pdftotext -layout keeps columns by spaces: where the table's full rows put each column across the
        page, a row with blank cells is read by where its numbers stand, each within a narrow margin of
        exactly one column. Columns are learnt per page (a table continued on the next page may stand wider
        there), from the page's full rows, else from its header words, else from the whole table's full rows
        when they all agree; where none of those decides, from poppler's header blocks (layout_blocks), which
        place a number only where the blocks left and right of it leave one column. A number on a label-less
        line just above or below, under a column the row leaves blank, may be part of the row (a wide number
        wrapped): then the row is not read."""
        if ncols < 2:
            return cand
        pages = sorted({self._lines[lt.index].page for lt in per_line if mine[lt.index]})
        overall = self._layout_centres(t, ncols, cand, per_line, mine, None)
        extra: list = []
        consumed: set[int] = set()
        for page in pages:
            centres = self._layout_centres(t, ncols, cand, per_line, mine, page) if len(pages) > 1 else overall
            if centres is None:
                centres = overall
            on_page = [lt for lt in per_line if self._lines[lt.index].page == page]
            slots = _digit_slots([lt for lt in on_page if mine[lt.index]], ncols)
            e, c = self._sparse_rows_on(t, ncols, cand, on_page, per_line, mine, elsewhere, centres, slots)
            extra += e
            consumed |= c
        return sorted((n, v) for n, v in cand + extra if n not in consumed)

    def _layout_centres(self, t: Table, ncols: int, cand: list, per_line: list[LineTokens], mine: list[bool],
                        page: int | None) -> tuple[list[float], float] | None:
        """Where each column stands (and the margin a number may stray), from the full rows on the page
        (all pages when None), else from the page's header words; None when unknown or disagreeing."""
        on = [page is None or self._lines[n].page == page for n in range(len(self._lines))]
        refs = [per_line[n].xs for n, _ in cand if on[n] and per_line[n].xs and None not in per_line[n].xs]
        if refs:
            centres = [sorted(r[c] for r in refs)[len(refs) // 2] for c in range(ncols)]
        else:
            if page is None:
                return None
            found = self._header_xs(t, [m and o for m, o in zip(mine, on, strict=True)])
            if found is None:
                return None
            centres = found
        gaps = [b - a for a, b in pairwise(centres)]
        if min(gaps) <= 0:
            return None
        tol = 0.4 * min(gaps)
        if any(abs(r[c] - centres[c]) > tol for r in refs for c in range(ncols)):
            return None  # the full rows disagree on where the columns are
        return centres, tol

    def _sparse_rows_on(self, t: Table, ncols: int, cand: list, lines: list[LineTokens], per_line: list[LineTokens],
                        mine: list[bool], elsewhere: list[bool], found: tuple[list[float], float] | None,
                        slots: tuple[list[float], float] | None) -> tuple[list, set[int]]:
        """Rows with blank cells on one page, placed by the full rows' columns (``found``) or, where those
        do not place a row, by the slots single digits print in (``slots``: pdftotext packs a row of wide
        numbers tighter), the latter only when the row's equations then hold and never against ``found``."""
        have = {n for n, _ in cand}

        def mapped(lt: LineTokens, by: tuple[list[float], float] | None) -> list[int] | None:
            if by is None:
                return None
            centres, tol = by
            out = []
            for x in lt.xs or []:
                near = [c for c in range(ncols) if x is not None and abs(x - centres[c]) <= tol]
                if len(near) != 1:
                    return None
                out.append(near[0])
            return out if out == sorted(set(out)) else None

        def columns_of(lt: LineTokens) -> list[int | None] | None:
            first, second = mapped(lt, found), mapped(lt, slots)
            if first is not None:
                return first if second is None or second == first else None
            blocks = self._block_columns(t, lt)
            if second is not None and self._row_balances(t, lt, ncols, second):
                if blocks is not None and any(b is not None and b != c for b, c in zip(blocks, second, strict=True)):
                    return None  # the header's blocks contradict the digits' slots: nothing is certain
                return second
            if blocks is None or all(b is None for b in blocks):
                return None
            return blocks

        extra = []
        consumed: set[int] = set()
        for lt in lines:
            if lt.index in have or lt.index in consumed or not mine[lt.index] or elsewhere[lt.index] or lt.grid \
                    or not lt.xs or not 1 <= len(lt.values) < ncols:
                continue
            cols = columns_of(lt)
            if cols is None:
                continue
            vector: list = [None] * ncols
            for c, v in zip(cols, lt.values, strict=True):
                if c is not None:
                    vector[c] = v
            if None in cols:
                self._log_block_blanks(t, lt, cols)
            wraps = []
            for m in (lt.index - 1, lt.index + 1):
                if 0 <= m < len(per_line) and not per_line[m].labels and per_line[m].values:
                    wraps.append((m, columns_of(per_line[m])))
            if any(near is None or any(c is None or vector[c] is None for c in near) for _, near in wraps):
                if None in cols:
                    continue  # a row placed by the header's blocks is never joined with its neighbours
                joined = self._join_wrapped(t, vector, wraps, per_line, lt)
                if joined is None:
                    continue
                consumed |= {m for m, _ in wraps}
            extra.append((lt.index, vector))
        return extra, consumed

    def _block_columns(self, t: Table, lt: LineTokens) -> list[int | None] | None:
        """A layout row's columns by the header's text blocks (layout_blocks): a column per number where
        certain, None where not; None when the row does not fit them. The row's equations, over the cells
        placed and those left certainly blank, must hold (else nothing is placed: not certain)."""
        line = self._lines[lt.index]
        if line.words is None or not lt.xs or None in lt.xs or len(lt.values) != len(lt.xs):
            return None
        blocks = self._header_blocks(t, lt.index)
        if blocks is None:
            return None
        numbers = []
        for v, x in zip(lt.values, lt.xs, strict=True):
            text = line.cells[v[2][1]].strip()
            width = len(text) - len(v[1]) if v[1] and text.endswith(v[1]) else len(text)  # its digits
            numbers.append((round(x - width / 2), round(x + width / 2)))
        before = [e for _, _, e in layout_blocks.spans(line.words) if e <= numbers[0][0]]
        if before and numbers[0][0] < max(before) + layout_blocks.GUTTER:
            return None  # the first number run onto the text before it: one block
        found = layout_blocks.place(blocks, numbers)
        if found is None or all(c is None for c in found[0]):
            return None
        placed, blank = found
        own = [s.row for s in self._own_specs(t, lt)]
        rows = own if own else [t.rows[0].id] if len(t.rows) == 1 and not t.rows[0].label else []
        if len(rows) != 1:
            return None
        ids = self._columns[t.id]
        if SUBTOTAL in ids:
            return None
        known = {ids[c] for c in blank}
        trial = {(t.id, rows[0], ids[c]): v[0] for c, v in zip(placed, lt.values, strict=True) if c is not None}
        for op, inst in row_equations(self.ed, t.id, rows[0]):
            terms = [term.ref for term in inst.left + inst.right]
            if all(r in trial or r[2] in known for r in terms) and not holds(op, inst, trial):
                return None
        return placed

    def _header_blocks(self, t: Table, n: int) -> list[layout_blocks.HeaderBlock] | None:
        """The table's header blocks over layout line n: the lines without numbers above it on its page,
        up to the table's caption (or the region's start), another table's caption ending the search."""
        if self._layout_info is None:
            self._layout_info = [(key(x.text), x.words is not None and any(parse_number(w) is not None
                                                                            for w, _ in x.words))
                                 for x in self._lines]
        page = self._lines[n].page
        own = key(t.caption) if t.caption else ""
        others = self._other_captions.get(t.id)
        if others is None:
            others = self._other_captions[t.id] = [key(x.caption) for x in self.ed.tables
                                                   if x.caption and x.id != t.id]
        found: list[int] = []
        for m in range(n - 1, -1, -1):
            line = self._lines[m]
            if line.page != page or line.words is None:
                break
            k, numbers = self._layout_info[m]
            if any(o and o in k for o in others):
                break
            if not numbers:
                found.append(m)
            if own and own in k:
                break
        at = (t.id, tuple(found))
        if at not in self._blocks_cache:
            labels = tuple(tuple(key(a) for a in (c.label, *c.aliases)) for c in t.columns)
            self._blocks_cache[at] = layout_blocks.header_blocks([self._lines[m].words for m in found[::-1]],
                                                                 labels)  # type: ignore[misc]
        return self._blocks_cache[at]

    def _own_specs(self, t: Table, lt: LineTokens) -> list[Spec]:
        """The rows of table t that the line's own label names."""
        return [s for s in self._line_rows.get(lt.index, []) if s.table == t.id]

    def _row_balances(self, t: Table, lt: LineTokens, ncols: int, cols: list[int]) -> bool:
        """The line's numbers, put in these columns, satisfy its own row's equations (blank counts 0); a line
        without a label (one of a label wrapped round it) must satisfy those of every row of the table."""
        own = [s.row for s in self._own_specs(t, lt)]
        ids = self._columns[t.id]
        if len(own) > 1 or len(ids) != ncols or SUBTOTAL in ids or len(cols) != len(lt.values) \
                or any(v is None for v in lt.values):
            return False
        if not own and lt.labels:
            return False
        checked = 0
        for row in own or [r.id for r in t.rows]:
            eqs = row_equations(self.ed, t.id, row)
            trial = {(t.id, row, ids[c]): v[0] for c, v in zip(cols, lt.values, strict=True)}
            if eqs and not all(holds(op, inst, trial) for op, inst in eqs):
                return False
            checked += bool(eqs)
        return checked > 0

    def _join_split_cell(self, t: Table, lt: LineTokens, ncols: int) -> list | None:
        """A row one cell of which holds two numbers (“1084 9”: a wide number wrapped inside its cell, as a
        PDF prints it) reads as a full row only with that cell's digits joined, and only when the row's
        equations then hold; the join is logged with its cell."""
        cells = sorted({c for _, c in lt.where})
        by_cell = {c: [i for i, (_, cc) in enumerate(lt.where) if cc == c] for c in cells}
        multi = [c for c in cells if len(by_cell[c]) > 1]
        own = self._own_specs(t, lt)
        if len(multi) != 1 or len(own) != 1 or len(cells) != ncols:
            return None
        parts = [lt.values[i] for i in by_cell[multi[0]]]
        if any(p is None or p[0] < 0 or p[0] != p[0].to_integral_value() or p[1] for p in parts):
            return None
        value = Decimal("".join(str(int(p[0])) for p in parts))
        vector = [lt.values[by_cell[c][0]] if c != multi[0] else (value, "", parts[0][2]) for c in cells]
        cols = self._columns[t.id]
        if len(cols) != ncols or SUBTOTAL in cols:
            return None
        eqs = row_equations(self.ed, t.id, own[0].row)
        trial = {(t.id, own[0].row, c): v[0] for c, v in zip(cols, vector, strict=True) if v is not None}
        if not eqs or not all(holds(op, inst, trial) for op, inst in eqs):
            return None
        col = cols[cells.index(multi[0])]
        shown = " ".join(str(int(p[0])) for p in parts)
        self.log.add("adjusted", f"{t.cell_label(own[0].row, col)}：原文一格中为“{shown}”（数字折行），"
                                 f"按本行合计关系读作{value}", (t.id, own[0].row, col))
        return vector

    def _header_xs(self, t: Table, mine: list[bool]) -> list[float] | None:
        """Where a layout text prints the table's column labels, each a word of one header line."""
        wanted = {key(a): i for i, c in enumerate(t.columns) for a in (c.label, *c.aliases)}
        if len(set(wanted.values())) != len(t.columns) or len({c.label for c in t.columns}) != len(t.columns):
            return self._header_word_columns(t, mine)
        for n, line in enumerate(self._lines):
            if not mine[n] or not line.words:
                continue
            at: dict[int, float] = {}
            for word, x in line.words:
                col = wanted.get(key(word))
                if col is not None:
                    at[col] = x
            if len(at) == len(t.columns):
                xs = [at[i] for i in range(len(t.columns))]
                if xs == sorted(xs):
                    return xs
        return self._header_word_columns(t, mine)

    def _header_word_columns(self, t: Table, mine: list[bool]) -> list[float] | None:
        """Column labels broken over lines (结果/维持, 尚未/审结 …): where the short header words stand, merged
        into columns, when they make exactly as many columns as the table has."""
        words = {w for c in t.columns for w in (key(c.label)[i:i + 2] for i in range(0, len(key(c.label)), 2))}
        xs: list[float] = []
        for n, line in enumerate(self._lines):
            if not mine[n] or not line.words or any(parse_number(w) is not None for w, _ in line.words):
                continue
            xs += [x for w, x in line.words if key(w) in words]
        if not xs:
            return None
        columns = _runs(sorted(xs), 2.5)
        if len(columns) != len(t.columns):
            return None
        return [sum(c) / len(c) for c in columns]

    def _join_wrapped(self, t: Table, vector: list, wraps: list, per_line: list[LineTokens],
                      lt: LineTokens) -> list | None:
        """A wide number wrapped in its narrow column (“1084” above the row, “9” below it): the pieces are
        joined into the one blank column they stand in only when the row's equations then hold."""
        blank = [c for c, v in enumerate(vector) if v is None]
        if len(blank) != 1 or any(near != blank for _, near in wraps) or len(wraps) != 2:
            return None
        pieces = [per_line[m].values[0] for m, _ in sorted(wraps)]
        if any(p is None or len(p) < 3 or p[0] != p[0].to_integral_value() or p[0] < 0 for p in pieces):
            return None
        value = Decimal("".join(str(int(p[0])) for p in pieces))
        rows = [r for r in t.rows if r.label]
        own = self._own_specs(t, lt)
        if len(own) != 1 or not rows:
            return None
        cols = self._columns[t.id]
        trial = {(t.id, own[0].row, c): (v[0] if v is not None else value)
                 for c, v in zip(cols, vector, strict=True) if c != SUBTOTAL}
        eqs = row_equations(self.ed, t.id, own[0].row)
        if not eqs or not all(holds(op, inst, trial) for op, inst in eqs):
            return None
        where = (pieces[0][2][0], pieces[0][2][1])
        vector[blank[0]] = (value, "", where)
        self.log.add("adjusted", f"{t.cell_label(own[0].row, cols[blank[0]])}：原文数字折行为"
                                 f"“{' '.join(str(int(p[0])) for p in pieces)}”，按本行合计关系拼接为{value}",
                     (t.id, own[0].row, cols[blank[0]]))
        return vector

    def _log_block_blanks(self, t: Table, lt: LineTokens, cols: list[int | None]) -> None:
        """Numbers of a layout row whose column the header's blocks leave open: blank, and said why."""
        own = [s.row for s in self._own_specs(t, lt)]
        name = t.full_row_label(own[0]) if own else ""
        left = [v for c, v in zip(cols, lt.values, strict=True) if c is None]
        self.log.add("unplaced", f"{t.caption or '表'}“{name or '数据'}”行：原文有空白格，按表头的位置只能确定部分数字"
                                 f"所在的列，其余{len(left)}个数未读入：{_fmt_values(left)}")

    def _log_unaligned(self, t: Table, rows: list[str], placed: dict[int, int], labels_at: list[set[int]],
                       has_numbers: list[bool], per_line: list[LineTokens], ncols: int) -> None:
        """Numbers on a line of an aligned table that could not be placed for sure: blank, and said why."""
        done = set(placed.values())
        for n, here in enumerate(labels_at):
            if n in placed or not has_numbers[n]:
                continue
            mine = [r for r in sorted(here) if r not in done]
            if not mine:
                continue
            lt = per_line[n]
            count = sum(1 for v in lt.values if v is not None)
            shown = _fmt_values(lt.values)
            label = t.full_row_label(rows[mine[0]]) or "数据"
            if len(lt.values) != ncols:
                self.log.add("unplaced", f"{t.caption or '表'}“{label}”行有{count}个数（应为{ncols}个），"
                                         f"无法确定各数所属的列，未读入：{shown}")
            else:
                self.log.add("unplaced", f"{t.caption or '表'}“{label}”行的数字无法确定属于哪一行，未读入：{shown}")

    # ---------------------------------------------------------------- detection

    def _own_header_keys(self, table_id: str) -> set[str]:
        """Header words printed only in this table (行政复议, 结果维持…; not 总计, which 表三 has too):
        once per edition and table."""
        memo = (id(self.ed), table_id)
        hit = _HEADER_KEYS.get(memo)
        if hit is None or hit[0] is not self.ed:
            hit = _HEADER_KEYS[memo] = (self.ed, self._header_keys(table_id))
        return hit[1]

    def _header_keys(self, table_id: str) -> set[str]:
        others = set()
        for t in self.ed.tables:
            if t.id != table_id:
                others |= {key(c.text) for c in t.header} | {key(r.label) for r in t.rows}
                others |= {key(c.label) for c in t.columns}
        t = self.ed.table(table_id)
        return {key(c.text) for c in t.header if c.role == "header"} - others - {""}

    def _detect_subtotal(self, keys: list[str], tables: list[Table]) -> None:
        """An extra 小计 column (of 法人或其他组织) some reports add to table 三: read, checked, dropped."""
        for t in tables:
            if t.id != "requests" or "小计" not in keys:
                continue
            cols = [c.id for c in t.columns]
            org = [c for c in t.columns if c.group]
            first_org = key(org[0].label) if org else ""
            i_sub = keys.index("小计")
            before_orgs = first_org in keys and i_sub < keys.index(first_org)
            pos = cols.index(org[0].id) if before_orgs else cols.index(org[-1].id) + 1
            cols.insert(pos, SUBTOTAL)
            self._columns[t.id] = cols
            self.log.add("note", "表三多出一列“小计”：已核对后略去（它不是正式格式的一列）")

    def _detect_money_units(self, texts: list[str], tables: list[Table]) -> None:
        for t in tables:
            for c in t.columns:
                if c.kind != "money":
                    continue
                if "万元" in c.label:
                    self.money_unit[(t.id, c.id)] = "万元"
                    continue
                col_key = key(c.label)
                for x in texts:
                    if col_key in key(x):
                        if "万元" in x:
                            self.money_unit[(t.id, c.id)] = "万元"
                        elif "元" in x.replace(c.label, ""):
                            self.money_unit[(t.id, c.id)] = "元"

    def _single_other_mode(self, tables: list[Table], rows_found: set[str]) -> Spec | None:
        for t in tables:
            for g in t.groups:
                num, k = label_key(g.text)
                if num != ("paren", 6):
                    continue
                first, last = t.row_index(g.first), t.row_index(g.last)
                subrows = {r.id for r in t.rows[first:last + 1]}
                if subrows & rows_found:
                    return None
                return Spec(t.id, t.rows[last].id, num, k, 1000 * self.ed.tables.index(t) + first, True)
        return None

    # ---------------------------------------------------------------- assignment

    def _fit_table_row(self, pending: list[Spec], values: list, line: int) -> tuple[list[Spec], list]:
        """The numbers of one real table row (HTML, Word, Excel, TAB text) belong to that row's own label
        (or to the appeals table's unlabeled row), never to a row printed above. Blank cells at the row's
        edges beyond the table's columns are layout; more numbers than columns cannot be placed for sure."""
        spec = pending[-1]
        for stale in pending[:-1]:
            st = self.ed.table(stale.table)
            self.log.add("missing", f"{st.caption or '表'}“{st.full_row_label(stale.row)}”行没有数字")
        t = self.ed.table(spec.table)
        if t.row(spec.row).label and self._label_line.get((spec.table, spec.row)) != line:
            if any(v is not None for v in values):
                self.log.add("unplaced",
                             f"{t.caption or '表'}中有一行数字没有可识别的标签，未读入：{_fmt_values(values)}")
            return [], []
        pending = [spec]
        need = len(self._columns[spec.table])
        if len(values) <= need:
            return pending, values
        # A label not merged across 表三's three label columns leaves exactly two blank cells before the numbers.
        k = t.label_columns - 1
        if k > 0 and len(values) - k == need and all(v is None for v in values[:k]):
            return pending, values[k:]
        start, end = 0, len(values)
        while start < end and values[start] is None:
            start += 1
        while end > start and values[end - 1] is None:
            end -= 1
        core = values[start:end]
        if len(core) == need or (len(core) < need and start == 0):
            return pending, values[start:start + need] if len(core) == need else values[:need]
        self.filled_rows.add((spec.table, spec.row))
        self.log.add("unplaced", f"{t.caption or '表'}“{t.full_row_label(spec.row) or '数据'}”行有{len(values)}格"
                                 f"（应为{need}格），无法确定各数所属的列，未读入：{_fmt_values(values)}")
        return [], []

    def _assign(self, pending: list[Spec], values: list, context: str) -> list[Spec]:
        """Numbers to the rows waiting for them, table by table. A run of numbers that does not end exactly
        where the rows' cells end means a label or a number is missing somewhere in it: then nothing from
        the run is kept, since any of its numbers may have slid into the wrong cell."""
        values = list(values)
        everything = _fmt_values(values)
        if pending and _row_broken_over_lines(values, [len(self._columns[s.table]) for s in pending]):
            t = self.ed.table(pending[0].table)
            self.log.add("unplaced", f"{t.caption or '表'}“{context}”之后的数字分在几行，其中有的行不是完整的一行"
                                     f"（可能有数字折到上一行或下一行），无法确定各数所属单元格，未读入：{everything}")
            return []
        log_mark, written = len(self.log.entries), []
        while pending and values:
            tid = pending[0].table
            group = []
            for s in pending:
                if s.table != tid:
                    break
                group.append(s)
            cols = self._columns[tid]
            need = len(group) * len(cols)
            if len(values) >= need:
                chunk, values = values[:need], values[need:]
                self._write_block(group, cols, chunk)
                written += [(s.table, s.row) for s in group]
                pending = pending[len(group):]
                continue
            if all(v is None for v in values):
                return pending  # blank layout cells: the rows still wait for their numbers
            t = self.ed.table(tid)
            names = "、".join(f"“{t.row(s.row).label}”" for s in group)
            self._revert(written, log_mark)
            self.log.add("unplaced", f"{t.caption or '表'}{names}后只有{len(values)}个数（应为{need}个），"
                                     f"无法确定各数所属单元格，未读入：{everything}")
            return []
        tables_written = {t for t, _ in written}
        if len(tables_written) > 1 and any(self._incomplete(t) for t in tables_written):
            # One run of numbers crossing into another table is safe only when both tables have all their
            # row labels: with a label lost (洪泽 2023 without “行政处罚”), the count can still come out even
            # while every number sits one row too early.
            self._revert(written, log_mark)
            self.log.add("unplaced", f"“{context}”之后的一串数字跨越了两张表，而其中一张表缺少行标签，"
                                     f"无法确定各数所属单元格，未读入：{everything}")
            return pending
        if values and any(v is not None for v in values):
            if written:
                self._revert(written, log_mark)
                self.log.add("unplaced", f"“{context}”之后的数字比表格的单元格多，可能缺了某行的标签或数字，"
                                         f"这一段都未读入：{everything}")
            else:
                self.log.add("unplaced", f"“{context}”之后的数字无法对应到表格单元格，未读入：{everything}")
        return pending

    def _incomplete(self, table_id: str) -> bool:
        t = self.ed.table(table_id)
        labelled = [r for r in t.rows if r.label]
        return any((table_id, r.id) not in self._rows_seen for r in labelled) if labelled else False

    def _revert(self, written: list[tuple[str, str]], log_mark: int) -> None:
        rows = set(written)
        self.filled_rows -= rows
        for ref in [r for r in self.report.values if (r[0], r[1]) in rows]:
            del self.report.values[ref]
            self.sources.pop(ref, None)
        del self.log.entries[log_mark:]

    def _write_block(self, group: list[Spec], cols: list[str], chunk: list) -> None:
        k, n = len(group), len(cols)
        if k > 1 and _one_line_per_row(chunk, k, n):
            # Each row's numbers were printed on a line of their own: the lines are the rows, whatever
            # the arithmetic says (labels moved above their rows).
            for r, spec in enumerate(group):
                self._write_row(spec, cols, chunk[r * n:(r + 1) * n])
            return
        if k > 1:
            chunk = self._total_column_in_place(group, cols, chunk)
        by_col = [[chunk[c * k + r] for c in range(n)] for r in range(k)]
        if k > 1:
            by_row = [chunk[r * n:(r + 1) * n] for r in range(k)]
            # A block of labels then numbers is read column by column; the table's own arithmetic decides
            # when it clearly says otherwise.
            if self._balance_score(group, cols, by_row) > self._balance_score(group, cols, by_col):
                table = self.ed.table(group[0].table)
                self.log.add("note", f"{table.caption or '表'}按行读取（各行合计与按列读取不符）")
                by_col = by_row
        for spec, vals in zip(group, by_col, strict=True):
            self._write_row(spec, cols, vals)

    def _total_column_in_place(self, group: list[Spec], cols: list[str], chunk: list) -> list:
        """pdfminer may emit a column block out of place (洪泽: 总计 before 其他). The block that equals the
        sum of the others on every row is the 总计 column; the other blocks keep their order."""
        t = self.ed.table(group[0].table)
        k = len(group)
        totals = [i for i, c in enumerate(cols) if c != SUBTOTAL and t.column(c).total]
        if len(totals) != 1 or SUBTOTAL in cols:
            return chunk
        blocks = [chunk[c * k:(c + 1) * k] for c in range(len(cols))]

        def is_total(j: int) -> bool:
            rows_ok = 0
            for r in range(k):
                vals = [b[r] for b in blocks]
                if any(v is None for v in vals):
                    return False
                rows_ok += sum(v[0] for i, v in enumerate(vals) if i != j) == vals[j][0]
            return rows_ok == k

        at = totals[0]
        if is_total(at):
            return chunk
        found = [j for j in range(len(blocks)) if is_total(j)]
        # Several blocks can pass only when they are equal (自然人 = 总计 when no organisation applied):
        # then which one is taken for 总计 changes no number.
        if not found or any([v[0] for v in blocks[j]] != [v[0] for v in blocks[found[0]]] for j in found):
            return chunk
        j = found[-1]
        moved = blocks[:j] + blocks[j + 1:]
        moved.insert(at, blocks[j])
        lo, hi = min(j, at), max(j, at)
        for c in cols[lo:hi + 1]:
            for s in group:
                self.log.add("adjusted", f"表三按列读出的数字中“总计”列不在原位，已按各行合计（总计＝各列之和）"
                                         f"确定其位置：{t.cell_label(s.row, c)}", (t.id, s.row, c))
        return [v for b in moved for v in b]

    def _balance_score(self, group: list[Spec], cols: list[str], matrix: list[list]) -> int:
        t = self.ed.table(group[0].table)
        parts = [i for i, c in enumerate(cols) if c != SUBTOTAL and not t.column(c).total]
        totals = [i for i, c in enumerate(cols) if c != SUBTOTAL and t.column(c).total]
        if len(totals) != 1 or not parts:
            return 0
        score = 0
        for row in matrix:
            if any(row[i] is None for i in parts + totals):
                continue
            if sum(row[i][0] for i in parts) == row[totals[0]][0]:
                score += 1
        return score

    def _write_row(self, spec: Spec, cols: list[str], vals: list) -> None:
        t = self.ed.table(spec.table)
        if (spec.table, spec.row) in self.filled_rows:
            self.log.add("ambiguous", f"{t.caption or '表'}“{t.row(spec.row).label}”行出现了两次，只读入第一次的数字")
            return
        self.filled_rows.add((spec.table, spec.row))
        row_vals = {}
        for col, v in zip(cols, vals, strict=True):
            if col == SUBTOTAL:
                continue
            ref = (spec.table, spec.row, col)
            if v is None:
                continue
            value = self._cell_value(t, col, ref, v)
            if value is not None:
                self.report.set(ref, value)
                if len(v) > 2:
                    at = v[2][0]
                    if at not in self._provenance:  # once per line, not per cell
                        self._provenance[at] = self._lines[at].provenance()
                    self.sources[ref] = self._provenance[at]
                row_vals[col] = value
                if spec.single_other:
                    self.log.add("adjusted", f"{t.cell_label(spec.row, col)}：原文按2019年版只有一行“（六）其他处理”，"
                                             f"其数值{_fmt(value)}记入此格", ref)
        if SUBTOTAL in cols:
            sub = vals[cols.index(SUBTOTAL)]
            org = [c.id for c in t.columns if c.group]
            if sub is not None and all(c in row_vals for c in org) and sum(row_vals[c] for c in org) != sub[0]:
                self.log.add("note", f"表三“{t.row(spec.row).label}”行的“小计”{_fmt(sub[0])}与各类法人或其他组织"
                                     f"之和{_fmt(sum(row_vals[c] for c in org))}不符")
        if spec.single_other:
            group = next(g for g in t.groups if label_key(g.text)[0] == spec.num)
            for r in t.rows[t.row_index(group.first):t.row_index(group.last)]:
                for c in t.columns:
                    self.log.add("missing", f"{t.cell_label(r.id, c.id)}：原文只有一行“（六）其他处理”，无从拆分，留空",
                                 (t.id, r.id, c.id))

    def _cell_value(self, t: Table, col: str, ref, v: tuple[Decimal, str]) -> int | Decimal | None:
        value, unit = v[0], v[1]
        column = t.column(col)
        if column.kind != "money" and value == value.to_integral_value() and unit not in ("元", "万元"):
            return int(value)  # a count, as printed (the common case: no message to word)
        where = t.cell_label(ref[1], col)
        if column.kind == "money":
            unit = unit or self.money_unit.get((t.id, col), "")
            if unit == "元":
                converted = _money(value / 10000)
                self.log.add("converted", f"{where}：原文{_fmt(value)}元，按万元记为{_fmt(converted)}", ref)
                return converted
            if unit in ("", "万元"):
                if not unit and value != 0:
                    self.log.add("ambiguous", f"{where}：原文未注明单位，按万元读取{_fmt(value)}，请核对", ref)
                return _money(value)
            self.log.add("unplaced", f"{where}：“{_fmt(value)}{unit}”不是金额，未读入", ref)
            return None
        if value != value.to_integral_value() or unit in ("元", "万元"):
            self.log.add("unplaced", f"{where}：“{_fmt(value)}{unit}”不是件数，未读入", ref)
            return None
        return int(value)


_DIGITS = frozenset(Decimal(d) for d in range(10))


def _runs(xs: list[float], gap: float) -> list[list[float]]:
    """Sorted positions in runs: a new run wherever two neighbours stand more than ``gap`` apart."""
    runs: list[list[float]] = [[xs[0]]]
    for x in xs[1:]:
        if x - runs[-1][-1] <= gap:
            runs[-1].append(x)
        else:
            runs.append([x])
    return runs


def _digit_slots(lines: list[LineTokens], ncols: int) -> tuple[list[float], float] | None:
    """Where a layout text's single digits stand on a page: pdftotext places a one-character number at its
    cell's middle, so they fall in tight slots, one per column; None unless exactly ncols slots show."""
    xs = sorted(x for lt in lines if lt.xs and not lt.grid for x, v in zip(lt.xs, lt.values, strict=False)
                if x is not None and v is not None and not v[1] and v[0] in _DIGITS)
    if not xs:
        return None
    slots = _runs(xs, 1.0)
    if len(slots) != ncols:
        return None
    centres = [sum(s) / len(s) for s in slots]
    if any(s[-1] - s[0] > 1.0 for s in slots):
        return None
    return centres, 0.35 * min(b - a for a, b in pairwise(centres))


def _row_broken_over_lines(values: list, widths: list[int]) -> bool:
    """Numbers gathered from several lines, some holding several numbers but not a whole row: a row broken
    over lines (a wide number wrapped in a narrow column). One number per line (a column-by-column
    flattening) and one whole row per line are the two readings that stay certain."""
    per_line: dict[int, int] = {}
    for v in values:
        if v is not None and len(v) > 2:
            per_line[v[2][0]] = per_line.get(v[2][0], 0) + 1
    if len(per_line) < 2 or max(per_line.values()) < 2:
        return False
    return any(c not in widths for c in per_line.values())


def _one_line_per_row(chunk: list, k: int, n: int) -> bool:
    lines = []
    for r in range(k):
        here = {v[2][0] for v in chunk[r * n:(r + 1) * n] if v is not None and len(v) > 2}
        if len(here) != 1:
            return False
        lines.append(here.pop())
    return len(set(lines)) == k


def _header_columns(t: Table, lines: list[Line], per_line: list[LineTokens]) -> list[int] | None:
    """Where a grid whose cells are its columns (a sheet, a Word or web table) prints each of the table's
    column labels: the cell index of each, left to right. None unless every column's label is found once, in
    order, on the grid rows (one header row or several stacked). A label shared by several columns (表四's
    结果维持…) is told apart by the group labels printed above it."""
    wanted: dict[str, list[int]] = {}
    for i, c in enumerate(t.columns):
        for a in (c.label, *c.aliases):
            if i not in wanted.setdefault(key(a), []):
                wanted[key(a)].append(i)
    found: dict[int, int] = {}
    for n, (line, lt) in enumerate(zip(lines, per_line, strict=True)):
        if not _is_grid_row(line, lt):
            continue
        for ci, cell in enumerate(line.cells):
            cols = wanted.get(key(cell)) if cell.strip() else None
            if cols and len(cols) > 1:
                cols = _under_groups(t, cols, lines, per_line, n, ci)
                if len(cols) != 1:
                    return None  # a shared label whose group is not printed above it
            if cols:
                col = cols[0]
                if col in found and found[col] != ci:
                    return None
                found[col] = ci
    if len(found) != len(t.columns):
        return None
    cols = [found[i] for i in range(len(t.columns))]
    return cols if cols == sorted(set(cols)) else None


def _is_grid_row(line: Line, lt: LineTokens) -> bool:
    return lt.grid_columns or (line.grid_columns and line.table_row)


_GROUP_ROWS = 4  # header rows above a column label that may print its groups


def _under_groups(t: Table, cols: list[int], lines: list[Line], per_line: list[LineTokens], n: int,
                  ci: int) -> list[int]:
    """Those of the columns whose every group label stands above cell ``ci`` of grid line ``n``: in a grid
    whose merges were lost, a group's text is in the first cell of its span, so the group over a cell is the
    nearest text at or left of it on each header row above."""
    above: set[str] = set()
    for m in range(n - 1, max(-1, n - 1 - _GROUP_ROWS), -1):
        if not _is_grid_row(lines[m], per_line[m]):
            break
        left = [c for c in lines[m].cells[:ci + 1] if c.strip()]
        if left:
            above.add(key(left[-1]))
    return [i for i in cols if t.columns[i].group
            and all(key(g) in above for g in t.columns[i].group.split("·"))]


def _header_row(t: Table, lines: list[Line]) -> tuple[list[int], int] | None:
    """A table row printing every column label of the table (a converter's pipe table, a web table):
    where each label stands, and how many cells the row has. Rows as wide as it share its columns."""
    if len({c.label for c in t.columns}) != len(t.columns):
        return None
    wanted = {key(a): i for i, c in enumerate(t.columns) for a in (c.label, *c.aliases)}
    for line in lines:
        if not line.table_row:
            continue
        at = {}
        for ci, cell in enumerate(line.cells):
            col = wanted.get(key(cell)) if cell.strip() else None
            if col is not None and col not in at:
                at[col] = ci
        if len(at) == len(t.columns):
            cols = [at[i] for i in range(len(t.columns))]
            if cols == sorted(set(cols)):
                return cols, len(line.cells)
    return None


def _own_label_col(t: Table, rows: list[str], here: set[int]) -> int:
    """The grid column where the one row label printed on this line starts (0 when not known)."""
    if len(here) != 1:
        return 0
    row = t.row(rows[next(iter(here))])
    return row.label_col if row.label else 0


def _row_vector(lt: LineTokens, ncols: int, t: Table, header: list[int] | None = None,
                label_col: int = 0, same_width: tuple[list[int], int] | None = None) -> list | None:
    """The line's numbers as one row of the table, or None when their columns are not certain: a text line
    must hold exactly one number per column; a grid row may carry blank cells, but only a padding of blanks
    around exactly ncols cells (or the two label cells of an unmerged 表三 label) is taken off. In a grid
    whose cells are its columns (a sheet, a Word table) with the column labels printed above, every cell
    is placed under its column's label, blank or not."""
    vals = lt.values
    if not any(v is not None for v in vals):
        return None
    if lt.grid and same_width is not None and not (lt.grid_columns and header is not None):
        header = same_width[0]  # as wide as the header row: its cells stand under the labels
    if (lt.grid_columns or same_width is not None) and lt.grid and header is not None:
        if lt.where and lt.where[-1][1] < header[-1]:
            return None  # the row stops before the last column: where its cells stand is not certain
        out: list = [None] * ncols
        for v, (_, cell) in zip(vals, lt.where, strict=True):
            if cell in header:
                out[header.index(cell)] = v
            elif v is not None:
                return None  # a number under no column label: the grid is not what it seems
        return out
    if not lt.grid:
        return vals if len(vals) == ncols else None
    if len(vals) == ncols:
        return vals
    # A label not merged across its label columns leaves that many blank cells before the numbers; when
    # the row's last cells hold numbers, those blanks cannot be blank values with padding after the row.
    k = t.label_columns - 1 - label_col
    if k > 0 and len(vals) - k == ncols and all(v is None for v in vals[:k]) \
            and any(v is not None for v in vals[-k:]):
        return vals[k:]
    if lt.positional:
        # Cells are columns: the values start after the label; blanks beyond the table are the sheet's.
        if k > 0 and len(vals) > ncols and all(v is None for v in vals[:k]) and vals[k] is not None:
            vals = vals[k:]
        if all(v is None for v in vals[ncols:]):
            return (vals + [None] * ncols)[:ncols]
    start, end = 0, len(vals)
    while start < end and vals[start] is None:
        start += 1
    while end > start and vals[end - 1] is None:
        end -= 1
    return vals[start:end] if end - start == ncols else None


def _money(d: Decimal) -> Decimal:
    d = d.normalize()
    return d.quantize(Decimal(1)) if d == d.to_integral_value() else d


def _fmt(d) -> str:
    return format(d, "f") if isinstance(d, Decimal) else str(d)


def _fmt_values(values: list) -> str:
    shown = [_fmt(v[0]) + v[1] if v is not None else "空" for v in values[:20]]
    return " ".join(shown) + (" …" if len(values) > 20 else "")
