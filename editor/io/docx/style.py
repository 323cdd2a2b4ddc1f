"""Page setup, styles and page-number footers of the Word export (FORMAT.md, last section).

Chinese fonts go on ``w:eastAsia`` of the styles' ``w:rFonts`` (python-docx's ``font.name`` writes only
ascii/hAnsi); digits and Latin letters use ``w:ascii``/``w:hAnsi`` = Times New Roman. Paragraphs and runs
then name a style and carry no fonts of their own. Style ids are ASCII and stable: the importer finds
headings, prose and tables by them.
"""

from __future__ import annotations

from docx.document import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm

from editor.io.fonts import ALT_NAMES, LATIN, FontSet

# Style ids (stable, read back by docx.importer) and their user-visible names (Chinese).
TITLE = "GknbTitle"
BODY = "GknbBody"
HEADING = "GknbHeading"
SUBHEAD = "GknbSubhead"  # character style: 楷体 for （一） sub-heads inside a paragraph
SUBHEADING = "GknbSubheading"  # a paragraph that is only a （一） sub-head, on Word's 标题 2
# Word's built-in 标题 1 / 标题 2, which the navigation pane and WPS's 目录 list: our headings are based
# on them, and they carry the official fonts themselves (a user who picks 标题 1 gets 黑体 三号).
WORD_HEADING_1, WORD_HEADING_2 = "Heading1", "Heading2"
TABLE = "GknbTable"  # 五号: the 第二十条 table of 二
TABLE_SMALL = "GknbTableSmall"  # 小五: table 三
TABLE_TINY = "GknbTableTiny"  # 六号: table 四 (fifteen value columns)
TABLE_NOTE = "GknbTableNote"  # 楷体 note cell of 三
PAGE_NUMBER = "GknbPageNumber"

STYLE_NAMES = {
    TITLE: "年报标题", BODY: "年报正文", HEADING: "年报一级标题", SUBHEAD: "年报二级标题",
    SUBHEADING: "年报二级标题段落",
    TABLE: "年报表格", TABLE_SMALL: "年报表格小字", TABLE_TINY: "年报表格六号字", TABLE_NOTE: "年报表格注释",
    PAGE_NUMBER: "年报页码",
}

# A4 and GB/T 9704 margins; the text area is 156 mm × 225 mm.
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Mm(37), Mm(35), Mm(28), Mm(26)
TWIPS_PER_EMU = 1 / 635
TEXT_WIDTH_TWIPS = round((PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT) * TWIPS_PER_EMU)  # 8844
LINES = 22
# Rounded down: 22 lines of 579 twips (28.95 pt) fit the 225 mm text height, 580 would leave room for 21.
LINE_PITCH = int((PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM) * TWIPS_PER_EMU / LINES)
BODY_PT, TITLE_PT, PAGE_NUMBER_PT = 16, 22, 14  # 三号, 二号, 四号
TABLE_PT, TABLE_SMALL_PT, TABLE_TINY_PT = 10.5, 9, 7.5  # 五号, 小五, 六号
# 28 characters of 16 pt need 448 pt, the line has 442 pt: condense body text by a quarter point, which
# Word, WPS and LibreOffice all honour (a docGrid character pitch is drawn wrongly by LibreOffice).
CONDENSE_PT = -0.25
CONDENSE = f'<w:spacing w:val="{round(CONDENSE_PT * 20)}"/>'  # twentieths of a point
SHADE_CAPTION = "C6D9F1"


def _fonts(east_asia: str, latin: str) -> str:
    return (f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{east_asia}" w:cs="{latin}"'
            f' w:hint="eastAsia"/>')


