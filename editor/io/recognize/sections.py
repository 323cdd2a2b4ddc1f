"""Splitting a document's lines into head (title block), preamble and the six sections by their headings."""

from __future__ import annotations

import re
from dataclasses import dataclass

from editor.io.recognize.labels import key, similarity, split_numbering
from editor.io.recognize.lines import Line
from editor.schema import Edition

_MAX_HEADING = 40  # characters; a longer line is prose that happens to open with 一、
TOC_LINE = re.compile(r"(\.{2,}|…+|·{2,}|-{2,}|\s)\s*\d{1,3}\s*$")  # 一、总体情况……1 (a table of contents)


@dataclass
class Sections:
    head: list[Line]  # everything before the first heading (title block and preamble)
    parts: dict[str, list[Line]]  # section id -> its lines, heading excluded
    found: list[str]  # section ids whose heading was found, in order


def _heading_of(line: Line) -> tuple[int, str] | None:
    cells = [c for c in line.cells if c.strip()]
    if len(cells) != 1:
        return None
    text = cells[0].strip()
    if len(text) > _MAX_HEADING or TOC_LINE.search(text):
        return None
    num, rest = split_numbering(text)
    if num is None:
        return 0, key(rest)  # Word's automatic numbering leaves “总体情况” without its “一、”
    if num[0] != "cn":
        return None
    return num[1], key(rest)


def split_sections(lines: list[Line], ed: Edition) -> Sections:
    printed = [s for s in ed.sections if s.kind != "meta" and s.printed]
    wanted = []
    for s in printed:
        num, rest = split_numbering(s.heading)
        wanted.append((s.id, num[1] if num else 0, key(rest)))
    starts: list[tuple[int, str]] = []
    next_i = 0
    for i, line in enumerate(lines):
        if next_i >= len(wanted):
            break
        h = _heading_of(line)
        if h is None:
            continue
        # A heading may be missing: accept any later one, in order.
        for j in range(next_i, len(wanted)):
            sid, n, k = wanted[j]
            if (h[0] == n and similarity(k, h[1]) >= 0.75) or (h[0] == 0 and h[1] == k):
                starts.append((i, sid))
                next_i = j + 1
                break
    parts: dict[str, list[Line]] = {}
    for idx, (i, sid) in enumerate(starts):
        end = starts[idx + 1][0] if idx + 1 < len(starts) else len(lines)
        parts[sid] = lines[i + 1:end]
    head = lines[: starts[0][0]] if starts else list(lines)
    return Sections(head, parts, [sid for _, sid in starts])


