"""Shared by the DOCX tests: a full report with every awkward case, and font resolution through styles."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from docx.document import Document
from docx.oxml.ns import qn

from editor.report import Report
from editor.samples import sample_report

LONG_OVERVIEW = "\n".join([
    "{year}年，本机关坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻《中华人民共和国政府信息公开条例》，"
    "把政务公开作为建设法治政府的重要抓手，推动决策、执行、管理、服务、结果公开，" * 3,
    "（一）主动公开。全年主动公开政府信息1234条，其中规范性文件16件。",
    "（二）依申请公开。全年新收政府信息公开申请{new}件，均在法定期限内答复。",
    "",
    "（三）政府信息管理。严格落实公开前保密审查，\t动态调整公开目录。",
    "（四）政府信息公开平台建设。持续优化政府网站信息公开专栏，提升“12345”热线联动水平。",
    "（五）监督保障。将政务公开纳入年度绩效考核，开展培训3次、检查2次。",
])


def full_report(year: int) -> Report:
    """A full report of the edition the year needs: negative 本年增/减 (2019), money with six decimals,
    a few blank cells, long prose with several paragraphs, a publication date and the government kind."""
    r = sample_report(year, seed=7, agency="某某市某某区人民政府")
    ed = r.edition
    r.meta.kind = "government"
    r.meta.published = date(year + 1, 3, 20)
    if ed.id == "2019":
        r.set(("art20_5", "licensing", "previous"), 40)
        r.set(("art20_5", "licensing", "change"), -12)
        r.set(("art20_8", "fees", "change"), -1)
        r.set(("art20_9", "procurement", "amount"), Decimal("24252.311082"))
    else:
        r.set(("art20_8", "fees", "amount"), Decimal("24252.311082"))
    # Blank cells: one in 二, a whole applicant column of one row in 三, one in 四.
    first = ed.tables[0]
    r.set((first.id, first.rows[-1].id, first.columns[-1].id), None)
    r.set(("requests", "withheld_query", "research"), None)
    r.set(("appeals", "cases", "suit_after_review_pending"), None)
    r.texts["overview"] = LONG_OVERVIEW.format(year=year, new=r.get(("requests", "new", "total")))
    r.texts["problems"] = "一是公开深度不够。\n二是解读形式单一。\n下一步，我们将加强培训，规范答复文书。"
    return r


def east_asia_font(doc: Document, run_el, para_el) -> str | None:
    """The east-Asian font a run gets: its own rFonts, else its character style chain, else the paragraph
    style chain, else the document defaults (theme fonts are not followed: the export uses none)."""

    def from_rpr(rpr):
        if rpr is None:
            return None
        fonts = rpr.find(qn("w:rFonts"))
        return fonts.get(qn("w:eastAsia")) if fonts is not None else None

    def from_style(style_id: str | None):
        styles = doc.styles.element
        while style_id:
            el = next((s for s in styles.findall(qn("w:style")) if s.get(qn("w:styleId")) == style_id), None)
            if el is None:
                return None
            found = from_rpr(el.find(qn("w:rPr")))
            if found:
                return found
            based = el.find(qn("w:basedOn"))
            style_id = based.get(qn("w:val")) if based is not None else None
        return None

    rpr = run_el.find(qn("w:rPr"))
    found = from_rpr(rpr)
    if found:
        return found
    if rpr is not None and rpr.find(qn("w:rStyle")) is not None:
        found = from_style(rpr.find(qn("w:rStyle")).get(qn("w:val")))
        if found:
            return found
    ppr = para_el.find(qn("w:pPr"))
    pstyle = ppr.find(qn("w:pStyle")) if ppr is not None else None
    found = from_style(pstyle.get(qn("w:val")) if pstyle is not None else "Normal")
    if found:
        return found
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    return from_rpr(defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))) if defaults is not None else None
