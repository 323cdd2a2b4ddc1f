"""The window's text is Simplified Chinese, and fontconfig (Qt's font matching on Linux) is told so.

Where the locale is not Chinese (C.UTF-8, en_US.UTF-8: a server image, an English desktop, a CI machine)
fontconfig matches fonts for English. Chinese text then falls back to the first CJK face it sorts, which
with the common Noto CJK fonts is Noto Sans CJK **JP**: Japanese glyph forms (直, 骨, 角 and many more
are drawn differently), and finding that fallback costs each start ~1 ms. FC_LANG, fontconfig's
own setting for the language of the text, makes it match for zh-cn: the Simplified Chinese face of the
same fonts, found first. A Chinese desktop (zh_CN locale) already matches that way; an FC_LANG the user
set is kept. Set before anything initialises fontconfig (ui/preload.py, QApplication)."""

from __future__ import annotations

import os
import sys
from collections.abc import MutableMapping

FC_LANG = "zh-cn"


def prefer_simplified_chinese(environ: MutableMapping[str, str] | None = None, platform: str | None = None) -> None:
    env = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    if platform.startswith(("win", "darwin", "cygwin")):  # no fontconfig there
        return
    env.setdefault("FC_LANG", FC_LANG)
