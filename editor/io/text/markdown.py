"""Reading a report from Markdown (.md/.markdown), as PDF/OCR/Office converters write it.

Pipe-table rows become table rows (header and separator rows included; a separator row in the middle of a
table is dropped), every other line a paragraph with its Markdown marks (#, bold, list bullets, quotes)
taken off. Cells a converter ran together (“| 21 0 |”) are split by the token stage, never joined.
"""

from __future__ import annotations

import re
from pathlib import Path

from editor.io.formats import ImportResult
from editor.io.recognize import Line, recognize_lines
from editor.io.recognize.labels import is_page_number
from editor.io.recognize.lines import split_trailing_numbers
from editor.io.text.plain import decode, read_bytes

_SEPARATOR_CELL = re.compile(r"^:?-{2,}:?$")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*")
_BULLET = re.compile(r"^\s*(?:[-*+]|>+)\s+")
_EMPHASIS = re.compile(r"(\*\*|__|\*|`)(.+?)\1")
_PIPE = re.compile(r"(?<!\\)\|")


def _plain(text: str) -> str:
    text = _EMPHASIS.sub(r"\2", text)
    return text.replace("\\|", "|").replace("&nbsp;", " ").strip()


def _cells(row: str) -> list[str]:
    """A row's cells; without outer pipes (html2text's style) a row ending in “|” ends in a blank cell."""
    parts = _PIPE.split(row.strip())
    outer = row.strip().startswith("|")
    if parts and not parts[0].strip():
        parts = parts[1:]
    if parts and not parts[-1].strip() and outer:
        parts = parts[:-1]
    return [_plain(p) for p in parts]


_OPEN_ROW = re.compile(r"\|\s*$")


def _join_broken_rows(raw: list[str]) -> list[str]:
    """html2text writes rows without outer pipes and breaks a row at every blank cell (“label |  ⏎|  7 |  3”):
    a line opening with a pipe right after such a row, still open, continues it."""
    out: list[str] = []
    for r in raw:
        s = r.strip()
        prev = out[-1] if out else ""
        if s.startswith("|") and prev and not prev.lstrip().startswith("|") and "|" in prev \
                and _OPEN_ROW.search(prev):
            out[-1] = prev.rstrip() + " " + s
        elif s.startswith("|") and out and not prev.strip() and _html2text_row(out):
            out[-1] = "— " + s  # a row whose first cell is blank: html2text leaves that line empty
        else:
            out.append(r)
    return out


def _html2text_row(out: list[str]) -> bool:
    """Whether the last non-blank line so far is a row in html2text's style (pipes inside, none outside)."""
    last = next((x.strip() for x in reversed(out) if x.strip()), "")
    return "|" in last and not last.startswith("|") and not _SEPARATOR_CELL.match(last.split("|")[0].strip())


def markdown_lines(text: str) -> tuple[list[Line], bool]:
    raw = _join_broken_rows(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    wrapped = any(is_page_number(r) for r in raw)
    out: list[Line] = []
    for r in raw:
        s = r.strip()
        if not s or is_page_number(s):
            continue
        if s.startswith("|") or (s.count("|") >= 2 and not s.startswith("#")):
            cells = _cells(s)
            if all(_SEPARATOR_CELL.match(c.replace(" ", "")) or not c for c in cells):
                continue
            out.append(Line(cells, table_row=True))
            continue
        s = _HEADING.sub("", s)
        if not is_page_number(s):
            s = _BULLET.sub("", s)
        s = _plain(s)
        if s and not is_page_number(s):
            out.append(Line(split_trailing_numbers(s)))
    return out, wrapped


def read_markdown(path: Path) -> ImportResult:
    path = Path(path)
    lines, wrapped = markdown_lines(decode(read_bytes(path), path.name))
    return recognize_lines(lines, wrapped, path.name)
