"""Export a Report to Word (.docx) in the official layout, typeset per FORMAT.md (GB/T 9704 conventions).

Every label and the grid of every table come from the edition (``Table.layout()``); the four or five
第二十条 blocks of 二 form one Word table as in the official format. What the importer needs to read the
file back (format marker, edition, agency, year …) goes into the document's custom properties, never onto
the page.
"""

from __future__ import annotations

import io
import os
import re
from datetime import UTC, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

import docx
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from editor.io.docx import style as st
from editor.io.docx.package import set_custom_properties
from editor.io.docx.parts import (  # the custom property names (written here, read by docx.importer)
    P_AGENCY,
    P_BLANK_CELLS,
    P_BLANK_ZEROS,
    P_EDITION,
    P_FONTS,
    P_FORMAT,
    P_KIND,
    P_PUBLISHED,
    P_TITLE,
    P_VERSION,
    P_YEAR,
)
from editor.io.fonts import DEFAULT_FONT_SET
from editor.io.fonts import font_set as get_font_set
from editor.io.native import FORMAT_NAME, VERSION, ReportFileError, _json_number
from editor.io.safe_save import write_atomic
from editor.report import Number, Report
from editor.schema import Column, Edition, GridCell, Section, Table
from editor.value_limits import clean_report_texts, has_bad_text


def blank_mask(edition: Edition, blank: set) -> str:
    bits = 0
    for i, ref in enumerate(edition.cells()):
        if ref in blank:
            bits |= 1 << i
    return f"{bits:x}"


def blank_cells(edition: Edition, mask: str) -> list:
    """The cells a mask names ([] for a mask that is not hex or names cells past the edition's)."""
    try:
        bits = int(mask, 16)
    except ValueError:
        return []
    cells = edition.cells()
    if bits >> len(cells):
        return []
    return [ref for i, ref in enumerate(cells) if bits >> i & 1]
APPLICATION = "政府信息公开年报编辑器"

# Characters XML 1.0 cannot hold (a pasted form feed, NUL …): invisible, so dropping them loses nothing.
_MAX_T = 100_000  # characters per w:t element
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# A （一）sub-head opening a paragraph, in 楷体 up to its first full stop (or the whole short paragraph);
# users also type the half-width "(一)".
SUBHEAD_PATTERN = re.compile(r"^[（(][一二三四五六七八九十]{1,3}[）)][^。！？；]{0,30}?(?:。|$)")

_NS = nsdecls("w")
_BORDERS = ("<w:tblBorders>" + "".join(
    f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
    for side in ("top", "left", "bottom", "right", "insideH", "insideV")) + "</w:tblBorders>")


def format_value(value: Number | None, column: Column, blank_as_zero: bool = True) -> str:
    """The printed form of one value: as stored (money in its shortest decimal form), the unit after it."""
    if value is None:
        if not blank_as_zero:
            return ""
        value = 0
    text = str(_json_number(Decimal(value))) if isinstance(value, Decimal) else str(value)
    return text + column.unit_suffix


# ----------------------------------------------------------------------------- paragraphs


def _run(text: str, rstyle: str = "") -> str:
    rpr = f'<w:rPr><w:rStyle w:val="{rstyle}"/></w:rPr>' if rstyle else ""
    parts = []
    for i, piece in enumerate(text.split("\t")):
        if i:
            parts.append("<w:tab/>")
        # libxml2 refuses a text node over 10 MB ("Text node too long"): a long piece is several w:t,
        # which Word shows as one run of text.
        for start in range(0, len(piece), _MAX_T):
            parts.append(f'<w:t xml:space="preserve">{escape(piece[start:start + _MAX_T])}</w:t>')
    return f"<w:r>{rpr}{''.join(parts)}</w:r>" if parts else ""


def _paragraph(text: str, style: str, extra_ppr: str = "") -> str:
    return f'<w:p {_NS}><w:pPr><w:pStyle w:val="{style}"/>{extra_ppr}</w:pPr>{_run(text)}</w:p>'


_TITLE_BREAK = re.compile(r"^(.{2,}?)(\d{4}年.+)$")


