"""查找 (Ctrl+F): where a word occurs in the report as the window shows it: section headings, every
label of the edition's tables (headers, row labels, captions, notes) and the narrative text. No Qt."""

from __future__ import annotations

from dataclasses import dataclass

from editor.report import Report

_CONTEXT = 12  # characters of prose shown around a hit


@dataclass(frozen=True)
class Hit:
    section: str
    where: str  # what the find bar shows: the heading, the label, or the prose around the hit
    table: str | None = None  # a table label: its table and its place in Table.layout()
    row: int = -1
    col: int = -1
    start: int = -1  # a prose hit: offsets into the section's text
    end: int = -1


def find(report: Report, query: str, limit: int = 2000) -> list[Hit]:
    """Every place ``query`` occurs (case-insensitive), in the order of the report; at most ``limit``."""
    needle = query.strip().lower()
    if not needle:
        return []
    ed = report.edition
    out: list[Hit] = []
    for section in ed.sections:
        if needle in section.heading.lower():
            out.append(Hit(section.id, section.heading))
        if section.kind == "text":
            text = report.text(section.id)
            low = text.lower()
            if len(low) != len(text):
                low = text  # a case mapping that changes lengths would shift offsets: match as typed
            at = low.find(needle)
            while at >= 0 and len(out) < limit:
                before = text[max(0, at - _CONTEXT):at].replace("\n", " ")
                after = text[at + len(needle):at + len(needle) + _CONTEXT].replace("\n", " ")
                out.append(Hit(section.id, f"{section.heading}：…{before}{text[at:at + len(needle)]}{after}…",
                               start=at, end=at + len(needle)))
                at = low.find(needle, at + len(needle))
        for table_id in section.tables:
            table = ed.table(table_id)
            for cell in table.layout():
                if cell.ref is None and cell.text and needle in cell.text.lower():
                    caption = table.caption
                    name = f"{caption}：{cell.text}" if caption and cell.text != caption else cell.text
                    out.append(Hit(section.id, f"{section.heading} {name}", table_id, cell.row, cell.col))
        if len(out) >= limit:
            return out[:limit]
    return out
