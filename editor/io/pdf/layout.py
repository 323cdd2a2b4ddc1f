"""From a PDF page's characters and ruling lines to lines of cells, by position.

A table drawn with ruling lines (stroked lines, thin filled rectangles, cell backgrounds, or one path of
many segments) becomes a grid: column edges are the vertical rules, row edges the horizontal ones, and an
edge not drawn inside a band merges two grid cells, as Word merged them. Every character goes to the grid
cell its centre lies in, so a blank cell keeps its place and a label (or a long number) wrapped inside its
cell is joined. Characters outside any grid make text lines (characters whose boxes overlap vertically),
with a space wherever the gap is wider than a character: numbers printed in a borderless table stay apart,
but their blank cells cannot be told, so such lines are plain text to the recognizer.

Pure geometry: the PDFium calls live in ``importer``.
"""

from __future__ import annotations

import bisect
from typing import NamedTuple

from editor.io.recognize.lines import Line, split_trailing_numbers

_SNAP = 2.5  # points: rules closer than this are one edge (a border drawn as two touching rectangles)
_THIN = 2.5  # points: a path thinner than this is a rule
MAX_RULES = 1500  # distinct rules on a page (a table page has under 100): beyond, the page is a drawing
MAX_EDGES = 400  # column or row edges of one table


class Char:
    """One printed character and its glyph box (PDF points, y upwards)."""

    __slots__ = ("bottom", "cx", "cy", "height", "left", "right", "text", "top")

    def __init__(self, text: str, left: float, bottom: float, right: float, top: float) -> None:
        self.text, self.left, self.bottom, self.right, self.top = text, left, bottom, right, top
        self.cx = (left + right) / 2
        self.cy = (bottom + top) / 2
        self.height = top - bottom


class Rule(NamedTuple):
    """A horizontal (at=y, from/to along x) or vertical (at=x, from/to along y) line segment."""

    horizontal: bool
    at: float
    start: float
    end: float


def rules_from_box(left: float, bottom: float, right: float, top: float, closed_shape: bool) -> list[Rule]:
    """The rules a path's bounding box stands for: a thin path is one rule, a filled or stroked rectangle
    (a cell background) gives its four edges."""
    w, h = right - left, top - bottom
    if w < _THIN and h > _THIN:
        return [Rule(False, (left + right) / 2, bottom, top)]
    if h < _THIN and w > _THIN:
        return [Rule(True, (bottom + top) / 2, left, right)]
    if closed_shape and w > _THIN and h > _THIN:
        return [Rule(True, bottom, left, right), Rule(True, top, left, right),
                Rule(False, left, bottom, top), Rule(False, right, bottom, top)]
    return []


def _turn(x: float, y: float, quarter_turns: int) -> tuple[float, float]:
    """A point of the page as displayed, the page turned clockwise by quarter_turns (its /Rotate)."""
    for _ in range(quarter_turns % 4):
        x, y = y, -x
    return x, y


def as_displayed(chars: list[Char], rules: list[Rule], rotation: int) -> tuple[list[Char], list[Rule]]:
    """Characters and rules in the coordinates of the page as shown: a page with /Rotate holds its text
    running up or down the page, which read as stored would cut every line into characters."""
    turns = (rotation // 90) % 4
    if not turns:
        return chars, rules
    out_chars = []
    for c in chars:
        (x0, y0), (x1, y1) = _turn(c.left, c.bottom, turns), _turn(c.right, c.top, turns)
        out_chars.append(Char(c.text, min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)))
    out_rules = []
    for r in rules:
        a = _turn(r.start, r.at, turns) if r.horizontal else _turn(r.at, r.start, turns)
        b = _turn(r.end, r.at, turns) if r.horizontal else _turn(r.at, r.end, turns)
        if abs(a[1] - b[1]) < abs(a[0] - b[0]):
            out_rules.append(Rule(True, a[1], min(a[0], b[0]), max(a[0], b[0])))
        else:
            out_rules.append(Rule(False, a[0], min(a[1], b[1]), max(a[1], b[1])))
    return out_chars, out_rules


def _clusters(values: list[float]) -> list[float]:
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= _SNAP:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(c) / len(c) for c in out]


def _nearest(edges: list[float], at: float) -> int:
    """The index of the edge a rule lies on (the edges are clustered from these very rules)."""
    return min(range(len(edges)), key=lambda i: abs(edges[i] - at))


def _touch(a: Rule, b: Rule) -> bool:
    if a.horizontal == b.horizontal:
        return abs(a.at - b.at) <= _SNAP and a.start <= b.end + _SNAP and b.start <= a.end + _SNAP
    return a.start - _SNAP <= b.at <= a.end + _SNAP and b.start - _SNAP <= a.at <= b.end + _SNAP


