"""Reading a web page saved by a browser or by Word as one file (.mht/.mhtml, MIME multipart).

The standard library's email package undoes the transfer encoding (quoted-printable or base64) and the
charset; the first HTML part is the page, read like any .html file (a text/plain part when there is none).
"""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

from editor.io.formats import ImportResult
from editor.io.native import ReportFileError
from editor.io.recognize import recognize_lines
from editor.io.recognize.lines import from_text
from editor.io.text.html_page import html_lines
from editor.io.text.plain import decode, read_bytes

MAX_BYTES = 20 * 1024 * 1024  # pictures travel inside the file
MAX_PARTS = 2000


def _part_text(part) -> str:
    payload = part.get_payload(decode=True) or b""
    charset = part.get_content_charset() or ""
    if charset.lower() in ("gb2312", "gbk", "x-gbk"):
        charset = "gb18030"
    if charset:
        try:
            return payload.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(payload, "")


def mht_page(data: bytes, name: str) -> tuple[str, str]:
    """(kind, text): the page's HTML ("html") or its plain text ("text")."""
    msg = email.message_from_bytes(data, policy=email.policy.compat32)
    plain = None
    for i, part in enumerate(msg.walk()):
        if i > MAX_PARTS:
            break
        if part.is_multipart():
            continue
        ctype = part.get_content_type()
        if ctype == "text/html":
            return "html", _part_text(part)
        if ctype == "text/plain" and plain is None:
            plain = _part_text(part)
    if plain is not None:
        return "text", plain
    raise ReportFileError(f"{name} 中没有网页内容（不是有效的 .mht 网页存档）")


def read_mht(path: Path) -> ImportResult:
    path = Path(path)
    data = read_bytes(path, MAX_BYTES)
    try:
        kind, text = mht_page(data, path.name)
    except (ValueError, LookupError) as exc:
        raise ReportFileError(f"{path.name} 不是有效的 .mht 网页存档") from exc
    if kind == "html":
        return recognize_lines(html_lines(text), False, path.name)
    lines, wrapped = from_text(text)
    return recognize_lines(lines, wrapped, path.name)
