"""Seeded sample reports for the forms corpus: both editions, busy (3–4-digit) and sparse (blanks, small
numbers), money with decimals, negative 本年增/减, and every equation of the edition holding (blank counts
as 0, as in the checks). Blank and 0 are different and both occur."""

from __future__ import annotations

import random
from decimal import Decimal

from editor.report import Report

_PARTS = ("natural_person", "commercial", "research", "nonprofit", "legal_services", "other_org")
_SUMMARY_ROWS = ("new", "carried_over", "results_total", "carry_forward")
_PLACES = ("淮安市清江浦区", "南京市玄武区", "苏州市吴中区", "平潭综合实验区", "徐州市", "连云港市海州区",
           "盐城市亭湖区", "扬州市江都区")
_OFFICES = ("人民政府", "商务局", "教育局", "自然资源和规划局", "卫生健康委员会", "住房和城乡建设局",
            "市场监督管理局", "人民政府办公室", "交通运输局")
PROFILES = ("busy", "sparse")


class _Draw:
    """Numbers for one profile: busy fills every cell with 3–4-digit figures in the main columns; sparse
    leaves most cells blank and writes small figures (0 included) in the rest."""

    def __init__(self, rnd: random.Random, profile: str) -> None:
        self.rnd, self.busy = rnd, profile == "busy"

    def count(self, big: bool = True, top: int = 4999) -> int | None:
        """big: a main column's figure (100..top when busy); the rest 0–99. Sums of such figures stay within
        four digits, as in real reports (淮安's 3,119 applications are a big city's)."""
        r = self.rnd
        if self.busy:
            return r.randint(min(100, top), top) if big else r.randint(0, 99)
        return None if r.random() < 0.55 else r.choice((0, 0, 1, 2, 3, 5, 12))

    def money(self) -> Decimal | None:
        r = self.rnd
        if not self.busy and r.random() < 0.5:
            return None
        places = r.choice((1, 2))
        top = 99_999_999 if self.busy else 99_999
        return Decimal(r.randint(1, top)) / (10 ** places)


def _sum(values: list[int | None]) -> int:
    return sum(v or 0 for v in values)


def _total(report: Report, ref, parts: list[int | None], draw: _Draw) -> None:
    """A total is the sum of its parts; where every part is blank, a sparse report may leave it blank."""
    if all(v is None for v in parts) and not draw.busy and draw.rnd.random() < 0.5:
        report.set(ref, None)
    else:
        report.set(ref, _sum(parts))


