"""Label normalisation: numbering (1. 1． 1、 （一） 一、), full/half-width punctuation, spaces, numbers."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from difflib import SequenceMatcher
from functools import lru_cache

from editor.value_limits import MAX_FRACTION_DIGITS, MAX_INT_DIGITS, MAX_SIGNIFICANT

CN_DIGITS = "一二三四五六七八九十"

_HALF_TO_FULL = str.maketrans({"(": "（", ")": "）", ",": "，", ":": "：", ";": "；"})
# A numbering prefix at the start of a label: （一） / 一、 / 1. 1． 1、
_NUMBERING = re.compile(
    rf"^\s*(?:[（(]\s*(?P<paren>[{CN_DIGITS}]+)\s*[）)]"
    rf"|(?P<cn>[{CN_DIGITS}]+)\s*[、.．，,]"
    r"|(?P<num>\d{1,2})\s*[.．、](?!\d))"
)
# Where a label string holding several labels ("（四）无 1.本机关不掌握…") splits: before a numbering
# that opens the string or follows white space.
# Anchored at a run's start and possessive: linear in long runs of spaces (quadratic before; issue 12).
_SPLIT = re.compile(
    rf"(?<!\s)\s++(?=[（(][{CN_DIGITS}]+[）)]|[{CN_DIGITS}]+[、．.]|\d{{1,2}}[.．、](?!\d))"
)
_KEEP = re.compile(r"[^\u4e00-\u9fff0-9A-Za-z]")
_PAGE_NUMBER = re.compile(r"^\s*[-—–－]\s*\d{1,3}\s*[-—–－]\s*$|^\s*第\s*\d{1,3}\s*页(\s*[,，/]?\s*共\s*\d+\s*页)?\s*$")
_BLANK_MARKS = {"", "-", "—", "－", "/", "／", "\\", "──", "--"}

Numbering = tuple[str, int] | None


def cn_number(s: str) -> int:
    """一..十九 as an int (labels never go further)."""
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + CN_DIGITS.index(s[1]) + 1
    if s.endswith("十"):
        return (CN_DIGITS.index(s[0]) + 1) * 10
    if "十" in s:
        a, b = s.split("十")
        return (CN_DIGITS.index(a) + 1) * 10 + CN_DIGITS.index(b) + 1
    return CN_DIGITS.index(s) + 1


_CACHED = 200  # labels up to this long are remembered (a whole paragraph or region's text is not)


def split_numbering(label: str) -> tuple[Numbering, str]:
    """(("paren"|"cn"|"num", n), rest) for a label opening with a numbering, else (None, label)."""
    return _split_numbering(label) if len(label) <= _CACHED else _split_numbering.__wrapped__(label)


@lru_cache(maxsize=65536)
def _split_numbering(label: str) -> tuple[Numbering, str]:
    m = _NUMBERING.match(label)
    if not m:
        return None, label.strip()
    if m.group("paren"):
        num: Numbering = ("paren", cn_number(m.group("paren")))
    elif m.group("cn"):
        num = ("cn", cn_number(m.group("cn")))
    else:
        num = ("num", int(m.group("num")))
    return num, label[m.end():].strip()


def split_labels(text: str) -> list[str]:
    """One printed cell or line may hold a group label and an item: split it at each numbering."""
    return [p for p in _SPLIT.split(text.strip()) if p.strip()]


def key(text: str) -> str:
    """The comparable core of a label: no numbering, no punctuation, no spaces (typos are edition aliases)."""
    return _key(text) if len(text) <= _CACHED else _KEEP.sub("", text.translate(_HALF_TO_FULL))


@lru_cache(maxsize=65536)  # pure, and called for the same labels again and again (per line, per table)
def _key(text: str) -> str:
    return _KEEP.sub("", text.translate(_HALF_TO_FULL))


def label_key(label: str) -> tuple[Numbering, str]:
    num, rest = split_numbering(label)
    return num, key(rest)


def is_page_number(line: str) -> bool:
    return bool(_PAGE_NUMBER.match(line))


def is_blank_mark(cell: str) -> bool:
    return cell.strip() in _BLANK_MARKS


_NUMBER = re.compile(
    r"^(?P<sign>[-−－+＋]?)\s*(?P<int>\d{1,3}(?:[,，]\d{3})+|\d+)(?:[.．](?P<frac>\d+))?\s*(?P<unit>万元|元|件|个|项|条)?$"
)


_FULL_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_DIGITS_APART = re.compile(r"\d\s+[\d０-９]|[０-９]\s+[\d０-９]")


def cell_numbers(cell: str) -> list[tuple[Decimal, str]] | None:
    """A cell holding several numbers apart (“21 0”: columns a converter ran together), else None."""
    parts = cell.split()
    if len(parts) < 2:
        return None
    values = [parse_number(p) for p in parts]
    return None if any(v is None for v in values) else values  # type: ignore[return-value]


@lru_cache(maxsize=65536)
def parse_number(cell: str) -> tuple[Decimal, str] | None:
    """A printed number (sign, thousands separators, decimals, a unit word) as (value, unit), else None."""
    s = cell.strip().replace("\u3000", " ")
    if _DIGITS_APART.search(s):
        return None  # “77 50” is two numbers run into one cell, never 7750 (issue 12)
    s = s.replace(" ", "").replace("\t", "")
    s = s.translate(_FULL_DIGITS)
    m = _NUMBER.match(s)
    if not m:
        return None
    digits = m.group("int").replace(",", "").replace("，", "")
    frac = m.group("frac")
    # More digits than any report figure (value_limits): refused before Decimal work and quantize()
    # could overflow the context (issue 12). Counted on the text: no cost per ordinary number.
    whole = digits.lstrip("0")
    if len(whole) > MAX_INT_DIGITS or (frac and len(frac) > MAX_FRACTION_DIGITS) \
            or len((whole + (frac or "")).strip("0")) > MAX_SIGNIFICANT:
        return None
    if frac:
        digits += "." + frac
    try:
        value = Decimal(digits)
    except InvalidOperation:
        return None
    if m.group("sign") in ("-", "−", "－"):
        value = -value
    return value, m.group("unit") or ""


@lru_cache(maxsize=8192)
def similarity(expected: str, found: str) -> float:
    """How well the found label text (possibly with stray fragments after it) matches an expected key."""
    if not expected or not found:
        return 0.0
    if found == expected:
        return 1.0
    if len(expected) >= 2 and found.startswith(expected):
        return 0.95
    best = 0.0
    for text in (found, found[: len(expected) + 2]):
        m = SequenceMatcher(None, expected, text, autojunk=False)
        if m.real_quick_ratio() > best and m.quick_ratio() > best:
            best = max(best, m.ratio())
    return best