class _Grid:
    """One ruled table: its column edges xs (left to right), row edges ys (top to bottom), merged cells."""

    def __init__(self, rules: list[Rule]) -> None:
        self.xs = _clusters([r.at for r in rules if not r.horizontal])
        self.ys = sorted(_clusters([r.at for r in rules if r.horizontal]), reverse=True)
        self.left, self.right = self.xs[0], self.xs[-1]
        self.top, self.bottom = self.ys[0], self.ys[-1]
        self.chars: dict[int, list[Char]] = {}
        self._neg_ys = [-y for y in self.ys]
        if not self.usable:
            return
        nr, nc = len(self.ys) - 1, len(self.xs) - 1
        self.parent = list(range(nr * nc))
        # Which grid edges are drawn: each rule marks the row (or column) bands whose middle it crosses.
        right_edge: set[tuple[int, int]] = set()  # (row, col): a rule between col and col + 1
        bottom_edge: set[tuple[int, int]] = set()  # (row, col): a rule between row and row + 1
        mids_y = [(self.ys[i] + self.ys[i + 1]) / 2 for i in range(nr)]
        mids_x = [(self.xs[j] + self.xs[j + 1]) / 2 for j in range(nc)]
        for r in rules:
            if r.horizontal:
                i = _nearest(self.ys, r.at)
                if not 0 < i < len(self.ys) - 1:
                    continue
                bottom_edge.update((i - 1, j) for j in range(nc) if r.start <= mids_x[j] <= r.end)
            else:
                j = _nearest(self.xs, r.at)
                if not 0 < j < len(self.xs) - 1:
                    continue
                right_edge.update((i, j - 1) for i in range(nr) if r.start <= mids_y[i] <= r.end)
        for i in range(nr):
            for j in range(nc - 1):
                if (i, j) not in right_edge:
                    self._union(i * nc + j, i * nc + j + 1)
        for j in range(nc):
            for i in range(nr - 1):
                if (i, j) not in bottom_edge:
                    self._union(i * nc + j, (i + 1) * nc + j)
        self._root = [self._find(k) for k in range(nr * nc)]  # each grid cell's merged cell, for add()

    def _find(self, k: int) -> int:
        while self.parent[k] != k:
            self.parent[k] = self.parent[self.parent[k]]
            k = self.parent[k]
        return k

    def _union(self, a: int, b: int) -> None:
        ra, rb = self._find(a), self._find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)  # the root is the top-left grid cell

    @property
    def usable(self) -> bool:
        return 3 <= len(self.xs) <= MAX_EDGES and 2 <= len(self.ys) <= MAX_EDGES

    def area(self) -> float:
        return (self.right - self.left) * (self.top - self.bottom)

    def add(self, c: Char) -> None:
        xs = self.xs
        j = min(bisect.bisect_left(xs, c.cx) - 1, len(xs) - 2)
        i = min(bisect.bisect_left(self._neg_ys, -c.cy) - 1, len(self.ys) - 2)
        root = self._root[i * (len(xs) - 1) + j]
        found = self.chars.get(root)
        if found is None:
            self.chars[root] = [c]
        else:
            found.append(c)

    def rows(self) -> list[tuple[float, Line]]:
        """(top y, line) per grid row with any text: horizontally merged cells once, vertically merged
        continuation cells blank (as the DOCX reader gives them)."""
        nc = len(self.xs) - 1
        out = []
        for i in range(len(self.ys) - 1):
            cells = []
            for j in range(nc):
                k = i * nc + j
                root = self._find(k)
                if root == k:
                    one_row = i + 1 == len(self.ys) - 1 or self._find(k + nc) != k
                    cells.append(_cell_text(self.chars.get(k, []), one_row))
                elif root % nc != j:
                    continue  # horizontal continuation: the merged cell was emitted at its left
                else:
                    cells.append("")
            if any(cells):
                out.append((self.ys[i], Line(cells, table_row=True)))
        return out


def _merged(rules: list[Rule]) -> list[Rule]:
    """Collinear rules that overlap or touch as one: the edges of neighbouring cell rectangles, a border
    drawn cell by cell."""
    out: list[Rule] = []
    for horizontal in (True, False):
        same = sorted((r for r in rules if r.horizontal == horizontal), key=lambda r: r.at)
        rows: list[list[Rule]] = []
        for r in same:
            if rows and r.at - rows[-1][-1].at <= _SNAP / 2:
                rows[-1].append(r)
            else:
                rows.append([r])
        for row in rows:
            at = sum(r.at for r in row) / len(row)
            spans = sorted((r.start, r.end) for r in row)
            start, end = spans[0]
            for a, b in spans[1:]:
                if a <= end + _SNAP:
                    end = max(end, b)
                else:
                    out.append(Rule(horizontal, at, start, end))
                    start, end = a, b
            out.append(Rule(horizontal, at, start, end))
    return out


