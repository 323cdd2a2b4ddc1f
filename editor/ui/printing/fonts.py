"""Which installed Qt families draw the chosen font set, and which ones had to be replaced."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QFontDatabase

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