def _title_width(text: str) -> float:
    """Width in title characters: digits and Latin letters are half as wide as Chinese ones."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1 for ch in text)


def title_lines(title: str) -> list[str]:
    """The title's lines; one too long for a line breaks before the year (agency / 2024年…报告), not
    mid-word."""
    per_line = st.TEXT_WIDTH_TWIPS / (st.TITLE_PT * 20)
    m = _TITLE_BREAK.match(title)
    if _title_width(title) > per_line and m and max(_title_width(m[1]), _title_width(m[2])) <= per_line:
        return [m[1], m[2]]
    return [title]


def _title_paragraph(title: str) -> str:
    runs = "<w:r><w:br/></w:r>".join(_run(line) for line in title_lines(title))
    return f'<w:p {_NS}><w:pPr><w:pStyle w:val="{st.TITLE}"/></w:pPr>{runs}</w:p>'


def _prose_paragraph(line: str) -> str:
    m = SUBHEAD_PATTERN.match(line)
    if m and m.end() == len(line):  # a sub-head on a line of its own: a heading (标题 2) for the navigation
        return f'<w:p {_NS}><w:pPr><w:pStyle w:val="{st.SUBHEADING}"/></w:pPr>{_run(line)}</w:p>'
    runs = _run(line[:m.end()], st.SUBHEAD) + _run(line[m.end():]) if m else _run(line)
    return f'<w:p {_NS}><w:pPr><w:pStyle w:val="{st.BODY}"/></w:pPr>{runs}</w:p>'


def prose_lines(text: str) -> list[str]:
    """The paragraphs of a section's text: one per line (blank lines kept, so the text reads back exactly)."""
    text = _NOT_XML.sub("", text)
    return _LINE_BREAK.split(text) if text else []


# ----------------------------------------------------------------------------- tables


def table_size(table: Table) -> tuple[str, float, int]:
    """(paragraph style, font size in pt, cell padding left/right in twips) of a table: 二 at 五号, 三 at
    小五, the fifteen value columns of 四 at 六号 so that every column holds seven digits."""
    if table.grid_columns <= 4:
        return st.TABLE, st.TABLE_PT, 80
    if table.grid_columns <= 10:
        return st.TABLE_SMALL, st.TABLE_SMALL_PT, 20
    return st.TABLE_TINY, st.TABLE_TINY_PT, 20


def value_width(table: Table) -> int:
    """Twips a value column needs for seven digits (Times New Roman digits are half an em) and padding."""
    _, size, pad = table_size(table)
    return round(7 * size * 20 / 2) + 2 * pad + 10


def column_widths(table: Table) -> list[int]:
    """Grid column widths in twips, summing to the text width: value columns equal and wide enough for
    seven digits, labels take the rest."""
    total = st.TEXT_WIDTH_TWIPS
    n = table.grid_columns
    values = n - table.label_columns
    need = value_width(table)
    if table.label_columns == 0:
        label = []
    elif table.label_columns == 1:
        label = [round(total * 0.31)]
    elif table.label_columns == 3 and any(g.vertical and g.col == 0 for g in table.groups):
        # 三: the vertical 三、 column, the group column (“（三）不予公开” on one line at 小五), the items
        label = [400, round(7 * st.TABLE_SMALL_PT * 20) + 60]
        label.append(total - sum(label) - need * values)
    else:
        label = [round(total * 0.5 / table.label_columns)] * table.label_columns
    rest = total - sum(label)
    each = rest // values
    widths = label + [each] * values
    widths[-1] += total - sum(widths)
    return widths