def _rpr(east_asia: str, latin: str, size_pt: float, extra: str = "") -> str:
    half = round(size_pt * 2)
    return (f"<w:rPr>{_fonts(east_asia, latin)}{extra}<w:kern w:val=\"0\"/>"
            f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr>')


def _style(kind: str, style_id: str, ppr: str, rpr: str, based_on: str = "Normal", next_style: str = "") -> str:
    name = STYLE_NAMES[style_id]
    nxt = f'<w:next w:val="{next_style}"/>' if next_style else ""
    return (f'<w:style {nsdecls("w")} w:type="{kind}" w:customStyle="1" w:styleId="{style_id}">'
            f'<w:name w:val="{name}"/><w:basedOn w:val="{based_on}"/>{nxt}<w:qFormat/>{ppr}{rpr}</w:style>')


def _word_heading(styles_el, style_id: str, level: int, east_asia: str, latin: str) -> None:
    """Rewrite Word's built-in heading style in place: the official font, 三号, not bold, black, on the line
    grid, outline level kept, body text after it."""
    el = next((e for e in styles_el.iterchildren(qn("w:style")) if e.get(qn("w:styleId")) == style_id), None)
    if el is None:
        return
    for child in list(el):
        if child.tag != qn("w:name"):
            el.remove(child)
    indent = f'<w:ind w:firstLineChars="200" w:firstLine="{BODY_PT * 40}"/>'
    # Children in the schema's order (name, basedOn, next, uiPriority, qFormat, pPr, rPr): Word is strict.
    for xml in ('<w:basedOn w:val="Normal"/>', f'<w:next w:val="{BODY}"/>', '<w:uiPriority w:val="9"/>',
                "<w:qFormat/>",
                f'<w:pPr><w:keepNext/><w:keepLines/>{_exact()}{indent}<w:jc w:val="both"/>'
                f'<w:outlineLvl w:val="{level}"/></w:pPr>',
                _rpr(east_asia, latin, BODY_PT, '<w:b w:val="0"/><w:bCs w:val="0"/><w:color w:val="000000"/>'
                     + CONDENSE)):
        el.append(parse_xml(_with_ns(xml)))


def _exact(before: int = 0, after: int = 0) -> str:
    return f'<w:spacing w:before="{before}" w:after="{after}" w:line="{LINE_PITCH}" w:lineRule="exact"/>'


def _single() -> str:
    return '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'


_KEEP = {"Header", "Footer", "HeaderChar", "FooterChar", WORD_HEADING_1, WORD_HEADING_2}


def _with_ns(xml: str) -> str:
    """The first element of ``xml`` with the w: namespace declared, for parse_xml."""
    end = xml.index(">")
    if xml[end - 1] == "/":
        end -= 1
    return xml[:end] + f" {nsdecls('w')}" + xml[end:]


def trim_styles(styles_el) -> None:
    """Drop the template's unused styles and latent-style table (⅔ of styles.xml): smaller files that open
    and read back faster. Default styles (Normal, table, list, run) stay: everything is based on them."""
    for el in list(styles_el):
        if el.tag == qn("w:latentStyles"):
            styles_el.remove(el)
        elif el.tag == qn("w:style") and el.get(qn("w:default")) != "1" and el.get(qn("w:styleId")) not in _KEEP:
            styles_el.remove(el)


def setup_styles(doc: Document, fonts: FontSet) -> None:
    """Document defaults, the Normal style and the report's own styles, all naming their fonts."""
    styles_el = doc.styles.element
    latin = fonts.latin
    # Document defaults: no theme fonts, so every style resolves to the set's fonts.
    doc_defaults = styles_el.find(qn("w:docDefaults"))
    if doc_defaults is not None:
        styles_el.remove(doc_defaults)
    styles_el.insert(0, parse_xml(
        f'<w:docDefaults {nsdecls("w")}><w:rPrDefault>{_rpr(fonts.body, latin, BODY_PT)}</w:rPrDefault>'
        f'<w:pPrDefault><w:pPr>{_single()}</w:pPr></w:pPrDefault></w:docDefaults>'))
    normal = doc.styles["Normal"].element
    for child in list(normal):
        if child.tag in (qn("w:rPr"), qn("w:pPr")):
            normal.remove(child)
    normal.append(parse_xml(f'<w:pPr {nsdecls("w")}><w:widowControl/><w:jc w:val="both"/></w:pPr>'))
    normal.append(parse_xml(_rpr(fonts.body, latin, BODY_PT).replace("<w:rPr>", f'<w:rPr {nsdecls("w")}>', 1)))
    indent = f'<w:ind w:firstLineChars="200" w:firstLine="{BODY_PT * 40}"/>'
    no_grid = "<w:snapToGrid w:val=\"0\"/>"
    defs = [
        _style("paragraph", TITLE, f'<w:pPr><w:keepNext/>{_exact(0, LINE_PITCH)}<w:ind w:firstLine="0"/>'
               '<w:jc w:val="center"/></w:pPr>', _rpr(fonts.title, latin, TITLE_PT), next_style=BODY),
        _style("paragraph", BODY, f"<w:pPr>{_exact()}{indent}<w:jc w:val=\"both\"/></w:pPr>",
               _rpr(fonts.body, latin, BODY_PT, CONDENSE)),
        _style("paragraph", HEADING, f'<w:pPr><w:keepNext/>{_exact()}{indent}<w:jc w:val="both"/>'
               '<w:outlineLvl w:val="0"/></w:pPr>', _rpr(fonts.hei, latin, BODY_PT, CONDENSE),
               based_on=WORD_HEADING_1, next_style=BODY),
        _style("paragraph", SUBHEADING, f'<w:pPr><w:keepNext/>{_exact()}{indent}<w:jc w:val="both"/>'
               '<w:outlineLvl w:val="1"/></w:pPr>', _rpr(fonts.kai, latin, BODY_PT, CONDENSE),
               based_on=WORD_HEADING_2, next_style=BODY),
        _style("paragraph", TABLE, f'<w:pPr>{no_grid}{_single()}<w:ind w:firstLine="0"/><w:jc w:val="center"/>'
               "</w:pPr>", _rpr(fonts.body, latin, TABLE_PT)),
        _style("paragraph", TABLE_SMALL, f'<w:pPr>{no_grid}{_single()}<w:ind w:firstLine="0"/>'
               '<w:jc w:val="center"/></w:pPr>', _rpr(fonts.body, latin, TABLE_SMALL_PT)),
        _style("paragraph", TABLE_TINY, f'<w:pPr>{no_grid}{_single()}<w:ind w:firstLine="0"/>'
               '<w:jc w:val="center"/></w:pPr>', _rpr(fonts.body, latin, TABLE_TINY_PT)),
        _style("paragraph", TABLE_NOTE, "<w:pPr/>", _rpr(fonts.kai, latin, TABLE_SMALL_PT), based_on=TABLE_SMALL),
        _style("paragraph", PAGE_NUMBER, f'<w:pPr>{no_grid}{_single()}<w:ind w:firstLine="0"/></w:pPr>',
               _rpr(fonts.page_number, fonts.page_number, PAGE_NUMBER_PT)),
        _style("character", SUBHEAD, "", f"<w:rPr>{_fonts(fonts.kai, latin)}</w:rPr>",
               based_on="DefaultParagraphFont"),
    ]
    for xml in defs:
        styles_el.append(parse_xml(xml))
    _word_heading(styles_el, WORD_HEADING_1, 0, fonts.hei, latin)
    _word_heading(styles_el, WORD_HEADING_2, 1, fonts.kai, latin)


def setup_page(doc: Document) -> None:
    """A4, GB/T 9704 margins, the 22 × 28 grid, and "— N —" page numbers (odd right, even left)."""
    section = doc.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.header_distance = Mm(15)
    # The number's top sits 7 mm below the text area: the footer's bottom edge ≈ 35 − 7 − 5 mm.
    section.footer_distance = Mm(23)
    sect_pr = section._sectPr
    for grid in sect_pr.findall(qn("w:docGrid")):
        sect_pr.remove(grid)
    # No snapping grid: the body's exact line spacing already gives 22 lines, tables stay single-spaced.
    sect_pr.append(parse_xml(f'<w:docGrid {nsdecls("w")} w:linePitch="{LINE_PITCH}"/>'))
    doc.settings.odd_and_even_pages_header_footer = True
    _settings(doc)
    _page_number(section.footer, "right")
    _page_number(section.even_page_footer, "left")


def _settings(doc: Document) -> None:
    """Word 2013+ layout (no 兼容模式 in Word's title bar) and Chinese as the east-Asian theme language."""
    settings = doc.settings.element
    for el in settings.iter(qn("w:compatSetting")):
        if el.get(qn("w:name")) == "compatibilityMode":
            el.set(qn("w:val"), "15")
    for el in settings.iter(qn("w:themeFontLang")):
        el.set(qn("w:eastAsia"), "zh-CN")


def _page_number(footer, side: str) -> None:
    footer.is_linked_to_previous = False
    p = footer.paragraphs[0]._p
    for child in list(p):
        p.remove(child)
    indent = f'w:{side}="{PAGE_NUMBER_PT * 20}"'  # one character in from the edge
    run = '<w:r><w:t xml:space="preserve">{}</w:t></w:r>'
    p.append(parse_xml(f'<w:pPr {nsdecls("w")}><w:pStyle w:val="{PAGE_NUMBER}"/><w:ind {indent}/>'
                       f'<w:jc w:val="{side}"/></w:pPr>'))
    parts = (run.format("— "),
             '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
             '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>',
             '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
             run.format("1"),
             '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
             run.format(" —"))
    for xml in parts:
        p.append(parse_xml(xml.replace("<w:r>", f'<w:r {nsdecls("w")}>', 1)))


# What Word needs to substitute well: GB2312 character set (86), the family kind, the pitch.
_FONT_XML = ('<w:font w:name="{name}">{alt}<w:charset w:val="{charset}"/><w:family w:val="{family}"/>'
             '<w:pitch w:val="{pitch}"/></w:font>')


def setup_font_table(doc: Document, fonts: FontSet) -> None:
    """word/fontTable.xml names exactly the fonts the file uses, each with its alternate (python-docx's
    template lists fonts we never use: Symbol, MS Mincho, Calibri …)."""
    entries = []
    for family in fonts.families():
        alt = ALT_NAMES.get(family)
        latin = family == LATIN
        entries.append(_FONT_XML.format(
            name=family, alt=f'<w:altName w:val="{alt}"/>' if alt else "",
            charset="00" if latin else "86", family="roman" if latin or "宋" in family else "modern",
            pitch="variable" if latin or family in ("方正小标宋简体", "宋体") else "fixed"))
    blob = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:fonts {nsdecls("w")}>{"".join(entries)}</w:fonts>').encode()
    for rel in doc.part.rels.values():
        if rel.reltype.endswith("/fontTable"):
            rel.target_part._blob = blob
