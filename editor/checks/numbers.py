"""Formatting numbers for messages, the way a report prints them."""

from __future__ import annotations

from decimal import Decimal

from editor.report import Number


def fmt(value: Number) -> str:
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return text or "0"
    return str(value)


def fmt_signed_term(value: Number, first: bool, sign: int) -> str:
    """One term of a printed sum: 3, +4, −2 (subtracted) or +(-5) (a negative value added)."""
    text = fmt(value)
    if sign < 0:
        return "−" + (f"({text})" if value < 0 else text)
    if first:
        return text
    return "+" + (f"({text})" if value < 0 else text)
