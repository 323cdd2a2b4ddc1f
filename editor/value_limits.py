"""What a number and a text of a report may be, checked before any arithmetic or export.

A count or an amount in a report has at most ``MAX_INT_DIGITS`` digits before the point and
``MAX_SIGNIFICANT`` significant digits (the largest real figure, a city's fees in 万元, 96171.6, has 6):
anything longer is a damaged or hostile file, and refusing it
early keeps every later step (sums, Decimal contexts, int() of 4,300+ digits, formatting 1e999999999 as
a billion characters) bounded. Texts lose the characters no file format can carry (control characters,
lone surrogates), so that no exporter fails on them. No Qt.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation
from functools import cache

MAX_INT_DIGITS = 15  # what a double and a spreadsheet hold exactly; a report's largest figure has ~9
MAX_FRACTION_DIGITS = 15  # money has at most 6 decimals (checks say so); beyond 15 it is not a figure
MAX_SIGNIFICANT = 15  # a spreadsheet (a double) holds 15 significant digits exactly: export loses nothing
MAX_NUMBER_TEXT = 64  # characters of one number as written, before it is converted at all
MAX_JSON_DEPTH = 32  # a native file nests 5 deep


def number_problem(value: object) -> str | None:
    """Why a parsed value cannot be a report's number (Chinese); None when it can."""
    if isinstance(value, bool):
        return "不是数字"
    if isinstance(value, int):
        if value.bit_length() > 60 or abs(value) >= 10**MAX_INT_DIGITS:
            return f"位数过多（整数部分超过{MAX_INT_DIGITS}位）"
        return None
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return "不是有限的数（NaN 或无穷大）"
        return None if abs(value) < 10**MAX_INT_DIGITS else f"位数过多（整数部分超过{MAX_INT_DIGITS}位）"
    if isinstance(value, Decimal):
        if not value.is_finite():
            return "不是有限的数（NaN 或无穷大）"
        if value.is_zero():
            return None
        if value.adjusted() >= MAX_INT_DIGITS:
            return f"位数过多（整数部分超过{MAX_INT_DIGITS}位）"
        _, digits, exponent = value.as_tuple()
        assert isinstance(exponent, int)
        # trailing zeros do not count: 1.500000000000000000 is 1.5
        trailing = len(digits) - len("".join(map(str, digits)).rstrip("0"))
        if len(digits) - trailing > MAX_SIGNIFICANT:
            return f"有效数字超过{MAX_SIGNIFICANT}位（电子表格无法精确保存）"
        if exponent + trailing < -MAX_FRACTION_DIGITS:
            return f"小数位数过多（超过{MAX_FRACTION_DIGITS}位）"
        return None
    return "不是数字"


def decimal_from_text(text: str) -> Decimal | None:
    """A finite Decimal of sane size from a number as written, or None (too long, not a number, too big).

    The length is checked before Decimal() and int() see the text: both are super-linear on huge input."""
    text = text.strip()
    if not text or len(text) > MAX_NUMBER_TEXT:
        return None
    try:
        d = Decimal(text)
    except (InvalidOperation, ValueError):
        return None
    return d if number_problem(d) is None else None


def normalized_number(value: Decimal) -> Decimal:
    """A bounded Decimal in the shape the report keeps (integers without exponent); value passed
    number_problem, so quantize cannot overflow the context."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


# C0 controls except tab and line feed, DEL, C1 controls, lone surrogates, the two non-characters XML refuses.
_BAD_CHARS = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]"


@cache
def _bad_chars() -> re.Pattern[str]:
    return re.compile(_BAD_CHARS)  # ~0.4 ms to compile: only for a text that may hold one (clean_text)


def clean_text(text: str) -> tuple[str, int]:
    """The text without characters no file format carries, and how many were dropped. Line ends become
    ``\\n`` (not counted: nothing the user sees changes)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not _may_hold_bad(text):
        return text, 0
    cleaned, n = _bad_chars().subn("", text)
    return cleaned, n


def _may_hold_bad(text: str) -> bool:
    """False when the text is printable but for tabs and line ends: then it holds no control (Cc),
    surrogate (Cs) or non-character (Cn), and the pattern need not run (nor be compiled)."""
    return not text.replace("\n", "").replace("\t", "").replace("\r", "").isprintable()


class LimitError(ValueError):
    """Input beyond the limits above; the message is Chinese."""


def loads_json(text: str) -> object:
    """json.loads for untrusted text: integers too long for int() and every non-integer become Decimal
    (so number_problem can name them, instead of int() raising or floats turning 1e400 into inf);
    NaN/Infinity stay floats and are refused by number_problem; nesting beyond MAX_JSON_DEPTH, or deep
    enough to exhaust the parser's recursion, is a LimitError. json.JSONDecodeError passes through."""
    try:
        data = json.loads(text, parse_int=_json_int, parse_float=Decimal)
    except RecursionError:
        raise LimitError(f"嵌套层数过多（超过{MAX_JSON_DEPTH}层）") from None
    if json_depth_exceeds(text):
        raise LimitError(f"嵌套层数过多（超过{MAX_JSON_DEPTH}层）")
    return data


def _json_int(text: str) -> int | Decimal:
    return int(text) if len(text) <= MAX_NUMBER_TEXT else Decimal(text)


def json_depth_exceeds(text: str, limit: int = MAX_JSON_DEPTH) -> bool:
    """True when JSON text nests deeper than ``limit``; for text json.loads accepted (every string is
    closed, so the scan is linear)."""
    depth = 0
    for m in _JSON_TOKENS.finditer(text):
        tok = m.group()
        if tok in "[{":
            depth += 1
            if depth > limit:
                return True
        elif tok in "]}":
            depth -= 1
    return False


_JSON_TOKENS = re.compile(r'"(?:[^"\\]++|\\.)*+"|[\[\]{}]')


def _reports(report):
    return (r for r in (report, getattr(report, "last_year", None)) if r is not None)


def has_bad_text(report) -> bool:
    """True when a text of the report (or of its last year) holds a character clean_text drops."""
    for r in _reports(report):
        texts = [r.meta.agency, r.meta.title, *r.texts.values(), *r.acknowledged, *r.acknowledged.values()]
        if any(_may_hold_bad(t) and _bad_chars().search(t) for t in texts):
            return True
    return False


def clean_report_texts(report) -> int:
    """Drop control characters and lone surrogates from every text of a Report (and its last year's), in
    place; how many were dropped."""
    dropped = 0
    for r in _reports(report):
        for attr in ("agency", "title"):
            text, n = clean_text(getattr(r.meta, attr))
            setattr(r.meta, attr, text)
            dropped += n
        for key, value in list(r.texts.items()):
            r.texts[key], n = clean_text(value)
            dropped += n
        acked = {}
        for key, value in r.acknowledged.items():
            k, n1 = clean_text(key)
            v, n2 = clean_text(value)
            acked[k] = v
            dropped += n1 + n2
        r.acknowledged = acked
    return dropped
