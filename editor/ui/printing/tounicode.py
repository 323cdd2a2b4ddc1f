"""Make the PDF's text copy and search as the characters it shows.

Qt's PDF writer maps each glyph back to one Unicode character for the ToUnicode table; CJK fonts such as
Noto CJK give the glyph of 一 to both U+4E00 and the Kangxi radical U+2F00 (民 and ⺠ …), and Qt takes
the lowest code point: the radical. The page looks right, but the copied text (pdftotext, a reader's
复制, a web CMS, our own importer) says ⼀, not 一. This rewrites such targets in the ToUnicode tables to
the unified ideograph that has the same glyph in the fonts drawn with (``same_glyph``, built by Qt code
from the fonts), or to its NFKC form.
"""

from __future__ import annotations

import re
import unicodedata

_HEX = re.compile(rb"<([0-9A-Fa-f]{4,})>")
_SRC_PAIR = re.compile(rb"^\s*(<[0-9A-Fa-f]+>\s*<[0-9A-Fa-f]+>)(.*)$", re.S)
_SRC_ONE = re.compile(rb"^\s*(<[0-9A-Fa-f]+>)(.*)$", re.S)


def _fixer(same_glyph: dict[str, str]):
    def fix(m: re.Match[bytes]) -> bytes:
        try:
            text = bytes.fromhex(m[1].decode()).decode("utf-16-be")
        except (ValueError, UnicodeDecodeError):
            return m[0]
        fixed = "".join(same_glyph.get(ch) or unicodedata.normalize("NFKC", ch) if suspect(ch) else ch
                        for ch in text)
        if fixed == text:
            return m[0]
        return b"<" + fixed.encode("utf-16-be").hex().upper().encode() + b">"
    return fix


def suspect(ch: str) -> bool:
    cp = ord(ch)
    return 0x2E80 <= cp <= 0x2FDF or 0xF900 <= cp <= 0xFAFF  # radicals, compatibility ideographs


def fix_cmap(data: bytes, same_glyph: dict[str, str]) -> bytes:
    """The CMap with its destination strings normalised (source codes untouched)."""
    fix = _fixer(same_glyph)
    out = []
    section = b""
    for line in data.split(b"\n"):
        stripped = line.strip()
        if stripped.endswith((b"beginbfrange", b"beginbfchar")):
            section = stripped.split()[-1]
        elif stripped in (b"endbfrange", b"endbfchar"):
            section = b""
        elif section == b"beginbfrange" and (m := _SRC_PAIR.match(line)):
            line = m[1] + _HEX.sub(fix, m[2])
        elif section == b"beginbfchar" and (m := _SRC_ONE.match(line)):
            line = m[1] + _HEX.sub(fix, m[2])
        out.append(line)
    return b"\n".join(out)


_CMAP_BLOCK = re.compile(rb"\d+ begin(bfrange|bfchar)\r?\n.*?end(?:bfrange|bfchar)", re.S)


def fix_pdf(data: bytes, same_glyph: dict[str, str]) -> bytes:
    """The PDF with its ToUnicode tables fixed in place. Qt writes them uncompressed, and a BMP character
    replaces a BMP character in as many hex digits, so no object moves and the xref table stays right;
    a replacement that would change the length is not made."""

    def block(m: re.Match[bytes]) -> bytes:
        fixed = fix_cmap(m[0], same_glyph)
        return fixed if len(fixed) == len(m[0]) else m[0]

    return _CMAP_BLOCK.sub(block, data)
