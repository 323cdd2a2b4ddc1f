"""Stage 1, tokens: the lines of any reader as runs of label texts and numbers, each with its place.

A cell is a label, a number, a blank (kept only where the reader knows cell positions: a real grid row),
or several numbers a converter ran into one cell (“21 0”): those are split, and the line is marked so
that no blank is ever placed by position on it. Each number keeps the line and cell it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from editor.io.recognize.labels import cell_numbers, is_blank_mark, key, parse_number
from editor.io.recognize.lines import Line

Value = tuple  # (Decimal, unit, (line, cell)) as printed; None for a blank cell


@dataclass
class Run:
    kind: str  # "label" or "value"
    items: list = field(default_factory=list)  # label texts, or (Decimal, unit) | None values
    lines: set[int] = field(default_factory=set)  # which lines it came from
    table_row: bool = True  # every line it came from is a real table row
    where: list[tuple[int, int]] = field(default_factory=list)  # (line, cell) of each item


@dataclass
class LineTokens:
    """One line's labels and numbers (the unit the row alignment works on)."""

    index: int
    labels: list[str]
    values: list  # (Decimal, unit) | None, in cell order after the last label
    where: list[tuple[int, int]]
    grid: bool  # blanks are real cells (a grid row with no cell split)
    positional: bool  # cells are the table's columns from the left (XLSX, TAB copy, PDF by x)
    positional_row: bool  # a row of a grid whose cells are its columns (its label never belongs elsewhere)
    split_cells: list[str]  # cells that held several numbers
    label_index: int = -1  # the cell of the line's last label (-1: none)
    xs: list | None = None  # across-the-page position of each value (layout text), else None
    grid_columns: bool = False  # cells are the grid's columns (merged cells expanded)


@lru_cache(maxsize=65536)
def cell_kind(cell: str) -> str:
    c = cell.strip()
    if not c or is_blank_mark(c):
        return "blank"
    if parse_number(c) is not None:
        return "num"
    if cell_numbers(c) is not None:
        return "nums"
    return "label"


def line_tokens(n: int, line: Line) -> LineTokens:
    cells = [c.strip() for c in line.cells]
    return _line_tokens(n, line, cells, [cell_kind(c) for c in cells])


def _line_tokens(n: int, line: Line, cells: list[str], kinds: list[str]) -> LineTokens:
    last_label = max((i for i, k in enumerate(kinds) if k == "label"), default=-1)
    labels, values, where, split = [], [], [], []
    for i, (c, k) in enumerate(zip(cells, kinds, strict=True)):
        if k == "label":
            labels.append(c)
        elif k == "num":
            values.append((*parse_number(c), (n, i)))  # type: ignore[misc]
            where.append((n, i))
        elif k == "nums":
            for v in cell_numbers(c) or []:
                values.append((*v, (n, i)))
                where.append((n, i))
            split.append(c)
        elif i > last_label and line.table_row:
            values.append(None)  # a blank value cell keeps its position (blank ≠ 0)
            where.append((n, i))
    grid = line.table_row and not split
    if not grid or not any(v is not None for v in values):
        # A row without numbers (a header padded to the table's width) holds no value cells; and once
        # cells were run together, a blank no longer tells a position: only numbers count.
        keep = [j for j, v in enumerate(values) if v is not None]
        values, where = [values[j] for j in keep], [where[j] for j in keep]
    xs = [line.xs[c] if c < len(line.xs) else None for _, c in where] if line.xs else None
    return LineTokens(n, labels, values, where, grid, positional=grid and line.positional,
                      positional_row=line.table_row and line.positional, split_cells=split, label_index=last_label,
                      xs=xs, grid_columns=grid and line.grid_columns)


def runs(lines: list[Line]) -> tuple[list[Run], list[LineTokens]]:
    """Runs of labels and of values across lines, and every line's own tokens."""
    out: list[Run] = []
    per_line = []
    for n, line in enumerate(lines):
        cells = [c.strip() for c in line.cells]
        kinds = [cell_kind(c) for c in cells]
        lt = _line_tokens(n, line, cells, kinds)
        per_line.append(lt)
        vi = 0
        where, values, grid = lt.where, lt.values, lt.grid
        run = out[-1] if out else None
        for i, k in enumerate(kinds):
            if k == "label":
                if run is None or run.kind != "label":
                    run = Run("label")
                    out.append(run)
                run.items.append(cells[i])
                run.lines.add(n)
                run.where.append((n, i))
                run.table_row &= grid
                continue
            while vi < len(where) and where[vi][1] == i:
                if run is None or run.kind != "value":
                    run = Run("value")
                    out.append(run)
                run.items.append(values[vi])
                run.lines.add(n)
                run.where.append(where[vi])
                run.table_row &= grid
                vi += 1
    return out, per_line


# ----------------------------------------------------------------------------- text run together

# Digits run together or apart; a sign opens a new number (“156-764486”: 156, then -76…).
_DIGIT_RUN = re.compile(r"(?<![\d.．])[-−－]?\d+(?:[.．]\d+)?(?:[ \u3000\xa0]*[-−－]\d+(?:[.．]\d+)?"
                        r"|[ \u3000\xa0]+\d+(?:[.．]\d+)?)*")
_NOT_A_CELL_AFTER = re.compile(
    r"^\s*(?:年|月|日|号|%|％|‰|时|分|点|余|多|名|人|次|期|场|轮|个工作日|小时|件|条|篇|家|户|位)")
_NUMBERING_AFTER = re.compile(r"^[.．、](?=\D)")
_YEAR_RUN_ON = re.compile(r"(?<=\d)(?:19|20)\d\d$")  # a year glued after a row's digits


def glued_pieces(text: str) -> list[tuple[str, list[str]]]:
    """“规章000行政规范性文件005第二十条…” → [("规章", ["000"]), ("行政规范性文件", ["005"]), ("第二十条…", [])].
    A digit that opens the next label's numbering (“00000002.其他…”) is left to that label; a number followed
    by 年, 月, %, 人… is prose, not a cell, except for a year run onto a row's digits (“…20000022025年”)."""
    out: list[tuple[str, list[str]]] = []
    label_start = 0
    pos = 0
    while True:
        m = _DIGIT_RUN.search(text, pos)
        if not m:
            break
        run, start, end = m.group(0), m.start(), m.end()
        after = text[end:]
        if _NOT_A_CELL_AFTER.match(after) or (start > 0 and text[start - 1] == "第"):
            year = _YEAR_RUN_ON.search(run)
            if not (year and after.lstrip().startswith("年")):
                pos = end
                continue
            # “继续办理20000022025年，我局…”: the page's prose opens with a year run onto the row's digits.
            run, end = run[:year.start()].rstrip(), end - len(run) + year.start()
            after = text[end:]
        if _NUMBERING_AFTER.match(after):
            run, end = run[:-1].rstrip(), end - 1  # the last digit numbers the next label
            if not run.strip():
                pos = m.end()
                continue
        label = text[label_start:start].strip()
        out.append((label, re.sub(r"([-−－])", r" \1", run).split()))
        label_start = pos = end
        if pos >= len(text):
            break
    tail = text[label_start:].strip()
    if tail:
        out.append((tail, []))
    return out


def is_glued(line: Line) -> bool:
    """A paragraph of a table region holding labels with numbers run onto them (a crawler's copy)."""
    if line.table_row or len(line.cells) != 1 or cell_kind(line.cells[0]) != "label":
        return False
    return any(key(label) and groups for label, groups in glued_pieces(line.cells[0]))
