"""Narrative text from lines: paragraphs rebuilt from hard-wrapped PDF lines, placeholders dropped."""

from __future__ import annotations

import re

from editor.io.recognize.labels import split_numbering
from editor.io.recognize.lines import Line

_CJK = r"\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’"
# Possessive and anchored at a run's start: linear in a run of spaces (40k spaces took 20 s; issue 12).
_CJK_SPACE = re.compile(rf"(?<=[{_CJK}])[ \t]+|(?<![ \t])[ \t]++(?=[{_CJK}])")
_PARA_END = ("。", "！", "？", "：", "；")
PLACEHOLDER = re.compile(r"^[（(]\s*(文字描述|此处|请填写|填写).*[）)]$")


def clean_spaces(text: str) -> str:
    """PDF text layers put spaces around numbers and between justified characters: drop those touching
    Chinese characters (never inside a number or a Latin word)."""
    return _CJK_SPACE.sub("", text.strip())


def paragraphs(lines: list[Line], wrapped: bool) -> str:
    texts = [line.text.strip() for line in lines if not line.is_empty()]
    texts = [t for t in texts if not PLACEHOLDER.match(t)]
    if not wrapped:
        return "\n".join(texts)
    # A PDF breaks lines at the page width: a line ends its paragraph only when it stops short after a
    # sentence end; a line opening with a numbering always starts one.
    # Widths are measured on the raw line: the spaces a PDF puts around numbers take room on the page.
    width = max((_width(t) for t in texts), default=0)
    paras: list[str] = []
    ended = True
    for raw in texts:
        t = clean_spaces(raw)
        starts_item = split_numbering(t)[0] is not None
        if paras and not starts_item and not ended:
            paras[-1] += t
        else:
            paras.append(t)
        ended = t.endswith(_PARA_END) and _width(raw) < width - 3
    return "\n".join(paras)


def _width(text: str) -> int:
    """Printed width in half-width units: a line full to the margin has (nearly) the widest."""
    return sum(1 if ord(ch) < 0x2E80 else 2 for ch in text)
