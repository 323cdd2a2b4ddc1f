"""Which column a number of a ``pdftotext -layout`` row stands in, from the header's text blocks.

poppler lays a page out in blocks (a cell's text is one block: a number, 总计, or 表四's four column
labels of one group printed as one line 结果维 结果纠 其他结 尚未审); a block's first character column is
the largest, over the blocks that start left of it, of ``their column + their width + 3`` when they end
left of it (else a point inside them). So between blocks in different cells only one thing is certain:
a block that lies wholly right of another starts at least three columns after the other one ends. The
words inside one block line (one space apart) are not placed by x at all, and a number under the third
of four words may well print right of the fourth (a busy page pushes numbers right). Hence a number is
put in a header block's cells only when the blocks left and right of it leave exactly one, and a block
of several cells is filled only when it gets as many numbers as it has cells; everything else stays
blank. Necessary conditions only: a number in a cell of block i lies wholly right of block i-1 and wholly
left of block i+1, so it starts ≥ 3 after block i-1 ends and ends ≥ 3 before block i+1 starts.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from editor.io.recognize.labels import key, parse_number

GUTTER = 3  # poppler: a block wholly right of another starts at least this many columns after it ends


@dataclass(frozen=True)
class HeaderBlock:
    start: int  # first character column of its first line (≥ the block's own column)
    end: int  # one past its first line's last character (≤ the block's column + its width)
    first: int  # the table columns it heads, first..last
    last: int

    @property
    def size(self) -> int:
        return self.last - self.first + 1


def spans(words: list[tuple[str, float]]) -> list[tuple[str, int, int]]:
    """A layout line's words as (text, first column, one past the last): from their middles and lengths."""
    return [(w, round(x - len(w) / 2), round(x + len(w) / 2)) for w, x in words]


@lru_cache(maxsize=4096)
def _column_of(word: str, labels: tuple[tuple[str, ...], ...]) -> frozenset[str] | None:
    """The label keys a header word opens (a label, or the top line of a wrapped one: 结果维 of 结果维持);
    None for a word that is no column's."""
    k = key(word)
    if len(k) < 2 or parse_number(word) is not None:
        return None
    hit = frozenset(lab for names in labels for lab in names if lab.startswith(k))
    return hit or None


def header_blocks(lines: list[list[tuple[str, float]]],
                  labels: tuple[tuple[str, ...], ...]) -> list[HeaderBlock] | None:
    """The table's header as blocks, left to right: on each header line, words one space apart are one
    block line; the blocks' words, in the order the blocks start, must name every column exactly once in
    the table's order, and each block must start ≥ GUTTER after the one before it ends. None otherwise."""
    groups: list[tuple[int, int, list[frozenset[str]]]] = []
    for words in lines:
        cur: list[tuple[str, int, int]] = []
        for w in [*spans(words), None]:
            if w is not None and cur and w[1] - cur[-1][2] == 1:
                cur.append(w)
                continue
            if w is not None and cur and w[1] - cur[-1][2] == 2:
                # One block line or two blocks? Not certain; only a problem where header words are involved.
                if _column_of(w[0], labels) or any(_column_of(c[0], labels) for c in cur):
                    return None
            if cur:
                cols = [_column_of(c[0], labels) for c in cur]
                if any(cols):
                    if not all(cols):
                        return None  # a header word run onto other text: the block's extent is unknown
                    groups.append((cur[0][1], cur[-1][2], cols))  # type: ignore[arg-type]
            cur = [w] if w is not None else []
    groups.sort(key=lambda g: g[0])
    out: list[HeaderBlock] = []
    col = 0
    for start, end, cols in groups:
        for names in cols:
            if col >= len(labels) or not (names & set(labels[col])):
                return None
            if len(names) > 1 and not names <= set(labels[col]):
                return None  # a word opening several columns' labels
            col += 1
        out.append(HeaderBlock(start, end, col - len(cols), col - 1))
    if col != len(labels) or any(b.start < a.end + GUTTER for a, b in pairwise(out)):
        return None
    return out


def place(blocks: list[HeaderBlock], numbers: list[tuple[int, int]]) -> tuple[list[int | None], set[int]] | None:
    """The column of each number of a row (spans in character columns, left to right), None where not
    certain, and the columns certainly blank (a block no reading gives a number); None for the whole row
    when the numbers contradict the blocks (then nothing is placed)."""
    if any(b[0] < a[1] + GUTTER for a, b in pairwise(numbers)):
        return None  # numbers closer than separate blocks stand: one block, whose inner columns say nothing
    options: list[list[int]] = []
    for s, e in numbers:
        ok = [i for i in range(len(blocks)) if (i == 0 or s >= blocks[i - 1].end + GUTTER)
              and (i + 1 == len(blocks) or e + GUTTER <= blocks[i + 1].start)]
        if not ok:
            return None
        options.append(ok)
    readings = _readings(options, [b.size for b in blocks])
    if not readings:
        return None
    out: list[int | None] = [None] * len(numbers)
    blank: set[int] = set()
    for i, b in enumerate(blocks):
        mine = {tuple(n for n, blk in enumerate(r) if blk == i) for r in readings}
        if len(mine) != 1:
            continue  # the block's numbers differ between readings
        got = next(iter(mine))
        if not got:
            blank |= set(range(b.first, b.last + 1))
        elif len(got) == b.size:
            for j, n in enumerate(got):
                out[n] = b.first + j
    return out, blank


_MAX_READINGS = 256


def _readings(options: list[list[int]], sizes: list[int]) -> list[tuple[int, ...]]:
    """Every way to give each number a block (left to right, no block over its cells); [] when none or
    too many to look at."""
    found: list[tuple[int, ...]] = []

    def walk(n: int, acc: list[int], used: list[int]) -> bool:
        if len(found) > _MAX_READINGS:
            return False
        if n == len(options):
            found.append(tuple(acc))
            return True
        for blk in options[n]:
            if (acc and blk < acc[-1]) or used[blk] >= sizes[blk]:
                continue
            used[blk] += 1
            acc.append(blk)
            walk(n + 1, acc, used)
            acc.pop()
            used[blk] -= 1
        return True

    walk(0, [], [0] * len(sizes))
    return found if len(found) <= _MAX_READINGS else []
