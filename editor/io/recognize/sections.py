"""Splitting a document's lines into head (title block), preamble and the six sections by their headings."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

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
        wanted.append((s.id, num[1] if num else 0, [key(rest)] + [key(split_numbering(a)[1]) for a in s.aliases]))
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
            sid, n, keys = wanted[j]
            if any((h[0] == n and similarity(k, h[1]) >= 0.75) or (h[0] == 0 and h[1] == k) for k in keys):
                starts.append((i, sid))
                next_i = j + 1
                break
    parts: dict[str, list[Line]] = {}
    for idx, (i, sid) in enumerate(starts):
        end = starts[idx + 1][0] if idx + 1 < len(starts) else len(lines)
        parts[sid] = lines[i + 1:end]
    head = lines[: starts[0][0]] if starts else list(lines)
    return Sections(head, parts, [sid for _, sid in starts])




# ----------------------------------------------------------------------------- headings inside a paragraph

_CN_NUM = "一二三四五六七八九十"
_INLINE_MIN = 60  # a shorter line is a heading or a sentence of its own
_TITLE_OPENING = re.compile(r"^\s*(\S.{2,58}?政府信息公开(?:工作)?年度报告)(?=\S)")


def _anchor(words: str) -> str:
    """Four characters of a heading's words as a pattern tolerating spaces between them."""
    chars = [c for c in words if not c.isspace()][:4]
    return r"\s*".join(re.escape(c) for c in chars)


def split_inline_headings(lines: list[Line], ed: Edition) -> list[Line]:
    """A page whose text ran into one long paragraph (a crawler's copy) still has its section headings in
    it: “…监督有力。 二、主动公开政府信息情况 第二十条…”. Such a line is cut before and after each
    heading it holds (numbering, then the heading's words, or an alias's), so the sections can be found."""
    heads = []
    for s in ed.sections:
        if s.kind == "meta" or not s.printed:
            continue
        for h in (s.heading, *s.aliases):
            num, words = split_numbering(h)
            if num is not None and len(words) >= 4:
                heads.append((words, re.compile(rf"[{_CN_NUM}]{{1,2}}\s*[、.．]\s*{_anchor(words)}")))
    out: list[Line] = []
    for n, line in enumerate(lines):
        if line.table_row or len(line.text) < _INLINE_MIN:
            out.append(line)
            continue
        text = line.text
        m = _TITLE_OPENING.match(text) if n < 3 else None
        if m:
            # The title run onto the preamble (a crawler's copy): a line of its own, as printed.
            out.append(Line([m.group(1)], origin=line.origin))
            text = text[m.end():]
        found: dict[int, tuple[float, int]] = {}  # start -> (how well it reads, end): the best wording wins
        for words, pattern in heads:
            for m in pattern.finditer(text):
                score, end = _heading_end(text, m.start(), words)
                if score > found.get(m.start(), (-1.0, 0))[0]:
                    found[m.start()] = (score, end)
        cuts: list[tuple[int, int]] = []
        for a in sorted(found):
            if not cuts or a >= cuts[-1][1]:
                cuts.append((a, found[a][1]))
        if not cuts:
            out.append(line)
            continue
        pos = 0
        for a, b in sorted(cuts):
            if text[pos:a].strip():
                out.append(Line([text[pos:a].strip()], origin=line.origin))
            out.append(Line([text[a:b].strip()], origin=line.origin))
            pos = b
        if text[pos:].strip():
            out.append(Line([text[pos:].strip()], origin=line.origin))
    return out


def _heading_end(text: str, start: int, words: str) -> tuple[float, int]:
    """How well, and where, a heading printed inside a paragraph ends: the length that reads most like
    its words."""
    body = text[start:]
    number_len = len(body) - len(body.lstrip(_CN_NUM + "、.． \t"))
    best_len, best = len(words), -1.0
    for n in range(max(4, len(words) - 4), len(words) + 9):
        r = SequenceMatcher(None, words, body[number_len:number_len + n], autojunk=False).ratio()
        if r > best + 1e-9:
            best, best_len = r, n
    return best, min(start + number_len + best_len, len(text))
