"""What a user typed into a cell, turned into a number of the cell's kind, or refused. No Qt.

Refusal messages are Chinese and name the problem; the caller keeps the old value.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from editor.checks import value_problem
from editor.checks.numbers import fmt
from editor.report import Number
from editor.value_limits import MAX_NUMBER_TEXT, number_problem

_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_INTEGER = re.compile(r"^[+-]?\d+$")
_DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")

KIND_HINTS = {
    "count": "不小于0的整数",
    "signed": "整数（可为负数）",
    "money": "金额（万元），最多6位小数",
}


class CellInputError(ValueError):
    """The text does not fit the cell; the message is Chinese."""


def half_width(text: str) -> str:
    """Full-width digits, signs and points (１２、－３、．) as ASCII, as an input method in full-width mode
    sends them; the rest of the text as typed. What the cell editor shows while typing."""
    return unicodedata.normalize("NFKC", text).replace("−", "-")


def normalize(text: str) -> str:
    # Full-width digits and signs (１２、－３) come from Chinese input methods; spaces from copied tables.
    text = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    text = text.replace("−", "-").replace("－", "-")
    if _THOUSANDS.match(text):
        text = text.replace(",", "")
    return text


def parse_cell(kind: str, text: str) -> Number | None:
    """The value for a cell of this kind; None for an empty text (a blank cell)."""
    raw = text
    text = normalize(text)
    if not text:
        return None
    hint = KIND_HINTS.get(kind, "数字")
    if len(text) > MAX_NUMBER_TEXT:  # before int()/Decimal(): both are slow or refuse on thousands of digits
        raise CellInputError(f"“{raw.strip()[:20]}…”位数过多：此处应填{hint}")
    if kind in ("count", "signed"):
        if not _INTEGER.match(text):
            if _DECIMAL.match(text):
                raise CellInputError(f"“{raw.strip()}”不是整数：此处应填{hint}")
            raise CellInputError(f"“{raw.strip()}”不是数字：此处应填{hint}")
        value: Number = int(text)
    else:
        if not _DECIMAL.match(text):
            raise CellInputError(f"“{raw.strip()}”不是数字：此处应填{hint}")
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise CellInputError(f"“{raw.strip()}”不是数字：此处应填{hint}") from None
    problem = number_problem(value) or value_problem(kind, value)
    if problem:
        raise CellInputError(f"“{raw.strip()}”不能填入：{problem}")
    return value


def format_cell(value: Number | None) -> str:
    return "" if value is None else fmt(value)
