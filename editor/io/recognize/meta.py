"""Title, agency, year, publication date and edition of a foreign report."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from editor.io.recognize.labels import key
from editor.schema import Edition, edition_for_year, editions

_TITLE_WORDS = ("年度报告", "年报", "工作报告")
_AGENCY_END = re.compile(
    r"(人民政府|政府|办公室|委员会|局|委|办|厅|院|部|署|会|处|中心|所|站|队|馆|室|公司|集团|街道|区|县|镇|乡)$")
# A web page's or converter's field label before the title (“标题：…”) and Markdown marks around it.
_FIELD_LABEL = re.compile(r"^\s*(?:标题|题目|名称|文章标题)\s*[:：]\s*")
_MARKS = re.compile(r"^\s*#{1,6}\s*|\*\*|__")
_YEAR_IN_TITLE = re.compile(r"((?:19|20)\d\d)\s*年")
_PERIOD = re.compile(r"((?:19|20)\d\d)\s*年\s*0?1\s*月\s*0?1\s*日")
_ANY_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
_PUBLISHED = re.compile(
    r"(?:发布(?:时间|日期)|成文日期|日期)\s*[:：]?\s*((?:19|20)\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
DATE_LINE = re.compile(r"^\s*((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")
_BY_AGENCY = re.compile(r"本报告由\s*([\u4e00-\u9fff（）()]{2,40}?)(?:办公室|办)?\s*(?:根据|依据|按照|依照|编制|负责)")
_NOISE = ("您现在所在的位置", "当前位置", "字体", "来源", "发布时间", "浏览次数", "打印", "关闭", "分享")


@dataclass
class MetaGuess:
    agency: str = ""
    year: int = 0
    title: str = ""
    published: date | None = None
    notes: list[tuple[str, str]] = field(default_factory=list)  # (log kind, message)


def safe_date(y: str, m: str, d: str) -> date | None:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None


def looks_like_agency(text: str) -> bool:
    t = re.sub(r"\s+", "", text)
    return 2 <= len(t) <= 30 and bool(_AGENCY_END.search(t)) and not any(w in t for w in _NOISE)


def title_index(lines: list[str]) -> int | None:
    """Which of the first lines is the report's title (not a web page's breadcrumb)."""
    return next((i for i, x in enumerate(lines[:12])
                 if any(w in x for w in _TITLE_WORDS) and "政府信息公开" in x and len(x) <= 60
                 and not any(n in x for n in _NOISE)), None)


def guess_meta(head: list[str], full_text: str) -> MetaGuess:
    """head: the lines before the first heading; full_text: the whole document (for the year and agency)."""
    g = MetaGuess()
    lines = [_FIELD_LABEL.sub("", _MARKS.sub("", re.sub(r"[ \t\u3000]+", " ", x))).strip()
             for x in head if x.strip()]
    title_i = title_index(lines)
    if title_i is not None:
        title = lines[title_i].replace(" ", "")
        m = _YEAR_IN_TITLE.search(title)
        prefix = title[: m.start()] if m else title.split("政府信息公开")[0]
        if m:
            g.year = int(m.group(1))
        # The year first: “2023年洪泽区人民政府政府信息公开工作年度报告”.
        after = title[m.end():].removeprefix("度").split("政府信息公开")[0] if m else ""
        if looks_like_agency(prefix):
            g.agency = prefix
        else:
            above = [x for x in lines[:title_i] if not any(n in x for n in _NOISE)]
            if above and looks_like_agency(above[-1]):
                g.agency = above[-1].replace(" ", "")
            elif not prefix and looks_like_agency(after):
                g.agency = after
        if g.agency and not title.startswith(g.agency):
            title = g.agency + title
        g.title = title
    elif lines and looks_like_agency(lines[0]):
        g.agency = lines[0].replace(" ", "")
    # A fuller official name in the preamble (“本报告由淮安市洪泽区人民政府办公室…”) beats a short title.
    m = _BY_AGENCY.search(full_text.replace(" ", ""))
    if m:
        named = m.group(1)
        if g.agency and named != g.agency and named.endswith(g.agency):
            g.notes.append(("note", f"单位名称按引言中的全称“{named}”填写（标题为“{g.agency}”）"))
            g.agency = named
        elif not g.agency and looks_like_agency(named):
            g.agency = named
            g.notes.append(("note", f"标题中没有单位名称，按引言取为“{named}”"))
    if not g.year:
        m = _PERIOD.search(full_text)
        if m:
            g.year = int(m.group(1))
            g.notes.append(("note", f"标题中没有年度，按统计期限“{m.group(0)}”取为{g.year}年"))
    if not g.year:
        years = Counter(int(y) for y in _ANY_YEAR.findall(full_text))
        if years:
            best = years.most_common(1)[0][0]
            g.year = best
            g.notes.append(("ambiguous", f"标题中没有年度，按正文中最常出现的年份取为{best}年，请核对"))
    m = _PUBLISHED.search(full_text)
    if m:
        g.published = safe_date(*m.groups())
    return g


def detect_edition(text: str, year: int) -> tuple[Edition, list[tuple[str, str]]]:
    """The edition by its markers (FORMAT.md) and the year; a disagreement is logged, the markers win
    only when they are clear and the year is unknown."""
    squeezed = key(text)
    scores = {}
    for ed in editions().values():
        scores[ed.id] = sum(1 for mk in ed.markers if key(mk) in squeezed)
    notes: list[tuple[str, str]] = []
    best = max(scores.values())
    by_markers = [eid for eid, s in scores.items() if s == best and best > 0]
    if year:
        ed = edition_for_year(year)
        if len(by_markers) == 1 and by_markers[0] != ed.id and scores.get(ed.id, 0) > 0:
            # Markers of both editions (old 表二 headings over a new 表三): the year's edition decides.
            marked = editions()[by_markers[0]]
            notes.append(("note", f"表格混用了{marked.name}和{ed.name}的栏目；按{year}年度应使用的{ed.name}读取，"
                                  f"不属于该版的栏目未读入"))
            return ed, notes
        if len(by_markers) == 1 and by_markers[0] != ed.id:
            marked = editions()[by_markers[0]]
            notes.append(("note", f"表格按{marked.name}填写，但{year}年度报告应使用{ed.name}；已按表格的版式读取"))
            return marked, notes
        return ed, notes
    if len(by_markers) == 1:
        return editions()[by_markers[0]], notes
    newest = max(editions().values(), key=lambda e: e.first_year)
    notes.append(("ambiguous", f"无法从文件判断格式版本，按{newest.name}读取"))
    return newest, notes
