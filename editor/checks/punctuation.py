"""text.punctuation: half-width punctuation in Chinese prose (“,” “(一)” “:” straight quotes), which evaluators mark,
and the fix that makes it full-width. No Qt; linear in the text.

A mark counts as Chinese punctuation only next to Chinese text, so figures (1,234  3.5  10:30), web
addresses (http://www.gov.cn) and English words keep theirs."""

from __future__ import annotations

import re
from functools import lru_cache

from editor.checks.findings import WARNING, Finding, TextSpan
from editor.report import Report

FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）", ".": "。"}
_MARKS = re.compile(r'[,;:?!()."]')
_PAIR_REACH = 40  # a "(" and its ")", or two straight quotes, on the same line at most this far apart
_LOOK = 3  # spaces skipped to find a neighbour


def _cjk(ch: str) -> bool:
    return ("\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\u3001" <= ch <= "\u303f"
            or "\uff01" <= ch <= "\uff0f" or "\uff1a" <= ch <= "\uff20" or ch in "“”‘’…—")


def _neighbour(text: str, i: int, step: int) -> str:
    j = i + step
    for _ in range(_LOOK + 1):
        if not 0 <= j < len(text) or text[j] == "\n":
            return ""
        if text[j] not in " \t\u3000":
            return text[j]
        j += step
    return ""


def half_width_marks(text: str) -> list[tuple[int, int]]:
    """(start, end) of each half-width mark used as Chinese punctuation; a bracket pair is one span."""
    return list(_marks(text))


@lru_cache(maxsize=64)
def _marks(text: str) -> tuple[tuple[int, int], ...]:
    # Cached: the whole report is re-checked after every edit of a cell, and the prose rarely changes.
    out: list[tuple[int, int]] = []
    paired: set[int] = set()
    for m in _MARKS.finditer(text):
        i, ch = m.start(), m.group()
        if i in paired:
            continue
        before, after = _neighbour(text, i, -1), _neighbour(text, i, 1)
        if ch == '"':
            # Straight quotes only in pairs: which one opens is otherwise a guess.
            close = text.find('"', i + 1, i + 1 + _PAIR_REACH)
            inner = text[i + 1:close] if close >= 0 else ""
            if close >= 0 and "\n" not in inner:
                paired.add(close)
                if _cjk(before) or _cjk(_neighbour(text, close, 1)) or any(_cjk(c) for c in inner):
                    out.append((i, close + 1))
            continue
        if ch == "(":
            close = text.find(")", i + 1, i + 1 + _PAIR_REACH)
            inner = text[i + 1:close] if close >= 0 else ""
            if close >= 0 and "\n" not in inner and "(" not in inner:
                if _cjk(before) or _cjk(_neighbour(text, close, 1)) or any(_cjk(c) for c in inner):
                    out.append((i, close + 1))
                    paired.add(close)
                continue
            if _cjk(before) or _cjk(after):
                out.append((i, i + 1))
            continue
        if ch == ".":
            # A full stop only after Chinese and before Chinese or the end of the line: never 1. or 3.5
            # or an ellipsis.
            if _cjk(before) and (after == "" or _cjk(after)) and text[i + 1:i + 2] != ".":
                out.append((i, i + 1))
            continue
        if ch == ":" and text[i + 1:i + 3] == "//":
            continue  # http://
        if _cjk(before) or _cjk(after):
            out.append((i, i + 1))
    return tuple(out)


def fix_half_width(text: str) -> str:
    """The text with every mark ``half_width_marks`` finds made full-width; nothing else changes."""
    spans = half_width_marks(text)
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        if chars[start] == '"':
            chars[start], chars[end - 1] = "“", "”"
            continue
        for i in (start, end - 1):
            chars[i] = FULL.get(chars[i], chars[i])
    return "".join(chars)


def check_punctuation(report: Report) -> list[Finding]:
    out = []
    for section in report.edition.text_sections():
        text = report.text(section.id)
        spans = half_width_marks(text) if text else []
        if not spans:
            continue
        start, end = spans[0]
        shown = "、".join(dict.fromkeys(f"“{text[a:b] if b - a <= 6 else text[a] + '…' + text[b - 1]}”"
                                        for a, b in spans[:20]))
        out.append(Finding(
            "text.punctuation", WARNING, f"text.punctuation|{section.id}",
            f"{section.heading}中有{len(spans)}处半角标点：{shown}；中文正文应使用全角标点（如“，”“（一）”“：”），"
            "可在检查结果中“一键改正”",
            (), TextSpan(section.id, start, end)))
    return out