def _cell_xml(cell: GridCell, text: str, width: int, continued: bool, style: str, shade: bool,
              margins: str, keep_next: bool) -> str:
    tcpr = [f'<w:tcW w:w="{width}" w:type="dxa"/>']
    if cell.colspan > 1:
        tcpr.append(f'<w:gridSpan w:val="{cell.colspan}"/>')
    if cell.rowspan > 1:
        tcpr.append('<w:vMerge/>' if continued else '<w:vMerge w:val="restart"/>')
    if shade:
        tcpr.append(f'<w:shd w:val="clear" w:color="auto" w:fill="{st.SHADE_CAPTION}"/>')
    tcpr.append(margins)
    if cell.vertical:
        tcpr.append('<w:textDirection w:val="tbRlV"/>')
    tcpr.append('<w:vAlign w:val="center"/>')
    keep = "<w:keepNext/>" if keep_next else ""
    if continued:
        return (f'<w:tc><w:tcPr>{"".join(tcpr)}</w:tcPr>'
                f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{keep}</w:pPr></w:p></w:tc>')
    if cell.role == "note":
        style = st.TABLE_NOTE
    jc = '<w:jc w:val="left"/>' if cell.role in ("label", "group") and not cell.vertical else ""
    # One paragraph a cell, wrapped by the cell's width: a label split into paragraphs ("法律服/务机构")
    # would no longer be found by search, nor copied whole into a web page.
    para = f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{keep}{jc}</w:pPr>{_run(text.replace(chr(10), ""))}</w:p>'
    return f"<w:tc><w:tcPr>{''.join(tcpr)}</w:tcPr>{para}</w:tc>"


def _table_xml(tables: list[Table], report: Report, blank_as_zero: bool, repeat_header: bool) -> str:
    """One Word table drawing the grids of ``tables`` one under the other (they share their columns).

    Rows never split. A table with repeated header rows (三, 四) breaks between any two body rows, its header
    kept with the first; the short 第二十条 blocks of 二 each stay whole ("keep with next" on every row but
    a block's last). So no page is left mostly empty before a table."""
    widths = column_widths(tables[0])
    style, size, pad = table_size(tables[0])
    row_height = round(size * 20 * 1.8)  # rows at least 1.8 lines high: room around the figures
    margins = f'<w:tcMar><w:left w:w="{pad}" w:type="dxa"/><w:right w:w="{pad}" w:type="dxa"/></w:tcMar>'
    rows_xml = []
    for table in tables:
        columns = {c.id: c for c in table.columns}
        height = table.header_rows + len(table.rows)
        covering: dict[tuple[int, int], GridCell] = {}
        for cell in table.layout():
            for r in range(cell.row, cell.row + cell.rowspan):
                covering[(r, cell.col)] = cell
        for r in range(height):
            header = r < table.header_rows
            trpr = (f'<w:cantSplit/><w:trHeight w:val="{row_height}" w:hRule="atLeast"/>'
                    + ("<w:tblHeader/>" if header and repeat_header else ""))
            keep = r < height - 1 if not repeat_header else r < table.header_rows
            tcs = []
            for c in range(table.grid_columns):
                cell = covering.get((r, c))
                if cell is None:
                    continue  # inside a horizontal span
                width = sum(widths[cell.col:cell.col + cell.colspan])
                if cell.ref is not None:
                    text = format_value(report.values.get(cell.ref), columns[cell.ref[2]], blank_as_zero)
                else:
                    text = cell.text
                tcs.append(_cell_xml(cell, text, width, cell.row != r, style, cell.role == "caption", margins,
                                     keep))
            rows_xml.append(f"<w:tr><w:trPr>{trpr}</w:trPr>{''.join(tcs)}</w:tr>")
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    return (f'<w:tbl {_NS}><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
            f'{_BORDERS}<w:tblLayout w:type="fixed"/><w:tblLook w:val="0000"/></w:tblPr>'
            f"<w:tblGrid>{grid}</w:tblGrid>{''.join(rows_xml)}</w:tbl>")


# ----------------------------------------------------------------------------- document


def table_groups(edition: Edition, section: Section) -> list[list[Table]]:
    """The Word tables of a section: the 第二十条 blocks of 二 form one table (as officially), others one each."""
    tables = [edition.table(t) for t in section.tables]
    if section.id == "proactive" and len({t.grid_columns for t in tables}) == 1:
        return [tables]
    return [[t] for t in tables]


def build_document(report: Report, font_set_id: str = DEFAULT_FONT_SET, blank_as_zero: bool = True) -> Document:
    fonts = get_font_set(font_set_id)
    if has_bad_text(report):  # a lone surrogate or control character typed or pasted: XML cannot hold it
        report = report.copy()
        clean_report_texts(report)
    ed = report.edition
    doc = docx.Document(io.BytesIO(_base_template()))
    st.setup_styles(doc, fonts)
    st.setup_font_table(doc, fonts)
    st.setup_page(doc)
    body = doc.element.body
    for child in list(body):
        if child.tag != body.sectPr.tag:
            body.remove(child)
    out: list[str] = []
    title = _NOT_XML.sub("", report.meta.title or report.meta.suggested_title())
    if title:
        out.append(_title_paragraph(title))
    for section in ed.sections:
        if section.kind == "meta":
            continue
        if section.printed:
            out.append(_paragraph(section.heading, st.HEADING))
        if section.kind == "text":
            out.extend(_prose_paragraph(line) for line in prose_lines(report.text(section.id)))
            continue
        for group in table_groups(ed, section):
            out.append(_table_xml(group, report, blank_as_zero, repeat_header=len(group) == 1))
    sect_pr = body.sectPr
    for xml in out:
        sect_pr.addprevious(parse_xml(xml))
    blanks = {ref for ref in ed.cells() if ref not in report.values} if blank_as_zero else set()
    _set_properties(doc, report, font_set_id, blanks)
    return doc


@cache
def _base_template() -> bytes:
    """python-docx's template without what we never use, kept in memory: most of an export's time was
    spent parsing its 350 KB of styles. Its thumbnail, second style part and bibliography part go."""
    doc = docx.Document()
    _drop_template_extras(doc)
    st.trim_styles(doc.styles.element)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _drop_template_extras(doc: Document) -> None:
    """python-docx's template carries a thumbnail of its own and a second style part: not ours."""
    package = doc.part.package
    for rel in list(package.rels.values()):
        if rel.reltype == RT.THUMBNAIL:
            package.rels.pop(rel.rId)
    for rel in list(doc.part.rels.values()):
        if rel.reltype.endswith(("/stylesWithEffects", "/customXml")):
            doc.part.rels.pop(rel.rId)


def _set_properties(doc: Document, report: Report, font_set_id: str, blanks: set) -> None:
    meta = report.meta
    core = doc.core_properties
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    core.title = meta.title
    core.subject = "政府信息公开工作年度报告"
    core.author = meta.agency
    core.last_modified_by = meta.agency
    core.comments = ""
    core.keywords = f"{meta.year}年"
    core.category = report.edition.name
    core.created = core.modified = now
    core.revision = 1
    props = {P_FORMAT: FORMAT_NAME, P_VERSION: str(VERSION), P_EDITION: report.edition_id,
             P_AGENCY: meta.agency, P_KIND: meta.kind, P_YEAR: str(meta.year) if meta.year else "",
             P_TITLE: meta.title, P_FONTS: font_set_id, P_BLANK_ZEROS: str(len(blanks))}
    if blanks:
        props[P_BLANK_CELLS] = blank_mask(report.edition, blanks)
    if meta.published:
        props[P_PUBLISHED] = meta.published.isoformat()
    set_custom_properties(doc, {k: _NOT_XML.sub("", v) for k, v in props.items()})
    _set_app_properties(doc)


def _set_app_properties(doc: Document) -> None:
    """docProps/app.xml names the program that wrote the file (the template's says an old Mac Word)."""
    for rel in doc.part.package.rels.values():
        if rel.reltype == RT.EXTENDED_PROPERTIES:
            rel.target_part._blob = (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
                f"<Application>{APPLICATION}</Application><DocSecurity>0</DocSecurity>"
                "<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>"
                "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>").encode()


def write_docx(report: Report, path: str | os.PathLike[str], *, font_set: str = DEFAULT_FONT_SET,
               blank_as_zero: bool = True) -> None:
    """Write the report as a Word file. Atomic: a failed export leaves any previous file untouched."""
    p = Path(path)
    try:
        doc = build_document(report, font_set, blank_as_zero)
    except ValueError as exc:
        raise ReportFileError(f"无法导出 Word 文件：{exc}") from None
    buf = io.BytesIO()
    doc.save(buf)
    write_atomic(p, buf.getvalue())  # same folder, fsync, rename; mode kept; temp removed on failure
