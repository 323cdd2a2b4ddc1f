"""Full, balanced sample reports with non-zero numbers in every table: for tests, benchmarks and the
batch-summary benchmark. Built from the edition's own rows and columns, so every edition gets one."""

from __future__ import annotations

import random
from decimal import Decimal

from editor.report import Report
from editor.schema import Edition

_PARTS = ("natural_person", "commercial", "research", "nonprofit", "legal_services", "other_org")


def _requests(report: Report, ed: Edition, rnd: random.Random) -> None:
    t = ed.table("requests")
    result_rows = [r.id for r in t.rows if r.id not in ("new", "carried_over", "results_total", "carry_forward")]
    for col in _PARTS:
        total = 0
        for row in result_rows:
            v = rnd.choice((0, 0, 1, 2, 3, 5, 8, 13, 40)) if col == "natural_person" else rnd.choice((0, 0, 0, 1, 2))
            report.set(("requests", row, col), v)
            total += v
        report.set(("requests", "results_total", col), total)
        carry_forward = rnd.randint(0, 4)
        carried_over = rnd.randint(0, min(3, total + carry_forward))
        report.set(("requests", "carry_forward", col), carry_forward)
        report.set(("requests", "carried_over", col), carried_over)
        report.set(("requests", "new", col), total + carry_forward - carried_over)
    for row in t.rows:
        report.set(("requests", row.id, "total"), sum(report.get(("requests", row.id, c)) or 0 for c in _PARTS))


def _appeals(report: Report, rnd: random.Random) -> None:
    for group in ("review", "direct_suit", "suit_after_review"):
        total = 0
        for part in ("upheld", "corrected", "other", "pending"):
            v = rnd.randint(0, 6)
            report.set(("appeals", "cases", f"{group}_{part}"), v)
            total += v
        report.set(("appeals", "cases", f"{group}_total"), total)


def _art20(report: Report, ed: Edition, rnd: random.Random) -> None:
    for table in ed.tables:
        if table.section != "proactive":
            continue
        for row in table.rows:
            for col in table.columns:
                ref = (table.id, row.id, col.id)
                if col.kind == "money":
                    report.set(ref, Decimal(rnd.randint(0, 99_999_999)) / 1000)
                elif col.kind == "signed":
                    previous = report.get((table.id, row.id, "previous")) or 0
                    report.set(ref, rnd.randint(-previous, 9))
                elif col.id == "public_total":
                    report.set(ref, (report.get((table.id, row.id, "published")) or 0) + rnd.randint(0, 200))
                elif col.id == "in_force":
                    report.set(ref, (report.get((table.id, row.id, "issued")) or 0) + rnd.randint(0, 90))
                else:
                    report.set(ref, rnd.randint(0, 60))


def sample_report(year: int = 2024, seed: int = 0, agency: str = "某某区商务局") -> Report:
    """A report of the edition the year requires, balanced under every error rule, with prose."""
    rnd = random.Random(seed)
    report = Report.blank(year, agency)
    ed = report.edition
    _art20(report, ed, rnd)
    _requests(report, ed, rnd)
    _appeals(report, rnd)
    new = report.get(("requests", "new", "total"))
    review = report.get(("appeals", "cases", "review_total"))
    report.texts = {
        "preamble": (f"本报告由{agency}根据《中华人民共和国政府信息公开条例》要求编制。"
                     f"报告中所列数据统计期限自{year}年1月1日起至{year}年12月31日止。"),
        "overview": (f"{year}年，{agency}认真贯彻落实《中华人民共和国政府信息公开条例》。\n"
                     f"（一）主动公开。全年主动公开政府信息{rnd.randint(50, 900)}条。\n"
                     f"（二）依申请公开。全年新收政府信息公开申请{new}件，均在法定期限内答复。\n"
                     "（三）政府信息管理。严格落实公开前保密审查。\n"
                     "（四）政府信息公开平台建设。持续优化政府网站信息公开专栏。\n"
                     f"（五）监督保障。发生政府信息公开行政复议{review}件。"),
        "problems": "存在问题：公开内容的深度和广度还需提升。\n改进情况：加强培训，规范答复文书。",
        "other": ("本年度未收取信息处理费。" if ed.id != "2019" else "无其他需要报告的事项。"),
    }
    return report
