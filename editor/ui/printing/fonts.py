"""Which installed Qt families draw the chosen font set, and which ones had to be replaced."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from PySide6.QtGui import QFont, QFontDatabase, QRawFont

from editor.io.fonts import FontSet, missing_message, resolve_family
from editor.io.fonts import font_set as get_font_set


@dataclass(frozen=True)
class ResolvedFonts:
    set: FontSet
    body: str
    title: str
    kai: str
    hei: str
    page_number: str
    latin: str
    substitutes: dict[str, str | None]  # wanted family -> the one used (None: Qt's default)
    message: str  # Chinese, empty when nothing is missing


def resolve(set_id: str) -> ResolvedFonts:
    fonts = get_font_set(set_id)
    installed = QFontDatabase.families()
    used = {f: resolve_family(f, installed) for f in fonts.families()}

    def pick(family: str) -> str:
        return used[family] or family

    subs = {f: u for f, u in used.items() if u is None or u.casefold() != f.casefold()}
    return ResolvedFonts(fonts, pick(fonts.body), pick(fonts.title), pick(fonts.kai), pick(fonts.hei),
                         pick(fonts.page_number), pick(fonts.latin), subs,
                         missing_message(set_id, installed, used))


_SUSPECTS = "".join(chr(c) for c in (*range(0x2E80, 0x2FE0), *range(0xF900, 0xFB00)))
_UNIFIED = "".join(chr(c) for c in (*range(0x4E00, 0xA000), *range(0x3400, 0x4DC0)))


@cache
def same_glyph(family: str) -> dict[str, str]:
    """Radicals and compatibility ideographs that ``family`` draws with the glyph of a unified ideograph
    (⼀ → 一, ⺠ → 民): what the PDF's text layer should say for that glyph."""
    raw = QRawFont.fromFont(QFont(family))
    if not raw.isValid():
        return {}
    by_glyph: dict[int, str] = {}
    for ch, glyph in zip(_UNIFIED, raw.glyphIndexesForString(_UNIFIED), strict=True):
        if glyph and glyph not in by_glyph:
            by_glyph[glyph] = ch
    out = {}
    for ch, glyph in zip(_SUSPECTS, raw.glyphIndexesForString(_SUSPECTS), strict=True):
        if glyph and glyph in by_glyph:
            out[ch] = by_glyph[glyph]
    return out


def same_glyph_all(fonts: ResolvedFonts) -> dict[str, str]:
    out: dict[str, str] = {}
    for family in (fonts.body, fonts.title, fonts.kai, fonts.hei, fonts.page_number):
        for k, v in same_glyph(family).items():
            out.setdefault(k, v)
    return out
