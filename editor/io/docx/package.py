"""The Word package around the document: defensive opening and the custom properties that mark a file
this program wrote (format, edition, agency, year …), so the importer can read it back exactly.

Untrusted files are checked before python-docx parses them: size, a real zip, the parts a Word file has,
and the uncompressed size and ratio of every member (a zip bomb is refused before it is inflated).
"""

from __future__ import annotations

import io
from pathlib import Path
from xml.sax.saxutils import escape

import docx
from docx.document import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree

from editor.io.native import ReportFileError
from editor.io.zip_guard import office_bytes

CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"


def open_docx(path: Path) -> Document:
    """Open a .docx after checking it is a sane Word package; ReportFileError (Chinese) otherwise."""
    data = office_bytes(path, "Word")
    try:
        document = docx.Document(io.BytesIO(data))
        if document.element.body is None:
            raise ReportFileError(f"{path.name} 已损坏：Word 文档没有正文部分")
        return document
    except ReportFileError:
        raise
    except ValueError as exc:
        if "content type" in str(exc):  # a .docm, a template or a spreadsheet renamed to .docx
            raise ReportFileError(f"{path.name} 不是普通的 Word 文档（.docx），请在 Word/WPS 中另存为 .docx 后再打开"
                                  ) from None
        raise ReportFileError(f"{path.name} 已损坏，无法作为 Word 文件读取（{type(exc).__name__}）") from None
    except Exception as exc:  # python-docx raises assorted errors (KeyError, lxml, zip …) on bad packages
        raise ReportFileError(f"{path.name} 已损坏，无法作为 Word 文件读取（{type(exc).__name__}）") from None


# ----------------------------------------------------------------------------- custom properties


def set_custom_properties(doc: Document, props: dict[str, str]) -> None:
    """Write docProps/custom.xml (string properties), replacing any the template had."""
    package = doc.part.package
    for rel in list(package.rels.values()):
        if rel.reltype == RT.CUSTOM_PROPERTIES:
            package.rels.pop(rel.rId)
    items = "".join(
        f'<property fmtid="{_FMTID}" pid="{pid}" name="{escape(k, {chr(34): "&quot;"})}">'
        f"<vt:lpwstr>{escape(v)}</vt:lpwstr></property>"
        for pid, (k, v) in enumerate(props.items(), start=2))
    blob = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Properties xmlns="{CUSTOM_NS}" xmlns:vt="{VT_NS}">{items}</Properties>').encode()
    part = Part(PackURI("/docProps/custom.xml"), CT.OFC_CUSTOM_PROPERTIES, blob, package)
    package.relate_to(part, RT.CUSTOM_PROPERTIES)


def custom_properties(doc: Document) -> dict[str, str]:
    """The document's custom properties as text; {} when it has none or they cannot be parsed."""
    for rel in doc.part.package.rels.values():
        if rel.reltype == RT.CUSTOM_PROPERTIES and not rel.is_external:
            blob = rel.target_part.blob
            break
    else:
        return {}
    try:
        root = etree.fromstring(blob, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return {}
    out = {}
    for prop in root.findall(f"{{{CUSTOM_NS}}}property"):
        value = next(iter(prop), None)
        out[prop.get("name", "")] = (value.text or "") if value is not None else ""
    return out
