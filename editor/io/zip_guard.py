"""Checks on an Office file (a zip of XML parts) before any parser sees it: not a zip, corrupt, encrypted,
a zip bomb, the main part missing, or XML with a DTD (entity expansion attacks). Every reader of .docx and
.xlsx files (ours and other people's) goes through here. Messages are Chinese, for the user.

The headers of a zip are not trusted: the file is read once under a byte budget, then every part is
inflated as a stream and counted (per part, over all parts, and for XML the number of tags, which is what
a parser's memory grows with); a damaged stream (zlib error, bad CRC) is the same "damaged" message.
Parsers then get the very bytes that were vetted (``office_bytes``), never the path again.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

from editor.io.bounded import read_limited
from editor.io.errors import ReportFileError

MAX_FILE = 50 * 1024 * 1024  # the file as stored; a report with photos is a few MB
MAX_PARTS = 1000  # a report has 10-40 parts; a workbook one per sheet
MAX_PART = 64 * 1024 * 1024  # one part inflated (a large photo)
MAX_UNPACKED = 128 * 1024 * 1024  # all parts inflated: what python-docx/openpyxl keep in memory at most
MAX_XML = 40 * 1024 * 1024  # all XML inflated: a long report's document.xml is 1-3 MB (a 10 MB paragraph fits)
MAX_TAGS = 2_000_000  # "<" over all XML parts: a parsed element costs ~200 bytes (lxml, openpyxl cells)
MAX_RATIO = 200  # a photo or font part compresses at most ~20:1
MAX_XML_RATIO = 100  # an XML part over 4 MiB: real markup ~10-20:1
_CHUNK = 256 * 1024

# The part without which a package is not a document of that kind.
MAIN_PART = {"Word": "word/document.xml", "Excel": "xl/workbook.xml"}


def _damaged(path: Path) -> ReportFileError:
    return ReportFileError(f"{path.name} 已损坏，无法打开（压缩数据出错），请用 Word/WPS 或 Excel 打开后另存再试")


def _bomb(path: Path, what: str) -> ReportFileError:
    return ReportFileError(f"{path.name} 内部数据异常（{what}，疑似“压缩炸弹”），拒绝打开")


def _declared_entries(data: bytes) -> int | None:
    """Entry count from the end-of-central-directory record, before zipfile builds one object per entry."""
    at = data.rfind(b"PK\x05\x06", max(0, len(data) - 22 - 65535))
    if at < 0 or at + 22 > len(data):
        return None
    return struct.unpack_from("<H", data, at + 10)[0]


class Vetted:
    """A package after every check passed: its bytes, and every XML part as inflated while it was counted
    (so a reader parses the very bytes that were measured and inflates nothing twice)."""

    def __init__(self, data: bytes, xml: dict[str, bytes], names: set[str]) -> None:
        self.data = data
        self.xml = xml
        self.names = names  # every part of the package
        self._zip: zipfile.ZipFile | None = None

    def read(self, name: str) -> bytes:
        """A part's bytes (KeyError when there is no such part): XML as counted, any other part from the
        vetted bytes (its size was checked with the rest)."""
        if name in self.xml:
            return self.xml[name]
        if name not in self.names:
            raise KeyError(name)
        if self._zip is None:
            self._zip = zipfile.ZipFile(io.BytesIO(self.data))
        return self._zip.read(name)


def office_bytes(path: Path, kind: str) -> bytes:
    """The file's bytes after every check passed; kind: “Word” or “Excel” (messages, main part)."""
    return _vet(path, kind, None).data


def office_package(path: Path, kind: str) -> Vetted:
    """The vetted package with its XML parts inflated (within MAX_XML, as counted)."""
    return _vet(path, kind, {})


def _vet(path: Path, kind: str, keep: dict[str, bytes] | None) -> Vetted:
    data = read_limited(path, MAX_FILE, f"{kind}年度报告")
    head = data[:8]
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReportFileError(f"{path.name} 是加密的或旧版（.doc/.xls）{kind}文件：请在 {kind}/WPS 中取消密码，"
                              f"另存为 {'.docx' if kind == 'Word' else '.xlsx'} 后再打开")
    if not head.startswith(b"PK"):
        raise ReportFileError(f"{path.name} 不是 {kind} 文件（文件内容与扩展名不符）")
    entries = _declared_entries(data)
    if entries is not None and entries > MAX_PARTS:
        raise ReportFileError(f"{path.name} 内部结构异常（部件过多），拒绝打开")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            _check_parts(z, path, kind, keep)
            names = set(z.namelist())
    except ReportFileError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError,
            ValueError, struct.error, KeyError, UnicodeDecodeError):
        raise _damaged(path) from None
    return Vetted(data, keep if keep is not None else {}, names)


def check_office_zip(path: Path, kind: str) -> bytes:
    """Kept for callers that only check; returns the vetted bytes (see office_bytes)."""
    return office_bytes(path, kind)


def open_vetted(path: Path, kind: str) -> io.BytesIO:
    """A stream of the vetted bytes for python-docx/openpyxl (which then never reopen the path)."""
    return io.BytesIO(office_bytes(path, kind))


def _check_parts(z: zipfile.ZipFile, path: Path, kind: str, keep: dict[str, bytes] | None) -> None:
    infos = z.infolist()
    if len(infos) > MAX_PARTS:
        raise ReportFileError(f"{path.name} 内部结构异常（部件过多），拒绝打开")
    if MAIN_PART[kind] not in {i.filename for i in infos}:
        raise ReportFileError(f"{path.name} 不是 {kind} 文档（缺少正文部分），可能是其他类型的文件或已损坏")
    total = xml_total = tags = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise ReportFileError(f"{path.name} 已加密，请先取消密码后再打开")
        if info.is_dir():
            continue
        if info.file_size > MAX_PART:  # declared too big: refused without inflating (the stream is counted too)
            raise _bomb(path, "单个部件解压后过大")
        is_xml = info.filename.lower().endswith((".xml", ".rels", ".vml"))
        # Declared ratios refuse the obvious bomb before inflating; the streamed counts below are the limit.
        # Photos and fonts hardly compress; real XML ~10-20:1 (a long paragraph of real text ~4:1).
        if info.compress_size and info.file_size > (4 << 20 if is_xml else 1 << 20) \
                and info.file_size / info.compress_size > (MAX_XML_RATIO if is_xml else MAX_RATIO):
            raise _bomb(path, "压缩比过高")
        size = 0
        tail = b""
        chunks: list[bytes] | None = [] if keep is not None and is_xml else None
        with z.open(info) as part:
            while True:
                chunk = part.read(_CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                total += len(chunk)
                if size > MAX_PART:
                    raise _bomb(path, "单个部件解压后过大")
                if total > MAX_UNPACKED:
                    raise _bomb(path, "解压后过大")
                if is_xml:
                    xml_total += len(chunk)
                    tags += chunk.count(b"<")
                    if xml_total > MAX_XML or tags > MAX_TAGS:
                        raise _bomb(path, "XML 内容过多")
                    window = tail + chunk
                    if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
                        raise ReportFileError(f"{path.name} 含有不安全的 XML 声明（DOCTYPE/ENTITY），拒绝打开")
                    tail = chunk[-16:]
                    if chunks is not None:
                        chunks.append(chunk)
        if chunks is not None:
            keep[info.filename] = b"".join(chunks)  # type: ignore[index]  (a name twice: the last, as zipfile reads)
