"""Narrative text from lines: paragraphs rebuilt from hard-wrapped PDF lines, placeholders dropped."""

from __future__ import annotations

import re

from editor.io.recognize.labels import split_numbering
from editor.io.recognize.lines import Line

_CJK = r"\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’"
_CJK_SPACE = re.compile(rf"(?<=[{_CJK}])[ \t]+|[ \t]+(?=[{_CJK}])")
_PARA_END = ("。", "！", "？", "：", "；", "”", "）")
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
    texts = [clean_spaces(t) for t in texts]
    width = max((len(t) for t in texts), default=0)
    paras: list[str] = []
    last_line = ""
    for t in texts:
        starts_item = split_numbering(t)[0] is not None
        ended = last_line.endswith(_PARA_END) and len(last_line) < width - 1
        if paras and not starts_item and not ended:
            paras[-1] += t
        else:
            paras.append(t)
        last_line = t
    return "\n".join(paras)
