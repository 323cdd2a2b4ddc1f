"""Writers of foreign report files the way people really make them, from a Report (the ground truth):
tables split in two (“续表”), an extra 小计 column, merged label cells, half-width punctuation, “1、”
numbering. Used by the import tests; not part of the product."""

from __future__ import annotations

import html
from decimal import Decimal
from pathlib import Path

from editor.report import Report
from editor.schema import Table

HALF = str.maketrans({"（": "(", "）": ")", "，": ",", "：": ":", "；": ";"})
ORG = ("commercial", "research", "nonprofit", "legal_services", "other_org")


def label(text: str, half: bool) -> str:
    """A label as a careless typist writes it: 1、 for 1., half-width brackets."""
    if len(text) > 1 and text[0].isdigit() and text[1] == ".":
        text = text[0] + "、" + text[2:]
    return text.translate(HALF) if half else text


def fmt(v) -> str:
    if v is None:
        return ""
    return format(v, "f") if isinstance(v, Decimal) else str(v)


def _requests_header(t: Table, subtotal: bool) -> list[list[tuple[str, int, int]]]:
    """Header rows as (text, rowspan, colspan)."""
    orgs = [c for c in t.columns if c.group]
    n_org = len(orgs) + (1 if subtotal else 0)
    return [
        [(t.header[0].text, 3, 3), ("申请人情况", 1, 2 + n_org)],
        [("自然人", 2, 1), ("法人或其他组织", 1, n_org), ("总计", 2, 1)],
        [(c.label, 1, 1) for c in orgs] + ([("小计", 1, 1)] if subtotal else []),
    ]


def requests_body(report: Report, t: Table, subtotal: bool, half: bool, cut: int | None = None
                  ) -> list[list[tuple[str, int, int]]]:
    """Body rows with merged label cells (rowspan groups, colspan labels) as (text, rowspan, colspan);
    a group crossing row ``cut`` (where the table is split in two) is merged on each side."""
    rows = []
    starts = {}
    for g in t.groups:
        first, last = t.row_index(g.first), t.row_index(g.last)
        pieces = [(first, cut - 1), (cut, last)] if cut is not None and first < cut <= last else [(first, last)]
        for a, b in pieces:
            starts.setdefault(a, []).append((g, b - a + 1))
    for i, r in enumerate(t.rows):
        cells: list[tuple[str, int, int]] = []
        for g, span in sorted(starts.get(i, []), key=lambda x: x[0].col):
            cells.append((label(g.text, half), span, 1))
        cells.append((label(r.label, half), 1, t.label_columns - r.label_col))
        vals = [report.get((t.id, r.id, c.id)) for c in t.columns]
        if subtotal:
            org = [report.get((t.id, r.id, c)) for c in ORG]
            vals.insert(6, sum(v or 0 for v in org))
        cells += [(fmt(v), 1, 1) for v in vals]
        rows.append(cells)
    return rows