def _grids(rules: list[Rule]) -> list[_Grid]:
    """Rules that touch one another form one table."""
    rules = _merged(rules)
    if len(rules) > MAX_RULES:
        return []
    parent = list(range(len(rules)))

    def find(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for a in range(len(rules)):
        for b in range(a + 1, len(rules)):
            if _touch(rules[a], rules[b]):
                parent[find(a)] = find(b)
    groups: dict[int, list[Rule]] = {}
    for k, r in enumerate(rules):
        groups.setdefault(find(k), []).append(r)
    grids = []
    for group in groups.values():
        if sum(1 for r in group if r.horizontal) >= 2 and sum(1 for r in group if not r.horizontal) >= 3:
            g = _Grid(group)
            if g.usable:
                grids.append(g)
    return grids


def _left(c: Char) -> float:
    return c.left


def _text_lines(chars: list[Char]) -> list[list[Char]]:
    """Characters grouped into printed lines, each sorted left to right. A character joins the line its
    box overlaps for most of its height: glyph boxes differ (“、” sits low, “-” in the middle), a line's
    band is that of its tallest character, and lines are apart by their leading."""
    if len(chars) <= 1:
        return [chars] if chars else []
    if max([c.bottom for c in chars]) < min([c.top for c in chars]):
        return [sorted(chars, key=_left)]  # one line: every box overlaps every other
    lines: list[list[Char]] = []
    bands: list[tuple[float, float]] = []
    for c in sorted(chars, key=lambda c: -c.top):
        h = max(c.height, 0.1)
        for k in range(len(lines) - 1, max(len(lines) - 4, -1), -1):
            b, t = bands[k]
            if min(t, c.top) - max(b, c.bottom) >= 0.5 * min(h, t - b):
                lines[k].append(c)
                if h > t - b:
                    bands[k] = (c.bottom, c.top)
                break
        else:
            lines.append([c])
            bands.append((c.bottom, c.top))
    order = sorted(range(len(lines)), key=lambda k: -(bands[k][0] + bands[k][1]))
    out = [sorted(lines[k], key=_left) for k in order]
    return out


def _join(chars: list[Char], space_gap: float) -> str:
    """A printed line's text; a gap wider than space_gap × the line's height is a space (thin glyphs
    such as “一” or “：” do not count: the tallest character sets the scale)."""
    scale = max((c.height for c in chars), default=1.0)
    out = []
    prev: Char | None = None
    for c in chars:
        if prev is not None and c.left - prev.right > space_gap * scale:
            out.append(" ")
        out.append(c.text)
        prev = c
    return " ".join("".join(out).split())


def _cell_text(chars: list[Char], one_row: bool) -> str:
    """A cell's lines joined: CJK directly, two Latin words with a space. Digits continued on the next line
    are one number wrapped in a narrow cell (“1084” over “9”) only where the cell is one table row: a cell
    over several rows (a rule not drawn) may hold two rows' figures, which stay apart."""
    parts = [_join(line, 1.0) for line in _text_lines(chars)]
    text = ""
    for p in parts:
        if not text:
            text = p
            continue
        a, b = text[-1], p[:1]
        wrapped_number = one_row and (a.isdigit() or a in ".-") and (b.isdigit() or b == ".")
        latin = a.isascii() and a.isalnum() and b.isascii() and b.isalnum()
        text += "" if wrapped_number or not latin else " "
        text += p
    return text


def page_lines(chars: list[Char], rules: list[Rule]) -> list[Line]:
    """The page as lines, top to bottom: ruled tables as rows of cells, the rest as text lines."""
    grids = sorted(_grids(rules), key=_Grid.area)
    placed: list[tuple[float, Line]] = []
    free: list[Char] = []
    boxes = [(g.left, g.right, g.bottom, g.top, g) for g in grids]
    for c in chars:
        x, y = c.cx, c.cy
        for left, right, bottom, top, g in boxes:
            if left < x < right and bottom < y < top:
                g.add(c)
                break
        else:
            free.append(c)
    for g in grids:
        rows = g.rows()
        if any(len(line.cells) > 1 for _, line in rows):
            placed.extend(rows)
        else:  # ruled paragraphs (a shaded or framed block of text), not a table
            free.extend(c for cs in g.chars.values() for c in cs)
    for line in _text_lines(free):
        text = _join(line, 1.5)
        placed.append((max(c.top for c in line), Line(split_trailing_numbers(text))))
    placed.sort(key=lambda p: -p[0])
    return [line for _, line in placed]
