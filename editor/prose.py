"""Narrative text as the user types or imports it, made ready for the official layout. No Qt.

The Word export indents every paragraph by two characters itself (FORMAT.md "Typesetting"), so an
indent typed by hand, as people do in Word (full-width spaces, a TAB, a few half-width spaces), would
print twice: it is removed at the start of each paragraph when text is set or imported."""

from __future__ import annotations

import re
from functools import cache

# Spaces people type to indent: ASCII space and TAB, the ideographic space, no-break and fixed-width
# spaces, zero-width ones and the BOM that some editors leave at the start.
_INDENT_CHARS = " \t\u3000\u00a0\u2002\u2003\u2009\u200b\ufeff"
_SPACE = re.compile(r"\s")


@cache
def _indent() -> re.Pattern[str]:
    # Compiled when a text has an indent: a class of these characters costs ~0.3 ms to compile, and a
    # saved report (indents already removed) opens without it.
    return re.compile(f"^[{_INDENT_CHARS}]+", re.MULTILINE)


def _has_indent(text: str) -> bool:
    return text[:1] in _INDENT_CHARS or any("\n" + c in text for c in _INDENT_CHARS)


def strip_indents(text: str) -> str:
    """The text without the white space that opens each paragraph (line); nothing else changes."""
    return _indent().sub("", text) if text and _has_indent(text) else text


def indent_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph-opening indent, for an editor that removes them in place."""
    return [m.span() for m in _indent().finditer(text)] if text and _has_indent(text) else []


def char_count(text: str) -> int:
    """Characters without spaces and line breaks: what 字数 means for a section of the report."""
    return len(text) - len(_SPACE.findall(text))