def _html_table(rows: list[list[tuple[str, int, int]]]) -> str:
    out = ["<table border=1 cellspacing=0>"]
    for row in rows:
        cells = []
        for text, rs, cs in row:
            spans = (f" rowspan={rs}" if rs > 1 else "") + (f" colspan={cs}" if cs > 1 else "")
            cells.append(f"<td{spans}><p>{html.escape(text)}</p></td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def _art20_rows(report: Report, tables: list[Table], half: bool) -> list[list[tuple[str, int, int]]]:
    rows = []
    for t in tables:
        rows.append([(label(t.caption, half), 1, 4)])
        span = 3 // len(t.columns)
        rows.append([("信息内容", 1, 1)] + [(c.label.replace("件数", "\n件数"), 1, span) for c in t.columns])
        for r in t.rows:
            rows.append([(r.label, 1, 1)] + [(fmt(report.get((t.id, r.id, c.id))), 1, span) for c in t.columns])
    return rows


def _appeals_rows(report: Report, t: Table) -> list[list[tuple[str, int, int]]]:
    heads = [[], [], []]
    for h in sorted(t.header, key=lambda h: (h.row, h.col)):
        heads[h.row].append((h.text, h.rowspan, h.colspan))
    return [*heads, [(fmt(report.get((t.id, "cases", c.id))), 1, 1) for c in t.columns]]


def quirky_html(report: Report, *, subtotal: bool = True, half: bool = True, split_at: str = "unavailable_not_held"
                ) -> str:
    ed = report.edition
    m = report.meta
    parts = [
        "<html><head><meta http-equiv=Content-Type content='text/html; charset=gb2312'>",
        f"<title>{m.agency}</title><style>p{{margin:0}}</style><script>var a='<table>';</script></head><body>",
        "<div class=nav>您现在所在的位置: 网站首页 &gt; 政府信息公开 &gt; 政府信息公开年报</div>",
        f"<h1>{m.agency}{m.year}年政府信息公开工作年度报告</h1>",
        f"<div>发布时间:{m.year + 1}-01-20 09:00 来源:{m.agency}</div>",
    ]
    for s in ed.sections:
        if s.kind == "meta":
            continue
        if s.printed:
            parts.append(f"<p><strong>{label(s.heading, half)}</strong></p>")
        if s.kind == "text":
            parts += [f"<p>&nbsp;&nbsp;{html.escape(line)}</p>" for line in report.text(s.id).split("\n")]
        elif s.id == "proactive":
            parts.append(_html_table(_art20_rows(report, [ed.table(t) for t in s.tables], half)))
        elif s.id == "requests":
            t = ed.table("requests")
            cut = t.row_index(split_at)
            body = requests_body(report, t, subtotal, half, cut)
            parts.append(_html_table(_requests_header(t, subtotal) + body[:cut]))
            parts.append("<p>（续表）</p>")
            parts.append(_html_table(body[cut:]))
        elif s.id == "appeals":
            parts.append(_html_table(_appeals_rows(report, ed.table("appeals"))))
    parts.append("</body></html>")
    return "\n".join(parts)


def quirky_docx(report: Report, path: Path, *, subtotal: bool = False, half: bool = True) -> None:
    import docx

    ed = report.edition
    d = docx.Document()
    m = report.meta
    d.add_paragraph(m.agency)
    d.add_paragraph(f"{m.year}年政府信息公开工作年度报告")
    for s in ed.sections:
        if s.kind == "meta":
            continue
        if s.printed:
            d.add_paragraph(label(s.heading, half))
        if s.kind == "text":
            for line in report.text(s.id).split("\n"):
                d.add_paragraph(line)
        elif s.id == "proactive":
            # One Word table per 第二十条 block, as many people type them.
            for tid in s.tables:
                _docx_table(d, _art20_rows(report, [ed.table(tid)], half), 4)
        elif s.id == "requests":
            t = ed.table("requests")
            cut = t.row_index("rejected_petition")
            body = requests_body(report, t, subtotal, half, cut)
            width = 10 + (1 if subtotal else 0)
            _docx_table(d, _requests_header(t, subtotal) + body[:cut], width)
            d.add_paragraph("续表")
            _docx_table(d, body[cut:], width)
        elif s.id == "appeals":
            _docx_table(d, _appeals_rows(report, ed.table("appeals")), 15)
    d.add_paragraph(m.agency)
    d.add_paragraph(f"{m.year + 1}年1月25日")
    d.save(str(path))


def _docx_table(d, rows: list[list[tuple[str, int, int]]], width: int) -> None:
    """Rows of (text, rowspan, colspan) laid out on a grid and merged with python-docx."""
    table = d.add_table(rows=len(rows), cols=width)
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate(rows):
        c = 0
        for text, rs, cs in row:
            while (r, c) in taken:
                c += 1
            cell = table.cell(r, c)
            if rs > 1 or cs > 1:
                cell = cell.merge(table.cell(r + rs - 1, c + cs - 1))
            cell.text = text
            for rr in range(r, r + rs):
                for cc in range(c, c + cs):
                    taken.add((rr, cc))
            c += cs


def quirky_xlsx(report: Report, path: Path, *, half: bool = False) -> None:
    """All tables on one sheet, labels merged across their columns, numbers as numbers."""
    import openpyxl

    ed = report.edition
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "年报"
    row_no = 1

    def put(rows: list[list[tuple[str, int, int]]]) -> None:
        nonlocal row_no
        taken: set[tuple[int, int]] = set()
        for i, row in enumerate(rows):
            c = 1
            for text, rs, cs in row:
                while (row_no + i, c) in taken:
                    c += 1
                value: object = text
                try:
                    value = int(text)
                except ValueError:
                    try:
                        value = float(text) if text and text.replace(".", "", 1).isdigit() else text
                    except ValueError:
                        pass
                ws.cell(row_no + i, c, value if text != "" else None)
                if rs > 1 or cs > 1:
                    ws.merge_cells(start_row=row_no + i, start_column=c, end_row=row_no + i + rs - 1,
                                   end_column=c + cs - 1)
                for rr in range(row_no + i, row_no + i + rs):
                    for cc in range(c, c + cs):
                        taken.add((rr, cc))
                c += cs
        row_no += len(rows) + 1

    ws.cell(row_no, 1, f"{report.meta.agency}{report.meta.year}年政府信息公开工作年度报告")
    row_no += 2
    for s in ed.sections:
        if s.kind != "tables":
            continue
        ws.cell(row_no, 1, s.heading)
        row_no += 1
        if s.id == "proactive":
            put(_art20_rows(report, [ed.table(t) for t in s.tables], half))
        elif s.id == "requests":
            t = ed.table("requests")
            put(_requests_header(t, False) + requests_body(report, t, False, half))
        else:
            put(_appeals_rows(report, ed.table("appeals")))
    wb.save(str(path))
