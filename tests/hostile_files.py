"""Hostile and broken files, made on the fly (nothing big is committed): each kind an attacker or a damaged
disk produces, with what the program must do with it.

``make_all(folder)`` writes every kind and returns [(name, path, expect)], where expect is
``"refused"`` (a ReportFileError with a Chinese message) or ``"read"`` (a report whose numbers are finite
and whose texts are clean), optionally with a word the message must contain.
"""

from __future__ import annotations

import io
import json
import os
import random
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from editor.io.formats import write_any
from editor.io.native import dumps
from editor.samples import sample_report

MIB = 1 << 20


@dataclass(frozen=True)
class Case:
    name: str
    path: Path
    expect: str  # "refused" or "read"
    word: str = ""  # the refusal message must contain it (or, for "read", a log entry must)


def _report_json() -> dict:
    return json.loads(dumps(sample_report(2023, seed=5)))


def _put(path: Path, data: bytes | str) -> Path:
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def _zip(path: Path, parts: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", method) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def _office_base(kind: str) -> dict[str, bytes]:
    main = "word/document.xml" if kind == "docx" else "xl/workbook.xml"
    return {"[Content_Types].xml": b'<?xml version="1.0"?><Types/>', main: b"<?xml version=\"1.0\"?><x/>"}


def _many_mib_parts(folder: Path, ext: str, count: int = 280) -> Path:
    """The issue's bomb: many XML parts of exactly 1 MiB (the old ratio rule looked only above 1 MiB), a
    dense run of elements each, the whole file well under 1 MB. For Word, a real document whose body
    refers to every part as a header, so python-docx parses them all (~30 MB of lxml tree each)."""
    if ext == "docx":
        return _many_headers(folder, count)
    parts = _office_base(ext)
    body = b"<a/>" * (MIB // 4)
    for i in range(count):
        parts[f"xl/worksheets/sheet{i}.xml"] = body
    return _zip(folder / f"many-1mib-parts.{ext}", parts)


_W_NS = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_HDR_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
_HDR_REL = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"


def _many_headers(folder: Path, count: int) -> Path:
    src = folder / "own-for-bomb.docx"
    write_any(sample_report(2023, seed=5), src)
    with zipfile.ZipFile(src) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    head = b'<?xml version="1.0" encoding="UTF-8"?><w:hdr xmlns:w="' + _W_NS + b'">'
    tail = b"</w:hdr>"
    filler = b"<w:p/>" * ((MIB - len(head) - len(tail)) // 6)
    body = head + filler + b" " * (MIB - len(head) - len(tail) - len(filler)) + tail
    assert len(body) == MIB
    rels = parts["word/_rels/document.xml.rels"]
    types = parts["[Content_Types].xml"]
    extra_rels, extra_types = [], []
    for i in range(count):
        parts[f"word/bombheader{i}.xml"] = body
        extra_rels.append(b'<Relationship Id="rIdBomb%d" Type="%s" Target="bombheader%d.xml"/>' % (i, _HDR_REL, i))
        extra_types.append(b'<Override PartName="/word/bombheader%d.xml" ContentType="%s"/>' % (i, _HDR_TYPE))
    parts["word/_rels/document.xml.rels"] = rels.replace(b"</Relationships>", b"".join(extra_rels)
                                                         + b"</Relationships>")
    parts["[Content_Types].xml"] = types.replace(b"</Types>", b"".join(extra_types) + b"</Types>")
    src.unlink()
    return _zip(folder / "many-1mib-parts.docx", parts)


def _own_export(folder: Path, ext: str) -> Path:
    path = folder / f"own.{ext}"
    write_any(sample_report(2023, seed=5), path)
    return path


def _rezip(src: Path, dst: Path, change: Callable[[str, bytes], bytes]) -> Path:
    with zipfile.ZipFile(src) as z:
        parts = {i.filename: change(i.filename, z.read(i)) for i in z.infolist()}
    return _zip(dst, parts)


def _corrupt_deflate(src: Path, dst: Path, member: str) -> Path:
    """Flip bytes inside one member's compressed data: zlib error or bad CRC when inflated."""
    data = bytearray(src.read_bytes())
    with zipfile.ZipFile(src) as z:
        info = z.getinfo(member)
    # local header: 30 bytes + name + extra, then the data
    name_len = int.from_bytes(data[info.header_offset + 26:info.header_offset + 28], "little")
    extra_len = int.from_bytes(data[info.header_offset + 28:info.header_offset + 30], "little")
    start = info.header_offset + 30 + name_len + extra_len
    for k in range(start + info.compress_size // 3, start + info.compress_size // 3 + 12):
        data[k] ^= 0x5A
    return _put(dst, bytes(data))


def _crc_only(src: Path, dst: Path, member: str) -> Path:
    """Stored (uncompressed) member with one byte changed: only the CRC notices."""
    with zipfile.ZipFile(src) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    _zip(dst, parts, zipfile.ZIP_STORED)
    data = bytearray(dst.read_bytes())
    with zipfile.ZipFile(dst) as z:
        info = z.getinfo(member)
    name_len = int.from_bytes(data[info.header_offset + 26:info.header_offset + 28], "little")
    extra_len = int.from_bytes(data[info.header_offset + 28:info.header_offset + 30], "little")
    at = info.header_offset + 30 + name_len + extra_len + info.compress_size // 2
    data[at] = ord("x") if data[at] != ord("x") else ord("y")
    return _put(dst, bytes(data))


def make_all(folder: Path) -> list[Case]:
    folder.mkdir(parents=True, exist_ok=True)
    out: list[Case] = []
    add = out.append
    # -- what is not a regular file
    if hasattr(os, "mkfifo"):
        fifo = folder / "fifo.gknb"
        os.mkfifo(fifo)
        add(Case("FIFO named .gknb", fifo, "refused", "管道"))
    for ext in ("gknb", "txt", "pdf", "docx", "html"):
        link = folder / f"zero.{ext}"
        link.symlink_to("/dev/zero")
        add(Case(f"symlink to /dev/zero (.{ext})", link, "refused", "设备"))
    (folder / "dir.gknb").mkdir()
    add(Case("folder named .gknb", folder / "dir.gknb", "refused", "文件夹"))
    add(Case("dangling symlink", _link(folder / "dangling.gknb", folder / "nowhere"), "refused", "找不到"))
    good = _put(folder / "good-target.json", dumps(sample_report(2023, seed=5)))
    add(Case("symlink to a good report", _link(folder / "good-link.gknb", good), "read"))

    # -- size budgets
    big = folder / "sparse-big.txt"
    with big.open("wb") as f:
        f.truncate(2 * 1024 * MIB)  # 2 GB sparse: st_size says so, nothing is on disk
    add(Case("2 GB sparse .txt", big, "refused", "太大"))

    # -- native JSON
    data = _report_json()
    for label, value in (("NaN", "NaN"), ("Infinity", "Infinity"), ("1e400", "1e400"),
                         ("4,300-digit integer", "9" * 4400), ("exponent overflow", "1e999999999"),
                         ("money 1e-999999", '"1e-999999"')):
        text = _set_value(data, value)
        add(Case(f"gknb value {label}", _put(folder / f"num-{label.replace(',', '')}.gknb", text), "refused",
                 "values."))
    add(Case("gknb deep JSON (100k)", _put(folder / "deep.gknb", "[" * 100_000 + "]" * 100_000), "refused", "嵌套"))
    add(Case("gknb deep JSON (40)", _put(folder / "deep40.gknb", _nested_last_year(40)), "refused", "嵌套"))
    add(Case("gknb year 0 (old text import)", _put(folder / "year0.gknb", _with_meta(data, year=0)), "read"))
    add(Case("gknb without agency", _put(folder / "noagency.gknb", _with_meta(data, agency="")), "read"))
    bad_chars = "某某局\x01\x1b\ud800\x7f"
    add(Case("control chars and a lone surrogate in the agency",
             _put(folder / "ctrl.gknb", json.dumps(_with_meta_dict(data, agency=bad_chars), ensure_ascii=True)),
             "read", "控制字符"))
    add(Case("gknb truncated", _put(folder / "cut.gknb", dumps(sample_report(2023, seed=5))[:500]), "refused",
             "损坏"))

    # -- text and HTML scanners
    add(Case("40k spaces in prose (.txt)", _put(folder / "spaces.txt", "一、总体情况\n本机关" + " " * 40_000 +
                                                  "受理申请17件。\n" + "a" + " " * 300_000 + "b\n"), "read"))
    add(Case("5,000-digit number in text", _put(folder / "digits.txt",
                                                 "三、收到和处理政府信息公开申请情况\n本年新收政府信息公开申请数量 "
                                                 + "7" * 5000 + "\n"), "read"))
    for tok in ("<!", "</", "<?", "<!["):
        page = "<html><body><p>一、总体情况</p>" + tok * MIB + "</body></html>"
        add(Case(f"HTML of {len(tok)} MB “{tok}” runs", _put(folder / f"runs-{len(out)}.html", page), "any"))
    add(Case("NUL bytes in .txt", _put(folder / "nul.txt", b"\0" * 10_000), "refused", "二进制"))

    # -- Office zips
    for ext in ("docx", "xlsx"):
        add(Case(f"{ext}: 280 parts of 1 MiB", _many_mib_parts(folder, ext), "refused", "炸弹"))
        add(Case(f"{ext}: one 60 MiB part of zeros", _zip(folder / f"zeros.{ext}", {
            **_office_base(ext), "word/media/x.bin" if ext == "docx" else "xl/media/x.bin": b"\0" * (60 * MIB)}),
            "refused", "炸弹"))
        own = _own_export(folder, ext)
        main = "word/document.xml" if ext == "docx" else "xl/worksheets/sheet1.xml"
        add(Case(f"{ext}: zlib error in a part", _corrupt_deflate(own, folder / f"zlib.{ext}", main), "refused",
                 "损坏"))
        add(Case(f"{ext}: bad CRC", _crc_only(own, folder / f"crc.{ext}", main), "refused", "损坏"))
        add(Case(f"{ext}: DOCTYPE in a part", _rezip(own, folder / f"dtd.{ext}", lambda n, b, main=main: (
            _with_doctype(b) if n == main else b)), "refused", "DOCTYPE"))
        add(Case(f"{ext}: 2,000 empty parts", _zip(folder / f"parts.{ext}", {
            **_office_base(ext), **{f"p{i}.bin": b"" for i in range(2000)}}), "refused", "部件过多"))
        add(Case(f"{ext}: truncated zip", _put(folder / f"cut.{ext}", own.read_bytes()[:3000]), "refused"))
    own_docx = folder / "own.docx"
    add(Case("docx: document without a body", _rezip(own_docx, folder / "nobody.docx", lambda n, b: (
        b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'
        if n == "word/document.xml" else b)), "any"))
    add(Case("docx: a table cell spanning 10^9 columns", _rezip(own_docx, folder / "span.docx", lambda n, b: (
        b.replace(b'<w:gridSpan w:val="', b'<w:gridSpan w:val="1000000000', 1) if n == "word/document.xml" else b)),
        "refused", "表格"))
    deep = b"<w:p>" * 100_000 + b"</w:p>" * 100_000
    add(Case("docx: paragraphs nested 100,000 deep", _rezip(own_docx, folder / "deep.docx", lambda n, b: (
        b.replace(b"<w:body>", b"<w:body>" + deep, 1) if n == "word/document.xml" else b)), "refused"))
    rnd = random.Random(1)  # a long but honest document (120,000 paragraphs, ~1 M tags): read, not refused
    long_body = b"".join(b"<w:p><w:r><w:t>%d</w:t></w:r></w:p>" % rnd.randrange(10**9) for _ in range(120_000))
    add(Case("docx: 120,000 paragraphs (under the limits)", _rezip(own_docx, folder / "long.docx", lambda n, b: (
        b.replace(b"<w:body>", b"<w:body>" + long_body, 1) if n == "word/document.xml" else b)), "read"))
    own_xlsx = folder / "own.xlsx"
    add(Case("xlsx: foreign sheet claiming 1,048,576 × 16,384 cells", _zip(folder / "dim.xlsx", _tiny_xlsx(
        b'<dimension ref="A1:XFD1048576"/><sheetData><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
        b"</sheetData>")), "refused"))
    for label, raw, inline, word in (("cell 1e999999999", b"1e999999999", False, "有限"),
                                     ("cell text 1e999999999", b"1e999999999", True, "位数过多"),
                                     ("cell of 5,000 digits", b"7" * 5000, False, "位数过多"),  # openpyxl's int() fails
                                     ("cell text NaN", b"NaN", True, "不是数字")):
        coord = _named_coord(own_xlsx, "gknb.cell.art20_1.regulations.issued")
        def change(n: str, b: bytes, raw: bytes = raw, i: bool = inline, coord: bytes = coord) -> bytes:
            return _value_cell(b, coord, raw, i) if n == "xl/worksheets/sheet1.xml" else b

        add(Case(f"xlsx: {label}", _rezip(own_xlsx, folder / f"cell-{len(out)}.xlsx", change),
            "refused" if len(raw) > 1000 else "read", word))
    add(Case("xlsx: deep JSON in the hidden sheet", _deep_hidden(own_xlsx, folder / "deep-hidden.xlsx"), "read",
             "损坏"))
    # -- PDF
    add(Case("PDF header then garbage", _put(folder / "junk.pdf", b"%PDF-1.7\n" + random.Random(3).randbytes(50_000)),
             "refused"))
    return out


def pdf_content_bomb(folder: Path) -> Case:
    """A 40 KB PDF whose one page's content stream inflates to 8 MiB of text operators (the issue's
    2 MB PDF took 4 GB in the pdfminer fallback; pypdf needs ~25 s for this one)."""
    return Case("PDF with an 8 MiB content stream", _pdf_bomb(folder / "bomb.pdf", 8 * MIB), "any")


def _tiny_xlsx(sheet_inner: bytes) -> dict[str, bytes]:
    """A minimal valid workbook with one sheet whose content is given."""
    main = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    return {
        "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        b'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
        b'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
        b'officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        b'relationships"><Relationship Id="rId1" Type="' + rel + b'/officeDocument" Target="xl/workbook.xml"/>'
        b"</Relationships>",
        "xl/workbook.xml": b'<?xml version="1.0"?><workbook xmlns="' + main + b'" xmlns:r="' + rel + b'"><sheets>'
        b'<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.'
        b'org/package/2006/relationships"><Relationship Id="rId1" Type="' + rel + b'/worksheet" '
        b'Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": b'<?xml version="1.0"?><worksheet xmlns="' + main + b'">' + sheet_inner
        + b"</worksheet>",
    }


def _with_doctype(xml: bytes) -> bytes:
    dtd = b'<!DOCTYPE x [<!ENTITY a "aaaa">]>'
    if xml.startswith(b"<?xml"):
        end = xml.index(b"?>") + 2
        return xml[:end] + dtd + xml[end:]
    return dtd + xml


def _link(link: Path, target: Path) -> Path:
    link.symlink_to(target)
    return link


def _set_value(data: dict, raw: str) -> str:
    """The report's JSON with one value cell replaced by a raw JSON token."""
    data = json.loads(json.dumps(data))
    _table, rows = next(iter(data["values"].items()))
    _row, cols = next(iter(rows.items()))
    col = next(iter(cols))
    cols[col] = "@@X@@"
    return json.dumps(data, ensure_ascii=False).replace('"@@X@@"', raw)


def _with_meta_dict(data: dict, **meta) -> dict:
    d = json.loads(json.dumps(data))
    d["meta"].update(meta)
    return d


def _with_meta(data: dict, **meta) -> str:
    return json.dumps(_with_meta_dict(data, **meta), ensure_ascii=False)


def _nested_last_year(depth: int) -> str:
    inner: object = 1
    for _ in range(depth):
        inner = {"a": inner}
    d = _report_json()
    d["acknowledged"] = {"x": "y"}
    d["texts"] = {}
    d["last_year"] = inner
    return json.dumps(d)


def _value_cell(xml: bytes, coord: bytes, value: bytes, inline: bool = False) -> bytes:
    """The sheet with the cell at ``coord`` set to ``value`` (a number token or an inline string)."""
    import re

    m = re.search(rb'<c r="%s"([^>]*?)(/>|>.*?</c>)' % coord, xml)
    assert m, f"no {coord!r} in the sheet"
    attrs = re.sub(rb' t="[^"]*"', b"", m.group(1))
    cell = (b'<c r="%s"%s t="inlineStr"><is><t>%s</t></is></c>' % (coord, attrs, value) if inline
            else b'<c r="%s"%s><v>%s</v></c>' % (coord, attrs, value))
    return xml[:m.start()] + cell + xml[m.end():]


def _named_coord(xlsx: Path, name: str) -> bytes:
    import re

    with zipfile.ZipFile(xlsx) as z:
        book = z.read("xl/workbook.xml")
    m = re.search(rb'name="%s"[^>]*>[^<]*!\$([A-Z]+)\$(\d+)<' % re.escape(name.encode()), book)
    assert m, name
    return m.group(1) + m.group(2)


def _deep_hidden(src: Path, dst: Path) -> Path:
    """Our XLSX whose hidden sheet's last-year JSON nests 50,000 deep (RecursionError once)."""
    import openpyxl

    wb = openpyxl.load_workbook(src)
    ws = wb["_gknb"]
    ws.append(["last_year", "[" * 30_000])
    ws.append(["last_year", "]" * 30_000])
    buf = io.BytesIO()
    wb.save(buf)
    return _put(dst, buf.getvalue())


def _pdf_bomb(path: Path, size: int = 60 * MIB) -> Path:
    import zlib

    stream = zlib.compress(b"BT /F1 12 Tf 0 0 Td (1) Tj ET\n" * (size // 30), 9)
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for i, body in enumerate(objs, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref))
    return _put(path, out.getvalue())
