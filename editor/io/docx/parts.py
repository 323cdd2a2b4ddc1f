"""A Word package (.docx) read straight from its zip, without python-docx: the custom properties (which
tell our own files from others) and the main document part, parsed with lxml as python-docx parses it (the
same options), so the text read is the same. Other people's files are read this way only, once; our own
are then opened by python-docx (``docx.importer``). The bytes are vetted first (``zip_guard``).
"""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path

from lxml import etree

from editor.io.errors import ReportFileError
from editor.io.zip_guard import office_package

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# Custom property names (visible in Word's 属性 dialog, hence Chinese). docx.export writes them, docx.importer reads
# them back.
P_FORMAT, P_VERSION, P_EDITION = "年报文件格式", "年报文件版本", "年报格式版本"
P_AGENCY, P_KIND, P_YEAR, P_TITLE, P_PUBLISHED = "机关名称", "报告类型", "报告年度", "报告标题", "发布日期"
P_FONTS, P_BLANK_ZEROS = "字体方案", "空白单元格按0印出的个数"
# Which cells were blank (printed as 0): one bit per cell of the edition, in ``Edition.cells()`` order, as
# hex (44 characters for 175 cells, under Word's 255 for a property). Invisible on the page; the importer
# makes those cells blank again where they still read 0, so DOCX ↔ .gknb loses nothing.
P_BLANK_CELLS = "空白单元格"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_CUSTOM = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}property"
_MAIN_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
# python-docx's parser options (its oxml parser), so that the text read is the same as through python-docx.
_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True)


class WordPackage:
    """A vetted .docx: its custom properties and its main document part, read straight from the zip."""

    def __init__(self, path: Path):
        self.path = path
        # Refused there: not a zip, a bomb, a DTD, no document part. The XML parts come inflated, as counted.
        self._parts = office_package(path, "Word")
        self.data = self._parts.data
        try:
            rels = self._rels()
        except (KeyError, ValueError, etree.XMLSyntaxError):
            raise self._damaged("PackageError") from None
        self._main = next((t for t, kind in rels if kind.endswith("/officeDocument")), None)
        self._custom = next((t for t, kind in rels if kind.endswith("/custom-properties")), None)

    def _damaged(self, what: str) -> ReportFileError:
        return ReportFileError(f"{self.path.name} 已损坏，无法作为 Word 文件读取（{what}）")

    def _rels(self) -> list[tuple[str, str]]:
        if "_rels/.rels" not in self._parts.names:
            return []
        out = []
        for el in etree.fromstring(self._parts.read("_rels/.rels"), _PARSER).iter(_RELS):
            target = el.get("Target", "")
            if el.get("TargetMode") != "External" and target:
                out.append((posixpath.normpath(target.lstrip("/")), el.get("Type", "")))
        return out

    def properties(self) -> dict[str, str]:
        """The custom properties as text; {} when there are none or they cannot be parsed."""
        if self._custom is None:
            return {}
        try:
            root = etree.fromstring(self._parts.read(self._custom), _PARSER)
        except (KeyError, etree.XMLSyntaxError, zipfile.BadZipFile, ValueError):
            return {}
        out = {}
        for prop in root.findall(_CUSTOM):
            value = next(iter(prop), None)
            out[prop.get("name", "")] = (value.text or "") if value is not None else ""
        return out

    def _content_type(self, part: str) -> str:
        root = etree.fromstring(self._parts.read("[Content_Types].xml"), _PARSER)
        for el in root.iter(f"{_TYPES}Override"):
            if el.get("PartName", "").lstrip("/").lower() == part.lower():
                return el.get("ContentType", "")
        ext = part.rsplit(".", 1)[-1].lower()
        return next((el.get("ContentType", "") for el in root.iter(f"{_TYPES}Default")
                     if el.get("Extension", "").lower() == ext), "")

    def body(self):
        """The document's w:body element; ReportFileError (Chinese) when the document cannot be read."""
        if self._main is None:
            raise self._damaged("KeyError")
        try:
            if self._content_type(self._main) != _MAIN_TYPE:  # a .docm, a template or a workbook renamed
                raise ReportFileError(f"{self.path.name} 不是普通的 Word 文档（.docx），"
                                      "请在 Word/WPS 中另存为 .docx 后再打开")
            root = etree.fromstring(self._parts.read(self._main), _PARSER)
        except ReportFileError:
            raise
        except Exception as exc:  # a damaged part (lxml, zip, a missing part)
            raise self._damaged(type(exc).__name__) from None
        body = root.find(f"{_W}body")
        if body is None:
            raise ReportFileError(f"{self.path.name} 已损坏：Word 文档没有正文部分")
        return body