def _art20(report: Report, draw: _Draw) -> None:
    r = draw.rnd
    for table in report.edition.tables:
        if table.section != "proactive":
            continue
        for row in table.rows:
            for col in table.columns:
                ref = (table.id, row.id, col.id)
                if col.kind == "money":
                    report.set(ref, draw.money())
                elif col.kind == "signed":
                    # 本年增/减 may be negative, never below the stock it changes (art20.stock).
                    previous = report.get((table.id, row.id, "previous")) or 0
                    if not draw.busy and r.random() < 0.5:
                        report.set(ref, None)
                    else:
                        report.set(ref, r.randint(-previous, max(9, previous // 3)))
                elif col.id == "public_total":
                    published = report.get((table.id, row.id, "published"))
                    extra = draw.count()
                    report.set(ref, None if published is None and extra is None else _sum([published, extra]))
                elif col.id == "in_force":
                    issued = report.get((table.id, row.id, "issued"))
                    extra = draw.count()
                    report.set(ref, None if issued is None and extra is None else _sum([issued, extra]))
                else:
                    report.set(ref, draw.count())


def _requests(report: Report, draw: _Draw) -> None:
    t = report.edition.table("requests")
    results = [row.id for row in t.rows if row.id not in _SUMMARY_ROWS]
    for col in _PARTS:
        big = col in ("natural_person", "commercial") or draw.rnd.random() < 0.15
        values = [draw.count(big, top=150) for _ in results]
        for row, v in zip(results, values, strict=True):
            report.set(("requests", row, col), v)
        _total(report, ("requests", "results_total", col), values, draw)
        total = _sum(values)
        carry_forward = draw.count(big=False)
        carried_over = draw.count(big=False)
        if (carried_over or 0) > total + (carry_forward or 0):
            carried_over = total + (carry_forward or 0)
        report.set(("requests", "carry_forward", col), carry_forward)
        report.set(("requests", "carried_over", col), carried_over)
        new = total + (carry_forward or 0) - (carried_over or 0)
        report.set(("requests", "new", col), None if new == 0 and not draw.busy and draw.rnd.random() < 0.5 else new)
    for row in t.rows:
        _total(report, ("requests", row.id, "total"), [report.get(("requests", row.id, c)) for c in _PARTS], draw)


def _appeals(report: Report, draw: _Draw) -> None:
    for group in ("review", "direct_suit", "suit_after_review"):
        parts = [draw.count(big=draw.rnd.random() < 0.5, top=999) for _ in range(4)]
        for name, v in zip(("upheld", "corrected", "other", "pending"), parts, strict=True):
            report.set(("appeals", "cases", f"{group}_{name}"), v)
        _total(report, ("appeals", "cases", f"{group}_total"), parts, draw)


def corpus_report(seed: int) -> Report:
    """Seed k: edition 2019 for odd k, 2021 for even; busy and sparse alternate in pairs."""
    rnd = random.Random(seed * 7919 + 17)
    year = rnd.choice((2019, 2020)) if seed % 2 else rnd.choice((2021, 2022, 2023, 2024))
    profile = PROFILES[(seed // 2) % 2]
    place, office = rnd.choice(_PLACES), rnd.choice(_OFFICES)
    agency = place + office
    report = Report.blank(year, agency, "government" if office == "人民政府" else "department")
    draw = _Draw(rnd, profile)
    _art20(report, draw)
    _requests(report, draw)
    _appeals(report, draw)
    new = report.get(("requests", "new", "total")) or 0
    report.texts = {
        "preamble": (f"本报告由{agency}根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求编制。"
                     f"报告中所列数据统计期限自{year}年1月1日起至{year}年12月31日止。如对本报告有疑问，"
                     f"请与{agency}联系（电话：0517-8{rnd.randint(1000000, 9999999)}）。"),
        "overview": (f"{year}年，{agency}认真贯彻落实《条例》，坚持以公开为常态、不公开为例外。\n"
                     f"（一）主动公开情况。全年主动公开政府信息{rnd.randint(50, 9000)}条。\n"
                     f"（二）依申请公开情况。全年新收政府信息公开申请{new}件，均在法定期限内答复。\n"
                     "（三）政府信息管理情况。严格落实公开前保密审查，规范发布流程。\n"
                     "（四）政府信息公开平台建设情况。持续优化政府网站信息公开专栏。\n"
                     "（五）监督保障情况。将政务公开纳入年度绩效考核。"),
        "problems": "存在的主要问题：公开内容的深度和广度还需提升。\n改进情况：加强业务培训，规范答复文书。",
        "other": (f"本年度收取信息处理费{rnd.randint(0, 900)}元。" if report.edition_id != "2019"
                  else "无其他需要报告的事项。"),
    }
    return report


def zeros_blank(report: Report) -> Report:
    """The same report as printed by someone who leaves zero cells empty: every 0 becomes a blank."""
    out = report.copy()
    out.values = {ref: v for ref, v in report.values.items() if v != 0}
    return out


def blanks_as_zero(report: Report) -> Report:
    """The same report as a published page prints it with our exporter's default: every blank cell as 0
    (what a reader of that page can know, so what it must read)."""
    out = report.copy()
    out.values = {ref: 0 if report.values.get(ref) is None else report.values[ref] for ref in report.edition.cells()}
    return out
